//! rosette: a static site generator for Open Badges.
//!
//! A site folder of TOML and Markdown goes through one pipeline, one stage per module:
//!
//! ```text
//! site dir ─▶ source ─▶ model ─▶ credential ─▶ render ─▶ output ─▶ public/
//!             (read)    (resolve,  (OB 2.0      (pages,    (the only
//!                        check)     documents)   plan)      writer)
//! ```
//!
//! [`build`] runs them top to bottom; [`check`] runs all but the last. Every stage collects
//! all the problems it finds, so one run reports everything wrong with a site.

pub mod award;
pub mod bake;
pub mod cli;
pub mod config;
pub mod credential;
pub mod error;
pub mod guard;
pub mod init;
pub mod keygen;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod proof;
pub mod render;
pub mod serve;
pub mod sign;
pub mod source;
pub mod verify;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

pub use error::{Diagnostic, Diagnostics, Error, Result, Severity};
use output::OutputFile;
use proof::SigningKey;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holds `site.toml`).
    pub site_dir: PathBuf,
    /// Replaces `site.toml`'s `base_url` (local previews, test servers).
    pub base_url: Option<String>,
    /// The moment the build represents: decides which awards show as expired. The library
    /// never reads the clock; the caller passes it (or `SOURCE_DATE_EPOCH`).
    pub now: Timestamp,
}

/// What a successful run produced.
#[derive(Debug)]
pub struct Report {
    /// Problems that did not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// Number of issuers, badges and awards published.
    pub counts: Counts,
    /// Number of files in the plan.
    pub files: usize,
    /// Whether the site publishes signed OB 3.0 credentials (it has public keys).
    pub signs: bool,
}

/// How much a site holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Issuers.
    pub issuers: usize,
    /// Badges.
    pub badges: usize,
    /// Awards, all states.
    pub awards: usize,
}

/// Checks the site, signs its OB 3.0 credentials with `key` (required when the site has
/// public keys in `keys/`) and writes it to `out`, replacing the previous build atomically.
pub fn build(options: &Options, out: &Path, key: Option<&SigningKey>) -> Result<Report> {
    check_output_location(&options.site_dir, out)?;
    let (plan, report) = plan(options, key)?;
    output::write(out, &plan)?;
    Ok(report)
}

/// Runs every check of a build (templates and credential canonicalisation included)
/// without a key and without writing anything.
pub fn check(options: &Options) -> Result<Report> {
    plan_with(options, sign::Mode::CheckOnly).map(|(_, report)| report)
}

/// Plans a local preview: signed with `throwaway`, a key made for this preview only, which
/// replaces the site's keys in the DID documents; every page says it is a preview. Never
/// deploy a preview: its credentials are signed with a key nobody keeps.
pub fn plan_preview(options: &Options, throwaway: &SigningKey) -> Result<(Vec<OutputFile>, Report)> {
    plan_with(options, sign::Mode::Preview(throwaway))
}

/// Reads, resolves, signs and renders the site into the plan of files to write.
pub fn plan(options: &Options, key: Option<&SigningKey>) -> Result<(Vec<OutputFile>, Report)> {
    plan_with(options, key.map_or(sign::Mode::Unsigned, sign::Mode::Sign))
}

fn plan_with(options: &Options, mode: sign::Mode<'_>) -> Result<(Vec<OutputFile>, Report)> {
    let mut diagnostics = Diagnostics::default();
    let source = source::read(&options.site_dir, &mut diagnostics)?;
    let resolve = model::ResolveOptions { base_url: options.base_url.as_deref(), now: options.now };
    let site = model::resolve(source, resolve, &mut diagnostics);
    let warnings = diagnostics.into_result()?;
    let Some(mut site) = site else {
        return Err(Error::Refused("site.toml could not be read".into()));
    };
    if let sign::Mode::Preview(key) = mode {
        site.preview = true;
        site.keys = vec![model::Key {
            id: "preview".into(),
            public_key: key.public_key(),
            created: options.now,
            revoked: None,
        }];
    }
    let mut plan = sign::documents(&site, mode)?;
    plan.extend(render::render(&site)?);
    let baked = bake::award_images(&site, &plan)?;
    plan.extend(baked);
    plan.sort_by(|a, b| a.path.cmp(&b.path));
    let counts = Counts { issuers: site.issuers.len(), badges: site.badges.len(), awards: site.awards.len() };
    let files = plan.len();
    Ok((plan, Report { warnings, counts, files, signs: !site.keys.is_empty() }))
}

/// The output folder must not hold or overlap the sources it is built from.
fn check_output_location(site_dir: &Path, out: &Path) -> Result<()> {
    let site = absolute(site_dir);
    let out_abs = absolute(out);
    let refuse = |why: &str| Err(Error::Refused(format!("cannot build into {}: {why}", out.display())));
    if site.starts_with(&out_abs) {
        return refuse("it contains the site folder");
    }
    for source in ["issuers", "badges", "awards", "keys", "static", "templates"] {
        if out_abs.starts_with(site.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    Ok(())
}

/// An absolute, normalised form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return joined,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

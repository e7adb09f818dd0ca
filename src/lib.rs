//! rosette: a static site generator for Open Badges.
//!
//! A site folder of TOML and Markdown goes through one pipeline, one stage per module, data
//! flowing one way:
//!
//! ```text
//!             ┌────────┐   ┌───────┐   ┌────────────┐   ┌────────┐   ┌──────┐   ┌────────┐
//! site dir ──▶│ source │──▶│ model │──▶│ credential │──▶│ render │──▶│ bake │──▶│ output │──▶ public/
//!             └────────┘   └───────┘   └─────┬──────┘   └────────┘   └──────┘   └────────┘
//!              the only     resolve,         │ proof      HTML,        award      the only
//!              reader       check (pure)     ▼            images,      images     writer
//!                                       canonicalise,     static       with the
//!                                       sign, keys                     documents
//! ```
//!
//! - [`source`] reads the site folder into raw structs with spans ([`source::SourceTree`]).
//! - [`model`] resolves and checks them into a [`model::Site`], collecting every problem.
//! - [`credential`] builds every machine document (OB 2.0, OB 3.0 signed through [`proof`],
//!   DID documents, status and revocation lists) into [`credential::Documents`].
//! - [`render`] makes the human side: HTML pages, images, static files.
//! - [`bake`] puts each award's documents into its badge image.
//! - [`output`] writes the plan (`Vec<OutputFile>`) atomically.
//!
//! [`build`] runs them top to bottom; [`check`] runs all but the writer and draws no images.
//! Every stage collects all the problems it finds, so one run reports everything wrong with
//! a site.

pub mod award;
pub mod bake;
pub mod credential;
pub mod error;
pub mod escape;
pub mod guard;
pub mod hex;
pub mod init;
pub mod keygen;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod progress;
pub mod proof;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod verify;
pub mod words;

use std::path::{Path, PathBuf};

use credential::Signing;
use jiff::Timestamp;

pub use error::{Diagnostic, Diagnostics, Error, Result, Severity};
use output::OutputFile;
use progress::Stage;
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
    /// Told each stage and each award as the run goes (none by default): see [`progress`].
    pub progress: progress::Hook,
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
    write_site(options, out, Mode::Build(key))
}

/// Plans the site in `mode` and writes it to `out`, replacing what was there atomically.
fn write_site(options: &Options, out: &Path, mode: Mode<'_>) -> Result<Report> {
    check_output_location(&options.site_dir, out)?;
    // A build that died between its two renames left the previous output beside its place:
    // put it back first, whether or not this build succeeds.
    output::recover(out)?;
    let (plan, report) = run_stages(options, mode)?;
    options.progress.stage(progress::Stage::Write, plan.len());
    output::write(out, &plan)?;
    options.progress.finished();
    Ok(report)
}

/// Runs every check of a build (templates and credential canonicalisation included)
/// without a key, without drawing images (they are planned, not drawn) and without writing
/// anything.
pub fn check(options: &Options) -> Result<Report> {
    let (_, report) = run_stages(options, Mode::Check)?;
    options.progress.finished();
    Ok(report)
}

/// Plans a local preview: signed with `throwaway`, a key made for this preview only, which
/// replaces the site's keys in the DID documents; every page says it is a preview. Never
/// deploy a preview: its credentials are signed with a key nobody keeps.
pub fn plan_preview(options: &Options, throwaway: &SigningKey) -> Result<(Vec<OutputFile>, Report)> {
    let planned = run_stages(options, Mode::Preview(throwaway))?;
    options.progress.finished();
    Ok(planned)
}

/// Writes a local preview ([`plan_preview`]) to `out` as [`build`] writes a site: for looking
/// at the site without its secret key. Never deploy it.
pub fn build_preview(options: &Options, out: &Path, throwaway: &SigningKey) -> Result<Report> {
    write_site(options, out, Mode::Preview(throwaway))
}

/// Reads, resolves, signs and renders the site into the plan of files to write, sorted by path.
pub fn plan(options: &Options, key: Option<&SigningKey>) -> Result<(Vec<OutputFile>, Report)> {
    let planned = run_stages(options, Mode::Build(key))?;
    options.progress.finished();
    Ok(planned)
}

/// What a run of the pipeline is for.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// A site to publish, signed with the key when there is one.
    Build(Option<&'a SigningKey>),
    /// Every check, nothing drawn, nothing signed.
    Check,
    /// A local preview signed with a throwaway key.
    Preview(&'a SigningKey),
}

/// The pipeline: one call per stage, top to bottom, each announced to the progress hook.
fn run_stages(options: &Options, mode: Mode<'_>) -> Result<(Vec<OutputFile>, Report)> {
    let progress = &options.progress;
    let mut diagnostics = Diagnostics::default();
    progress.stage(Stage::Read, 0);
    let source = source::read(&options.site_dir, &mut diagnostics)?;
    // What `rosette init` left as an example: a warning, refused by a signed build (a publication).
    let publishing = matches!(mode, Mode::Build(Some(_)));
    model::rules::placeholders::check(&source, options.base_url.is_some(), publishing, &mut diagnostics);
    progress.stage(Stage::Resolve, source.awards.len());
    let resolve = model::ResolveOptions {
        base_url: options.base_url.as_deref(),
        now: options.now,
        preview_key: match mode {
            Mode::Preview(key) => Some(key.public_key()),
            Mode::Build(_) | Mode::Check => None,
        },
    };
    let site = model::resolve(source, resolve, &mut diagnostics);
    let warnings = diagnostics.into_result()?;
    let Some(site) = site else {
        return Err(Error::Refused("site.toml could not be read".into()));
    };
    let (signing, images) = match mode {
        Mode::Build(Some(key)) | Mode::Preview(key) => (Signing::Key(key), render::Images::Draw),
        Mode::Build(None) => (Signing::NoKey, render::Images::Draw),
        Mode::Check => (Signing::CanonicaliseOnly, render::Images::Plan),
    };
    let awards = site.awards.len();
    progress.stage(Stage::Credentials, awards);
    let documents = credential::documents(&site, signing, progress)?;
    progress.stage(Stage::Render, awards);
    let pages = render::render(&site, images, progress)?;
    progress.stage(Stage::Bake, awards);
    let baked = bake::award_images(&site, &documents.awards, progress)?;

    let mut plan: Vec<OutputFile> = documents.into_files().chain(pages).chain(baked).collect();
    plan.push(output::marker());
    plan.sort_by(|a, b| a.path.cmp(&b.path));
    output::validate_plan(&plan)?;
    let counts = Counts { issuers: site.issuers.len(), badges: site.badges.len(), awards: site.awards.len() };
    let report = Report { warnings, counts, files: plan.len(), signs: !site.keys.is_empty() };
    Ok((plan, report))
}

/// The output folder must not hold or overlap the sources it is built from.
fn check_output_location(site_dir: &Path, out: &Path) -> Result<()> {
    let site = paths::resolved(site_dir);
    let out_abs = paths::resolved(out);
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

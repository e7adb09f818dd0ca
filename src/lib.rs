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
//!   DID documents, status and revocation lists). [`proof`], the signatures, is the verification
//!   core crate `rosette_verify`, which the browser verifier shares.
//! - [`render`] makes the human side: HTML pages, images, static files.
//! - [`bake`] puts each award's documents into its badge image.
//! - [`output`] takes each file as it is made: a [`output::Sink`] that writes it into a
//!   staging folder swapped in atomically (`build`), only checks its path (`check`) or keeps
//!   it (`plan`, `serve`).
//!
//! [`build`] runs them top to bottom: the site's own files once, then one parallel pass over
//! the awards in which each award's documents, page, share card and baked image are made and
//! handed to the sink at once, so memory does not grow with the number of awards. [`check`]
//! runs the same with a sink that writes nothing, and draws no images. Every stage collects
//! all the problems it finds, so one run reports everything wrong with a site.

pub mod award;
pub mod bake;
pub mod cache;
pub mod credential;
pub mod endorse;
pub mod error;
pub mod guard;
pub mod init;
pub mod keygen;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod size;
pub mod source;
pub mod suggest;
pub mod verify;
pub mod words;

// The verification core lives in its own crate (`crates/verify`), shared with the browser
// verifier that every site publishes; these are its modules under their old names.
pub use rosette_verify::{escape, hex, proof};

use std::path::{Path, PathBuf};

use credential::{Credentials, Signing};
use jiff::Timestamp;
use rayon::prelude::*;

pub use error::{Diagnostic, Diagnostics, Error, Result, Severity};
use model::Site;
use output::{OutputFile, Sink};
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
    /// The build cache folder of the site (see [`cache`]; the command line uses
    /// [`cache::site_folder`] of the user's cache folder); `None` makes everything afresh.
    /// Previews never use it.
    pub cache: Option<PathBuf>,
}

/// What a successful run produced.
#[derive(Debug)]
pub struct Report {
    /// Problems that did not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// Number of issuers, badges and awards published.
    pub counts: Counts,
    /// Number of files published (planned, for `check`).
    pub files: usize,
    /// Their size in bytes, the published size of the site (for `check`, which draws no
    /// images, without the drawn ones).
    pub bytes: u64,
    /// Whether the site publishes signed OB 3.0 credentials (it has public keys).
    pub signs: bool,
    /// How many awards were taken from the build cache, unchanged since the build that made them.
    pub from_cache: usize,
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

/// Plans the site in `mode` and writes it to `out`: with the build cache, into the folder it
/// last wrote, only what changed; otherwise whole, replacing what was there atomically.
fn write_site(options: &Options, out: &Path, mode: Mode<'_>) -> Result<Report> {
    check_output_location(&options.site_dir, out)?;
    // A build that died between its two renames left the previous output beside its place:
    // put it back first, whether or not this build succeeds.
    output::recover(out)?;
    let (site, mut warnings) = resolve(options, mode)?;
    let mut cache = open_cache(options, mode, &site, &mut warnings)?;
    let update = match cache.as_mut().and_then(|cache| cache.take_output(out)) {
        Some(record) => output::Update::open(out, record.files, &record.marker)?,
        None => None,
    };
    let (report, contents) = match update {
        Some(update) => {
            let report = produce(options, &site, mode, &update, cache.as_ref(), warnings)?;
            options.progress.stage(Stage::Write, report.files);
            (report, Some(update.publish()?))
        }
        None => {
            // Each file goes into the staging folder as it is made; a failure drops `staging`,
            // which removes it, and the previous output stays.
            let mut staging = output::Staging::open(out)?;
            if cache.is_some() {
                staging = staging.recording();
            }
            let report = produce(options, &site, mode, &staging, cache.as_ref(), warnings)?;
            options.progress.stage(Stage::Write, report.files);
            (report, staging.publish()?)
        }
    };
    if let Some(cache) = cache {
        cache.finish(contents.map(|contents| (out, contents)))?;
    }
    options.progress.finished();
    Ok(report)
}

/// The build cache of a run, when it uses one: never for a preview (its key is thrown
/// away), read-only for `check`. A cache that cannot be read is a warning, not a failure.
fn open_cache(
    options: &Options,
    mode: Mode<'_>,
    site: &Site,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<cache::Cache>> {
    let Some(folder) = &options.cache else {
        return Ok(None);
    };
    let (access, signer) = match mode {
        Mode::Build(key) => (cache::Access::ReadWrite, key.map(SigningKey::public_key)),
        Mode::Check => (cache::Access::ReadOnly, None),
        Mode::Preview(_) => return Ok(None),
    };
    let mut cache = cache::Cache::open(folder, access)?;
    warnings.extend(cache.warning());
    cache.start(site, signer.as_ref().map(|key| &key.as_bytes()[..]));
    Ok(Some(cache))
}

/// Runs every check of a build (templates and credential canonicalisation included)
/// without a key, without drawing images (they are planned, not drawn) and without writing
/// anything.
pub fn check(options: &Options) -> Result<Report> {
    let (site, mut warnings) = resolve(options, Mode::Check)?;
    let cache = open_cache(options, Mode::Check, &site, &mut warnings)?;
    let report = produce(options, &site, Mode::Check, &output::Checker::default(), cache.as_ref(), warnings)?;
    options.progress.finished();
    Ok(report)
}

/// Plans a local preview: signed with `throwaway`, a key made for this preview only, which
/// replaces the site's keys in the DID documents; every page says it is a preview. Never
/// deploy a preview: its credentials are signed with a key nobody keeps.
pub fn plan_preview(options: &Options, throwaway: &SigningKey) -> Result<(Vec<OutputFile>, Report)> {
    collect(options, Mode::Preview(throwaway))
}

/// Writes a local preview ([`plan_preview`]) to `out` as [`build`] writes a site: for looking
/// at the site without its secret key. Never deploy it.
pub fn build_preview(options: &Options, out: &Path, throwaway: &SigningKey) -> Result<Report> {
    write_site(options, out, Mode::Preview(throwaway))
}

/// Reads, resolves, signs and renders the site into the plan of files to write, sorted by
/// path, held in memory (for `serve` and tests; [`build`] streams them to disk instead).
pub fn plan(options: &Options, key: Option<&SigningKey>) -> Result<(Vec<OutputFile>, Report)> {
    collect(options, Mode::Build(key))
}

/// Runs the pipeline in `mode` into memory.
fn collect(options: &Options, mode: Mode<'_>) -> Result<(Vec<OutputFile>, Report)> {
    let (site, warnings) = resolve(options, mode)?;
    let collector = output::Collector::default();
    let report = produce(options, &site, mode, &collector, None, warnings)?;
    options.progress.finished();
    Ok((collector.into_sorted(), report))
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

/// The first stages: reads the site folder and resolves it into the model, with every
/// problem found; the warnings come back with the site.
fn resolve(options: &Options, mode: Mode<'_>) -> Result<(Site, Vec<Diagnostic>)> {
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
    Ok((site, warnings))
}

/// The rest of the pipeline, into `sink`: the site's own files once, then one parallel pass
/// over the awards, each award's files handed to the sink as soon as they are made (or taken
/// from the `cache` when nothing they depend on changed). Nothing of an award outlives its
/// turn: what the site's files need of the awards (status bits, listings) comes from the model.
fn produce(
    options: &Options,
    site: &Site,
    mode: Mode<'_>,
    sink: &dyn Sink,
    cache: Option<&cache::Cache>,
    mut warnings: Vec<Diagnostic>,
) -> Result<Report> {
    let progress = &options.progress;
    let (signing, images) = match mode {
        Mode::Build(Some(key)) | Mode::Preview(key) => (Signing::Key(key), render::Images::Draw),
        Mode::Build(None) => (Signing::NoKey, render::Images::Draw),
        Mode::Check => (Signing::CanonicaliseOnly, render::Images::Plan),
    };
    progress.stage(Stage::Site, 0);
    // Fails before any canonicalising is spent on a build that cannot finish.
    let credentials = Credentials::new(site, signing)?;
    let put_all = |files: Vec<OutputFile>| files.into_iter().try_for_each(|file| sink.put(file));
    put_all(credentials.site_documents()?)?;
    // Baked images are made by each award page's script, from its badge's bake plan; a badge
    // image that cannot be baked fails the build here.
    let bake_plans = bake::Baker::new(site)?.plans()?;
    let mut renderer = render::Renderer::new(site, images, bake_plans)?;
    put_all(renderer.site_files()?)?;
    sink.put(output::marker())?;

    progress.stage(Stage::Awards, site.awards.len());
    site.awards.par_iter().try_for_each(|award| {
        let make = || {
            let documents = credentials.award(award)?;
            let mut files = renderer.award(award)?;
            files.extend(documents.into_files());
            Ok::<_, Error>(files)
        };
        match cache {
            Some(cache) => cache.award(sink, award, make)?,
            None => put_all(make()?)?,
        }
        progress.item(Stage::Awards);
        Ok::<_, Error>(())
    })?;

    let tally = sink.ledger().tally();
    // A check draws no images: its size says nothing about the published one.
    if images == render::Images::Draw && tally.bytes > site.config.size_budget.bytes {
        warnings.push(over_budget(site, &tally));
    }
    let counts = Counts { issuers: site.issuers.len(), badges: site.badges.len(), awards: site.awards.len() };
    Ok(Report {
        warnings,
        counts,
        files: tally.files,
        bytes: tally.bytes,
        signs: !site.keys.is_empty(),
        from_cache: cache.map_or(0, cache::Cache::reused),
    })
}

/// The warning of a build heavier than its `size_budget`, naming the heaviest kinds of files.
fn over_budget(site: &Site, tally: &output::Tally) -> Diagnostic {
    let budget = &site.config.size_budget;
    let heaviest: Vec<String> =
        tally.kinds.iter().take(3).map(|(kind, bytes)| format!("{kind} {}", size::shown(*bytes))).collect();
    Diagnostic {
        severity: Severity::Warning,
        subject: budget.subject.clone(),
        message: format!(
            "the site weighs {}, more than its size_budget of {} (heaviest: {})",
            size::shown(tally.bytes),
            size::shown(budget.bytes),
            heaviest.join(", ")
        ),
        help: Some(format!(
            "GitHub Pages publishes at most 1 GB: {} only if your host takes more; docs/format.md \
             (`size_budget`) says what weighs most",
            match site.config.share_cards {
                // An own card is about 40 kB: at 30 % public names, more than the rest of an award.
                model::ShareCards::Named =>
                    "`share_cards = \"badge\"` in site.toml drops the awards' own share \
                    cards (about 40 kB each); raise `size_budget`",
                model::ShareCards::Badge => "raise `size_budget` in site.toml",
            }
        )),
    }
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

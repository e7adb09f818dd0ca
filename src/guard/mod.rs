//! `rosette check --base <rev>`: nothing published is lost.
//!
//! Verifiers, backpacks and wallets hold copies of every published award: its URL (the award
//! id), its recipient hash and salt, its issue date and its place in the status list. A pull
//! request that deletes, renames or rewrites one of those silently breaks credentials people
//! already hold, so this module compares the site's awards with those of a base revision (the
//! branch the pull request targets) and reports each such change as an error on the line
//! that made it, with what to do instead. Revoking stays possible: that is how an award is
//! withdrawn. The same goes for the signing keys of `keys/` (see `keys.rs`): a pull request
//! cannot add, delete, rename or alter a key, only revoke one or add a rotation that a key of
//! the base revision signed. A published endorsement is never deleted either, only marked
//! withdrawn (see `endorsements.rs`).
//!
//! The base revision is read with the git command line (`git`); the working tree with
//! [`crate::source::read`], like every other check.

mod endorsements;
mod git;
mod keys;
mod review;
mod rules;

use std::path::Path;

pub use git::Repo;

use crate::error::{Diagnostics, Error, Result};
use crate::source::layout::SourcePath;
use crate::source::raw::{RawAward, RawKey};
use crate::{Options, Report};

/// What the comparison with the base revision found.
#[derive(Debug)]
pub struct Comparison {
    /// The repository the site is in.
    pub repo: Repo,
    /// The commit the base revision names.
    pub commit: String,
    /// Number of award files at the base revision (the published awards).
    pub published: usize,
    /// Number of key files at the base revision (the published signing keys).
    pub published_keys: usize,
    /// Every forbidden change, on the current file (or the base path, for deletions).
    pub diagnostics: Diagnostics,
}

/// An award file as it is at the base revision.
#[derive(Debug)]
pub(crate) struct Published {
    /// The award id (file stem).
    pub id: String,
    /// The badge folder it is in.
    pub badge: String,
    /// Path relative to the site folder.
    pub rel_path: String,
    /// Its values, when the file parsed (a base file that does not parse still counts for
    /// deletions and renames: its URL may have been published by an earlier build).
    pub raw: Option<RawAward>,
}

/// A key file as it is at the base revision.
#[derive(Debug)]
pub(crate) struct PublishedKey {
    /// The key id (file stem).
    pub id: String,
    /// Path relative to the site folder.
    pub rel_path: String,
    /// Its values, when the file parsed.
    pub raw: Option<RawKey>,
}

/// Runs every check of a build, then compares the awards with revision `base`; fails with
/// the diagnostics of both, so one run reports everything.
pub fn check_against(options: &Options, base: &str) -> Result<(Report, Comparison)> {
    // Compare first: a wrong revision or a folder outside git is a usage error, said at once.
    let comparison = compare(&options.site_dir, base)?;
    match crate::check(options) {
        Ok(mut report) => {
            let mut all = Diagnostics::default();
            report.warnings.drain(..).for_each(|warning| all.push(warning));
            all.extend(comparison.diagnostics.clone());
            report.warnings = all.into_result()?;
            Ok((report, comparison))
        }
        Err(Error::Invalid(found)) => {
            let mut all = comparison.diagnostics;
            found.into_iter().for_each(|diagnostic| all.push(diagnostic));
            Err(Error::Invalid(all.sorted()))
        }
        Err(other) => Err(other),
    }
}

/// Compares the awards and keys of the site in `site_dir` with those of revision `base`.
pub fn compare(site_dir: &Path, base: &str) -> Result<Comparison> {
    let repo = Repo::discover(site_dir)?;
    let commit = repo.commit(base)?;
    let published: Vec<Published> = repo.award_files(&commit)?.into_iter().filter_map(published).collect();
    // Problems of the current files are reported by the regular checks; only the values that
    // could be read matter here.
    let mut ignored = Diagnostics::default();
    let current = crate::source::read(site_dir, &mut ignored)?;
    let mut diagnostics = Diagnostics::default();
    rules::compare(&rules::Inputs { site_dir, base, published: &published, current: &current }, &mut diagnostics);
    let keys: Vec<PublishedKey> = repo.key_files(&commit)?.into_iter().filter_map(published_key).collect();
    let key_inputs =
        keys::Inputs { site_dir, base, published: &keys, current: &current.keys, unparsed: &current.unparsed_ids };
    keys::compare(&key_inputs, &mut diagnostics);
    let endorsements = repo.endorsement_files(&commit)?;
    endorsements::compare(&endorsements::Inputs { site_dir, base, published: &endorsements }, &mut diagnostics);
    review::changes_to_review(&repo, &commit, site_dir, &mut diagnostics)?;
    Ok(Comparison { repo, commit, published: published.len(), published_keys: keys.len(), diagnostics })
}

fn published(blob: git::Blob) -> Option<Published> {
    let Some(SourcePath::Award { badge, id }) = SourcePath::parse(&blob.rel_path) else { return None };
    let raw = String::from_utf8(blob.bytes).ok().and_then(|text| toml::from_str::<RawAward>(&text).ok());
    Some(Published { id, badge, rel_path: blob.rel_path, raw })
}

fn published_key(blob: git::Blob) -> Option<PublishedKey> {
    let Some(SourcePath::Key { id }) = SourcePath::parse(&blob.rel_path) else { return None };
    let raw = String::from_utf8(blob.bytes).ok().and_then(|text| toml::from_str::<RawKey>(&text).ok());
    Some(PublishedKey { id, rel_path: blob.rel_path, raw })
}

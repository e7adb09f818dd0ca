//! What a pull request changes beyond awards, said to its reviewer.
//!
//! `site.toml`, `templates/` and `static/` decide what every page of the organisation's site
//! says and runs: a template or a static file can put script on every award page of the
//! origin (GitHub Pages sends no Content-Security-Policy), and `base_url` moves every
//! credential's id. rosette checks what it can in them, but only a person can judge such a
//! change, so each one is reported as a warning on its file: with `--format github` the
//! warning appears on the pull request's diff, where the reviewer reads it. So does every
//! endorsement added, changed or removed: an outsider's words shown on the organisation's
//! pages, and embedded copies in credentials people already hold.

use std::path::Path;

use super::git::{Repo, git};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::source::layout::{ENDORSEMENTS, SITE_FILE, STATIC, SourcePath, TEMPLATES};

/// Warns about every file of `site.toml`, `templates/` and `static/` that differs between
/// `commit` and the working tree (committed or not, new files included).
pub(crate) fn changes_to_review(
    repo: &Repo,
    commit: &str,
    site_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<()> {
    let site = if repo.prefix.is_empty() { ".".to_string() } else { repo.prefix.clone() };
    let run = |args: &[&str]| {
        git(&repo.root, args)
            .map_err(|why| crate::error::Error::Refused(format!("cannot list the changes since {commit}: {why}")))
    };
    let changed = run(&["diff", "--name-only", "-z", "--no-renames", commit, "--", &site])?;
    let added = run(&["ls-files", "-z", "--others", "--exclude-standard", "--", &site])?;
    let mut paths: Vec<&str> = changed.split('\0').chain(added.split('\0')).filter(|p| !p.is_empty()).collect();
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        let Some(rel) = path.strip_prefix(repo.prefix.as_str()) else { continue };
        if let Some(warning) = warning(rel, site_dir) {
            diagnostics.push(warning);
        }
    }
    Ok(())
}

/// The warning for a changed file of the site, if it is one a reviewer must read.
fn warning(rel: &str, site_dir: &Path) -> Option<Diagnostic> {
    let (message, help) = if rel == SITE_FILE {
        (
            format!("this pull request changes {SITE_FILE}, the settings of the whole site"),
            "review it: `base_url` is part of every published id, and the other keys shape every page",
        )
    } else if rel.starts_with(&format!("{TEMPLATES}/")) {
        (
            format!("this pull request changes the template {rel}"),
            "review it line by line: a template shapes every page of the organisation's site and can add script to them",
        )
    } else if rel.starts_with(&format!("{ENDORSEMENTS}/")) && !site_dir.join(rel).exists() {
        // A deleted endorsement or withdrawal is an error of `endorsements.rs`.
        if matches!(SourcePath::parse(rel), Some(SourcePath::Endorsement { .. } | SourcePath::Withdrawal { .. })) {
            return None;
        }
        (
            format!("this pull request removes the published file {rel}"),
            "review it: a did:web endorser's DID document is what its endorsement is checked against",
        )
    } else if matches!(SourcePath::parse(rel), Some(SourcePath::Withdrawal { .. })) {
        (
            format!("this pull request marks an endorsement withdrawn: {rel}"),
            "check that the endorser did withdraw it: it stays published, but is no longer embedded in the documents it endorsed",
        )
    } else if rel.starts_with(&format!("{ENDORSEMENTS}/")) {
        (
            format!("this pull request adds or changes the endorsement {rel}"),
            "review who endorses and what they say: it is shown on the organisation's pages; compare a did:web endorser's DID document with the one it serves",
        )
    } else if rel.starts_with(&format!("{STATIC}/")) {
        (
            format!("this pull request changes the static file {rel}"),
            "review it: static files are published as they are, on the organisation's own address",
        )
    } else {
        return None;
    };
    Some(Diagnostic::file_error(site_dir.join(rel), message).with_help(help).as_warning())
}

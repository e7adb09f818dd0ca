//! The rules of `check --base` for endorsements: a published endorsement is never deleted,
//! and a withdrawal is never undone.
//!
//! An endorsement's URL was published and copies of it sit in credentials wallets hold, so
//! when its endorser withdraws it the organisation marks it withdrawn
//! (`endorsements/<id>.toml`) instead of deleting it; the model then stops embedding it.
//! Changes to the files themselves are shown to the reviewer (`review.rs`), not refused.

use std::path::Path;

use super::git::Blob;
use crate::error::{Diagnostic, Diagnostics};
use crate::source::layout::SourcePath;

/// What is compared.
pub(crate) struct Inputs<'a> {
    /// The site folder, as the user gave it (diagnostic paths start with it).
    pub site_dir: &'a Path,
    /// The base revision as the user wrote it, for the help texts.
    pub base: &'a str,
    /// The endorsement files (`<id>.json`, `<id>.toml`) of the base revision.
    pub published: &'a [Blob],
}

/// Reports every published endorsement or withdrawal the working tree no longer has.
pub(crate) fn compare(inputs: &Inputs<'_>, diagnostics: &mut Diagnostics) {
    for blob in inputs.published {
        let display = inputs.site_dir.join(&blob.rel_path);
        // Still there, whatever it is now: the reader judges the file itself.
        if display.symlink_metadata().is_ok() {
            continue;
        }
        let restore = format!("`git checkout {} -- {}`", inputs.base, display.display());
        let (message, help) = match SourcePath::parse(&blob.rel_path) {
            Some(SourcePath::Endorsement { id }) => (
                format!("published endorsement `{id}` was deleted"),
                format!(
                    "its URL and the credentials that embed it must keep working: restore it with {restore}; \
                     to withdraw it, add endorsements/{id}.toml beside it with `withdrawn = <date>` and \
                     `reason = \"…\"`"
                ),
            ),
            Some(SourcePath::Withdrawal { id }) => (
                format!("the withdrawal of published endorsement `{id}` was removed"),
                format!(
                    "a withdrawal is final (wallets and verifiers may have seen it): restore it with {restore}; \
                     if the endorser endorses again, add their new endorsement under a new id"
                ),
            ),
            _ => continue,
        };
        diagnostics.push(Diagnostic::file_error(&display, message).with_help(help));
    }
}

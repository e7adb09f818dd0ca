//! `rosette new badge <id>` and `rosette new issuer <id>`: a new, commented source file that
//! passes `rosette check` as it is, to edit from there (as `zola` and `hugo new` do).
//!
//! Every value is checked by the model's rules ([`crate::model::rules`]) before anything is
//! written, and reported at the flag it came from; an existing file is never overwritten.
//! Once written, the whole site must still pass [`crate::check`], or the new files are
//! removed again and the problems reported (as `rosette award` does).

pub mod badge;
pub mod issuer;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::model::rules::{self, Problem};
use crate::source::layout::{BADGES, SourcePath};

/// What `new` wrote, relative to the site folder, `/`-separated: the new file first.
#[derive(Debug)]
pub struct Scaffolded {
    /// The files written.
    pub files: Vec<String>,
    /// The starter image written beside a badge given no `--image`.
    pub starter_image: Option<String>,
}

/// Refuses `id` as a new badge id: not an id, or taken by a badge file, bundle or image.
pub fn refuse_badge_id(site_dir: &Path, id: &str) -> Result<()> {
    refuse_id(
        site_dir,
        id,
        "badge",
        &[SourcePath::Badge { id: id.into(), bundle: false }.rel_path(), format!("{BADGES}/{id}")],
    )
}

/// Refuses `id` as a new issuer id: not an id, or taken by an issuer file.
pub fn refuse_issuer_id(site_dir: &Path, id: &str) -> Result<()> {
    refuse_id(site_dir, id, "issuer", &[SourcePath::Issuer { id: id.into() }.rel_path()])
}

fn refuse_id(site_dir: &Path, id: &str, what: &str, taken_by: &[String]) -> Result<()> {
    if !rules::is_safe_id(id) {
        return Err(Error::Refused(format!(
            "`{id}` cannot be {} {what} id: {}; ids are 1-64 characters of a-z, 0-9 and -, starting with a letter \
             or digit (e.g. `{}`)",
            if what == "issuer" { "an" } else { "a" },
            rules::id_problem(id),
            Some(slug(id)).filter(|s| !s.is_empty()).unwrap_or_else(|| format!("my-{what}"))
        )));
    }
    if let Some(rel) = taken_by.iter().find(|rel| site_dir.join(rel).symlink_metadata().is_ok()) {
        return Err(Error::Refused(format!(
            "{} already exists; rosette new never overwrites a file: edit it, or choose another id",
            site_dir.join(rel).display()
        )));
    }
    Ok(())
}

/// The ids of the site's issuers (files that parse), sorted.
pub fn issuer_ids(site_dir: &Path) -> Result<Vec<String>> {
    let tree = crate::source::read(site_dir, &mut Diagnostics::default())?;
    Ok(tree.issuers.iter().map(|issuer| issuer.id.clone()).collect())
}

/// A name to start from, made of an id: `rust-101` → "Rust 101".
pub fn title(id: &str) -> String {
    id.split('-')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An id made of a name: lower-case ASCII letters and digits, other runs of characters as
/// one `-`, at most 64 characters ("Harbour Coding Club" → `harbour-coding-club`); empty
/// when the name has no ASCII letter or digit.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(64);
    slug.trim_end_matches('-').to_string()
}

/// A TOML basic string holding `text`.
pub fn toml_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A problem with the value of `--flag`, in the printer's words.
fn at_flag(flag: &str, problem: Problem) -> Diagnostic {
    let diagnostic = Diagnostic::flag_error(flag, problem.message);
    match problem.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// A missing value: which flag gives it.
fn missing(flag: &str, help: &str) -> Diagnostic {
    Diagnostic::flag_error(flag, "is needed (there is no terminal to ask it at)").with_help(help)
}

/// Writes `files` (relative path, text), none of which may exist, then checks the whole site;
/// when it does not pass, removes them again and reports why.
fn write_checked(site_dir: &Path, files: &[(String, String)], now: Timestamp, what: &str) -> Result<()> {
    let mut written: Vec<PathBuf> = Vec::new();
    let result = files.iter().try_for_each(|(rel, text)| {
        let path = site_dir.join(rel);
        let folder = path.parent().unwrap_or(site_dir);
        fs::create_dir_all(folder).map_err(|e| Error::io("cannot create", folder, e))?;
        let mut file = fs::File::create_new(&path).map_err(|e| Error::io("cannot create", &path, e))?;
        written.push(path.clone());
        file.write_all(text.as_bytes()).map_err(|e| Error::io("cannot write", &path, e))
    });
    let what = format!("nothing was added: the site must pass `rosette check` with the new {what}, and it does not");
    let result =
        result.and_then(|()| crate::award::must_pass_check(site_dir, now, None, &what)).map_err(|error| match error {
            // The first line says what happened; then only what stops the site, not its warnings.
            Error::Invalid(diagnostics) => Error::Invalid(
                diagnostics.into_iter().enumerate().filter(|(i, d)| *i == 0 || d.is_error()).map(|(_, d)| d).collect(),
            ),
            error => error,
        });
    if result.is_err() {
        // Best effort: the caller reports the first error, not a cleanup problem.
        for path in written.iter().rev() {
            let _ = fs::remove_file(path);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_make_each_other() {
        assert_eq!(slug("Harbour Coding Club"), "harbour-coding-club");
        assert_eq!(slug("  Ça & Co. (2025) "), "a-co-2025");
        assert_eq!(slug("東京"), "");
        assert_eq!(slug(&"a".repeat(70)).len(), 64);
        assert_eq!(title("rust-101"), "Rust 101");
        assert_eq!(toml_string("say \"hi\" \\ now"), r#""say \"hi\" \\ now""#);
    }
}

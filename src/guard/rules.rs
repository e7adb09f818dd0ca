//! The rules of `check --base`: which changes to a published award are refused, and what
//! each diagnostic says.
//!
//! Refused: deleting an award file, renaming it (a new id is a new URL), moving it to another
//! badge, changing its recipient (`hash`, `salt`, `url`), `issued` or `status_index`, undoing
//! its revocation, and giving a new award a status index a published award had (the model
//! already refuses two current awards with one index; this catches the index of an award
//! that was deleted or renumbered). A value that
//! the base revision did not have may be added (a site that starts signing gives its awards
//! their first `status_index`). Everything else may change: narrative, evidence, name,
//! expiry, and revoking.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Published;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::rules::parse_date;
use crate::source::raw::{RawAward, RawRecipient, Spanned};
use crate::source::{Parsed, SourceTree};

/// What is compared.
pub(crate) struct Inputs<'a> {
    /// The site folder, as the user gave it (diagnostic paths start with it).
    pub site_dir: &'a Path,
    /// The base revision as the user wrote it, for the help texts.
    pub base: &'a str,
    /// The awards of the base revision.
    pub published: &'a [Published],
    /// The working tree.
    pub current: &'a SourceTree,
}

/// Reports every forbidden change from `inputs.published` to `inputs.current`.
pub(crate) fn compare(inputs: &Inputs<'_>, diagnostics: &mut Diagnostics) {
    let mut current: BTreeMap<&str, Vec<&Parsed<RawAward>>> = BTreeMap::new();
    for parsed in &inputs.current.awards {
        current.entry(parsed.id.as_str()).or_default().push(parsed);
    }
    let base_ids: BTreeSet<&str> = inputs.published.iter().map(|p| p.id.as_str()).collect();
    let new_awards: Vec<&Parsed<RawAward>> =
        inputs.current.awards.iter().filter(|a| !base_ids.contains(a.id.as_str())).collect();
    let mut renamed: BTreeSet<&str> = BTreeSet::new();
    for published in inputs.published {
        let display = inputs.site_dir.join(&published.rel_path);
        if let Some(files) = current.get(published.id.as_str()) {
            // A duplicate id is the model's error; compare with the file at the same place.
            let same_place = files.iter().find(|f| f.file.rel_path == published.rel_path);
            if let Some(parsed) = same_place.or(files.first()) {
                Award { inputs, published, parsed, diagnostics: &mut *diagnostics }.compare();
            }
        } else if inputs.current.unparsed_ids.contains(&published.id) {
            // The file is still there but does not parse: its syntax error says it all.
        } else if let Some(target) = rename_target(published, &new_awards, &renamed) {
            renamed.insert(target.id.as_str());
            let message = format!("published award `{}` was renamed to `{}`", published.id, target.id);
            let help =
                format!("an award's id is part of its permanent URL: move the file back to {}", display.display());
            diagnostics.push(target.error(message).with_help(help));
        } else {
            let help = format!(
                "its URL must keep working: restore it with `git checkout {} -- {}`; to withdraw it, revoke it \
                 (`rosette revoke {} --reason \"…\"`)",
                inputs.base,
                display.display(),
                published.id
            );
            let message = format!("published award `{}` was deleted", published.id);
            diagnostics.push(Diagnostic::file_error(&display, message).with_help(help));
        }
    }
    reused_indexes(inputs, &new_awards, &renamed, diagnostics);
}

/// New awards that took the status index of a published award that no longer has it.
fn reused_indexes(
    inputs: &Inputs<'_>,
    new_awards: &[&Parsed<RawAward>],
    renamed: &BTreeSet<&str>,
    diagnostics: &mut Diagnostics,
) {
    let owners: BTreeMap<i64, &Published> =
        inputs.published.iter().filter_map(|p| Some((*p.raw.as_ref()?.status_index.as_ref()?.get_ref(), p))).collect();
    // An index its owner still has is a duplicate, which the model reports; here only the
    // indexes whose owner was deleted or changed, which the working tree alone cannot show.
    let held: BTreeSet<(&str, i64)> = inputs
        .current
        .awards
        .iter()
        .filter_map(|a| Some((a.id.as_str(), *a.value.status_index.as_ref()?.get_ref())))
        .collect();
    for parsed in new_awards.iter().filter(|a| !renamed.contains(a.id.as_str())) {
        if let Some(index) = &parsed.value.status_index
            && let Some(owner) = owners.get(index.get_ref())
            && !held.contains(&(owner.id.as_str(), *index.get_ref()))
        {
            let (index_value, owner) = (index.get_ref(), &owner.id);
            let message = format!("status index {index_value} belonged to published award `{owner}`");
            let help = format!(
                "a status index is never reused, even after revocation or deletion: wallets check bit \
                 {index_value} for `{owner}`; use an index no award has had (`rosette award` draws one)"
            );
            diagnostics.push(parsed.error_at(index, message).with_help(help));
        }
    }
}

/// A new award that is a published one under another name: the same recipient, identified
/// the same way (a hash with the same salt, drawn at random for each award, or the same URL
/// on the same issue date).
fn rename_target<'a>(
    published: &Published,
    new_awards: &[&'a Parsed<RawAward>],
    taken: &BTreeSet<&str>,
) -> Option<&'a Parsed<RawAward>> {
    let wanted = identity(published.raw.as_ref()?)?;
    new_awards.iter().copied().find(|candidate| {
        !taken.contains(candidate.id.as_str()) && identity(&candidate.value).as_ref() == Some(&wanted)
    })
}

/// Who an award is for, as a string: `hash salt`, or `url issued`.
fn identity(award: &RawAward) -> Option<String> {
    let recipient = award.recipient.as_ref()?.get_ref();
    let text = |value: &Option<Spanned<String>>| value.as_ref().map(|v| v.get_ref().trim().to_string());
    match (text(&recipient.hash), text(&recipient.salt), text(&recipient.url)) {
        (Some(hash), Some(salt), _) if !salt.is_empty() => Some(format!("{hash} {salt}")),
        (_, _, Some(url)) => Some(format!("{url} {}", date(award.issued.as_ref()?.get_ref()).same)),
        _ => None,
    }
}

/// One published award and its current file.
struct Award<'a, 'd> {
    inputs: &'a Inputs<'a>,
    published: &'a Published,
    parsed: &'a Parsed<RawAward>,
    diagnostics: &'d mut Diagnostics,
}

/// A value that must not change: its comparable form and how it is written in TOML.
struct Value {
    same: String,
    literal: String,
}

impl Award<'_, '_> {
    fn compare(mut self) {
        let (published, parsed) = (self.published, self.parsed);
        let id = &published.id;
        let display = self.inputs.site_dir.join(&published.rel_path);
        let folder = parsed.folder.as_deref().unwrap_or_default();
        if folder != published.badge {
            self.diagnostics.push(
                parsed
                    .error(format!(
                        "published award `{id}` was moved from awards/{}/ to awards/{folder}/",
                        published.badge
                    ))
                    .with_help(format!(
                        "the badge of a published award cannot change: move the file back to {}; \
                         to award another badge, revoke this one (`rosette revoke {id} --reason \"…\"`) and \
                         use `rosette award`",
                        display.display()
                    )),
            );
        }
        let Some(base) = &published.raw else { return };
        let current = &parsed.value;
        if base.revoked.is_some() && current.revoked.is_none() {
            self.diagnostics.push(
                parsed.error(format!("the revocation of published award `{id}` was removed")).with_help(format!(
                    "revocation is final (wallets may already have seen it): restore the `[revoked]` table as in {}; \
                     if it was a mistake, award the badge again with `rosette award`",
                    self.inputs.base
                )),
            );
        }
        let base_recipient = base.recipient.as_ref().map(Spanned::get_ref);
        let recipient = current.recipient.as_ref();
        // A removed recipient key is reported on its table, the nearest thing still there.
        let in_recipient = |message: String| match recipient {
            Some(table) => parsed.error_at(table, message),
            None => parsed.error(message),
        };
        for key in ["hash", "salt", "url"] {
            let was = base_recipient.and_then(|r| recipient_value(r, key)).map(|s| string(s.get_ref()));
            let now = recipient.and_then(|r| recipient_value(r.get_ref(), key)).map(|s| (s, string(s.get_ref())));
            self.kept(key, true, was, now, in_recipient);
        }
        let issued = current.issued.as_ref().map(|i| (i, date(i.get_ref())));
        self.kept("issued", false, base.issued.as_ref().map(|i| date(i.get_ref())), issued, |m| parsed.error(m));
        let index = |i: &Spanned<i64>| Value { same: i.get_ref().to_string(), literal: i.get_ref().to_string() };
        let current_index = current.status_index.as_ref().map(|i| (i, index(i)));
        self.kept("status_index", false, base.status_index.as_ref().map(index), current_index, |m| parsed.error(m));
    }

    /// Reports `key` when the base revision had a value and the current file lost or changed it.
    fn kept<V>(
        &mut self,
        key: &str,
        in_recipient: bool,
        base: Option<Value>,
        current: Option<(&Spanned<V>, Value)>,
        removed: impl Fn(String) -> Diagnostic,
    ) {
        let Some(base) = base else { return };
        let (id, name) = (&self.published.id, if in_recipient { format!("recipient.{key}") } else { key.into() });
        let diagnostic = match current {
            Some((_, value)) if value.same == base.same => return,
            Some((written, _)) => {
                self.parsed.error_at(written, format!("`{name}` of published award `{id}` was changed"))
            }
            None => removed(format!("`{name}` of published award `{id}` was removed")),
        };
        let table = if in_recipient { " under [recipient]" } else { "" };
        self.diagnostics.push(diagnostic.with_help(format!(
            "restore `{key} = {}`{table} as in {}: verifiers and wallets already hold it; \
             to correct a published award, revoke it (`rosette revoke {id} --reason \"…\"`) and award a new one",
            base.literal, self.inputs.base
        )));
    }
}

fn recipient_value<'a>(recipient: &'a RawRecipient, key: &str) -> Option<&'a Spanned<String>> {
    match key {
        "hash" => recipient.hash.as_ref(),
        "salt" => recipient.salt.as_ref(),
        _ => recipient.url.as_ref(),
    }
}

fn string(text: &str) -> Value {
    Value { same: text.trim().to_string(), literal: toml::Value::String(text.to_string()).to_string() }
}

/// Dates compare by the moment they name: `2025-05-10T14:30:00+02:00` and
/// `2025-05-10T12:30:00Z` publish the same `issuedOn`.
fn date(value: &toml::Value) -> Value {
    let written = match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_string(),
        other => other.to_string(),
    };
    let same = parse_date(&written).map(|t| t.to_string()).unwrap_or_else(|_| written.clone());
    Value { same, literal: value.to_string() }
}

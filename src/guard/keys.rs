//! The rules of `check --base` for `keys/`: a pull request cannot change who signs.
//!
//! Every key in `keys/` is listed in the issuers' DID documents and may sign credentials in
//! the organisation's name, and every credential ever signed depends on its key staying
//! there. So, against the base revision, refused: adding a key, deleting one, renaming one
//! (its id is part of every proof's `verificationMethod`), changing a key's `public_key`,
//! `created`, `signed_by` or `signature`, and removing or changing a `revoked` date. Allowed:
//! revoking a key, editing comments, and one kind of new key: a rotation, whose link
//! (`signed_by`, `signature`, see [`crate::proof::KeyLink`]) verifies against a key of the
//! base revision, so it was made by someone holding that key's secret. The build checks the
//! whole chain again (`model::key`), whatever the guard said.

use std::path::Path;

use super::PublishedKey;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::rules::parse_date;
use crate::proof::{KeyLink, PublicKey};
use crate::source::Parsed;
use crate::source::raw::{RawKey, Spanned};

/// What is compared.
pub(crate) struct Inputs<'a> {
    /// The site folder, as the user gave it (diagnostic paths start with it).
    pub site_dir: &'a Path,
    /// The base revision as the user wrote it, for the messages.
    pub base: &'a str,
    /// The key files of the base revision.
    pub published: &'a [PublishedKey],
    /// The key files of the working tree.
    pub current: &'a [Parsed<RawKey>],
    /// Ids of working-tree files that do not parse (their syntax error is reported).
    pub unparsed: &'a [String],
}

/// How keys change legitimately, for every help text.
const HOW: &str = "a maintainer rotates keys with `rosette keygen --rotate --key-file <current secret key>`, which \
                   signs the new key with the current one (README, \"Signing keys\")";

/// Reports every forbidden change from `inputs.published` to `inputs.current`.
pub(crate) fn compare(inputs: &Inputs<'_>, diagnostics: &mut Diagnostics) {
    let is_published = |id: &str| inputs.published.iter().any(|p| p.id == id);
    let new_keys: Vec<&Parsed<RawKey>> = inputs.current.iter().filter(|k| !is_published(&k.id)).collect();
    let mut renamed: Vec<&str> = Vec::new();
    for published in inputs.published {
        if let Some(parsed) = inputs.current.iter().find(|k| k.id == published.id) {
            if let Some(base) = &published.raw {
                kept(inputs, &published.id, base, parsed, diagnostics);
            }
        } else if inputs.unparsed.contains(&published.id) {
            // The file is still there but does not parse: its syntax error says it all.
        } else if let Some(target) = new_keys.iter().find(|k| same_public_key(published, k)) {
            renamed.push(&target.id);
            let message = format!("signing key `{}` was renamed to `{}`", published.id, target.id);
            let help = format!(
                "a key's id is in the proof of every credential it signed: move the file back to {}",
                inputs.site_dir.join(&published.rel_path).display()
            );
            diagnostics.push(target.error(message).with_help(help));
        } else {
            let display = inputs.site_dir.join(&published.rel_path);
            let message = format!("signing key `{}` was deleted", published.id);
            let help = format!(
                "every credential it signed would stop verifying: restore it with `git checkout {} -- {}`; \
                 if its secret leaked, add `revoked = <date>` instead",
                inputs.base,
                display.display()
            );
            diagnostics.push(Diagnostic::file_error(&display, message).with_help(help));
        }
    }
    for parsed in new_keys.into_iter().filter(|k| !renamed.contains(&k.id.as_str())) {
        if let Some(problem) = unlinked(inputs, parsed) {
            diagnostics.push(problem.with_help(format!(
                "whoever holds a key's secret can sign credentials in the organisation's name, so a pull request \
                 cannot add one: remove {}; {HOW}",
                inputs.site_dir.join(parsed.file.rel_path.as_str()).display()
            )));
        }
    }
}

/// Why the new key `parsed` is not a rotation signed by a key of the base revision; `None`
/// when it is one (or when its own values are invalid, which the model reports).
fn unlinked(inputs: &Inputs<'_>, parsed: &Parsed<RawKey>) -> Option<Diagnostic> {
    let (id, base, raw) = (&parsed.id, inputs.base, &parsed.value);
    let at_key = |message: String| match &raw.public_key {
        Some(public_key) => parsed.error_at(public_key, message),
        None => parsed.error(message),
    };
    let (Some(signed_by), Some(signature)) = (&raw.signed_by, &raw.signature) else {
        return Some(at_key(format!("new signing key `{id}` was added without a link to a key of {base}")));
    };
    let name = signed_by.get_ref().trim();
    let signer = inputs.published.iter().find(|p| p.id == name).and_then(|p| public_key(p.raw.as_ref()?));
    let Some(signer) = signer else {
        let message = format!("new signing key `{id}` is signed by `{name}`, which is not a key of {base}");
        return Some(parsed.error_at(signed_by, message));
    };
    let own = public_key(raw);
    let created = raw.created.as_ref().and_then(|c| parse_date(&literal(c.get_ref())).ok());
    let (Some(own), Some(created)) = (own, created) else { return None };
    let link = KeyLink { id, public_key: &own, created, signed_by: name };
    let problem = link.verify(&signer, signature.get_ref()).err()?;
    Some(parsed.error_at(
        signature,
        format!("the link of new signing key `{id}` does not verify with key `{name}` of {base}: {problem}"),
    ))
}

/// Reports the values of published key `id` that changed.
fn kept(inputs: &Inputs<'_>, id: &str, base: &RawKey, parsed: &Parsed<RawKey>, diagnostics: &mut Diagnostics) {
    let current = &parsed.value;
    let text = |v: &Option<Spanned<String>>| v.as_ref().map(|s| s.get_ref().trim().to_string());
    let date = |v: &Option<Spanned<toml::Value>>| v.as_ref().map(|d| moment(d.get_ref()));
    let fields = [
        ("public_key", text(&base.public_key), text(&current.public_key), at(parsed, &current.public_key)),
        ("created", date(&base.created), date(&current.created), at(parsed, &current.created)),
        ("signed_by", text(&base.signed_by), text(&current.signed_by), at(parsed, &current.signed_by)),
        ("signature", text(&base.signature), text(&current.signature), at(parsed, &current.signature)),
    ];
    for (key, was, now, at) in fields {
        let change = match (&was, &now) {
            (Some(was), Some(now)) if was == now => continue,
            (None, None) => continue,
            (Some(_), Some(_)) => "changed",
            (Some(_), None) => "removed",
            (None, Some(_)) => "added",
        };
        diagnostics.push(at(format!("`{key}` of signing key `{id}` was {change}")).with_help(format!(
            "a published key never changes (credentials and wallets rely on it): restore the file as in {}; \
             if its secret leaked, add `revoked = <date>`; {HOW}",
            inputs.base
        )));
    }
    match (date(&base.revoked), &current.revoked) {
        (Some(_), None) => diagnostics.push(
            parsed.error(format!("the revocation of signing key `{id}` was removed")).with_help(format!(
                "a revoked key's secret may be in other hands: revocation is final; restore `revoked` as in {}",
                inputs.base
            )),
        ),
        (Some(was), Some(now)) if moment(now.get_ref()) != was => {
            diagnostics.push(
                parsed.error_at(now, format!("the revocation date of signing key `{id}` was changed")).with_help(
                    format!(
                        "a later date would trust what the key signed meanwhile: restore `revoked` as in {}",
                        inputs.base
                    ),
                ),
            );
        }
        _ => {}
    }
}

fn same_public_key(published: &PublishedKey, candidate: &Parsed<RawKey>) -> bool {
    let written = |raw: &RawKey| raw.public_key.as_ref().map(|k| k.get_ref().trim().to_string());
    published.raw.as_ref().and_then(written).is_some_and(|base| Some(base) == written(&candidate.value))
}

fn public_key(raw: &RawKey) -> Option<PublicKey> {
    PublicKey::from_multibase(raw.public_key.as_ref()?.get_ref()).ok()
}

/// Makes a diagnostic at `value` when the file has it, else about the whole file.
fn at<'a, V>(parsed: &'a Parsed<RawKey>, value: &'a Option<Spanned<V>>) -> Box<dyn Fn(String) -> Diagnostic + 'a> {
    match value {
        Some(value) => Box::new(move |message| parsed.error_at(value, message)),
        None => Box::new(move |message| parsed.error(message)),
    }
}

/// A date as written (TOML date, date-time or string).
fn literal(value: &toml::Value) -> String {
    match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_string(),
        other => other.to_string(),
    }
}

/// Dates compare by the moment they name.
fn moment(value: &toml::Value) -> String {
    let written = literal(value);
    parse_date(&written).map(|t| t.to_string()).unwrap_or(written)
}

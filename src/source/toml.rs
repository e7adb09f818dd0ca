//! The only place TOML text becomes raw structs; parser errors become diagnostics.
//!
//! serde's messages are rephrased in the user's vocabulary ("key" rather than "field") and an
//! unknown key gets the nearest valid key as a suggestion, so `nmae = …` says "did you mean
//! `name`?" instead of just listing every field.
//!
//! serde stops at the first unknown key; the house rule is every problem in one run. So the
//! text is parsed once into a spanned table ([`DeTable`]), and the raw struct is deserialized
//! from it: when a key is unknown, every key of that same table that is not in serde's list of
//! valid keys is reported, removed, and the struct is deserialized again. Each round empties
//! one table of its unknown keys; the rounds are capped so hostile input stays cheap.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, Deserializer};

use super::file::SourceFile;
use crate::error::Diagnostic;

/// How to write a date: the model's help for dates ([`crate::model::rules::DATE_HELP`]),
/// repeated here for a date so malformed that TOML itself refuses it (`issued = 2025-13-45`),
/// since the source stage does not use the model.
const DATE_HELP: &str = "write a date like 2025-03-14 or 2025-03-14T10:00:00Z";

/// Rounds of "report the unknown keys of one table, then try again" before giving up.
const MAX_ROUNDS: usize = 64;

/// Parses `toml` (found at byte `offset` of `file`) into `T`; every unknown key of every
/// table is reported, then at most one other problem (serde stops at it).
pub fn parse<T: DeserializeOwned>(file: &SourceFile, toml: &str, offset: usize) -> Result<T, Vec<Diagnostic>> {
    let at = |span: Range<usize>| span.start + offset..span.end + offset;
    let mut root = DeTable::parse(toml).map_err(|error| vec![diagnostic(file, &error, offset)])?;
    // Positions with the diagnostics, to report them in the order of the file.
    let mut diagnostics: Vec<(usize, Diagnostic)> = Vec::new();
    let in_order = |mut found: Vec<(usize, Diagnostic)>| {
        found.sort_by_key(|(start, _)| *start);
        found.into_iter().map(|(_, diagnostic)| diagnostic).collect::<Vec<_>>()
    };
    for _ in 0..MAX_ROUNDS {
        let error = match T::deserialize(Deserializer::from(root.clone())) {
            Ok(value) if diagnostics.is_empty() => return Ok(value),
            Ok(_) => return Err(in_order(diagnostics)),
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let table = unknown_key(error.message()).and_then(|_| table_with_key_at(root.get_mut(), &span));
        let (Some(table), Some((_, valid))) = (table, unknown_key(error.message())) else {
            diagnostics.push((span.start, diagnostic(file, &error, offset)));
            return Err(in_order(diagnostics));
        };
        let mut unknown: Vec<Spanned<DeString<'_>>> =
            table.keys().filter(|key| !valid.contains(&key.get_ref().as_ref())).cloned().collect();
        unknown.sort_by_key(|key| key.span().start);
        for key in unknown {
            let name: &str = key.get_ref();
            let message = format!("unknown key `{name}`");
            let found = file.error_at(&at(key.span()), message).with_help(suggest(name, &valid));
            diagnostics.push((key.span().start, found));
            table.remove(&key);
        }
    }
    Err(in_order(diagnostics))
}

/// The table (at any depth) that holds the key written at `span`.
fn table_with_key_at<'t, 'i>(table: &'t mut DeTable<'i>, span: &Range<usize>) -> Option<&'t mut DeTable<'i>> {
    if table.keys().any(|key| key.span() == *span) {
        return Some(table);
    }
    table.iter_mut().find_map(|(_, value)| within_value(value.get_mut(), span))
}

fn within_value<'t, 'i>(value: &'t mut DeValue<'i>, span: &Range<usize>) -> Option<&'t mut DeTable<'i>> {
    match value {
        DeValue::Table(table) => table_with_key_at(table, span),
        DeValue::Array(array) => array.iter_mut().find_map(|item| within_value(item.get_mut(), span)),
        _ => None,
    }
}

/// A parser or serde error as a diagnostic.
fn diagnostic(file: &SourceFile, error: &toml::de::Error, offset: usize) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let span = span.start + offset..span.end + offset;
    let (message, help) = explain(error.message());
    let diagnostic = file.error_at(&span, message);
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// The key and the valid keys of serde's "unknown field" message.
fn unknown_key(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.trim().strip_prefix("unknown field `")?;
    let (key, expected) = rest.split_once('`')?;
    Some((key, expected.split('`').skip(1).step_by(2).collect()))
}

/// Rephrases a parser message and finds a hint for it.
fn explain(message: &str) -> (String, Option<String>) {
    let message = message.trim().trim_end_matches('.');
    if let Some((key, valid)) = unknown_key(message) {
        return (format!("unknown key `{key}`"), Some(suggest(key, &valid)));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return (format!("missing required key `{key}`"), Some(format!("add `{key} = …`")));
    }
    let first_line = message.lines().next().unwrap_or(message);
    // toml_datetime says "invalid date, expected month between 01 and 12", "invalid time, …".
    let help = ["invalid date", "invalid time"].iter().any(|p| first_line.starts_with(p)).then(|| DATE_HELP.into());
    (first_line.replace("field", "key"), help)
}

/// "did you mean `x`?" when a valid key is close, else the list of valid keys.
fn suggest(key: &str, valid: &[&str]) -> String {
    match crate::suggest::nearest(key, valid.iter().copied()) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None if valid.is_empty() => "remove it".to_string(),
        None => format!("valid keys here: {}", valid.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::raw::{RawAward, RawIssuer};

    fn file(text: &str) -> SourceFile {
        SourceFile { display_path: "f.toml".into(), rel_path: "f.toml".into(), text: text.into() }
    }

    fn errors<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Vec<String> {
        let file = file(text);
        parse::<T>(&file, text, 0).unwrap_err().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_date_toml_refuses_gets_the_forms_of_a_date() {
        assert_eq!(DATE_HELP, crate::model::rules::DATE_HELP);
        for (text, at) in [("issued = 2025-13-45\n", "1:10"), ("issued = 2025-03-14T25:00:00Z\n", "1:10")] {
            let found = errors::<RawAward>(text);
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].starts_with(&format!("f.toml:{at}: error: invalid ")), "{found:?}");
            assert!(found[0].ends_with(&format!("\n  help: {DATE_HELP}")), "{found:?}");
        }
    }

    #[test]
    fn unknown_keys_get_the_nearest_valid_key() {
        let (message, help) = explain("unknown field `nmae`, expected one of `name`, `url`, `email`");
        assert_eq!(message, "unknown key `nmae`");
        assert_eq!(help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn far_away_keys_get_the_list() {
        let (_, help) = explain("unknown field `colour`, expected `name` or `url`");
        assert_eq!(help.as_deref(), Some("valid keys here: name, url"));
    }

    #[test]
    fn every_unknown_key_of_every_table_is_reported() {
        let text = "nmae = \"x\"\nurl = \"https://x.org\"\ncolour = 1\nemial = \"a@b.org\"\n";
        assert_eq!(
            errors::<RawIssuer>(text),
            [
                "f.toml:1:1: error: unknown key `nmae`\n  help: did you mean `name`?",
                "f.toml:3:1: error: unknown key `colour`\n  help: valid keys here: name, url, email, description, image, linkedin_organization_id",
                "f.toml:4:1: error: unknown key `emial`\n  help: did you mean `email`?",
            ]
        );
        let text = "isued = 2025-01-01\n[recipient]\nhsh = \"x\"\n[[evidence]]\nurl = \"https://x.org\"\nnme = \"a\"\n[[evidence]]\nnaem = \"b\"\n";
        let found = errors::<RawAward>(text);
        let lines: Vec<&str> = found.iter().map(|e| e.lines().next().unwrap_or_default()).collect();
        assert_eq!(
            lines,
            [
                "f.toml:1:1: error: unknown key `isued`",
                "f.toml:3:1: error: unknown key `hsh`",
                "f.toml:6:1: error: unknown key `nme`",
                "f.toml:8:1: error: unknown key `naem`",
            ]
        );
    }

    #[test]
    fn other_problems_still_come_after_the_unknown_keys() {
        let found = errors::<RawIssuer>("nmae = \"x\"\nurl = 3\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].starts_with("f.toml:2:7: error: invalid type"), "{found:?}");
    }
}

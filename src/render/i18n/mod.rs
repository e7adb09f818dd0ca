//! Theme strings in the site's language: what templates receive as `t`, and what rosette
//! itself writes in words (dates, page descriptions, share cards).
//!
//! The theme ships `i18n/<language>.toml` files; `en.toml` defines every key. The file is
//! picked by the primary subtag of `site.toml`'s `language` (`fr-CA` → `fr.toml`), and a
//! language the theme does not ship falls back to English, silently: an English page is a
//! better result than a failed build. A site replaces single strings, or translates the theme
//! into a new language, with `templates/i18n/<primary subtag>.toml`. That file is strict,
//! like every other file of a site: a key English does not have, or a value of the wrong
//! shape, is an error that points at the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::embedded::{self, I18N_DIR};
use crate::error::{Diagnostic, Error};
use crate::source::Template;
use crate::source::file::SourceFile;

/// One string, or a list of them (month names).
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Text(String),
    List(Vec<String>),
}

/// The strings of one language, with every key English has.
#[derive(Debug, Clone)]
pub struct Strings {
    /// Dotted key (`award.valid_title`) → value.
    entries: BTreeMap<String, Entry>,
}

impl Strings {
    /// The strings for `language`, with the site's overrides (`templates/i18n/*.toml`) applied.
    pub fn load(language: &str, site_files: &[Template]) -> Result<Strings, Error> {
        let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        let english = embedded::i18n_file("en").unwrap_or_default().to_string();
        let mut strings = Strings { entries: BTreeMap::new() };
        strings.merge(&english, Path::new("(built-in theme)/i18n/en.toml"), false)?;
        if primary != "en"
            && let Some(text) = embedded::i18n_file(&primary)
        {
            strings.merge(text, &PathBuf::from(format!("(built-in theme)/i18n/{primary}.toml")), true)?;
        }
        let mut problems = Vec::new();
        for file in site_files.iter().filter(|t| t.name.starts_with(I18N_DIR)) {
            let stem = file.name[I18N_DIR.len()..].strip_suffix(".toml");
            let Some(stem) = stem.filter(|s| !s.is_empty() && !s.contains('/')) else {
                problems.push(
                    Diagnostic::file_error(&file.display_path, "unexpected file in templates/i18n/")
                        .with_help("string files are named after a language: templates/i18n/fr.toml"),
                );
                continue;
            };
            // Every file is checked, so a typo in a language the site is not using today
            // does not wait to be found until the day it switches.
            let mut copy = strings.clone();
            match copy.merge(&file.text, &file.display_path, true) {
                Ok(()) if stem == primary => strings = copy,
                Ok(()) => {}
                Err(Error::Invalid(diagnostics)) => problems.extend(diagnostics),
                Err(other) => return Err(other),
            }
        }
        if problems.is_empty() { Ok(strings) } else { Err(Error::Invalid(problems)) }
    }

    /// Applies a string file on top of these strings. With `strict`, every key must already
    /// exist (English defines them all) and keep its shape.
    fn merge(&mut self, text: &str, path: &Path, strict: bool) -> Result<(), Error> {
        let file = SourceFile { display_path: path.to_path_buf(), rel_path: String::new(), text: text.to_string() };
        let table = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Error::Invalid(vec![file.error_at(&span, format!("invalid TOML: {}", e.message().trim()))])
        })?;
        let mut flat = Vec::new();
        let mut problems = Vec::new();
        flatten("", table.get_ref(), &mut flat, &mut |span, message| problems.push(file.error_at(&span, message)));
        for (key, span, entry) in flat {
            match self.entries.get(&key) {
                None if strict => {
                    let known = self.entries.keys().map(String::as_str);
                    let mut diagnostic = file.error_at(&span, format!("unknown key `{key}`"));
                    if let Some(near) = crate::suggest::nearest(&key, known) {
                        diagnostic = diagnostic.with_help(format!("did you mean `{near}`?"));
                    }
                    problems.push(diagnostic);
                }
                Some(old) if !same_shape(old, &entry) => {
                    let wanted = match old {
                        Entry::Text(_) => "a string".to_string(),
                        Entry::List(list) => format!("a list of {} strings", list.len()),
                    };
                    problems.push(file.error_at(&span, format!("`{key}` must be {wanted}")));
                }
                _ => {
                    self.entries.insert(key, entry);
                }
            }
        }
        problems.sort_by_key(Diagnostic::position);
        if problems.is_empty() { Ok(()) } else { Err(Error::Invalid(problems)) }
    }

    /// The string `key`, or the key itself if English lacks it (a theme bug the tests catch).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(Entry::Text(text)) => text,
            _ => key,
        }
    }

    /// The string `key` with its `{name}` placeholders replaced.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.text(key), values)
    }

    /// A date in words, in UTC: `14 March 2025`, `1er mars 2025`.
    pub fn date(&self, timestamp: Timestamp) -> String {
        let date = timestamp.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let month = match self.entries.get("dates.months") {
            Some(Entry::List(months)) => usize::try_from(date.month() - 1).ok().and_then(|m| months.get(m)),
            _ => None,
        };
        let month = month.map_or_else(|| date.month().to_string(), String::clone);
        let day = if date.day() == 1 { self.text("dates.day_one").to_string() } else { date.day().to_string() };
        self.fill("dates.format", &[("day", &day), ("month", &month), ("year", &date.year().to_string())])
    }

    /// Every string as nested maps, for templates (`t.award.valid_title`).
    pub fn tree(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (key, entry) in &self.entries {
            let parts: Vec<&str> = key.split('.').collect();
            let value = match entry {
                Entry::Text(text) => serde_json::Value::from(text.as_str()),
                Entry::List(list) => serde_json::Value::from(list.clone()),
            };
            insert(&mut root, &parts, value);
        }
        serde_json::Value::Object(root)
    }
}

fn insert(table: &mut serde_json::Map<String, serde_json::Value>, path: &[&str], value: serde_json::Value) {
    match path {
        [] => {}
        [last] => {
            table.insert((*last).to_string(), value);
        }
        [first, rest @ ..] => {
            let inner = table.entry(*first).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if let serde_json::Value::Object(inner) = inner {
                insert(inner, rest, value);
            }
        }
    }
}

/// `text` with every `{name}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn same_shape(old: &Entry, new: &Entry) -> bool {
    match (old, new) {
        (Entry::Text(_), Entry::Text(_)) => true,
        (Entry::List(a), Entry::List(b)) => a.len() == b.len(),
        _ => false,
    }
}

/// Dotted keys and values of a table; anything but strings and lists of strings is reported.
fn flatten(
    prefix: &str,
    table: &DeTable<'_>,
    out: &mut Vec<(String, std::ops::Range<usize>, Entry)>,
    report: &mut dyn FnMut(std::ops::Range<usize>, String),
) {
    for (key, value) in table {
        let dotted = if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        let span = key.span();
        match value.get_ref() {
            DeValue::String(text) => out.push((dotted, span, Entry::Text(text.to_string()))),
            DeValue::Table(inner) => flatten(&dotted, inner, out, report),
            DeValue::Array(items) => match strings_of(items) {
                Some(list) => out.push((dotted, span, Entry::List(list))),
                None => report(span, format!("`{dotted}` must be a list of strings")),
            },
            _ => report(value.span(), format!("`{dotted}` must be a string")),
        }
    }
}

fn strings_of(items: &[Spanned<DeValue<'_>>]) -> Option<Vec<String>> {
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;

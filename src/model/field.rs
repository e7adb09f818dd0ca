//! Fields of a parsed file: each value read through its rule ([`super::rules`]), with a
//! problem turned into a diagnostic that points at the value in the user's file and says how
//! to fix it.

use jiff::Timestamp;

use super::rules::{self, DATE_HELP, Problem};
use crate::error::{Diagnostic, Diagnostics};
use crate::source::Parsed;
use crate::source::raw::Spanned;

/// A rule's problem as a diagnostic pointing at the value of `parsed` it is about.
pub fn problem_at<T, V>(parsed: &Parsed<T>, value: &Spanned<V>, problem: Problem) -> Diagnostic {
    let diagnostic = parsed.error_at(value, problem.message);
    match problem.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Reports that the file `parsed` lacks the required key `key`, with `help` saying what to
/// write; always `None`, so that a missing value reads `None => field::missing_key(…)`.
pub fn missing_key<T, R>(
    parsed: &Parsed<T>,
    key: &str,
    help: impl Into<String>,
    diagnostics: &mut Diagnostics,
) -> Option<R> {
    diagnostics.push(parsed.error(format!("missing required key `{key}`")).with_help(help));
    None
}

/// The value of the key `key` whose text is one of `choices`: the first is the default, taken
/// when the key is absent; another text is reported with `help` (saying what the choices
/// mean) and gives the default too.
pub fn choice<T, V: Copy>(
    parsed: &Parsed<T>,
    key: &str,
    value: Option<&Spanned<String>>,
    choices: &[(&str, V)],
    help: &str,
    diagnostics: &mut Diagnostics,
) -> V {
    let default = choices[0].1;
    let Some(value) = value else { return default };
    match choices.iter().find(|(text, _)| text == value.get_ref()) {
        Some((_, chosen)) => *chosen,
        None => {
            let message = format!("`{key} = \"{}\"` is not a choice", value.get_ref());
            diagnostics.push(parsed.error_at(value, message).with_help(help));
            default
        }
    }
}

/// A required text value: reports it when missing or blank.
pub fn required_text<T>(
    parsed: &Parsed<T>,
    value: Option<&Spanned<String>>,
    key: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    match value {
        None => missing_key(parsed, key, format!("add `{key} = \"…\"`"), diagnostics),
        Some(value) => {
            let text = text(parsed, value, diagnostics)?;
            if text.is_empty() {
                diagnostics.push(parsed.error_at(value, format!("`{key}` is empty")));
                return None;
            }
            Some(text)
        }
    }
}

/// An optional text value; blank counts as absent.
pub fn optional_text<T>(
    parsed: &Parsed<T>,
    value: Option<&Spanned<String>>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    text(parsed, value?, diagnostics).filter(|t| !t.is_empty())
}

/// A required name or title by [`rules::name`]: reported when missing, blank or deceptive.
pub fn required_name<T>(
    parsed: &Parsed<T>,
    value: Option<&Spanned<String>>,
    key: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    match value {
        None => missing_key(parsed, key, format!("add `{key} = \"…\"`"), diagnostics),
        Some(value) => name(parsed, value, key, diagnostics),
    }
}

/// A name written under `key` by [`rules::name`]; blank is a problem, not an absence.
pub fn name<T>(
    parsed: &Parsed<T>,
    value: &Spanned<String>,
    key: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    if value.get_ref().trim().is_empty() {
        diagnostics.push(
            parsed
                .error_at(value, format!("`{key}` is empty"))
                .with_help("write it as it should be shown, or remove the key"),
        );
        return None;
    }
    by(parsed, value, diagnostics, rules::name)
}

/// A tag by [`rules::tag`].
pub fn tag<T>(parsed: &Parsed<T>, value: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    by(parsed, value, diagnostics, rules::tag)
}

/// `value` read by `rule`; a problem becomes a diagnostic pointing at the value.
fn by<T, R>(
    parsed: &Parsed<T>,
    value: &Spanned<String>,
    diagnostics: &mut Diagnostics,
    rule: impl FnOnce(&str) -> Result<R, Problem>,
) -> Option<R> {
    rule(value.get_ref()).map_err(|problem| diagnostics.push(problem_at(parsed, value, problem))).ok()
}

/// Text by [`rules::text`].
fn text<T>(parsed: &Parsed<T>, value: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    by(parsed, value, diagnostics, rules::text)
}

/// A web link (`http`/`https`) by [`rules::web_url`].
pub fn web_url<T>(parsed: &Parsed<T>, value: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    by(parsed, value, diagnostics, rules::web_url)
}

/// An e-mail address by [`rules::email`].
pub fn email<T>(parsed: &Parsed<T>, value: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    by(parsed, value, diagnostics, rules::email)
}

/// A date: a TOML date-time with a zone, a TOML date (midnight UTC), or a string of either.
pub fn date<T>(parsed: &Parsed<T>, value: &Spanned<toml::Value>, diagnostics: &mut Diagnostics) -> Option<Timestamp> {
    let written = match value.get_ref() {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_string(),
        other => {
            diagnostics.push(
                parsed.error_at(value, format!("expected a date, found {}", other.type_str())).with_help(DATE_HELP),
            );
            return None;
        }
    };
    rules::date(&written).map_err(|problem| diagnostics.push(problem_at(parsed, value, problem))).ok()
}

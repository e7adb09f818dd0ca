//! Checks of single values (text, URLs, e-mails, ids, dates), each turning a problem into a
//! diagnostic that points at the value and says how to fix it.
//!
//! The rules that `rosette award` applies too live in [`super::rules`]; here they get the
//! file and span of the value they are about.

use jiff::Timestamp;
use jiff::civil::Date;

use super::rules::{self, DATE_HELP, Problem};
use crate::error::{Diagnostic, Diagnostics};
use crate::source::Parsed;
use crate::source::raw::S;

/// A rule's problem as a diagnostic pointing at the value of `parsed` it is about.
pub fn problem_at<T, V>(parsed: &Parsed<T>, value: &S<V>, problem: Problem) -> Diagnostic {
    let diagnostic = parsed.error_at(value, problem.message);
    match problem.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Reports that the file `parsed` lacks the required key `key`, with `help` saying what to
/// write; always `None`, so that a missing value reads `None => check::missing_key(…)`.
pub fn missing_key<T, R>(
    parsed: &Parsed<T>,
    key: &str,
    help: impl Into<String>,
    diagnostics: &mut Diagnostics,
) -> Option<R> {
    diagnostics.push(parsed.error(format!("missing required key `{key}`")).with_help(help));
    None
}

/// A required text value: reports it when missing or blank.
pub fn required_text<T>(
    parsed: &Parsed<T>,
    value: Option<&S<String>>,
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
    value: Option<&S<String>>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    text(parsed, value?, diagnostics).filter(|t| !t.is_empty())
}

/// Text by [`rules::text`].
fn text<T>(parsed: &Parsed<T>, value: &S<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    rules::text(value.get_ref()).map_err(|problem| diagnostics.push(problem_at(parsed, value, problem))).ok()
}

/// The first control character of a text other than a line break, if any.
pub fn control_char(text: &str) -> Option<char> {
    text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\r')
}

/// A required id-like reference (issuer of a badge…), checked for shape only.
pub fn is_safe_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Why an id is unsafe, for the error message.
pub fn id_problem(id: &str) -> String {
    if id.is_empty() {
        "the id is empty".into()
    } else if id.len() > 64 {
        "it is longer than 64 characters".into()
    } else if id.chars().any(char::is_uppercase) {
        "it contains upper-case letters".into()
    } else if id.chars().any(char::is_whitespace) {
        "it contains spaces".into()
    } else if id.contains(['/', '\\', '.']) {
        "it contains a path separator or a dot".into()
    } else if !id.as_bytes()[0].is_ascii_alphanumeric() {
        "it must start with a letter or digit".into()
    } else {
        "it contains characters other than a-z, 0-9 and -".into()
    }
}

/// The site's base URL, normalised to end with `/`.
pub fn base_url(url: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("`{url}` is not an absolute URL ({e})"))?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return Err(format!("`{url}` must be an http or https URL"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!("`{url}` must not have a query or fragment"));
    }
    // The serialised form is what verifiers compare byte for byte, so use it (lower-case host).
    let mut normalised = parsed.to_string();
    if !normalised.ends_with('/') {
        normalised.push('/');
    }
    Ok(normalised)
}

/// A web link (`http`/`https`) by [`rules::web_url`].
pub fn web_url<T>(parsed: &Parsed<T>, value: &S<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    rules::web_url(value.get_ref()).map_err(|problem| diagnostics.push(problem_at(parsed, value, problem))).ok()
}

/// Whether a string is an absolute `http`/`https` URL with a host and no spaces.
pub fn is_web_url(url: &str) -> bool {
    url::Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()))
        && !url.contains(char::is_whitespace)
}

/// The first word of a text that looks like an e-mail address (`mailto:` links included).
pub fn find_email(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || "<>()[],;\"'".contains(c))
        .map(|word| word.trim_start_matches("mailto:").trim_end_matches('.'))
        .find(|word| looks_like_email(word))
}

/// Whether a string looks like an e-mail address (`local@domain.tld`, no spaces).
pub fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An e-mail address by [`rules::email`].
pub fn email<T>(parsed: &Parsed<T>, value: &S<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    rules::email(value.get_ref()).map_err(|problem| diagnostics.push(problem_at(parsed, value, problem))).ok()
}

/// Whether a string is a plausible BCP 47 language tag (`en`, `pt-BR`, `zh-Hant`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A date: a TOML date-time with a zone, a TOML date (midnight UTC), or a string of either.
pub fn date<T>(parsed: &Parsed<T>, value: &S<toml::Value>, diagnostics: &mut Diagnostics) -> Option<Timestamp> {
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

/// Parses a date as written in a site file (see [`date`]); the error says what is wrong.
pub fn parse_date(written: &str) -> Result<Timestamp, String> {
    if let Ok(timestamp) = written.parse::<Timestamp>() {
        return Ok(timestamp);
    }
    if written.len() == 10
        && let Ok(date) = written.parse::<Date>()
    {
        return date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|e| format!("`{written}` is out of range: {e}"));
    }
    if written.parse::<jiff::civil::DateTime>().is_ok() {
        return Err(format!("`{written}` has no time zone"));
    }
    Err(format!("`{written}` is not a valid date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_safe_url_segments() {
        assert!(is_safe_id("rust-101"));
        assert!(is_safe_id("k3v9q2m7xa"));
        for bad in ["", "Rust", "a b", "../x", "a/b", "-x", "a.b", "é"] {
            assert!(!is_safe_id(bad), "{bad}");
        }
        assert_eq!(id_problem("../x"), "it contains a path separator or a dot");
        assert_eq!(id_problem("Rust"), "it contains upper-case letters");
    }

    #[test]
    fn base_urls_get_a_trailing_slash() {
        assert_eq!(base_url("https://Acme.github.io/badges").unwrap(), "https://acme.github.io/badges/");
        assert!(base_url("ftp://x.org/").is_err());
        assert!(base_url("acme.github.io").is_err());
    }

    #[test]
    fn dates_need_a_zone_or_no_time() {
        assert_eq!(parse_date("2025-03-14").unwrap().to_string(), "2025-03-14T00:00:00Z");
        assert_eq!(parse_date("2025-03-14T10:00:00+01:00").unwrap().to_string(), "2025-03-14T09:00:00Z");
        assert_eq!(parse_date("2025-03-14T10:00:00").unwrap_err(), "`2025-03-14T10:00:00` has no time zone");
        assert_eq!(parse_date("2025-02-30").unwrap_err(), "`2025-02-30` is not a valid date");
    }

    #[test]
    fn emails() {
        assert!(looks_like_email("ada@example.org"));
        for bad in ["ada", "ada@example", "a b@example.org", "@example.org", "a@@b.org"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}

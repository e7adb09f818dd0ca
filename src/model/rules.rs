//! The rules for single values (text, URLs, e-mails, ids, dates, language tags), each written
//! once, with its wording: `rosette check`, `award`, `revoke`, `keygen` and the git guard all
//! apply these.
//!
//! A rule takes a value as written and returns it normalised, or a [`Problem`]: what is wrong
//! and how to fix it, with no location. The model attaches the file and span of the value
//! ([`crate::model::field::problem_at`]); `award` attaches the `--flag` or roster cell the
//! value came from. So an award refused by `award` and one refused by `check` say the same.

mod names;
pub mod placeholders;
mod privacy;

use jiff::Timestamp;
use jiff::civil::Date;

pub use names::{is_bidi_control, is_invisible, name, tag};
pub use privacy::{SALT_MIN_DIGITS, no_email_in_url, salt};

/// How to write a date, for every date problem.
pub const DATE_HELP: &str = "write a date like 2025-03-14 or 2025-03-14T10:00:00Z";

/// What is wrong with a value and how to fix it; where it is, is the caller's to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is more to say than the message.
    pub help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem { message: message.into(), help: Some(help.into()) }
    }
}

/// The longest text value (a description, a narrative, a revocation reason), in characters.
/// Every value is copied into several published files (pages, OB 2.0 and OB 3.0 documents,
/// baked images), so one huge value in a pull request multiplies; criteria are Markdown
/// bodies, bounded by the file size limit instead.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Text, trimmed, with line breaks as `\n`. Control characters other than line breaks are
/// refused, because verifiers escape them differently and they are invisible in an editor.
pub fn text(written: &str) -> Result<String, Problem> {
    let text = written.trim();
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(Problem::new(
            format!("the text is {length} characters long, more than the {MAX_TEXT_CHARS} a value may have"),
            "shorten it; link to a longer document if needed",
        ));
    }
    if let Some(c) = control_char(text) {
        return Err(Problem::new(
            format!("text contains the control character U+{:04X}", u32::from(c)),
            "remove it (tabs included); use spaces or Markdown instead",
        ));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// Award texts are published: an e-mail address in them would leak someone's address.
pub fn no_email_in_award_text(text: &str) -> Result<(), Problem> {
    match find_email(text) {
        Some(address) => Err(Problem::new(
            format!("award text contains the e-mail address `{address}`"),
            "award pages are public; remove the address",
        )),
        None => Ok(()),
    }
}

/// A web link (`http`/`https`), trimmed.
pub fn web_url(written: &str) -> Result<String, Problem> {
    let url = written.trim();
    if !escapes_are_text(url) {
        return Err(Problem::new(
            format!("`{url}` has a %-escape that is not UTF-8 text (or a `%` not followed by two hex digits)"),
            "escape every byte of a character (é is %C3%A9), write the character itself, or write a lone % as %25",
        ));
    }
    if is_web_url(url) {
        Ok(url.to_string())
    } else {
        Err(Problem::new(
            format!("`{url}` is not a valid web address"),
            "write a full URL starting with https:// (or http://)",
        ))
    }
}

/// An e-mail address, trimmed.
pub fn email(written: &str) -> Result<String, Problem> {
    let email = written.trim();
    if looks_like_email(email) {
        Ok(email.to_string())
    } else {
        Err(Problem::new(format!("`{email}` is not a valid e-mail address"), "write it as name@example.org"))
    }
}

/// A date written as text (see [`parse_date`]).
pub fn date(written: &str) -> Result<Timestamp, Problem> {
    parse_date(written).map_err(|message| Problem::new(message, DATE_HELP))
}

/// Verifiers refuse an award issued after the moment they check it.
pub fn issued_by(issued: Timestamp, now: Timestamp) -> Result<(), Problem> {
    if issued > now {
        return Err(Problem::new(
            format!("issued date {issued} is in the future"),
            "verifiers refuse awards issued in the future; use the date the badge was earned",
        ));
    }
    Ok(())
}

/// An award must expire after it was issued.
pub fn expires_after(issued: Timestamp, expires: Timestamp) -> Result<(), Problem> {
    if expires <= issued {
        return Err(Problem::new(
            "the award expires before it was issued",
            format!("give an expiry date after the issue date {issued}, or none"),
        ));
    }
    Ok(())
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
    if !escapes_are_text(url) {
        return Err(format!("`{url}` has a %-escape that is not UTF-8 text (or a `%` not followed by two hex digits)"));
    }
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

/// Whether every `%xx` escape of a URL is well-formed and they decode to UTF-8. Identifiers
/// are IRIs in the signed documents, and JSON-LD processors read escapes as text: one that is
/// not (`%C3` alone) is refused, or even crashes, some of them (json-ld 0.21 panics), so
/// such a URL never reaches a credential.
pub fn escapes_are_text(url: &str) -> bool {
    crate::escape::percent_decode(url).is_some()
}

/// Whether a string is an absolute `http`/`https` URL with a host and no spaces, whose
/// escapes are text ([`escapes_are_text`]).
pub fn is_web_url(url: &str) -> bool {
    escapes_are_text(url)
        && url::Url::parse(url)
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

/// Whether a string is a plausible BCP 47 language tag (`en`, `pt-BR`, `zh-Hant`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The range of dates a site may hold: what jiff (and so rosette's signing) can represent,
/// starting at year 1, since verifiers written with Python's `datetime` refuse earlier years.
pub const DATE_RANGE: &str = "dates go from 0001-01-01 to 9999-12-30 (UTC)";

/// Parses a date as written in a site file (see [`date`]); the error says what is wrong.
pub fn parse_date(written: &str) -> Result<Timestamp, String> {
    let out_of_range = || format!("`{written}` is out of range: {DATE_RANGE}");
    let earliest = || Timestamp::from_second(-62_135_596_800); // 0001-01-01T00:00:00Z
    let in_range = |at: Timestamp| match earliest() {
        Ok(earliest) if at >= earliest => Ok(at),
        _ => Err(out_of_range()),
    };
    if let Ok(timestamp) = written.parse::<Timestamp>() {
        return in_range(timestamp);
    }
    if written.len() == 10
        && let Ok(date) = written.parse::<Date>()
    {
        return date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_err(|_| out_of_range())
            .and_then(|z| in_range(z.timestamp()));
    }
    // A well-formed date and time with a zone that is still no timestamp lies past jiff's range.
    if let Ok(pieces) = jiff::fmt::temporal::Pieces::parse(written)
        && pieces.offset().is_some()
        && pieces.time().is_some()
    {
        return Err(out_of_range());
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
    fn values_come_back_normalised_or_with_a_problem() {
        assert_eq!(text("  two\r\nlines "), Ok("two\nlines".to_string()));
        assert_eq!(text("a\tb").unwrap_err().message, "text contains the control character U+0009");
        assert_eq!(web_url(" https://example.org/x "), Ok("https://example.org/x".to_string()));
        assert_eq!(web_url("ftp://example.org").unwrap_err().message, "`ftp://example.org` is not a valid web address");
        assert_eq!(email("ada@example").unwrap_err().help.as_deref(), Some("write it as name@example.org"));
        assert!(no_email_in_award_text("wrote to <ada@example.org>.").is_err());
        assert_eq!(date("2025-02-30").unwrap_err().help.as_deref(), Some(DATE_HELP));
    }

    #[test]
    fn dates_must_be_in_order() {
        let (earlier, later) = (date("2025-01-01").unwrap(), date("2025-03-01").unwrap());
        assert!(issued_by(earlier, later).is_ok());
        assert_eq!(issued_by(later, earlier).unwrap_err().message, "issued date 2025-03-01T00:00:00Z is in the future");
        assert!(expires_after(earlier, later).is_ok());
        assert!(expires_after(later, later).is_err(), "expiring at the moment of issue is not after it");
    }

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
    fn far_dates_are_out_of_range_not_invalid() {
        let range = "is out of range: dates go from 0001-01-01 to 9999-12-30 (UTC)";
        for far in ["9999-12-31T23:59:59Z", "9999-12-31", "0000-06-01T00:00:00Z", "-000001-01-01T00:00:00Z"] {
            assert_eq!(parse_date(far).unwrap_err(), format!("`{far}` {range}"), "{far}");
        }
        assert!(parse_date("9999-12-30").is_ok());
        assert!(parse_date("0001-01-01").is_ok());
    }

    #[test]
    fn emails() {
        assert!(looks_like_email("ada@example.org"));
        for bad in ["ada", "ada@example", "a b@example.org", "@example.org", "a@@b.org"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}

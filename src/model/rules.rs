//! The rules for single values that both `rosette check` and `rosette award` apply, each
//! written once, with its wording.
//!
//! A rule takes a value as written and returns it normalised, or a [`Problem`]: what is wrong
//! and how to fix it, with no location. The model attaches the file and span of the value
//! ([`crate::model::check::problem_at`]); `award` attaches the `--flag` or roster cell the
//! value came from. So an award refused by `award` and one refused by `check` say the same.

use jiff::Timestamp;

use super::check;

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

/// Text, trimmed, with line breaks as `\n`. Control characters other than line breaks are
/// refused, because verifiers escape them differently and they are invisible in an editor.
pub fn text(written: &str) -> Result<String, Problem> {
    let text = written.trim();
    if let Some(c) = check::control_char(text) {
        return Err(Problem::new(
            format!("text contains the control character U+{:04X}", u32::from(c)),
            "remove it (tabs included); use spaces or Markdown instead",
        ));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// Award texts are published: an e-mail address in them would leak someone's address.
pub fn no_email_in_award_text(text: &str) -> Result<(), Problem> {
    match check::find_email(text) {
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
    if check::is_web_url(url) {
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
    if check::looks_like_email(email) {
        Ok(email.to_string())
    } else {
        Err(Problem::new(format!("`{email}` is not a valid e-mail address"), "write it as name@example.org"))
    }
}

/// A date written as text (see [`check::parse_date`]).
pub fn date(written: &str) -> Result<Timestamp, Problem> {
    check::parse_date(written).map_err(|message| Problem::new(message, DATE_HELP))
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
        return Err(Problem { message: "the award expires before it was issued".into(), help: None });
    }
    Ok(())
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
}

//! Checks one requested award before anything is written: the same rules as `rosette check`
//! (shared through [`crate::model::check`]), reported at the flag or roster cell they concern.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::site::{Holder, SiteState};
use super::{Field, Origin, Request, hash_email};
use crate::error::Diagnostics;
use crate::model::check;

const DATE_HELP: &str = "write a date like 2025-03-14 or 2025-03-14T10:00:00Z";

/// Who the award is for, checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Who {
    /// The e-mail address, trimmed and lower-cased (what the hash is computed from).
    Email(String),
    /// A URL identity.
    Url(String),
}

/// A date to store: the moment, and its TOML form.
#[derive(Debug, Clone)]
pub(crate) struct Moment {
    pub at: Timestamp,
    pub toml: toml_edit::Datetime,
}

/// A requested award that passed every check.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub who: Who,
    pub name: Option<String>,
    pub public: bool,
    pub evidence: Vec<String>,
    pub narrative: Option<String>,
    pub issued: Moment,
    pub expires: Option<Moment>,
}

/// The normalised form of an e-mail address that recipient hashes are computed from.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks `request`, as of `now`; every problem goes to `diagnostics`.
pub(crate) fn check(request: &Request, now: Timestamp, diagnostics: &mut Diagnostics) -> Option<Checked> {
    let errors_before = diagnostics.error_count();
    let mut problem = |field: Field, message: String, help: &str| {
        let mut diagnostic = request.origin.diagnostic(field, message);
        if !help.is_empty() {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostics.push(diagnostic);
    };
    let who = match (&request.email, &request.url) {
        (Some(email), None) => email_identity(email).map_err(|(m, h)| problem(Field::Email, m, h)).ok(),
        (None, Some(url)) if check::is_web_url(url.trim()) => Some(Who::Url(url.trim().to_string())),
        (None, Some(url)) => {
            let message = format!("`{url}` is not a valid web address");
            problem(Field::Url, message, "write a full URL such as https://github.com/ada");
            None
        }
        (Some(_), Some(_)) => {
            problem(Field::Url, "give either an e-mail address or a URL, not both".into(), "");
            None
        }
        (None, None) => {
            problem(Field::Email, "is empty".into(), "every award needs the recipient's e-mail address");
            None
        }
    };
    let mut text = |field: Field, value: &Option<String>| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        if let Some(c) = check::control_char(value) {
            let message = format!("contains the control character U+{:04X}", u32::from(c));
            problem(field, message, "remove it (tabs included)");
        } else if let Some(address) = check::find_email(value) {
            let message = format!("contains the e-mail address `{address}`");
            problem(field, message, "award pages are public: leave e-mail addresses out");
        }
        Some(value.replace("\r\n", "\n"))
    };
    let name = text(Field::Name, &request.name);
    let narrative = text(Field::Narrative, &request.narrative);
    if request.public && name.is_none() {
        let message = "there is no name to show".to_string();
        problem(Field::Public, message, "give the recipient's name, or leave the award private");
    }
    for url in &request.evidence {
        if !check::is_web_url(url) {
            let message = format!("`{url}` is not a valid web address");
            problem(Field::Evidence, message, "write a full URL starting with https:// (or http://)");
        }
    }
    let issued = match &request.issued {
        Some(written) => moment(written).map_err(|m| problem(Field::Issued, m, DATE_HELP)).ok(),
        // The clock's sub-second digits would only add noise to the file.
        None => moment(&Timestamp::from_second(now.as_second()).unwrap_or(now).to_string()).ok(),
    };
    if let Some(issued) = &issued
        && issued.at > now
    {
        let message = format!("{} is in the future", issued.at);
        problem(Field::Issued, message, "verifiers refuse awards issued in the future; use the date it was earned");
    }
    let expires =
        request.expires.as_deref().and_then(|w| moment(w).map_err(|m| problem(Field::Expires, m, DATE_HELP)).ok());
    if let (Some(issued), Some(expires)) = (&issued, &expires)
        && expires.at <= issued.at
    {
        let message = format!("{} is not after the issue date {}", expires.at, issued.at);
        problem(Field::Expires, message, "give an expiry date after the issue date, or none");
    }
    if let (Some(issued), Some(expires)) = (&issued, &expires)
        && issued.at < expires.at
        && expires.at <= now
    {
        let message = format!("{} has passed: the award will show as expired", expires.at);
        diagnostics.push(request.origin.diagnostic(Field::Expires, message).as_warning());
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(Checked {
        who: who?,
        name,
        public: request.public,
        evidence: request.evidence.clone(),
        narrative,
        issued: issued?,
        expires,
    })
}

fn email_identity(written: &str) -> Result<Who, (String, &'static str)> {
    let email = normalise_email(written);
    if email.starts_with("mailto:") {
        return Err((format!("`{}` starts with mailto:", written.trim()), "give the bare address, name@example.org"));
    }
    if !check::looks_like_email(&email) {
        return Err((format!("`{}` is not a valid e-mail address", written.trim()), "write it as name@example.org"));
    }
    Ok(Who::Email(email))
}

/// A date as `rosette check` reads it; plain dates stay plain, date-times are stored in UTC.
pub(crate) fn moment(written: &str) -> Result<Moment, String> {
    let written = written.trim();
    let at = check::parse_date(written)?;
    let text = if written.len() == 10 { written.to_string() } else { at.to_string() };
    let toml = text.parse().map_err(|_| format!("`{written}` is out of the range a TOML date can hold"))?;
    Ok(Moment { at, toml })
}

/// Refuses the same recipient twice in one run, and (unless `allow_repeat`) a recipient who
/// already holds the badge: re-running a roster by mistake would otherwise publish a second
/// award to everyone, and published awards can only be revoked, never deleted.
pub(crate) fn refuse_repeats(
    requests: &[Request],
    checked: &[Option<Checked>],
    site: &SiteState,
    allow_repeat: bool,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: BTreeMap<Who, &Request> = BTreeMap::new();
    for (request, checked) in requests.iter().zip(checked) {
        // Compared as written (normalised), so a repeat is found even in a row with other problems.
        let (who, field) = match (&request.email, &request.url) {
            (Some(email), _) => (Who::Email(normalise_email(email)), Field::Email),
            (None, Some(url)) => (Who::Url(url.trim().to_string()), Field::Url),
            (None, None) => continue,
        };
        if let Some(first) = seen.get(&who) {
            let place = match &first.origin {
                Origin::Row { line, .. } => format!("line {line}"),
                Origin::Flags => "an earlier row".into(),
            };
            let message = format!("{who} is also on {place}");
            let help = "remove one of the rows: a run gives each recipient one award";
            diagnostics.push(request.origin.diagnostic(field, message).with_help(help));
            continue;
        }
        seen.insert(who, request);
        let Some(checked) = checked else { continue };
        let held = site.holders.iter().find(|(_, holder)| match (holder, &checked.who) {
            (Holder::Hash { hash, salt }, Who::Email(email)) => hash_email(email, salt).eq_ignore_ascii_case(hash),
            (Holder::Url(url), Who::Url(wanted)) => url == wanted,
            _ => false,
        });
        if let Some((id, _)) = held {
            let message = format!("{} already holds this badge (award {id})", checked.who);
            let diagnostic = request.origin.diagnostic(field, message);
            diagnostics.push(if allow_repeat {
                diagnostic.with_help("awarding it again, as --allow-repeat asks").as_warning()
            } else {
                diagnostic.with_help("if this is on purpose (a renewal, say), add --allow-repeat")
            });
        }
    }
}

impl Who {
    /// The normalised e-mail address, if that is the identity.
    pub fn email(&self) -> Option<&str> {
        match self {
            Who::Email(email) => Some(email),
            Who::Url(_) => None,
        }
    }

    /// The URL, if that is the identity.
    pub fn url(&self) -> Option<&str> {
        match self {
            Who::Url(url) => Some(url),
            Who::Email(_) => None,
        }
    }
}

impl std::fmt::Display for Who {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Who::Email(email) => write!(f, "`{email}`"),
            Who::Url(url) => write!(f, "`{url}`"),
        }
    }
}

//! Checks one requested award before anything is written: the same rules as `rosette check`
//! (shared through [`crate::model::rules`]), reported at the flag or roster cell they concern.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::site::{Holder, SiteState};
use super::{Field, Origin, Request};
use crate::error::Diagnostics;
use crate::model::recipient::{hash_matches, normalise_email};
use crate::model::rules::{self, DATE_HELP, Problem};

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

/// Checks `request`, as of `now`; every problem goes to `diagnostics`. The rules shared with
/// `rosette check` come from [`rules`], with their wording; only where a value came from (the
/// flag or roster cell) is said here.
pub(crate) fn request(request: &Request, now: Timestamp, diagnostics: &mut Diagnostics) -> Option<Checked> {
    let errors_before = diagnostics.error_count();
    let mut report = |field: Field, problem: Problem| {
        let diagnostic = request.origin.diagnostic(field, problem.message);
        diagnostics.push(match problem.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        });
    };
    let who = match (&request.email, &request.url) {
        (Some(email), None) => email_identity(email).map_err(|p| report(Field::Email, p)).ok(),
        (None, Some(url)) => rules::web_url(url).map(Who::Url).map_err(|p| report(Field::Url, p)).ok(),
        (Some(_), Some(_)) => {
            report(Field::Url, problem("give either an e-mail address or a URL, not both", None));
            None
        }
        (None, None) => {
            report(Field::Email, problem("is empty", Some("every award needs the recipient's e-mail address")));
            None
        }
    };
    // The name is one line people trust: the model's name rule (no bidi controls, nothing
    // invisible), then the award text rule (no e-mail address).
    let name = request.name.as_deref().map(str::trim).filter(|v| !v.is_empty()).and_then(|written| {
        let name = rules::name(written).map_err(|p| report(Field::Name, p)).ok()?;
        rules::no_email_in_award_text(&name).map_err(|p| report(Field::Name, p)).ok()?;
        Some(name)
    });
    let mut text = |field: Field, value: &Option<String>| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        let text = rules::text(value).map_err(|p| report(field, p)).unwrap_or_else(|()| value.to_string());
        if let Err(p) = rules::no_email_in_award_text(&text) {
            report(field, p);
        }
        Some(text)
    };
    let narrative = text(Field::Narrative, &request.narrative);
    // A refused name has been reported already: "no name to show" would say it twice.
    if request.public && request.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        let help = "give the recipient's name, or leave the award private";
        report(Field::Public, problem("there is no name to show", Some(help)));
    }
    let evidence: Vec<String> = request
        .evidence
        .iter()
        .filter_map(|url| {
            let url = rules::web_url(url).map_err(|p| report(Field::Evidence, p)).ok()?;
            rules::no_email_in_url(&url).map_err(|p| report(Field::Evidence, p)).ok()?;
            Some(url)
        })
        .collect();
    let issued = match &request.issued {
        Some(written) => moment(written).map_err(|m| report(Field::Issued, problem(m, Some(DATE_HELP)))).ok(),
        // The clock's sub-second digits would only add noise to the file.
        None => moment(&Timestamp::from_second(now.as_second()).unwrap_or(now).to_string()).ok(),
    };
    if let Some(issued) = &issued
        && let Err(p) = rules::issued_by(issued.at, now)
    {
        report(Field::Issued, p);
    }
    let expires = request
        .expires
        .as_deref()
        .and_then(|w| moment(w).map_err(|m| report(Field::Expires, problem(m, Some(DATE_HELP)))).ok());
    if let (Some(issued), Some(expires)) = (&issued, &expires)
        && let Err(p) = rules::expires_after(issued.at, expires.at)
    {
        report(Field::Expires, p);
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
    Some(Checked { who: who?, name, public: request.public, evidence, narrative, issued: issued?, expires })
}

/// A problem only `award` has (its own flags and columns).
fn problem(message: impl Into<String>, help: Option<&str>) -> Problem {
    Problem { message: message.into(), help: help.map(str::to_string) }
}

fn email_identity(written: &str) -> Result<Who, Problem> {
    let email = normalise_email(written);
    if email.starts_with("mailto:") {
        let message = format!("`{}` starts with mailto:", written.trim());
        return Err(problem(message, Some("give the bare address, name@example.org")));
    }
    rules::email(written)?;
    Ok(Who::Email(email))
}

/// A date as `rosette check` reads it; plain dates stay plain, date-times are stored in UTC.
pub(crate) fn moment(written: &str) -> Result<Moment, String> {
    let written = written.trim();
    let at = rules::parse_date(written)?;
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
            (Holder::Hash { hash, salt }, Who::Email(email)) => hash_matches(hash, salt, email),
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

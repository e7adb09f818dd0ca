//! The shape of an endorsement file: an OB 3.0 `EndorsementCredential` with only the
//! properties rosette publishes, each value under the rules of the site's own texts.
//!
//! The document is embedded as signed in the site's signed documents and shown on its pages,
//! and it comes from outside the organisation: so every key is known (anything else is
//! refused, not carried along unread), names and texts follow [`crate::model::rules`] like an
//! issuer's, and URLs are web links.

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::Endorser;
use super::locate::Locator;
use super::locate::problem;
use crate::error::Diagnostics;
use crate::model::rules;

/// The JSON-LD contexts of an endorsement, in this order (those of rosette's own credentials).
pub const CONTEXTS: [&str; 2] =
    ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

const TOP_KEYS: &[&str] = &[
    "@context",
    "id",
    "type",
    "name",
    "description",
    "issuer",
    "validFrom",
    "validUntil",
    "credentialSubject",
    "credentialStatus",
    "proof",
];
const ISSUER_KEYS: &[&str] = &["id", "type", "name", "url", "description"];
const SUBJECT_KEYS: &[&str] = &["id", "type", "endorsementComment"];
const PROOF_KEYS: &[&str] = &["type", "cryptosuite", "created", "verificationMethod", "proofPurpose", "proofValue"];

/// How to fix a document that is not what `rosette endorse` writes.
pub const RESIGN_HELP: &str =
    "ask the endorser for the file `rosette endorse` wrote, and add it exactly as they sent it";

/// What an endorsement says, read and checked.
#[derive(Debug)]
pub struct Shape {
    /// Its name.
    pub name: String,
    /// Who endorses.
    pub endorser: Endorser,
    /// The id of what is endorsed.
    pub subject: String,
    /// What the endorser says.
    pub comment: Option<String>,
    /// `validFrom`.
    pub issued: Timestamp,
    /// `validUntil`.
    pub expires: Option<Timestamp>,
    /// The proof's `verificationMethod`.
    pub method: String,
    /// `credentialStatus`: where the endorser may revoke it.
    pub status: Option<super::status::Status>,
}

/// Reads the document; every problem is reported and gives `None`. Its validity period is
/// checked against `now` when given (a withdrawn endorsement's dates no longer matter).
pub fn read(
    document: &Value,
    at: &Locator<'_>,
    now: Option<Timestamp>,
    diagnostics: &mut Diagnostics,
) -> Option<Shape> {
    let errors = diagnostics.error_count();
    let top = object(document, "", at, diagnostics)?;
    if top.get("@context") != Some(&Value::from(CONTEXTS.to_vec())) {
        let expected = serde_json::to_string(&CONTEXTS).unwrap_or_default();
        at.report("@context", problem(format!("`@context` must be {expected}"), RESIGN_HELP), diagnostics);
    }
    check_types(top, "", &["VerifiableCredential", "EndorsementCredential"], at, diagnostics);
    match string(top, "", "id", at, diagnostics) {
        Some(id) if id.starts_with("urn:uuid:") || rules::is_web_url(id) => {}
        Some(id) => at.report(
            "id",
            problem(format!("`id` `{id}` is not a urn:uuid: or https:// URL"), RESIGN_HELP),
            diagnostics,
        ),
        None => {}
    }
    let name =
        string(top, "", "name", at, diagnostics).and_then(|name| at.rule("name", rules::name(name), diagnostics));
    if let Some(description) = optional_string(top, "", "description", at, diagnostics) {
        at.rule("description", rules::text(description), diagnostics);
    }
    let endorser = object(top.get("issuer").unwrap_or(&Value::Null), "issuer", at, diagnostics)
        .and_then(|issuer| self::endorser(issuer, at, diagnostics));
    let (subject, comment) =
        match object(top.get("credentialSubject").unwrap_or(&Value::Null), "credentialSubject", at, diagnostics) {
            Some(subject) => {
                check_types(subject, "credentialSubject.", &["EndorsementSubject"], at, diagnostics);
                let comment = optional_string(subject, "credentialSubject.", "endorsementComment", at, diagnostics)
                    .and_then(|comment| {
                        at.rule("credentialSubject.endorsementComment", rules::text(comment), diagnostics)
                    });
                (string(subject, "credentialSubject.", "id", at, diagnostics).map(str::to_string), comment)
            }
            None => (None, None),
        };
    let issued = date(top, "validFrom", at, diagnostics);
    let after = |moment: Timestamp| now.is_some_and(|now| moment > now);
    if let Some(issued) = issued.filter(|issued| after(*issued)) {
        let message = format!("the endorsement is valid only from {issued}, in the future");
        at.report(
            "validFrom",
            problem(message, "add it once it is valid, or ask the endorser to sign it again with today's date"),
            diagnostics,
        );
    }
    let expires = top.get("validUntil").and_then(|_| date(top, "validUntil", at, diagnostics));
    if let Some(expires) = expires.filter(|expires| now.is_some_and(|now| *expires <= now)) {
        let message = format!("the endorsement expired on {expires}");
        let help = "ask the endorser for a new endorsement, and mark this one withdrawn: add endorsements/<id>.toml with `withdrawn = <date>` and `reason = \"…\"` (docs/format.md)";
        at.report("validUntil", problem(message, help), diagnostics);
    }
    let status = match top.get("credentialStatus") {
        None => None,
        Some(entry) => object(entry, "credentialStatus", at, diagnostics)
            .and_then(|entry| super::status::read(entry, at, diagnostics)),
    };
    let method = match top.get("proof") {
        None => {
            at.report("", problem("the endorsement is not signed: it has no `proof`", RESIGN_HELP), diagnostics);
            None
        }
        Some(proof) => object(proof, "proof", at, diagnostics)
            .and_then(|proof| string(proof, "proof.", "verificationMethod", at, diagnostics).map(str::to_string)),
    };
    if diagnostics.error_count() > errors {
        return None;
    }
    Some(Shape {
        name: name?,
        endorser: endorser?,
        subject: subject?,
        comment: comment.filter(|c| !c.is_empty()),
        issued: issued?,
        expires,
        method: method?,
        status,
    })
}

/// The endorser's profile (`issuer`).
fn endorser(issuer: &Map<String, Value>, at: &Locator<'_>, diagnostics: &mut Diagnostics) -> Option<Endorser> {
    check_types(issuer, "issuer.", &["Profile"], at, diagnostics);
    let did = string(issuer, "issuer.", "id", at, diagnostics)?;
    if !did.starts_with("did:web:") && !did.starts_with("did:key:") {
        let message = format!("the endorser `{did}` is neither a did:web nor a did:key");
        at.report(
            "issuer.id",
            problem(message, "an endorser is identified by a did:web (an organisation) or a did:key (a person)"),
            diagnostics,
        );
        return None;
    }
    let name = optional_string(issuer, "issuer.", "name", at, diagnostics)
        .map(|name| at.rule("issuer.name", rules::name(name), diagnostics));
    let url = optional_string(issuer, "issuer.", "url", at, diagnostics).map(|url| {
        let url = at.rule("issuer.url", rules::web_url(url), diagnostics)?;
        at.rule("issuer.url", rules::no_email_in_url(&url), diagnostics)?;
        Some(url)
    });
    if let Some(description) = optional_string(issuer, "issuer.", "description", at, diagnostics) {
        at.rule("issuer.description", rules::text(description), diagnostics);
    }
    Some(Endorser { did: did.to_string(), name: name.flatten(), url: url.flatten() })
}

/// `value` as an object whose keys are all in the list for `path`.
fn object<'a>(
    value: &'a Value,
    path: &str,
    at: &Locator<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<&'a Map<String, Value>> {
    let what = if path.is_empty() { "the file".to_string() } else { format!("`{path}`") };
    let Some(map) = value.as_object() else {
        let message =
            if value.is_null() { format!("{what} is missing") } else { format!("{what} must be a JSON object") };
        at.report(path, problem(message, RESIGN_HELP), diagnostics);
        return None;
    };
    let known = match path {
        "" => TOP_KEYS,
        "issuer" => ISSUER_KEYS,
        "credentialSubject" => SUBJECT_KEYS,
        "credentialStatus" => super::status::KEYS,
        _ => PROOF_KEYS,
    };
    let prefix = if path.is_empty() { String::new() } else { format!("{path}.") };
    for key in map.keys().filter(|key| !known.contains(&key.as_str())) {
        let message = format!("unexpected key `{prefix}{key}` in an endorsement");
        let help = format!("rosette publishes endorsements with only these keys there: {}", known.join(", "));
        at.report(&format!("{prefix}{key}"), problem(message, help), diagnostics);
    }
    Some(map)
}

/// A required string property.
pub(super) fn string<'a>(
    map: &'a Map<String, Value>,
    prefix: &str,
    key: &str,
    at: &Locator<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<&'a str> {
    match map.get(key) {
        Some(Value::String(text)) => Some(text),
        None => {
            at.report(
                prefix.trim_end_matches('.'),
                problem(format!("missing required key `{prefix}{key}`"), RESIGN_HELP),
                diagnostics,
            );
            None
        }
        Some(_) => {
            at.report(
                &format!("{prefix}{key}"),
                problem(format!("`{prefix}{key}` must be a string"), RESIGN_HELP),
                diagnostics,
            );
            None
        }
    }
}

/// An optional string property.
pub(super) fn optional_string<'a>(
    map: &'a Map<String, Value>,
    prefix: &str,
    key: &str,
    at: &Locator<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<&'a str> {
    map.contains_key(key).then(|| string(map, prefix, key, at, diagnostics)).flatten()
}

/// `type`: exactly `types`, as a list (or a single string for a single type).
pub(super) fn check_types(
    map: &Map<String, Value>,
    prefix: &str,
    types: &[&str],
    at: &Locator<'_>,
    diagnostics: &mut Diagnostics,
) {
    let ok = match map.get("type") {
        Some(Value::String(one)) => types == [one.as_str()],
        Some(Value::Array(list)) => list.iter().map(Value::as_str).eq(types.iter().map(|t| Some(*t))),
        _ => false,
    };
    if !ok {
        let expected = serde_json::to_string(types).unwrap_or_default();
        at.report(
            &format!("{prefix}type"),
            problem(format!("`{prefix}type` must be {expected}"), RESIGN_HELP),
            diagnostics,
        );
    }
}

/// A required date-time property (`validFrom`, `validUntil`).
fn date(map: &Map<String, Value>, key: &str, at: &Locator<'_>, diagnostics: &mut Diagnostics) -> Option<Timestamp> {
    let written = string(map, "", key, at, diagnostics)?;
    match written.parse::<Timestamp>() {
        Ok(at) => Some(at),
        Err(_) => {
            let message = format!("`{key}` `{written}` is not a date-time with a time zone");
            at.report(key, problem(message, "VC dates look like 2026-03-14T10:00:00Z"), diagnostics);
            None
        }
    }
}

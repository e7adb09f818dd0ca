//! Verifying an Open Badges 2.0 hosted assertion the way the 1EdTech validator does, plus the
//! checks it skips (a `revoked: true` body, the revocation list). The revocation list and
//! recipient checks are shared with signed assertions (`signed.rs`).

use serde_json::Value;

use super::{Aspect, Documents, Options, Verdict};
use crate::recipient::hash_matches;

/// Verifies a hosted assertion: its hosted copy is the source of truth.
pub fn verify(given: &Value, documents: &dyn Documents, options: &Options) -> Verdict {
    let id = given["id"].as_str().unwrap_or_default().to_string();
    let mut verdict = Verdict::new("Open Badges 2.0 assertion", &id);
    let assertion = match documents.json(&id) {
        Ok(hosted) if hosted["id"] == id.as_str() => {
            verdict.pass(Aspect::Signature, format!("hosted at its id {id}"));
            hosted
        }
        Ok(hosted) => {
            verdict.fail(Aspect::Signature, format!("the document at {id} has a different id {}", hosted["id"]));
            return verdict;
        }
        Err(problem) => {
            verdict.fetch_failed(Aspect::Signature, problem, |why| format!("cannot fetch the hosted assertion: {why}"));
            return verdict;
        }
    };
    if assertion["revoked"] == true {
        verdict.fail(
            Aspect::Status,
            format!("REVOKED: {}", assertion["revocationReason"].as_str().unwrap_or("no reason given")),
        );
        return verdict;
    }
    verdict.check(assertion["verification"]["type"] == "HostedBadge", Aspect::Signature, "hosted verification");
    let badge = documents.json(assertion["badge"].as_str().unwrap_or_default());
    let issuer = badge.as_ref().ok().and_then(|b| b["issuer"].as_str()).map(|url| documents.json(url));
    match (&badge, &issuer) {
        (Ok(badge), Some(Ok(issuer))) => {
            verdict
                .pass(Aspect::Issuer, format!("badge \"{}\" by \"{}\"", text(&badge["name"]), text(&issuer["name"])));
            policy(&mut verdict, &id, issuer);
            revocation_list(&mut verdict, &id, issuer, documents);
        }
        (Err(problem), _) | (_, Some(Err(problem))) => verdict
            .fetch_failed(Aspect::Issuer, problem.clone(), |why| format!("cannot fetch the badge or issuer: {why}")),
        _ => verdict.fail(Aspect::Issuer, "the badge class names no issuer"),
    }
    verdict.window(&assertion, ("issuedOn", "issued on"), ("expires", "expires on"), options.now);
    recipient(&mut verdict, &assertion, options);
    verdict
}

/// With `--recipient`: the assertion's recipient (hashed or not) is that e-mail address.
pub(super) fn recipient(verdict: &mut Verdict, assertion: &Value, options: &Options) {
    let Some(email) = &options.recipient else { return };
    let recipient = &assertion["recipient"];
    let matched = recipient["type"] == "email"
        && match recipient["hashed"].as_bool() {
            Some(true) => recipient["identity"]
                .as_str()
                .is_some_and(|h| hash_matches(h, recipient["salt"].as_str().unwrap_or(""), email)),
            _ => recipient["identity"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(email.trim())),
        };
    verdict.check(
        matched,
        Aspect::Recipient,
        if matched { "awarded to the given e-mail address" } else { "NOT awarded to the given e-mail address" },
    );
}

pub(super) fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("?")
}

/// The issuer's hosted-verification policy: where its assertions may live.
fn policy(verdict: &mut Verdict, id: &str, issuer: &Value) {
    let policy = &issuer["verification"];
    let starts: Vec<&str> = match &policy["startsWith"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !starts.is_empty() {
        verdict.check(
            starts.iter().any(|s| id.starts_with(s)),
            Aspect::Issuer,
            format!("id starts with an allowed prefix {starts:?}"),
        );
    }
    let host = url::Url::parse(id).ok().map(|u| match u.port() {
        Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
        None => u.host_str().unwrap_or_default().to_string(),
    });
    let origins: Vec<&str> = match &policy["allowedOrigins"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !origins.is_empty() {
        let ok = host.as_deref().is_some_and(|h| origins.contains(&h));
        verdict.check(ok, Aspect::Issuer, format!("origin {} is allowed by the issuer", host.unwrap_or_default()));
    }
}

pub(super) fn revocation_list(verdict: &mut Verdict, id: &str, issuer: &Value, documents: &dyn Documents) {
    let Some(url) = issuer["revocationList"].as_str() else { return };
    match documents.json(url) {
        Ok(list) => {
            let listed = list["revokedAssertions"]
                .as_array()
                .is_some_and(|entries| entries.iter().any(|e| e == id || e["id"] == id));
            verdict.check(
                !listed,
                Aspect::Status,
                if listed {
                    "REVOKED: named in the issuer's revocation list"
                } else {
                    "not in the issuer's revocation list"
                },
            );
        }
        Err(problem) => {
            verdict.fetch_failed(Aspect::Status, problem, |why| format!("cannot read the revocation list: {why}"))
        }
    }
}

//! Verifying an Open Badges 2.0 signed assertion (`verification.type` SignedBadge): a compact
//! JWS whose payload is the assertion, checked with the issuer's published `CryptographicKey`
//! (`publicKeyPem`, named by `verification.creator` or by the issuer's `publicKey`), then the
//! badge, the issuer, its revocation list and the dates, as for a hosted assertion.

use serde_json::Value;

use super::jwk::Key;
use super::jws::Jws;
use super::{Aspect, Documents, Options, Verdict, ob2};

/// Verifies a signed assertion.
pub(super) fn verify(jws: &Jws, documents: &dyn Documents, options: &Options) -> Verdict {
    let assertion = Value::Object(jws.payload.clone());
    let id = assertion["id"].as_str().unwrap_or("(no id)");
    let mut verdict = Verdict::new("Open Badges 2.0 signed assertion", id);
    let kind = &assertion["verification"]["type"];
    verdict.check(kind == "SignedBadge" || kind == "signed", Aspect::Format, format!("verification type {kind}"));
    let badge = documents.json(assertion["badge"].as_str().unwrap_or_default());
    let issuer = badge.as_ref().ok().and_then(|b| b["issuer"].as_str()).map(|url| documents.json(url));
    match (&badge, &issuer) {
        (Ok(badge), Some(Ok(issuer))) => {
            let names = format!("badge \"{}\" by \"{}\"", ob2::text(&badge["name"]), ob2::text(&issuer["name"]));
            verdict.pass(Aspect::Issuer, names);
            signature(&mut verdict, jws, &assertion, issuer, documents);
            ob2::revocation_list(&mut verdict, id, issuer, documents);
        }
        (Err(problem), _) | (_, Some(Err(problem))) => {
            verdict.fetch_failed(Aspect::Issuer, problem.clone(), |why| {
                format!("cannot fetch the badge or issuer: {why}")
            });
        }
        _ => verdict.fail(Aspect::Issuer, "the badge class names no issuer"),
    }
    verdict.window(&assertion, ("issuedOn", "issued on"), ("expires", "expires on"), options.now);
    ob2::recipient(&mut verdict, &assertion, options);
    verdict
}

/// The issuer's keys, as its profile lists them under `publicKey` (ids or embedded keys).
fn issuer_keys(issuer: &Value) -> Vec<String> {
    let ids = |value: &Value| value.as_str().or(value["id"].as_str()).map(str::to_string);
    match &issuer["publicKey"] {
        Value::Array(keys) => keys.iter().filter_map(ids).collect(),
        key => ids(key).into_iter().collect(),
    }
}

/// Checks the JWS with the key `verification.creator` names (else the issuer's first), which
/// must be the issuer's: owned by it, or listed in its profile.
fn signature(verdict: &mut Verdict, jws: &Jws, assertion: &Value, issuer: &Value, documents: &dyn Documents) {
    let listed = issuer_keys(issuer);
    let Some(url) = assertion["verification"]["creator"].as_str().map(str::to_string).or(listed.first().cloned())
    else {
        return verdict.fail(Aspect::Signature, "neither verification.creator nor the issuer's publicKey names a key");
    };
    let key = match documents.json(&url) {
        Ok(key) => key,
        Err(problem) => {
            return verdict.fetch_failed(Aspect::Signature, problem, |why| format!("cannot fetch the key: {why}"));
        }
    };
    let owned = key["owner"].is_string() && key["owner"] == issuer["id"];
    if !owned && !listed.contains(&url) {
        let label = format!(
            "the key {url} is not the issuer's: its owner is {} and the issuer's publicKey does not list it",
            key["owner"]
        );
        return verdict.fail(Aspect::Signature, label);
    }
    if key["revoked"].is_string() || key["revoked"] == true {
        return verdict.fail(Aspect::Signature, format!("the key {url} is revoked"));
    }
    let checked = key["publicKeyPem"]
        .as_str()
        .ok_or_else(|| format!("the key {url} has no publicKeyPem"))
        .and_then(Key::from_pem)
        .and_then(|key| key.verify(jws.alg(), &jws.signing_input, &jws.signature));
    match checked {
        Ok(()) => {
            verdict.pass(Aspect::Signature, format!("JWS {} signature verifies with the issuer's key {url}", jws.alg()))
        }
        Err(problem) => verdict.fail(Aspect::Signature, problem),
    }
}

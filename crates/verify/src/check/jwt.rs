//! Verifying an Open Badges 3.0 credential secured as a JWT: a VC 1.1 VC-JWT (the credential
//! in the `vc` claim, dates in `nbf`/`exp`) or a VC 2.0 JOSE-secured credential (the payload
//! is the credential), signed with EdDSA, ES256 or RS256 by a key of the issuer's DID or URL.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::jwk::Key;
use super::jws::Jws;
use super::{Aspect, Documents, FetchError, Options, Status, Verdict, ob3, resolve, status};
use crate::proof::Canonicalizer;

/// Verifies a VC-JWT credential: type, signature, dates, status, recipient.
pub(super) fn verify(jws: &Jws, documents: &dyn Documents, options: &Options) -> Verdict {
    let payload = Value::Object(jws.payload.clone());
    let vc1 = payload.get("vc").is_some_and(Value::is_object);
    let credential = if vc1 { payload["vc"].clone() } else { payload.clone() };
    let id = payload["jti"].as_str().or(credential["id"].as_str()).unwrap_or("(no id)");
    let mut verdict = Verdict::new("Open Badges 3.0 credential (VC-JWT)", id);
    ob3::badge_type(&mut verdict, &credential);
    let issuer = ob3::issuer(&credential);
    let iss = payload["iss"].as_str().unwrap_or(issuer);
    if iss != issuer && !issuer.is_empty() {
        verdict.fail(Aspect::Issuer, format!("the JWT's iss {iss} is not the credential's issuer {issuer}"));
    }
    signature(&mut verdict, jws, iss, documents);
    verdict.window(
        &dates(&payload, &credential),
        ("validFrom", "valid from"),
        ("validUntil", "valid until"),
        options.now,
    );
    status::check(&mut verdict, &Canonicalizer::new(), &credential, iss, documents);
    ob3::recipient(&mut verdict, &credential, options);
    verdict
}

/// The validity window of a JWT credential: the registered claims `nbf`/`exp` (seconds) win
/// over the credential's own dates (VC 1.1 `issuanceDate`/`expirationDate`, VC 2.0
/// `validFrom`/`validUntil`), as the VC-JWT encoding maps one onto the other.
fn dates(payload: &Value, credential: &Value) -> Value {
    let claim = |name: &str| {
        payload[name].as_i64().and_then(|s| Timestamp::from_second(s).ok()).map(|t| Value::String(t.to_string()))
    };
    let field = |names: [&str; 2]| names.iter().find_map(|n| credential.get(*n).cloned());
    let start = claim("nbf").or_else(|| field(["validFrom", "issuanceDate"])).unwrap_or(Value::Null);
    let mut dates = json!({ "validFrom": start });
    if let Some(end) = claim("exp").or_else(|| field(["validUntil", "expirationDate"])) {
        dates["validUntil"] = end;
    }
    dates
}

/// Checks the signature of `jws` with a key `issuer` authorises for assertions: the one its
/// `kid` names, else the one equal to its embedded `jwk`, else any (a header key alone proves
/// nothing: anyone can embed their own).
pub(super) fn signature(verdict: &mut Verdict, jws: &Jws, issuer: &str, documents: &dyn Documents) {
    let alg = jws.alg();
    match alg {
        "EdDSA" | "ES256" | "RS256" => {}
        "none" => return verdict.fail(Aspect::Signature, "the JWT is not signed (alg \"none\")"),
        _ if alg.starts_with("HS") => {
            let label = format!("the JWT is signed with a shared secret ({alg}), which cannot show who issued it");
            return verdict.fail(Aspect::Signature, label);
        }
        _ => {
            let label = format!("the JWS algorithm {alg:?} is not supported (only EdDSA, ES256 and RS256)");
            return verdict.push(Status::Unchecked, Aspect::Signature, label);
        }
    }
    let candidates = match jws.header.get("kid").and_then(Value::as_str) {
        Some(kid) => {
            // An absolute kid (a DID URL or an https key URL) names the key; a bare or `#`
            // one is a fragment of the issuer's document.
            let method = if kid.starts_with("did:") || kid.starts_with("https://") || kid.starts_with("http://") {
                kid.to_string()
            } else {
                format!("{issuer}#{}", kid.trim_start_matches('#'))
            };
            resolve::method(&method, issuer, documents).map(|entry| vec![entry])
        }
        None => resolve::assertion_methods(issuer, documents),
    };
    let candidates = match candidates {
        Ok(candidates) => candidates,
        Err(problem) => return verdict.fetch_failed(Aspect::Signature, problem, str::to_string),
    };
    let embedded = jws.header.get("jwk").map(Key::from_jwk);
    let mut last = None;
    for entry in &candidates {
        let method = entry["id"].as_str().unwrap_or_default();
        let key = match resolve::key(entry) {
            Ok(key) => key,
            Err(problem) => {
                last = Some(problem);
                continue;
            }
        };
        if let Some(Ok(embedded)) = &embedded
            && embedded != &key
        {
            continue;
        }
        match key.verify(alg, &jws.signing_input, &jws.signature) {
            Ok(()) => return verdict.pass(Aspect::Signature, format!("VC-JWT {alg} signature verifies with {method}")),
            Err(problem) => last = Some(problem),
        }
    }
    let why = last.unwrap_or_else(|| format!("the key in the JWT header is none of the keys {issuer} authorises"));
    verdict.fetch_failed(Aspect::Signature, FetchError::Refused(why), str::to_string);
}

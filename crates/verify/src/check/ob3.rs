//! Verifying an Open Badges 3.0 credential secured by an embedded proof (VC 2.0 or VC 1.1):
//! proof, key, status, dates, recipient. The parts a VC-JWT shares (type, status, recipient)
//! are `pub(super)` for `jwt.rs`.

use serde_json::Value;

use super::{Aspect, Documents, Options, Status, VC1_CONTEXT, Verdict, resolve, status};
use crate::proof::{Canonicalizer, PublicKey};
use crate::recipient::hash_matches;

/// Verifies a credential (its status list too, when it has one).
pub fn verify(credential: &Value, documents: &dyn Documents, options: &Options) -> Verdict {
    let id = credential["id"].as_str().unwrap_or("(no id)").to_string();
    let vc1 = credential["@context"].get(0).and_then(Value::as_str) == Some(VC1_CONTEXT);
    let endorsement = credential["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "EndorsementCredential"));
    let kind = match (endorsement, vc1) {
        (true, _) => "Open Badges 3.0 endorsement",
        (false, true) => "Open Badges 3.0 credential (VC 1.1)",
        (false, false) => "Open Badges 3.0 credential",
    };
    let mut verdict = Verdict::new(kind, &id);
    let canon = Canonicalizer::new();
    badge_type(&mut verdict, credential);
    if endorsement {
        // What it vouches for: a badge, an issuer or an award, by id.
        match credential["credentialSubject"]["id"].as_str() {
            Some(subject) => verdict.pass(Aspect::Format, format!("endorses {subject}")),
            None => verdict.fail(Aspect::Format, "the endorsement names nothing it endorses (no credentialSubject id)"),
        }
    }
    let issuer = issuer(credential);
    proof(&mut verdict, &canon, credential, issuer, documents);
    if vc1 {
        verdict.window(credential, ("issuanceDate", "issued on"), ("expirationDate", "expires on"), options.now);
    } else {
        verdict.window(credential, ("validFrom", "valid from"), ("validUntil", "valid until"), options.now);
    }
    status::check(&mut verdict, &canon, credential, issuer, documents);
    recipient(&mut verdict, credential, options);
    verdict
}

/// The issuer's id (`issuer` is an id or a profile with one).
pub(super) fn issuer(credential: &Value) -> &str {
    credential["issuer"].get("id").or(credential.get("issuer")).and_then(Value::as_str).unwrap_or_default()
}

/// The credential is an Open Badge (OpenBadgeCredential, or AchievementCredential as 3.0.0
/// named it) or an Open Badges endorsement (EndorsementCredential).
pub(super) fn badge_type(verdict: &mut Verdict, credential: &Value) {
    let types = credential["type"].as_array().cloned().unwrap_or_default();
    let is_badge = types
        .iter()
        .any(|t| t == "OpenBadgeCredential" || t == "AchievementCredential" || t == "EndorsementCredential");
    verdict.check(is_badge, Aspect::Format, format!("type {}", Value::Array(types)));
}

/// With `--recipient`: the subject's hashed e-mail identifier matches it.
pub(super) fn recipient(verdict: &mut Verdict, credential: &Value, options: &Options) {
    let Some(email) = &options.recipient else { return };
    let identifiers = credential["credentialSubject"]["identifier"].as_array().cloned().unwrap_or_default();
    let matched = identifiers.iter().any(|i| {
        i["identityType"] == "emailAddress"
            && i["identityHash"].as_str().is_some_and(|h| hash_matches(h, i["salt"].as_str().unwrap_or(""), email))
    });
    verdict.check(
        matched,
        Aspect::Recipient,
        if matched { "awarded to the given e-mail address" } else { "NOT awarded to the given e-mail address" },
    );
}

/// Checks the embedded proof of `document` (a credential or a status list), resolving its
/// verification method through the issuer's DID or URL.
pub(super) fn proof(
    verdict: &mut Verdict,
    canon: &Canonicalizer,
    document: &Value,
    issuer: &str,
    documents: &dyn Documents,
) {
    let proof = match &document["proof"] {
        Value::Array(proofs) => proofs.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let suite = match (proof["type"].as_str(), proof["cryptosuite"].as_str()) {
        (Some("DataIntegrityProof"), Some("eddsa-rdfc-2022")) => "eddsa-rdfc-2022",
        (Some("Ed25519Signature2020"), None) => "Ed25519Signature2020",
        (None, _) => {
            verdict.fail(Aspect::Signature, "no proof: the credential is not signed");
            return;
        }
        (Some("DataIntegrityProof"), Some(suite @ ("ecdsa-sd-2023" | "bbs-2023"))) => {
            let label = format!("selective-disclosure proofs ({suite}) are not supported");
            verdict.push(Status::Unchecked, Aspect::Signature, label);
            return;
        }
        (Some(kind), suite) => {
            let name = suite.map_or(kind.to_string(), |suite| format!("{kind} with cryptosuite {suite}"));
            let label =
                format!("the proof type {name} is not supported (only eddsa-rdfc-2022 and Ed25519Signature2020)");
            verdict.push(Status::Unchecked, Aspect::Signature, label);
            return;
        }
    };
    let Some(method) = proof["verificationMethod"].as_str() else {
        verdict.fail(Aspect::Signature, "the proof has no verificationMethod");
        return;
    };
    let key = resolve::method(method, issuer, documents).and_then(|entry| {
        let multibase = entry["publicKeyMultibase"]
            .as_str()
            .ok_or_else(|| super::FetchError::Refused(format!("{method} has no publicKeyMultibase")))?;
        PublicKey::from_multibase(multibase).map_err(|e| super::FetchError::Refused(format!("{method}: {e}")))
    });
    let key = match key {
        Ok(key) => key,
        Err(problem) => {
            verdict.fetch_failed(Aspect::Signature, problem, str::to_string);
            return;
        }
    };
    match crate::proof::verify(canon, document, &key) {
        Ok(_) => verdict.pass(Aspect::Signature, format!("{suite} proof verifies with {method}")),
        Err(e) => verdict.fail(Aspect::Signature, format!("the proof does not verify: {e}")),
    }
}

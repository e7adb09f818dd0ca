//! Verifying an Open Badges 3.0 credential: proof, key, status, dates, recipient.

use serde_json::Value;

use super::{Aspect, Conclusion, Documents, FetchError, Options, Verdict};
use crate::proof::{Canonicalizer, PublicKey};
use crate::recipient::hash_matches;
use crate::status;

/// Verifies a credential (its status list too, when it has one).
pub fn verify(credential: &Value, documents: &dyn Documents, options: &Options) -> Verdict {
    let id = credential["id"].as_str().unwrap_or("(no id)").to_string();
    let mut verdict = Verdict::new("Open Badges 3.0 credential", &id);
    let canon = Canonicalizer::new();
    let types = credential["type"].as_array().cloned().unwrap_or_default();
    let is_badge = types.iter().any(|t| t == "OpenBadgeCredential" || t == "AchievementCredential");
    verdict.check(is_badge, Aspect::Format, format!("type {}", Value::Array(types)));
    let issuer =
        credential["issuer"].get("id").or(credential.get("issuer")).and_then(Value::as_str).unwrap_or_default();
    proof(&mut verdict, &canon, credential, issuer, documents);
    verdict.window(credential, ("validFrom", "valid from"), ("validUntil", "valid until"), options.now);
    if let Some(entry) = credential.get("credentialStatus") {
        status_check(&mut verdict, &canon, entry, issuer, documents);
    }
    if let Some(email) = &options.recipient {
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
    verdict
}

/// Checks the proof of `document`, resolving its verification method through `did:web`.
fn proof(verdict: &mut Verdict, canon: &Canonicalizer, document: &Value, issuer: &str, documents: &dyn Documents) {
    let proof = match &document["proof"] {
        Value::Array(proofs) => proofs.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let Some(method) = proof["verificationMethod"].as_str() else {
        verdict.fail(Aspect::Signature, "no proof with a verificationMethod");
        return;
    };
    let key = match resolve_key(method, issuer, documents) {
        Ok(key) => key,
        Err(problem) => {
            verdict.fetch_failed(Aspect::Signature, problem, str::to_string);
            return;
        }
    };
    match crate::proof::verify(canon, document, &key) {
        Ok(_) => verdict.pass(Aspect::Signature, format!("eddsa-rdfc-2022 proof verifies with {method}")),
        Err(e) => verdict.fail(Aspect::Signature, format!("the proof does not verify: {e}")),
    }
}

/// Finds the public key of `method`, checking the DID document authorises it for the issuer.
/// Every problem but an unavailable DID document is a refusal: the check fails.
fn resolve_key(method: &str, issuer: &str, documents: &dyn Documents) -> Result<PublicKey, FetchError> {
    let refuse = FetchError::Refused;
    let did = method.split('#').next().unwrap_or(method);
    if did != issuer {
        return Err(refuse(format!("the key {method} does not belong to the issuer {issuer}")));
    }
    if let Some(key) = did.strip_prefix("did:key:") {
        return PublicKey::from_multibase(key).map_err(|e| refuse(format!("{did}: {e}")));
    }
    let url = crate::did::web_document_url(did)
        .ok_or_else(|| refuse(format!("cannot resolve {did}: only did:web and did:key are supported")))?;
    let document = documents.json(&url).map_err(|e| match e {
        FetchError::Unavailable(why) => FetchError::Unavailable(format!("cannot resolve {method}: {why}")),
        refused => refused,
    })?;
    if document["id"] != did {
        return Err(refuse(format!("the DID document at {url} is for {}, not {did}", document["id"])));
    }
    let entry = document["verificationMethod"]
        .as_array()
        .and_then(|methods| methods.iter().find(|m| m["id"] == method))
        .ok_or_else(|| refuse(format!("{url} does not list the key {method}")))?;
    if entry["controller"] != did {
        return Err(refuse(format!("the key {method} is controlled by {}, not {did}", entry["controller"])));
    }
    let authorised = document["assertionMethod"].as_array().is_some_and(|list| list.iter().any(|m| m == method));
    if !authorised {
        return Err(refuse(format!(
            "the key {method} is not authorised for assertions (revoked or not in assertionMethod)"
        )));
    }
    let multibase =
        entry["publicKeyMultibase"].as_str().ok_or_else(|| refuse(format!("{method} has no publicKeyMultibase")))?;
    PublicKey::from_multibase(multibase).map_err(|e| refuse(format!("{method}: {e}")))
}

fn status_check(verdict: &mut Verdict, canon: &Canonicalizer, entry: &Value, issuer: &str, documents: &dyn Documents) {
    if entry["type"] != "BitstringStatusListEntry" {
        verdict.fail(Aspect::Status, format!("unsupported credentialStatus type {}", entry["type"]));
        return;
    }
    let index = match &entry["statusListIndex"] {
        Value::String(s) => s.parse::<u32>().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    };
    let (Some(index), Some(url)) = (index, entry["statusListCredential"].as_str()) else {
        verdict.fail(Aspect::Status, "the credentialStatus has no usable statusListIndex or statusListCredential");
        return;
    };
    let list = match documents.json(url) {
        Ok(list) => list,
        Err(problem) => {
            verdict.fetch_failed(Aspect::Status, problem, |why| format!("cannot read the status list: {why}"));
            return;
        }
    };
    let list_issuer = list["issuer"].get("id").or(list.get("issuer")).and_then(Value::as_str).unwrap_or_default();
    let mut inner = Verdict::new("status list", url);
    proof(&mut inner, canon, &list, list_issuer, documents);
    let label = format!("status list {url} is signed by the issuer");
    match inner.conclusion() {
        Conclusion::CouldNotCheck if list_issuer == issuer => {
            let why = inner.checks.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join("; ");
            verdict.fetch_failed(Aspect::Status, FetchError::Unavailable(why), |why| format!("{label}: {why}"));
        }
        conclusion => verdict.check(conclusion == Conclusion::Valid && list_issuer == issuer, Aspect::Status, label),
    }
    let purpose = &list["credentialSubject"]["statusPurpose"];
    if purpose != "revocation" || entry["statusPurpose"] != "revocation" {
        verdict.fail(Aspect::Status, format!("unexpected status purpose {purpose}"));
        return;
    }
    match list["credentialSubject"]["encodedList"].as_str().map(|encoded| status::bit(encoded, index)) {
        Some(Ok(false)) => verdict.pass(Aspect::Status, format!("not revoked (status bit {index} is 0)")),
        Some(Ok(true)) => verdict.fail(Aspect::Status, format!("REVOKED: status bit {index} is set")),
        Some(Err(problem)) => verdict.fail(Aspect::Status, format!("cannot read the status list: {problem}")),
        None => verdict.fail(Aspect::Status, "the status list has no encodedList"),
    }
}

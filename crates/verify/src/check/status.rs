//! The status of an Open Badges 3.0 credential: each `credentialStatus` entry
//! (`BitstringStatusListEntry`, or `StatusList2021Entry` of VC 1.1 credentials) points at a
//! status list credential, signed by the same issuer (an embedded proof or a VC-JWT), whose
//! bit for the credential says whether it is revoked or suspended.

use serde_json::Value;

use super::{Aspect, Conclusion, Documents, FetchError, Status, Verdict, jws, jwt, ob3};
use crate::proof::Canonicalizer;

/// Checks every status entry of `credential` (none: nothing to check).
pub(super) fn check(
    verdict: &mut Verdict,
    canon: &Canonicalizer,
    credential: &Value,
    issuer: &str,
    documents: &dyn Documents,
) {
    let entries = match credential.get("credentialStatus") {
        None => return,
        Some(Value::Array(entries)) => entries.clone(),
        Some(entry) => vec![entry.clone()],
    };
    for entry in &entries {
        check_entry(verdict, canon, entry, issuer, documents);
    }
}

fn check_entry(verdict: &mut Verdict, canon: &Canonicalizer, entry: &Value, issuer: &str, documents: &dyn Documents) {
    let legacy = match entry["type"].as_str() {
        Some("BitstringStatusListEntry") => false,
        Some("StatusList2021Entry") => true,
        _ => {
            let label = format!(
                "the credentialStatus type {} is not supported (only BitstringStatusListEntry and StatusList2021Entry)",
                entry["type"]
            );
            verdict.push(Status::Unchecked, Aspect::Status, label);
            return;
        }
    };
    let index = match &entry["statusListIndex"] {
        Value::String(s) => s.parse::<u32>().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    };
    let (Some(index), Some(url)) = (index, entry["statusListCredential"].as_str()) else {
        verdict.fail(Aspect::Status, "the credentialStatus has no usable statusListIndex or statusListCredential");
        return;
    };
    let purpose = entry["statusPurpose"].as_str().unwrap_or_default();
    let (set, clear) = match purpose {
        "revocation" => ("REVOKED", "not revoked"),
        "suspension" => ("SUSPENDED", "not suspended"),
        other => {
            let label = format!("the status purpose {other:?} is not supported (only revocation and suspension)");
            verdict.push(Status::Unchecked, Aspect::Status, label);
            return;
        }
    };
    let Some(list) = signed_list(verdict, canon, url, issuer, documents) else { return };
    let subject = &list["credentialSubject"];
    if subject["statusPurpose"] != purpose {
        verdict
            .fail(Aspect::Status, format!("the status list's purpose {} is not {purpose:?}", subject["statusPurpose"]));
        return;
    }
    let encoded = subject["encodedList"].as_str().map(|encoded| {
        // StatusList2021 writes plain base64(url) without the multibase `u` of Bitstring lists.
        if legacy && !encoded.starts_with('u') {
            format!("u{}", encoded.trim_end_matches('=').replace('+', "-").replace('/', "_"))
        } else {
            encoded.to_string()
        }
    });
    match encoded.map(|encoded| crate::status::bit(&encoded, index)) {
        Some(Ok(false)) => verdict.pass(Aspect::Status, format!("{clear} (status bit {index} is 0)")),
        Some(Ok(true)) => verdict.fail(Aspect::Status, format!("{set}: status bit {index} is set")),
        Some(Err(problem)) => verdict.fail(Aspect::Status, format!("cannot read the status list: {problem}")),
        None => verdict.fail(Aspect::Status, "the status list has no encodedList"),
    }
}

/// The status list credential at `url`, once its signature by `issuer` is checked (a check
/// that fails or cannot be made is recorded and gives `None` only when the list is unusable).
fn signed_list(
    verdict: &mut Verdict,
    canon: &Canonicalizer,
    url: &str,
    issuer: &str,
    documents: &dyn Documents,
) -> Option<Value> {
    let bytes = match documents.get(url) {
        Ok(bytes) => bytes,
        Err(problem) => {
            verdict.fetch_failed(Aspect::Status, problem, |why| format!("cannot read the status list: {why}"));
            return None;
        }
    };
    let mut inner = Verdict::new("status list", url);
    let text = String::from_utf8_lossy(&bytes);
    let list = if jws::looks_like(&text) {
        let Ok(parsed) = jws::parse(&text) else {
            verdict.fail(Aspect::Status, format!("the status list at {url} is not a valid JWS"));
            return None;
        };
        let payload = Value::Object(parsed.payload.clone());
        let list = payload.get("vc").filter(|vc| vc.is_object()).cloned().unwrap_or(payload);
        jwt::signature(&mut inner, &parsed, ob3::issuer(&list), documents);
        list
    } else {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(list) => {
                ob3::proof(&mut inner, canon, &list, ob3::issuer(&list), documents);
                list
            }
            Err(e) => {
                let why = format!("{url} is not JSON: {e}");
                verdict.fetch_failed(Aspect::Status, FetchError::Unavailable(why), |why| {
                    format!("cannot read the status list: {why}")
                });
                return None;
            }
        }
    };
    let list_issuer = ob3::issuer(&list);
    let label = format!("status list {url} is signed by the issuer");
    match inner.conclusion() {
        Conclusion::CouldNotCheck if list_issuer == issuer => {
            let why = inner.checks.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join("; ");
            verdict.fetch_failed(Aspect::Status, FetchError::Unavailable(why), |why| format!("{label}: {why}"));
        }
        conclusion => verdict.check(conclusion == Conclusion::Valid && list_issuer == issuer, Aspect::Status, label),
    }
    Some(list)
}

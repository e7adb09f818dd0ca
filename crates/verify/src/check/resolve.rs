//! Finding an issuer's keys: a `did:key` is its own key; a `did:web` document (fetched through
//! [`Documents`]) lists verification methods, and only those it authorises for assertions,
//! controlled by the DID itself, may sign a credential; an issuer named by an https URL
//! publishes its keys the same way, in its profile or in key documents of their own
//! (`controller.rs`). Shared by Data Integrity proofs and VC-JWT signatures, which differ only
//! in how a key is written.

use serde_json::{Value, json};

use super::jwk::Key;
use super::{Documents, FetchError, controller};

/// The verification method `method` of `issuer`, as its DID document (or, for an issuer
/// named by a URL, its key document and profile) lists it (a `did:key` gives one made from
/// the DID). Every problem but an unavailable document is a refusal.
pub(super) fn method(method: &str, issuer: &str, documents: &dyn Documents) -> Result<Value, FetchError> {
    let refuse = FetchError::Refused;
    if !method.starts_with("did:") && controller::is_url(issuer) {
        return controller::method(method, issuer, documents);
    }
    let did = method.split('#').next().unwrap_or(method);
    if did != issuer {
        return Err(refuse(format!("the key {method} does not belong to the issuer {issuer}")));
    }
    if let Some(key) = did.strip_prefix("did:key:") {
        return Ok(json!({ "id": method, "controller": did, "publicKeyMultibase": key }));
    }
    let (url, document) = did_document(did, method, documents)?;
    let entry =
        listed_method(&document, method).ok_or_else(|| refuse(format!("{url} does not list the key {method}")))?;
    authorised(&document, &entry, did)?;
    Ok(entry)
}

/// Every verification method `issuer` authorises for assertions (for a signature that does
/// not say which key made it).
pub(super) fn assertion_methods(issuer: &str, documents: &dyn Documents) -> Result<Vec<Value>, FetchError> {
    if let Some(key) = issuer.strip_prefix("did:key:") {
        return Ok(vec![json!({ "id": format!("{issuer}#{key}"), "publicKeyMultibase": key })]);
    }
    if controller::is_url(issuer) {
        return controller::assertion_methods(issuer, documents);
    }
    let (url, document) = did_document(issuer, issuer, documents)?;
    let methods: Vec<Value> = document["verificationMethod"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| authorised(&document, entry, issuer).is_ok())
        .cloned()
        .collect();
    if methods.is_empty() {
        return Err(FetchError::Refused(format!("{url} authorises no key for assertions")));
    }
    Ok(methods)
}

/// The key of a verification method: `publicKeyJwk` (JsonWebKey2020, JsonWebKey) or
/// `publicKeyMultibase` (Multikey, Ed25519VerificationKey2020).
pub(super) fn key(entry: &Value) -> Result<Key, String> {
    let id = entry["id"].as_str().unwrap_or("the key");
    if let Some(jwk) = entry.get("publicKeyJwk") {
        return Key::from_jwk(jwk).map_err(|e| format!("{id}: {e}"));
    }
    match entry["publicKeyMultibase"].as_str() {
        Some(multibase) => Key::from_multibase(multibase).map_err(|e| format!("{id}: {e}")),
        None => Err(format!("{id} has neither publicKeyJwk nor publicKeyMultibase")),
    }
}

/// The verification method `id` as a controller document (a DID document or an issuer
/// profile) lists it: under `verificationMethod`, or embedded under `assertionMethod`.
pub(super) fn listed_method(document: &Value, id: &str) -> Option<Value> {
    let entries = |name: &str| match &document[name] {
        Value::Array(list) => list.clone(),
        Value::Object(_) => vec![document[name].clone()],
        _ => Vec::new(),
    };
    entries("verificationMethod").into_iter().chain(entries("assertionMethod")).find(|m| m["id"] == id)
}

/// The DID document of a `did:web` DID, checked to be the document of that DID.
fn did_document(did: &str, method: &str, documents: &dyn Documents) -> Result<(String, Value), FetchError> {
    let refuse = FetchError::Refused;
    let url = crate::did::web_document_url(did).ok_or_else(|| {
        let name = did.split(':').take(2).collect::<Vec<_>>().join(":");
        refuse(format!(
            "cannot resolve {did}: the DID method {name} is not supported (only did:web, did:key and https URLs)"
        ))
    })?;
    let document = documents.json(&url).map_err(|e| unavailable(e, method))?;
    if document["id"] != did {
        return Err(refuse(format!("the DID document at {url} is for {}, not {did}", document["id"])));
    }
    Ok((url, document))
}

/// A document the key `method` needs could not be had: the check could not be made.
pub(super) fn unavailable(error: FetchError, method: &str) -> FetchError {
    match error {
        FetchError::Unavailable(why) => FetchError::Unavailable(format!("cannot resolve {method}: {why}")),
        refused => refused,
    }
}

/// Whether `entry` is controlled by `controller` and authorised by `document` (the
/// controller's document) for assertions: listed under `assertionMethod` by id or embedded.
pub(super) fn authorised(document: &Value, entry: &Value, controller: &str) -> Result<(), FetchError> {
    let id = entry["id"].as_str().unwrap_or_default();
    if entry["controller"] != controller {
        return Err(FetchError::Refused(format!(
            "the key {id} is controlled by {}, not {controller}",
            entry["controller"]
        )));
    }
    let names = |m: &Value| m == id || (m.is_object() && m["id"] == id);
    let listed = match &document["assertionMethod"] {
        Value::Array(list) => list.iter().any(names),
        single => names(single),
    };
    if listed {
        Ok(())
    } else {
        Err(FetchError::Refused(format!(
            "the key {id} is not authorised for assertions (revoked or not in assertionMethod)"
        )))
    }
}

//! Finding an issuer's keys through its DID: a `did:key` is its own key; a `did:web` document
//! (fetched through [`Documents`]) lists verification methods, and only those it authorises
//! for assertions, controlled by the DID itself, may sign a credential. Shared by Data
//! Integrity proofs and VC-JWT signatures, which differ only in how a key is written.

use serde_json::{Value, json};

use super::jwk::Key;
use super::{Documents, FetchError};

/// The verification method `method` of `issuer`, as its DID document lists it (a `did:key`
/// gives one made from the DID). Every problem but an unavailable DID document is a refusal.
pub(super) fn method(method: &str, issuer: &str, documents: &dyn Documents) -> Result<Value, FetchError> {
    let refuse = FetchError::Refused;
    let did = method.split('#').next().unwrap_or(method);
    if did != issuer {
        return Err(refuse(format!("the key {method} does not belong to the issuer {issuer}")));
    }
    if let Some(key) = did.strip_prefix("did:key:") {
        return Ok(json!({ "id": method, "controller": did, "publicKeyMultibase": key }));
    }
    let (url, document) = did_document(did, method, documents)?;
    let entry = document["verificationMethod"]
        .as_array()
        .and_then(|methods| methods.iter().find(|m| m["id"] == method))
        .ok_or_else(|| refuse(format!("{url} does not list the key {method}")))?;
    authorised(&document, entry, did)?;
    Ok(entry.clone())
}

/// Every verification method `issuer` authorises for assertions (for a signature that does
/// not say which key made it).
pub(super) fn assertion_methods(issuer: &str, documents: &dyn Documents) -> Result<Vec<Value>, FetchError> {
    if let Some(key) = issuer.strip_prefix("did:key:") {
        return Ok(vec![json!({ "id": format!("{issuer}#{key}"), "publicKeyMultibase": key })]);
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

/// The key of a verification method: `publicKeyJwk` (JsonWebKey2020) or `publicKeyMultibase`
/// (Multikey, Ed25519VerificationKey2020).
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

/// The DID document of a `did:web` DID, checked to be the document of that DID.
fn did_document(did: &str, method: &str, documents: &dyn Documents) -> Result<(String, Value), FetchError> {
    let refuse = FetchError::Refused;
    let url = crate::did::web_document_url(did).ok_or_else(|| {
        let name = did.split(':').take(2).collect::<Vec<_>>().join(":");
        refuse(format!("cannot resolve {did}: the DID method {name} is not supported (only did:web and did:key)"))
    })?;
    let document = documents.json(&url).map_err(|e| match e {
        FetchError::Unavailable(why) => FetchError::Unavailable(format!("cannot resolve {method}: {why}")),
        refused => refused,
    })?;
    if document["id"] != did {
        return Err(refuse(format!("the DID document at {url} is for {}, not {did}", document["id"])));
    }
    Ok((url, document))
}

/// Whether `entry` is controlled by `did` and listed (by id) under `assertionMethod`.
fn authorised(document: &Value, entry: &Value, did: &str) -> Result<(), FetchError> {
    let id = entry["id"].as_str().unwrap_or_default();
    if entry["controller"] != did {
        return Err(FetchError::Refused(format!("the key {id} is controlled by {}, not {did}", entry["controller"])));
    }
    let listed = document["assertionMethod"].as_array().is_some_and(|list| list.iter().any(|m| m == id));
    if listed {
        Ok(())
    } else {
        Err(FetchError::Refused(format!(
            "the key {id} is not authorised for assertions (revoked or not in assertionMethod)"
        )))
    }
}

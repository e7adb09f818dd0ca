//! Whether an endorsement was signed by its endorser: the key comes from the `did:key` itself,
//! or from the `did:web` endorser's DID document bundled beside the file (`<id>.did.json`,
//! the document the endorser serves); then the `eddsa-rdfc-2022` proof is checked by
//! [`crate::proof::verify`], the verifier of the site's own credentials.
//!
//! Offline and pure: the bundled DID document is taken at its word, so the reviewer of the
//! pull request compares it with the one the endorser serves (its URL is in the messages).

use serde_json::Value;

use super::locate::problem;
use crate::model::rules::Problem;
use crate::proof::{Canonicalizer, ProofError, PublicKey};

/// Checks the proof of `document`, signed by `did` with the key `method`; `did_document` is
/// the bundled DID document of a `did:web` endorser, and `did_file` the name it should have.
pub fn check(
    canon: &Canonicalizer,
    document: &Value,
    did: &str,
    method: &str,
    did_document: Option<&Value>,
    did_file: &str,
) -> Result<(), Problem> {
    let key = key(did, method, did_document, did_file)?;
    match crate::proof::verify(canon, document, &key) {
        Ok(_) => Ok(()),
        Err(ProofError::InvalidSignature) => Err(problem(
            format!(
                "the signature does not verify with {method}: the endorsement was changed after it was signed, or signed with another key"
            ),
            "add the file exactly as the endorser sent it; to change it, the endorser signs it again with `rosette endorse`",
        )),
        Err(error) => Err(problem(format!("the proof cannot be checked: {error}"), super::shape::RESIGN_HELP)),
    }
}

/// The public key of `method`, which must be one of `did`'s.
fn key(did: &str, method: &str, did_document: Option<&Value>, did_file: &str) -> Result<PublicKey, Problem> {
    let (method_did, fragment) = method.split_once('#').unwrap_or((method, ""));
    if method_did != did {
        return Err(problem(
            format!("the proof's key {method} is not a key of the endorser {did}"),
            "an endorsement is signed with a key of its issuer; the endorser signs it again with `rosette endorse --endorser-did`",
        ));
    }
    if let Some(multibase) = did.strip_prefix("did:key:") {
        if fragment != multibase {
            return Err(problem(
                format!("the proof's key {method} is not the key of {did} (its fragment must be #{multibase})"),
                super::shape::RESIGN_HELP,
            ));
        }
        return PublicKey::from_multibase(multibase)
            .map_err(|e| problem(format!("{did}: {e}"), super::shape::RESIGN_HELP));
    }
    let Some(served) = crate::model::urls::did_web_document(did) else {
        return Err(problem(
            format!("cannot tell where {did} publishes its keys: only did:web and did:key endorsers are supported"),
            super::shape::RESIGN_HELP,
        ));
    };
    let Some(document) = did_document else {
        return Err(problem(
            format!("the DID document of the endorser {did} is missing: add it as {did_file}"),
            format!("it is the document the endorser serves at {served}; rosette checks endorsements offline"),
        ));
    };
    let wrong = |message: String| {
        problem(message, format!("{did_file} must be the DID document the endorser serves at {served}"))
    };
    if document["id"] != did {
        return Err(wrong(format!("{did_file} is the DID document of {}, not of {did}", document["id"])));
    }
    let entry = document["verificationMethod"]
        .as_array()
        .and_then(|methods| methods.iter().find(|m| m["id"] == method))
        .ok_or_else(|| wrong(format!("{did_file} does not list the key {method}")))?;
    if entry["controller"] != did {
        return Err(wrong(format!("the key {method} is controlled by {}, not {did}", entry["controller"])));
    }
    if !document["assertionMethod"].as_array().is_some_and(|list| list.iter().any(|m| m == method)) {
        return Err(wrong(format!(
            "the key {method} is not authorised for assertions (not in assertionMethod of {did_file})"
        )));
    }
    let multibase =
        entry["publicKeyMultibase"].as_str().ok_or_else(|| wrong(format!("{method} has no publicKeyMultibase")))?;
    PublicKey::from_multibase(multibase).map_err(|e| wrong(format!("{method}: {e}")))
}

//! Finding the key of an issuer named by an https URL rather than a DID (W3C Controlled
//! Identifiers 1.0, "Retrieve Verification Method"; VC Data Integrity's rule that the key's
//! controller is the issuer). The proof's `verificationMethod` is a URL, fetched through
//! [`Documents`] as a DID document is: without a fragment it names a key document of its own
//! (as the Digital Bazaar stack publishes keys), with one a document that lists the key (often
//! the issuer's profile itself). Either way the key's `id` is exactly that URL, its
//! `controller` is the issuer, and the issuer's profile, fetched from the issuer's URL,
//! authorises it for `assertionMethod`: anyone can publish a key document naming someone
//! else as its controller, only the issuer's own profile can claim the key.

use serde_json::Value;

use super::resolve::{authorised, listed_method, unavailable};
use super::{Documents, FetchError};

/// The kinds of verification method whose key `resolve::key` reads.
const METHOD_TYPES: [&str; 4] = ["Multikey", "Ed25519VerificationKey2020", "JsonWebKey2020", "JsonWebKey"];

/// Whether `id` (an issuer's id) is a URL whose documents are fetched, not a DID.
pub(super) fn is_url(id: &str) -> bool {
    id.starts_with("https://") || id.starts_with("http://")
}

/// The verification method `method` (a URL) of the issuer at the URL `issuer`, checked to be
/// the issuer's key for assertions. Every problem but an unavailable document is a refusal.
pub(super) fn method(method: &str, issuer: &str, documents: &dyn Documents) -> Result<Value, FetchError> {
    let refuse = FetchError::Refused;
    if !is_url(method) {
        return Err(refuse(format!("the key {method} does not belong to the issuer {issuer}")));
    }
    let (url, fragment) = method.split_once('#').map_or((method, None), |(url, f)| (url, Some(f)));
    let document = documents.json(url).map_err(|e| unavailable(e, method))?;
    let entry = match fragment {
        // A key document of its own: it is the key.
        None if document["id"] == method => document.clone(),
        None => {
            return Err(refuse(format!("the key document at {url} is for {}, not {url}", document["id"])));
        }
        Some(_) if document["id"] != url => {
            return Err(refuse(format!("the document at {url} is for {}, not {url}", document["id"])));
        }
        Some(_) => {
            listed_method(&document, method).ok_or_else(|| refuse(format!("{url} does not list the key {method}")))?
        }
    };
    let kind = &entry["type"];
    let known = |t: &Value| t.as_str().is_some_and(|t| METHOD_TYPES.contains(&t));
    if !(known(kind) || kind.as_array().is_some_and(|types| types.iter().any(known))) {
        return Err(refuse(format!(
            "{method} is not a verification method: its type is {kind}, not one of {}",
            METHOD_TYPES.join(", ")
        )));
    }
    if entry["controller"] != issuer {
        return Err(refuse(format!("the key {method} is controlled by {}, not {issuer}", entry["controller"])));
    }
    let profile = if url == issuer { document } else { profile(issuer, method, documents)? };
    authorised(&profile, &entry, issuer)?;
    Ok(entry)
}

/// Every verification method the issuer at `issuer` authorises for assertions, each checked
/// as [`method`] checks one (for a JWT that does not say which key signed it).
pub(super) fn assertion_methods(issuer: &str, documents: &dyn Documents) -> Result<Vec<Value>, FetchError> {
    let profile = profile(issuer, issuer, documents)?;
    let ids: Vec<&str> = match &profile["assertionMethod"] {
        Value::Array(list) => list.iter().filter_map(|m| m.as_str().or(m["id"].as_str())).collect(),
        single => single.as_str().or(single["id"].as_str()).into_iter().collect(),
    };
    let mut methods = Vec::new();
    let mut problem = None;
    for id in ids {
        match method(id, issuer, documents) {
            Ok(entry) => methods.push(entry),
            // A key that could not be fetched may be the one: say so rather than "none".
            Err(e @ FetchError::Unavailable(_)) => problem = Some(e),
            Err(_) => {}
        }
    }
    match (methods.is_empty(), problem) {
        (false, _) => Ok(methods),
        (true, Some(unavailable)) => Err(unavailable),
        (true, None) => {
            Err(FetchError::Refused(format!("the issuer profile {issuer} authorises no key for assertions")))
        }
    }
}

/// The issuer's profile, its controller document: fetched from the issuer's URL and checked to
/// be the issuer's.
fn profile(issuer: &str, method: &str, documents: &dyn Documents) -> Result<Value, FetchError> {
    let profile = documents.json(issuer).map_err(|e| unavailable(e, method))?;
    if profile["id"] != issuer {
        return Err(FetchError::Refused(format!(
            "the issuer profile at {issuer} is for {}, not {issuer}",
            profile["id"]
        )));
    }
    Ok(profile)
}

#[cfg(test)]
mod tests;

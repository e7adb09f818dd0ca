//! Verifying an Open Badges credential the way a verifier would, check by check, without I/O.
//!
//! It accepts an Open Badges 3.0 credential on VC 2.0 or VC 1.1 (an `eddsa-rdfc-2022` or
//! `Ed25519Signature2020` proof, or a VC-JWT signed with EdDSA, ES256 or RS256; key resolution
//! through `did:web`, `did:key` or an issuer's https URL; Bitstring or StatusList2021 status
//! lists; validity dates) or an Open Badges 2.0 assertion, hosted (the hosted copy, badge, issuer, verification
//! policy, revocation list, dates) or signed (a JWS checked with the issuer's published key),
//! as JSON, as a compact JWS, or baked in a PNG or SVG image. Every document a check needs comes from the caller's [`Documents`]: the
//! command line answers from files and the network, the browser from `fetch`. The core never
//! knows which, so the two give the same verdict on the same documents.
//!
//! A check that fails makes the credential invalid; a check that could not be made (a document
//! it needs could not be fetched or read) makes it unverified, not invalid: a verifier offline
//! must not call a good badge bad ([`Conclusion`]).

mod controller;
mod jwk;
mod jws;
mod jwt;
mod ob2;
mod ob3;
mod resolve;
mod signed;
pub mod sniff;
mod status;
#[cfg(test)]
mod tests;
mod verdict;

use jiff::Timestamp;
use serde_json::Value;

pub use verdict::{Aspect, Check, Conclusion, Status, Verdict};

/// The context that makes a JSON document a Verifiable Credential 2.0.
const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The context of a Verifiable Credential 1.1 (older OB 3.0 credentials).
const VC1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";

/// Why a URL gave no document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The URL itself is refused (a mapped path leaving its folder, plain http): no honest
    /// credential needs it, so a check that depends on it fails.
    Refused(String),
    /// The document could not be had (offline and unmapped, missing, network down, not
    /// JSON): the check that needs it could not be made, which says nothing of the credential.
    Unavailable(String),
}

impl FetchError {
    /// The refusal of a document served over plain http, which no honest credential names;
    /// one sentence for the command line and the browser alike.
    pub fn plain_http(url: &str) -> Self {
        FetchError::Refused(format!("refusing to fetch {url} over plain http; credentials are served over https"))
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Refused(why) | FetchError::Unavailable(why) => f.write_str(why),
        }
    }
}

/// Where the documents a verification needs come from (DID documents, status lists, hosted
/// assertions, badge classes, issuers, revocation lists).
pub trait Documents {
    /// The bytes served at `url` (its fragment already removed or to be ignored).
    fn get(&self, url: &str) -> Result<Vec<u8>, FetchError>;

    /// The JSON document served at `url`.
    fn json(&self, url: &str) -> Result<Value, FetchError> {
        let bytes = self.get(url)?;
        serde_json::from_slice(&bytes).map_err(|e| FetchError::Unavailable(format!("{url} is not JSON: {e}")))
    }
}

/// What to verify against, besides the documents.
#[derive(Debug, Clone)]
pub struct Options {
    /// The moment of verification (the verifier's clock).
    pub now: Timestamp,
    /// An e-mail address to check against the recipient (hashed with the award's salt).
    pub recipient: Option<String>,
}

/// Why the input is not something to verify (as opposed to a badge that fails its checks).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not JSON, PNG or SVG, or JSON that is no credential: `what` names it for people ("an
    /// HTML page", "a JPEG image").
    #[error(
        "{what}, not a badge: verify takes an Open Badges 3.0 credential (JSON or VC-JWT) or 2.0 assertion (JSON or signed JWS), or a baked PNG or SVG badge image"
    )]
    NotABadge {
        /// What the input is.
        what: &'static str,
    },
    /// It looks like JSON but does not parse.
    #[error("it is not valid JSON: {0}")]
    NotJson(String),
    /// It looks like a compact JWS but does not decode.
    #[error("it is not a valid JWS: {0}")]
    NotJws(String),
    /// An image that holds nothing readable.
    #[error("{0}")]
    Unbaked(String),
    /// The URL to verify is refused outright.
    #[error("{0}")]
    Url(String),
}

/// Verifies the document at `url`, fetched through `documents`: a URL that gives no document
/// gives a verdict that could not check (or, when the URL itself is refused, a [`Refusal`]).
pub fn verify_url(url: &str, documents: &dyn Documents, options: &Options) -> Result<Verdict, Refusal> {
    verify_fetched(url, documents.get(url).as_deref().map_err(Clone::clone), documents, options)
}

/// Verifies what fetching `url` gave (`fetched`): [`verify_url`] for a caller that already
/// fetched it and keeps the bytes (the command line words a refusal from them).
pub fn verify_fetched(
    url: &str,
    fetched: Result<&[u8], FetchError>,
    documents: &dyn Documents,
    options: &Options,
) -> Result<Verdict, Refusal> {
    match fetched {
        Ok(bytes) => verify_bytes(bytes, documents, options),
        Err(FetchError::Refused(why)) => Err(Refusal::Url(why)),
        Err(unavailable) => {
            let mut verdict = Verdict::new("Open Badges document", url);
            verdict
                .fetch_failed(Aspect::Format, unavailable, |why| format!("cannot fetch the document to verify: {why}"));
            Ok(verdict)
        }
    }
}

/// Verifies `bytes`: a credential or assertion (JSON) or a baked badge image, told apart by
/// content ([`sniff::kind`]), not by name.
pub fn verify_bytes(bytes: &[u8], documents: &dyn Documents, options: &Options) -> Result<Verdict, Refusal> {
    let document = match sniff::kind(bytes) {
        sniff::Kind::Other(what) => return Err(Refusal::NotABadge { what }),
        sniff::Kind::Json => serde_json::from_slice(bytes).map_err(|e| Refusal::NotJson(e.to_string()))?,
        sniff::Kind::Jws => return verify_jws(&String::from_utf8_lossy(bytes), documents, options),
        sniff::Kind::Png | sniff::Kind::Svg => {
            let text = unbake(bytes).map_err(Refusal::Unbaked)?;
            if jws::looks_like(&text) {
                return verify_jws(&text, documents, options);
            }
            match serde_json::from_str(&text) {
                Ok(document) => document,
                // OB 2.0 allows baking just the URL of a hosted assertion.
                Err(_) if text.trim().starts_with("https://") => return verify_url(text.trim(), documents, options),
                Err(e) => {
                    return Err(Refusal::Unbaked(format!("the baked text is neither JSON, a JWS nor a URL: {e}")));
                }
            }
        }
    };
    verify_json(&document, documents, options)
}

/// Verifies a compact JWS: a VC-JWT credential (its payload has `vc`, or is itself a
/// credential) or an Open Badges 2.0 signed assertion.
pub fn verify_jws(text: &str, documents: &dyn Documents, options: &Options) -> Result<Verdict, Refusal> {
    let jws = jws::parse(text).map_err(Refusal::NotJws)?;
    let payload = Value::Object(jws.payload.clone());
    if payload.get("vc").is_some_and(Value::is_object) || is_ob3(&payload) {
        Ok(jwt::verify(&jws, documents, options))
    } else if is_ob2(&payload) {
        Ok(signed::verify(&jws, documents, options))
    } else {
        Err(Refusal::NotABadge {
            what: "a JWS whose payload is neither a VC-JWT credential nor an Open Badges 2.0 assertion",
        })
    }
}

/// Verifies a parsed credential or assertion.
pub fn verify_json(document: &Value, documents: &dyn Documents, options: &Options) -> Result<Verdict, Refusal> {
    if is_ob3(document) {
        Ok(ob3::verify(document, documents, options))
    } else if is_ob2(document) {
        Ok(ob2::verify(document, documents, options))
    } else {
        Err(Refusal::NotABadge {
            what: "JSON that is neither an Open Badges 3.0 credential (VC 2.0 or 1.1 context) nor a 2.0 assertion",
        })
    }
}

/// A Verifiable Credential: its first context is VC 2.0 or VC 1.1.
fn is_ob3(document: &Value) -> bool {
    matches!(document["@context"].get(0).and_then(Value::as_str), Some(VC2_CONTEXT | VC1_CONTEXT))
}

fn is_ob2(document: &Value) -> bool {
    document.get("@context").and_then(Value::as_str).is_some_and(|c| c.contains("openbadges/v2"))
}

/// Pulls the credential out of a baked PNG or SVG: the OB 3.0 credential when there is one
/// (it verifies on its own), else the OB 2.0 assertion; JSON, a JWS or a URL.
fn unbake(bytes: &[u8]) -> Result<String, String> {
    let baked = crate::baked::extract(bytes).map_err(|e| e.to_string())?;
    Ok(baked.ob3.or(baked.ob2).ok_or("the image holds no baked Open Badges credential or assertion")?)
}

/// Reads a date-time string of a document.
fn timestamp(value: &Value) -> Option<Timestamp> {
    value.as_str().and_then(|s| s.parse().ok())
}

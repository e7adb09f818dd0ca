//! `did:web` DID documents: one per issuer, listing every public key of the site.
//!
//! All ids are absolute (`did:web:…#key-id`), as the 1EdTech validator and generic DID
//! resolvers require. Keys stay listed after a rotation so credentials signed earlier keep
//! verifying; a revoked (compromised) key keeps its entry, marked `revoked`, but leaves
//! `assertionMethod`, so nothing signed with it verifies any more.

use serde::Serialize;

use super::vocab::*;
use crate::model::Site;

/// A DID document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DidDocument {
    #[serde(rename = "@context")]
    context: [&'static str; 2],
    id: String,
    verification_method: Vec<VerificationMethod>,
    assertion_method: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VerificationMethod {
    id: String,
    r#type: &'static str,
    controller: String,
    public_key_multibase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    revoked: Option<String>,
}

/// The verification method id of key `key_id` for issuer `issuer_id`.
pub fn verification_method(site: &Site, issuer_id: &str, key_id: &str) -> String {
    format!("{}#{key_id}", site.urls.issuer_did(issuer_id))
}

/// The DID document of issuer `issuer_id`.
pub fn document(site: &Site, issuer_id: &str) -> DidDocument {
    let did = site.urls.issuer_did(issuer_id);
    DidDocument {
        context: [DID_CONTEXT, MULTIKEY_CONTEXT],
        verification_method: site
            .keys
            .iter()
            .map(|key| VerificationMethod {
                id: verification_method(site, issuer_id, &key.id),
                r#type: MULTIKEY,
                controller: did.clone(),
                public_key_multibase: key.public_key.to_multibase(),
                revoked: key.revoked.map(|r| r.to_string()),
            })
            .collect(),
        assertion_method: site
            .keys
            .iter()
            .filter(|key| key.revoked.is_none())
            .map(|key| verification_method(site, issuer_id, &key.id))
            .collect(),
        id: did,
    }
}

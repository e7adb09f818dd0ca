//! Bitstring status lists: one signed `BitstringStatusListCredential` per issuer, whose bit
//! `i` is set when the award with status index `i` is revoked.
//!
//! The list has [`STATUS_LIST_SIZE`] entries whatever the number of awards, so its size says
//! nothing about how many badges were issued. The GZIP stream is written without a time or
//! file name, so the same revocations always give the same bytes.

use jiff::Timestamp;
use serde::Serialize;

use super::vocab::*;
use crate::model::{STATUS_LIST_SIZE, Site, Status};
use crate::proof::Proof;

/// Where a credential's revocation bit lives (`credentialStatus`): the award credentials
/// rosette signs and the endorsements `rosette endorse` signs.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusEntry {
    id: String,
    r#type: &'static str,
    status_purpose: &'static str,
    /// A base-10 string, as the Bitstring Status List spec requires.
    status_list_index: String,
    status_list_credential: String,
}

impl StatusEntry {
    /// Bit `index` of the revocation list at `list`.
    pub fn revocation(list: String, index: u64) -> Self {
        StatusEntry {
            id: format!("{list}#{index}"),
            r#type: STATUS_LIST_ENTRY,
            status_purpose: STATUS_PURPOSE_REVOCATION,
            status_list_index: index.to_string(),
            status_list_credential: list,
        }
    }
}

/// A status list credential.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusListCredential {
    #[serde(rename = "@context")]
    context: [&'static str; 1],
    id: String,
    r#type: [&'static str; 2],
    issuer: String,
    valid_from: String,
    credential_subject: StatusListSubject,
    /// Set once signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<Proof>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusListSubject {
    id: String,
    r#type: &'static str,
    status_purpose: &'static str,
    encoded_list: String,
}

/// The unsigned status list of issuer number `issuer`, and the moment it speaks for (its
/// `validFrom`, also used as the proof's `created`): the latest issue or revocation date of
/// the issuer's awards, or `fallback` when it has none. Deriving it from the sources keeps
/// builds reproducible; it changes exactly when the list can have changed.
pub fn status_list(site: &Site, issuer: usize, fallback: Timestamp) -> (StatusListCredential, Timestamp) {
    let id = &site.issuers[issuer].id;
    let mut bits = vec![0u8; (STATUS_LIST_SIZE / 8) as usize];
    let mut latest: Option<Timestamp> = None;
    for award in site.awards.iter().filter(|a| site.badges[a.badge].issuer == issuer) {
        latest = latest.max(Some(award.issued));
        if let Status::Revoked { date, .. } = &award.status {
            latest = latest.max(Some(*date));
            if let Some(index) = award.status_index {
                bits[(index / 8) as usize] |= 0x80 >> (index % 8);
            }
        }
    }
    let valid_from = latest.unwrap_or(fallback);
    let url = site.urls.issuer_status_list(id).url;
    let credential = StatusListCredential {
        context: [VC2_CONTEXT],
        id: url.clone(),
        r#type: [VERIFIABLE_CREDENTIAL, STATUS_LIST_CREDENTIAL],
        issuer: site.urls.issuer_did(id),
        valid_from: valid_from.to_string(),
        credential_subject: StatusListSubject {
            id: format!("{url}#list"),
            r#type: STATUS_LIST,
            status_purpose: STATUS_PURPOSE_REVOCATION,
            encoded_list: encode(&bits),
        },
        proof: None,
    };
    (credential, valid_from)
}

pub use rosette_verify::status::{bit, encode};

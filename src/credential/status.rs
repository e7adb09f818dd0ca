//! Bitstring status lists: one signed `BitstringStatusListCredential` per issuer, whose bit
//! `i` is set when the award with status index `i` is revoked.
//!
//! The list has [`STATUS_LIST_SIZE`] entries whatever the number of awards, so its size says
//! nothing about how many badges were issued. The GZIP stream is written without a time or
//! file name, so the same revocations always give the same bytes.

use std::io::Write;

use base64::Engine;
use flate2::{Compression, GzBuilder};
use jiff::Timestamp;
use serde::Serialize;

use super::vocab::*;
use crate::model::{STATUS_LIST_SIZE, Site, Status};
use crate::proof::Proof;

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

/// `u` + base64url (no padding) of the GZIP of the bits.
pub fn encode(bits: &[u8]) -> String {
    let mut gzip = GzBuilder::new().mtime(0).write(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = gzip.write_all(bits);
    let compressed = gzip.finish().unwrap_or_default();
    format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed))
}

/// Reads bit `index` of an `encodedList` (most significant bit of byte 0 is index 0).
pub fn bit(encoded_list: &str, index: u32) -> Result<bool, String> {
    use std::io::Read;
    let data =
        encoded_list.strip_prefix('u').ok_or("the encoded list does not start with `u` (base64url multibase)")?;
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| format!("the encoded list is not base64url: {e}"))?;
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .take(16 * 1024 * 1024)
        .read_to_end(&mut bits)
        .map_err(|e| format!("the encoded list is not GZIP: {e}"))?;
    let byte = bits
        .get((index / 8) as usize)
        .ok_or(format!("index {index} is beyond the list's {} entries", bits.len() * 8))?;
    Ok(byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_most_significant_first() {
        let mut bits = vec![0u8; 16384];
        bits[2] = 0b0000_0001; // index 23
        let encoded = encode(&bits);
        assert!(bit(&encoded, 23).unwrap());
        assert!(!bit(&encoded, 22).unwrap());
        assert!(!bit(&encoded, 16).unwrap());
        assert_eq!(encode(&bits), encoded, "encoding is deterministic");
    }
}

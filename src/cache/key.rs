//! Keys of the build cache: what an award's files are made from, as one SHA-256 digest.
//!
//! An award's files (its credential and OB 2.0 documents, its page, its share card, its baked
//! image) are a pure function of four things, and the key of an award hashes all four:
//! - **rosette itself**: its version and the identity of its executable (length and time of
//!   modification), so a rebuilt rosette never reuses what an older one made;
//! - **the site minus its awards**: `site.toml`, issuers, badges, keys, static files and
//!   template overrides, resolved (every field of [`Site`] but the awards, destructured so that
//!   a new field cannot be forgotten);
//! - **the award itself**, resolved: its status included, the only part of an award that
//!   depends on the moment of the build;
//! - **the signing key** (its public half), kept apart so that `check`, which signs nothing,
//!   can still recognise an award a build made.
//!
//! What an award's files must never depend on: other awards (an award page shows no count of
//! its badge's holders) and the moment of the build other than through the status. The
//! differential tests (a cached build against a fresh one, after edits) hold both.
//!
//! The model is hashed through its `Debug` text: every model type derives it, and within
//! one executable (which the key names) it is deterministic.

use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};

use crate::model::{Award, Endorsed, Endorsement, Site};

/// A SHA-256 digest: the key of an award, or the name of a file's contents in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// Lower-case hex, as stored.
    pub fn hex(&self) -> String {
        crate::hex::encode(&self.0)
    }

    /// Reads the hex form back; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Digest> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let digit = |b: u8| (b as char).to_digit(16).filter(|_| !b.is_ascii_uppercase());
            out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Some(Digest(out))
    }
}

/// Feeds `Debug` text straight into the hash, without building the string.
struct Hashing(Sha256);

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// Which rosette made a cache: its version and executable. Unknown executables (no
/// metadata) get the version alone plus a marker, never an error: the cache is an
/// optimisation.
pub fn rosette_identity() -> String {
    let mut identity = format!("rosette {} cache 1", env!("CARGO_PKG_VERSION"));
    let metadata = std::env::current_exe().and_then(std::fs::metadata);
    match metadata {
        Ok(metadata) => {
            let modified = metadata.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            let _ = write!(identity, " exe {} {}", metadata.len(), modified.map(|d| d.as_nanos()).unwrap_or_default());
        }
        Err(_) => identity.push_str(" exe unknown"),
    }
    identity
}

/// The digest of everything an award's files depend on besides the award: rosette's
/// identity and every part of the site but its awards.
pub fn site_key(identity: &str, site: &Site) -> Digest {
    // No `..`: a field added to `Site` must be placed here, in the key or knowingly out.
    let Site { config, urls, now: _, issuers, badges, awards, keys, endorsements, static_files, templates, preview } =
        site;
    let mut hashing = Hashing(Sha256::new());
    hashing.0.update(identity.as_bytes());
    // `now` is left out: it reaches an award only through its status, which the award key holds.
    let _ = write!(hashing, "{config:?}\0{urls:?}\0{issuers:?}\0{badges:?}\0{keys:?}\0{preview:?}\0");
    for endorsement in endorsements {
        hash_endorsement(&mut hashing, endorsement, awards);
    }
    for asset in static_files {
        let _ = write!(hashing, "{asset:?}\0");
    }
    for template in templates {
        let _ = write!(hashing, "{template:?}\0");
    }
    Digest(hashing.0.finalize().into())
}

/// An endorsement, its endorsed award named by id: the index of an award moves whenever an
/// award with a smaller id is added, and every award's key with it.
fn hash_endorsement(hashing: &mut Hashing, endorsement: &Endorsement, awards: &[Award]) {
    // No `..`, as for `Site`.
    let Endorsement { id, subject, endorser, name, comment, issued, expires, document, text, status, withdrawn } =
        endorsement;
    let subject = match subject {
        Endorsed::Award(index) => format!("award {:?}", awards.get(*index).map(|award| &award.id)),
        other => format!("{other:?}"),
    };
    let _ = write!(
        hashing,
        "{id:?} {subject} {endorser:?} {name:?} {comment:?} {issued:?} {expires:?} {document:?} {text:?} {status:?} {withdrawn:?}\0"
    );
}

/// The key of one award's files: the site's key and the award, resolved.
pub fn award_key(site_key: &Digest, award: &Award) -> Digest {
    let mut hashing = Hashing(Sha256::new());
    hashing.0.update(site_key.0);
    let _ = write!(hashing, "{award:?}");
    Digest(hashing.0.finalize().into())
}

/// Hex of the public key that signs, or empty for a build that signs nothing.
pub fn signer_text(public_key: Option<&[u8]>) -> String {
    public_key.map(crate::hex::encode).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_round_trip_through_hex() {
        let digest = Digest::of(b"rosette");
        assert_eq!(Digest::from_hex(&digest.hex()), Some(digest));
        for bad in ["", "zz", &digest.hex().to_uppercase(), &digest.hex()[1..]] {
            assert_eq!(Digest::from_hex(bad), None, "{bad}");
        }
    }
}

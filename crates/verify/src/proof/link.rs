//! Key links: the signature by which a site's current key vouches for the next one.
//!
//! A site's signing keys form a chain. The first key is its root; every later key is made by
//! `rosette keygen --rotate`, which signs the new key's identity with the secret of a key the
//! site already trusts. The signed bytes are a fixed UTF-8 text, one field per line:
//!
//! ```text
//! rosette-key-link:v1
//! <new key id>
//! <new public key, Multikey z6Mk…>
//! <new key's created, RFC 3339 UTC as jiff prints it, e.g. 2026-11-27T00:00:00Z>
//! <signing key id>
//! ```
//!
//! signed with pure Ed25519 (RFC 8032) by the signing key, and stored in the new key's file as
//! `signature = "z…"` (multibase base58btc of the 64 signature bytes). Every field that the
//! build publishes or relies on is covered, so a link cannot be moved to another key file,
//! another public key, another date or another signer. The version tag keeps these bytes from
//! ever meaning anything else (they cannot be mistaken for a credential's proof hash, which
//! is 64 raw bytes).

use jiff::Timestamp;

use super::{PublicKey, SigningKey};

/// The version tag: the first line of the signed text.
pub const LINK_TAG: &str = "rosette-key-link:v1";

/// What a link signs: a new key, and the key that vouches for it.
#[derive(Debug, Clone, Copy)]
pub struct KeyLink<'a> {
    /// The new key's id (its file name in `keys/`).
    pub id: &'a str,
    /// The new key's public key.
    pub public_key: &'a PublicKey,
    /// The new key's creation moment, as the model reads `created`.
    pub created: Timestamp,
    /// The id of the key that signs the link (`signed_by`).
    pub signed_by: &'a str,
}

/// Why a link's `signature` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not `z` + base58btc of 64 bytes.
    #[error("it is not a signature: expected `z` followed by base58btc of 64 bytes")]
    Malformed,
    /// Well-formed, but not made by the named key over this key file's values.
    #[error("it was not made with the secret of `{0}` over this key's id, public_key, created and signed_by")]
    Mismatch(String),
}

impl KeyLink<'_> {
    /// The exact bytes the signature covers.
    pub fn message(&self) -> Vec<u8> {
        format!("{LINK_TAG}\n{}\n{}\n{}\n{}", self.id, self.public_key.to_multibase(), self.created, self.signed_by)
            .into_bytes()
    }

    /// The `signature` value for this link, made with the signing key's secret.
    pub fn sign(&self, signer: &SigningKey) -> String {
        format!("z{}", bs58::encode(signer.sign(&self.message())).into_string())
    }

    /// Checks `signature` (as written in the key file) against the signing key's public key.
    pub fn verify(&self, signer: &PublicKey, signature: &str) -> Result<(), LinkError> {
        let encoded = signature.trim().strip_prefix('z').ok_or(LinkError::Malformed)?;
        let bytes = bs58::decode(encoded).into_vec().map_err(|_| LinkError::Malformed)?;
        if bytes.len() != 64 {
            return Err(LinkError::Malformed);
        }
        if signer.verify(&self.message(), &bytes) { Ok(()) } else { Err(LinkError::Mismatch(self.signed_by.into())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created() -> Timestamp {
        "2026-11-27T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_signed_text_is_fixed() {
        let key = SigningKey::generate().unwrap();
        let public = key.public_key();
        let link = KeyLink { id: "key-2", public_key: &public, created: created(), signed_by: "key-1" };
        let expected = format!("rosette-key-link:v1\nkey-2\n{}\n2026-11-27T00:00:00Z\nkey-1", public.to_multibase());
        assert_eq!(String::from_utf8(link.message()).unwrap(), expected);
    }

    #[test]
    fn a_link_verifies_only_with_its_signer_and_its_values() {
        let (old, new, other) =
            (SigningKey::generate().unwrap(), SigningKey::generate().unwrap(), SigningKey::generate().unwrap());
        let public = new.public_key();
        let link = KeyLink { id: "key-2", public_key: &public, created: created(), signed_by: "key-1" };
        let signature = link.sign(&old);
        assert!(signature.starts_with('z'));
        assert_eq!(link.verify(&old.public_key(), &signature), Ok(()));
        let mismatch = Err(LinkError::Mismatch("key-1".into()));
        assert_eq!(link.verify(&other.public_key(), &signature), mismatch);
        let other_public = other.public_key();
        for changed in [
            KeyLink { id: "key-3", ..link },
            KeyLink { public_key: &other_public, ..link },
            KeyLink { created: "2026-11-28T00:00:00Z".parse().unwrap(), ..link },
            KeyLink { signed_by: "key-0", ..link },
        ] {
            let expected = Err(LinkError::Mismatch(changed.signed_by.into()));
            assert_eq!(changed.verify(&old.public_key(), &signature), expected, "{changed:?}");
        }
        assert_eq!(link.verify(&old.public_key(), "not-z"), Err(LinkError::Malformed));
        assert_eq!(link.verify(&old.public_key(), "z0OIl"), Err(LinkError::Malformed));
        assert_eq!(link.verify(&old.public_key(), "z2222"), Err(LinkError::Malformed));
    }
}

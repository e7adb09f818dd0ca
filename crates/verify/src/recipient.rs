//! The recipient hash rule of Open Badges, in one place: how an e-mail address becomes the
//! `sha256$…` identity stored in award files and published in credentials.
//!
//! The address is trimmed and lower-cased, the award's salt is appended, and the SHA-256 of
//! that text is written as `sha256$` followed by 64 lower-case hex digits. `award` hashes
//! with it, `check` describes it, `verify` compares with it: if any of them normalised
//! differently, recipients could not prove that an award is theirs.

use sha2::{Digest, Sha256};

/// The normalised form of an e-mail address that recipient hashes are computed from.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `sha256$` + the hex SHA-256 of the normalised `email` followed by `salt` (OB 2.0 hashing).
pub fn hash_email(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{}{salt}", normalise_email(email)).as_bytes());
    format!("sha256${}", crate::hex::encode(&digest))
}

/// Whether `hash` (`sha256$hex`, hex in either case) is the hash of `email` with `salt`.
pub fn hash_matches(hash: &str, salt: &str, email: &str) -> bool {
    // Verifiers may meet hashes written by other issuers, in upper-case hex.
    hash.strip_prefix("sha256$").is_some() && hash.eq_ignore_ascii_case(&hash_email(email, salt))
}

/// Whether `hash` has the form award files must store: `sha256$` and 64 lower-case hex digits.
pub fn is_hash(hash: &str) -> bool {
    hash.strip_prefix("sha256$")
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // vectors/derived/identity-hash.json: sha256("a@example.com" + "Kosher").
    const HASH: &str = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399";

    #[test]
    fn hashes_follow_the_identity_hash_vector() {
        assert_eq!(hash_email("a@example.com", "Kosher"), HASH);
        assert_eq!(hash_email(" A@Example.com ", "Kosher"), HASH, "the address is normalised first");
        let unsalted = "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6";
        assert_eq!(hash_email("mayze", ""), unsalted);
        assert!(is_hash(HASH));
        assert!(!is_hash(&HASH.to_uppercase()));
    }

    #[test]
    fn matching_normalises_the_address_and_accepts_either_hex_case() {
        assert!(hash_matches(HASH, "Kosher", " A@Example.com "));
        assert!(hash_matches(&HASH.replace("b58", "B58"), "Kosher", "a@example.com"));
        assert!(!hash_matches(HASH, "Kosher", "b@example.com"));
        assert!(!hash_matches(HASH, "kosher", "a@example.com"), "the salt is not normalised");
        assert!(!hash_matches(HASH.trim_start_matches("sha256$"), "Kosher", "a@example.com"));
    }
}

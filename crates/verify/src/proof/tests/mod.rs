//! Tests of the proof module: published vectors (W3C, 1EdTech, jsonld.js differential),
//! strictness, tampering and key formats. Vectors are read from `tests/vectors/`, copied
//! verbatim from the shared spec folder.

mod differential;
mod keys;
mod strictness;
mod vectors;

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::{Canonicalizer, SigningKey};

/// One canonicaliser for all tests (as the build would share one).
fn canon() -> &'static Canonicalizer {
    static CANON: OnceLock<Canonicalizer> = OnceLock::new();
    CANON.get_or_init(Canonicalizer::new)
}

fn vector_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors").join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(vector_path(relative)).unwrap_or_else(|error| panic!("reading {relative}: {error}"))
}

fn json_file(relative: &str) -> Value {
    serde_json::from_str(&read(relative)).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}

fn unhex(text: &str) -> Vec<u8> {
    let text = text.trim();
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// A signing key from a raw 32-byte seed, through the public multibase import.
fn key_from_seed(seed: &[u8]) -> SigningKey {
    let mut bytes = vec![0x80, 0x26];
    bytes.extend_from_slice(seed);
    SigningKey::parse(&format!("z{}", bs58::encode(bytes).into_string())).unwrap()
}

/// A realistic ~2 KB OpenBadgeCredential (VC 2.0 + OB 3.0.3), varied by `n`.
fn sample_credential(n: usize) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("https://example.github.io/badges/awards/{n}.json"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("Rust Fundamentals awarded to learner {n}"),
        "issuer": {
            "id": "did:web:example.github.io:badges",
            "type": ["Profile"],
            "name": "Example Guild",
            "url": "https://example.github.io/badges/",
            "email": "badges@example.org"
        },
        "validFrom": "2025-01-15T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": format!("sha256${:064x}", n * 7919),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": format!("salt{n}")
            }],
            "achievement": {
                "id": "https://example.github.io/badges/badges/rust-fundamentals.json",
                "type": ["Achievement"],
                "name": "Rust Fundamentals",
                "description": "Demonstrated ownership, borrowing and error handling in Rust.",
                "criteria": {
                    "id": "https://example.github.io/badges/badges/rust-fundamentals.html",
                    "narrative": "Wrote and reviewed three crates; passed the final exercise."
                },
                "image": {
                    "id": "https://example.github.io/badges/badges/rust-fundamentals.png",
                    "type": "Image"
                },
                "tag": ["rust", "programming"],
                "achievementType": "Certificate"
            }
        },
        "evidence": [{
            "id": format!("https://example.github.io/badges/evidence/{n}.html"),
            "type": ["Evidence"],
            "name": "Final project",
            "narrative": "Reviewed pull request with tests."
        }]
    })
}

//! The `eddsa-rdfc-2022` cryptosuite (W3C VC-DI-EdDSA v1.0): signing and verifying a
//! `DataIntegrityProof` on a JSON-LD document.
//!
//! hashData = SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), where the
//! proof configuration is the proof without `proofValue` plus the document's `@context`;
//! proofValue = "z" + base58btc(Ed25519(hashData)). Ed25519 is deterministic, so signing the
//! same document with the same key and options always gives the same proof.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use super::{Canonicalizer, ProofError, PublicKey, SigningKey, strict};

const PROOF_TYPE: &str = "DataIntegrityProof";
const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
const PURPOSE: &str = "assertionMethod";
/// The legacy suite of VC 1.1 credentials, verified but never made.
const LEGACY_TYPE: &str = "Ed25519Signature2020";

/// A Data Integrity proof as embedded in a credential's `proof` property.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    /// `"DataIntegrityProof"` (or, verified only, `"Ed25519Signature2020"`).
    #[serde(rename = "type")]
    pub type_: String,
    /// `"eddsa-rdfc-2022"` (empty in a verified legacy `Ed25519Signature2020` proof).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cryptosuite: String,
    /// When the proof was made (xsd:dateTime with a time zone).
    pub created: String,
    /// The IRI of the Multikey verification method holding the public key.
    pub verification_method: String,
    /// Always `"assertionMethod"` (the OB 3.0 validator only accepts that purpose).
    pub proof_purpose: String,
    /// `"z"` + base58btc of the 64-byte Ed25519 signature.
    pub proof_value: String,
}

/// What the caller decides about a new proof.
#[derive(Debug, Clone, Copy)]
pub struct ProofOptions<'a> {
    /// xsd:dateTime with a time zone, e.g. `2025-01-15T12:00:00Z`. Taken from input rather
    /// than the clock so that builds are reproducible.
    pub created: &'a str,
    /// Absolute IRI of the verification method, e.g. `did:web:example.github.io#key-1`.
    pub verification_method: &'a str,
}

/// Signs an unsecured document (must have no "proof"); returns the proof to attach (purpose
/// assertionMethod).
///
/// Besides the canonicaliser's strictness, refuses control characters other than LF/CR and
/// `null` values anywhere in the document (see [`ProofError::ControlCharacter`]).
pub fn sign(
    canon: &Canonicalizer,
    unsecured: &Value,
    options: &ProofOptions,
    key: &SigningKey,
) -> Result<Proof, ProofError> {
    if unsecured.get("proof").is_some() {
        return Err(ProofError::AlreadySigned);
    }
    check_created(options.created)?;
    check_iri(options.verification_method)?;
    strict::check_for_signing(unsecured)?;
    let mut config = Map::new();
    config.insert("type".into(), PROOF_TYPE.into());
    config.insert("cryptosuite".into(), CRYPTOSUITE.into());
    config.insert("created".into(), options.created.into());
    config.insert("verificationMethod".into(), options.verification_method.into());
    config.insert("proofPurpose".into(), PURPOSE.into());
    let hash = hash_data(canon, unsecured, config)?;
    let signature = key.sign(&hash);
    Ok(Proof {
        type_: PROOF_TYPE.to_owned(),
        cryptosuite: CRYPTOSUITE.to_owned(),
        created: options.created.to_owned(),
        verification_method: options.verification_method.to_owned(),
        proof_purpose: PURPOSE.to_owned(),
        proof_value: format!("z{}", bs58::encode(signature).into_string()),
    })
}

/// Verifies a secured document's DataIntegrityProof (object or 1-element array;
/// eddsa-rdfc-2022; proofPurpose assertionMethod), or its legacy `Ed25519Signature2020`
/// proof, with `key`.
///
/// Every property of the proof except `proofValue` is part of the signed configuration, as
/// the cryptosuite specifies. Finding the key from `verificationMethod` (and checking the
/// controller) is the caller's job.
pub fn verify(canon: &Canonicalizer, secured: &Value, key: &PublicKey) -> Result<Proof, ProofError> {
    let Some(document) = secured.as_object() else {
        return Err(ProofError::InvalidDocument("it is not a JSON object".to_owned()));
    };
    let proof = match document.get("proof") {
        None => return Err(ProofError::MalformedProof("the document has no proof".to_owned())),
        Some(Value::Array(proofs)) if proofs.len() == 1 => &proofs[0],
        Some(Value::Array(proofs)) => {
            return Err(ProofError::MalformedProof(format!(
                "the document has {} proofs; exactly one is supported",
                proofs.len()
            )));
        }
        Some(proof) => proof,
    };
    let Some(proof_map) = proof.as_object() else {
        return Err(ProofError::MalformedProof("the proof is not an object".to_owned()));
    };
    let parsed: Proof =
        serde_json::from_value(proof.clone()).map_err(|error| ProofError::MalformedProof(error.to_string()))?;
    // Ed25519Signature2020, the suite before Data Integrity, hashes and signs exactly as
    // eddsa-rdfc-2022 does (its canonicalisation is URDNA2015, the same algorithm as RDFC-1.0);
    // only its type differs and it has no cryptosuite.
    let legacy = parsed.type_ == LEGACY_TYPE && parsed.cryptosuite.is_empty();
    let (type_, cryptosuite) = if legacy { (LEGACY_TYPE, "") } else { (PROOF_TYPE, CRYPTOSUITE) };
    for (field, found, expected) in [
        ("type", &parsed.type_, type_),
        ("cryptosuite", &parsed.cryptosuite, cryptosuite),
        ("proofPurpose", &parsed.proof_purpose, PURPOSE),
    ] {
        if found != expected {
            return Err(ProofError::MalformedProof(format!("{field} is `{found}`, expected `{expected}`")));
        }
    }
    check_created(&parsed.created)
        .map_err(|_| ProofError::MalformedProof(format!("created `{}` is not an xsd:dateTime", parsed.created)))?;
    let signature = parsed
        .proof_value
        .strip_prefix('z')
        .and_then(|encoded| bs58::decode(encoded).into_vec().ok())
        .filter(|bytes| bytes.len() == 64)
        .ok_or_else(|| {
            ProofError::MalformedProof("proofValue is not \"z\" + base58btc of a 64-byte signature".to_owned())
        })?;

    let mut unsecured = document.clone();
    unsecured.remove("proof");
    let mut config = proof_map.clone();
    config.remove("proofValue");
    // A proof may carry its own @context: the document's must start with it, and it then
    // replaces the document's (VC-DI-EdDSA, eddsa-rdfc-2022 "Verify Proof", step 4).
    if let Some(proof_context) = config.remove("@context") {
        if !context_starts_with(unsecured.get("@context"), &proof_context) {
            return Err(ProofError::MalformedProof(
                "the proof's @context is not a prefix of the document's".to_owned(),
            ));
        }
        unsecured.insert("@context".into(), proof_context);
    }
    let hash = hash_data(canon, &Value::Object(unsecured), config)?;
    if key.verify(&hash, &signature) { Ok(parsed) } else { Err(ProofError::InvalidSignature) }
}

/// SHA-256(canonical proof config) ‖ SHA-256(canonical document): the message that is signed.
fn hash_data(canon: &Canonicalizer, unsecured: &Value, mut config: Map<String, Value>) -> Result<[u8; 64], ProofError> {
    let context = unsecured
        .get("@context")
        .cloned()
        .ok_or_else(|| ProofError::InvalidDocument("it has no @context".to_owned()))?;
    config.insert("@context".into(), context);
    let config_hash = canon.config_hash(&Value::Object(config))?;
    let document_hash = Sha256::digest(canon.canonicalize(unsecured)?);
    let mut hash = [0u8; 64];
    hash[..32].copy_from_slice(&config_hash);
    hash[32..].copy_from_slice(&document_hash);
    Ok(hash)
}

/// Whether the document's `@context` begins with the proof's (both read as lists).
fn context_starts_with(document: Option<&Value>, proof: &Value) -> bool {
    fn as_list(value: &Value) -> Vec<&Value> {
        match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        }
    }
    let Some(document) = document else { return false };
    as_list(document).starts_with(&as_list(proof))
}

/// `created` must be an xsd:dateTimeStamp: `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`, a real
/// instant (checked by parsing it as a timestamp).
fn check_created(created: &str) -> Result<(), ProofError> {
    let bytes = created.as_bytes();
    let shape = bytes.len() >= 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && (created.ends_with('Z') || created.len() >= 25 && matches!(bytes[bytes.len() - 6], b'+' | b'-'));
    if shape && created.parse::<jiff::Timestamp>().is_ok() {
        Ok(())
    } else {
        Err(ProofError::InvalidOptions(format!(
            "created `{created}` is not an xsd:dateTime with a time zone such as 2025-01-15T12:00:00Z"
        )))
    }
}

/// The verification method must be an absolute IRI, or the proof graph would lose it.
fn check_iri(iri: &str) -> Result<(), ProofError> {
    if json_ld::Iri::new(iri).is_ok() {
        Ok(())
    } else {
        Err(ProofError::InvalidOptions(format!("verificationMethod `{iri}` is not an absolute IRI")))
    }
}

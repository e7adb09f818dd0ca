//! Published vectors: every intermediate value must match byte for byte.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::{canon, hex, json_file, key_from_seed, read, unhex};
use crate::proof::{Proof, ProofError, ProofOptions, PublicKey, SigningKey, sign, verify};

/// Checks canonical document and proof config, both hashes, their concatenation, the
/// signature and proofValue, and that the published signed document verifies.
struct Expected<'a> {
    unsigned: Value,
    proof_config: Value,
    canon_doc: String,
    canon_proof: String,
    doc_hash: &'a str,
    proof_hash: &'a str,
    combined: &'a str,
    signature: &'a str,
    proof_value: &'a str,
    signed: Value,
}

fn check(key: &SigningKey, expected: Expected<'_>) {
    let canon_doc = canon().canonicalize(&expected.unsigned).unwrap();
    assert_eq!(canon_doc, expected.canon_doc, "canonical document");
    let canon_proof = canon().canonicalize(&expected.proof_config).unwrap();
    assert_eq!(canon_proof, expected.canon_proof, "canonical proof config");
    let doc_hash = Sha256::digest(canon_doc.as_bytes());
    let proof_hash = Sha256::digest(canon_proof.as_bytes());
    assert_eq!(hex(&doc_hash), expected.doc_hash.trim());
    assert_eq!(hex(&proof_hash), expected.proof_hash.trim());
    let combined = [proof_hash.as_slice(), doc_hash.as_slice()].concat();
    assert_eq!(hex(&combined), expected.combined.trim());
    assert_eq!(hex(&key.sign(&combined)), expected.signature.trim());

    let options = ProofOptions {
        created: expected.proof_config["created"].as_str().unwrap(),
        verification_method: expected.proof_config["verificationMethod"].as_str().unwrap(),
    };
    let proof = sign(canon(), &expected.unsigned, &options, key).unwrap();
    assert_eq!(proof.proof_value, expected.proof_value.trim());
    let published: Proof = match &expected.signed["proof"] {
        Value::Array(proofs) => serde_json::from_value(proofs[0].clone()).unwrap(),
        proof => serde_json::from_value(proof.clone()).unwrap(),
    };
    assert_eq!(proof, published);
    assert_eq!(verify(canon(), &expected.signed, &key.public_key()).unwrap(), proof);
}

#[test]
fn w3c_eddsa_rdfc_2022() {
    let dir = "w3c-vc-di-eddsa/eddsa-rdfc-2022";
    let pair = json_file("w3c-vc-di-eddsa/keyPair.json");
    let key = SigningKey::parse(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
    assert_eq!(key.public_key().to_multibase(), pair["publicKeyMultibase"].as_str().unwrap());
    check(
        &key,
        Expected {
            unsigned: json_file("w3c-vc-di-eddsa/unsigned.json"),
            proof_config: json_file(&format!("{dir}/proofConfigDataInt.json")),
            canon_doc: read(&format!("{dir}/canonDocDataInt.txt")),
            canon_proof: read(&format!("{dir}/proofCanonDataInt.txt")),
            doc_hash: &read(&format!("{dir}/docHashDataInt.txt")),
            proof_hash: &read(&format!("{dir}/proofHashDataInt.txt")),
            combined: &read(&format!("{dir}/combinedHashDataInt.txt")),
            signature: &read(&format!("{dir}/sigHexDataInt.txt")),
            proof_value: &read(&format!("{dir}/sigBTC58DataInt.txt")),
            signed: json_file(&format!("{dir}/signedDataInt.json")),
        },
    );
}

#[test]
fn one_edtech_ob3_vector() {
    let dir = "1edtech-ob3-eddsa-rdfc-2022";
    let key_file = json_file(&format!("{dir}/key.json"));
    let key = key_from_seed(&unhex(key_file["seedHex"].as_str().unwrap()));
    assert_eq!(hex(key.public_key().as_bytes()), key_file["publicKeyHex"].as_str().unwrap());
    assert_eq!(key.public_key().to_multibase(), key_file["publicKeyMultibase"].as_str().unwrap());
    // The guide's 66-byte secretKeyMultibase (seed ‖ public key) is the same key.
    let exported = SigningKey::parse(key_file["secretKeyMultibase"].as_str().unwrap()).unwrap();
    assert_eq!(exported.public_key(), key.public_key());

    let unsigned = json_file(&format!("{dir}/unsigned-credential.json"));
    let mut proof_config = json_file(&format!("{dir}/proof-options.json"));
    proof_config["@context"] = unsigned["@context"].clone();
    let expected = json_file(&format!("{dir}/expected.json"));
    let field = |name: &str| expected[name].as_str().unwrap().to_owned();
    let (doc_hash, proof_hash, combined) =
        (field("documentHashHex"), field("proofConfigHashHex"), field("dataToSignHex"));
    let (signature, proof_value) = (field("signatureHex"), field("proofValue"));
    check(
        &key,
        Expected {
            unsigned,
            proof_config,
            canon_doc: read(&format!("{dir}/document-canon.nq")),
            canon_proof: read(&format!("{dir}/proof-canon.nq")),
            doc_hash: &doc_hash,
            proof_hash: &proof_hash,
            combined: &combined,
            signature: &signature,
            proof_value: &proof_value,
            signed: json_file(&format!("{dir}/signed-credential.json")),
        },
    );
}

/// jsonld.js 9 + rdf-canonize 5 (inside the Digital Bazaar verifiers) on a credential full of
/// edge cases: control characters, numbers, booleans, dates, lists, duplicate blank nodes.
#[test]
fn jsonld_js_differential_torture() {
    let document = json_file("jsonld-js-differential/ob-torture.json");
    let expected = read("jsonld-js-differential/ob-torture.jsonld-js.nq");
    assert_eq!(canon().canonicalize(&document).unwrap(), expected);
}

/// The key of the 1EdTech validator's credentials is in the verification method itself:
/// `<issuer>#z6Mk…` or `did:key:z6Mk…`.
fn key_from_verification_method(document: &Value) -> PublicKey {
    let proof = match &document["proof"] {
        Value::Array(proofs) => &proofs[0],
        proof => proof,
    };
    let method = proof["verificationMethod"].as_str().unwrap();
    let multibase = match method.split_once('#') {
        Some((_, fragment)) => fragment,
        None => method.strip_prefix("did:key:").unwrap(),
    };
    PublicKey::from_multibase(multibase).unwrap()
}

#[test]
fn one_edtech_validator_credentials_verify() {
    for name in [
        "simple",
        "simple-did-key-method",
        "simple-context-version",
        "complete",
        "bitstring-credential-status-revoked",
        "bitstring-status-list-credential",
    ] {
        let document = json_file(&format!("1edtech-validator-ob3/{name}.json"));
        let key = key_from_verification_method(&document);
        if let Err(error) = verify(canon(), &document, &key) {
            panic!("{name}: {error}");
        }
    }
}

#[test]
fn one_edtech_validator_negative_fails() {
    let document = json_file("1edtech-validator-ob3/simple-err-proof-value.json");
    let key = key_from_verification_method(&document);
    let result = verify(canon(), &document, &key);
    assert!(matches!(result, Err(ProofError::InvalidSignature)), "{result:?}");
}

/// The cached-context path (context processed once, body expanded without it) gives exactly
/// what json-ld's standard toRdf gives on the whole document.
#[test]
fn cached_context_path_equals_standard_to_rdf() {
    use json_ld::JsonLdProcessor as _;
    let reference = |document: &Value| -> String {
        let body = crate::proof::rdf::to_json_ld(document, false).unwrap();
        let remote = json_ld::RemoteDocument::new(None, None, body);
        let mut options = json_ld::Options::default();
        options.expansion_policy.allow_undefined = false;
        options.expansion_policy.invalid = json_ld::expansion::Action::Reject;
        let generator = json_ld::rdf_types::generator::Blank::new_with_prefix("b".to_owned());
        let loader = crate::proof::contexts::loader();
        let mut vocabulary = ();
        let mut rdf =
            futures::executor::block_on(remote.to_rdf_full(&mut vocabulary, generator, loader, options, ())).unwrap();
        let quads: Vec<oxrdf::Quad> =
            rdf.cloned_quads().map(|quad| crate::proof::rdf::to_oxrdf(quad).unwrap()).collect();
        rdf_canon::canonicalize_quads(&quads).unwrap()
    };
    let mut documents: Vec<Value> = (0..8).map(super::sample_credential).collect();
    documents.push(json_file("jsonld-js-differential/ob-torture.json"));
    let mut complete = json_file("1edtech-validator-ob3/complete.json");
    complete.as_object_mut().unwrap().remove("proof");
    documents.push(complete);
    for document in &documents {
        assert_eq!(canon().canonicalize(document).unwrap(), reference(document));
    }
}

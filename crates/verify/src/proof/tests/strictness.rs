//! Strictness and tamper tests: what must be refused, and what must stop verifying.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::{canon, hex, key_from_seed, sample_credential};
use crate::proof::{ProofError, ProofOptions, sign, verify};

const OPTIONS: ProofOptions<'static> =
    ProofOptions { created: "2025-01-15T12:00:00Z", verification_method: "did:web:example.github.io:badges#key-1" };

fn signed(document: &Value) -> Value {
    let key = key_from_seed(&[7; 32]);
    let proof = sign(canon(), document, &OPTIONS, &key).unwrap();
    let mut secured = document.clone();
    secured["proof"] = serde_json::to_value(proof).unwrap();
    secured
}

#[test]
fn undefined_term_is_refused() {
    let mut document = sample_credential(1);
    document["colour"] = json!("blue");
    let result = canon().canonicalize(&document);
    assert!(matches!(&result, Err(ProofError::UndefinedTerm(t)) if t == "colour"), "{result:?}");
    let mut document = sample_credential(1);
    document["credentialSubject"]["achievement"]["colour"] = json!("blue");
    let result = canon().canonicalize(&document);
    assert!(matches!(&result, Err(ProofError::UndefinedTerm(t)) if t == "colour"), "{result:?}");
}

#[test]
fn undefined_type_is_refused() {
    let mut document = sample_credential(1);
    document["type"] = json!(["VerifiableCredential", "OpenBadgeCredential", "Bogus"]);
    let result = canon().canonicalize(&document);
    assert!(matches!(&result, Err(ProofError::UndefinedTerm(t)) if t == "Bogus"), "{result:?}");
    let message = result.unwrap_err().to_string();
    assert!(message.contains("`Bogus` is not defined"), "{message}");
}

#[test]
fn relative_identifier_is_refused() {
    let mut document = sample_credential(1);
    document["id"] = json!("awards/1.json");
    let result = canon().canonicalize(&document);
    assert!(matches!(&result, Err(ProofError::RelativeIri(i)) if i == "awards/1.json"), "{result:?}");
}

/// json-ld 0.21 panics on an IRI whose escapes are not UTF-8; every engine must refuse such a
/// document instead (a credential given to `rosette verify` can hold anything).
#[test]
fn escapes_that_are_not_text_are_refused_by_every_engine() {
    use crate::proof::{Canonicalizer, Engine};
    for engine in [Engine::Reference, Engine::Fast] {
        for (place, bad) in [("id", "https://example.org/%C3"), ("evidence", "https://example.org/caf%E9")] {
            let mut document = sample_credential(1);
            match place {
                "id" => document["id"] = json!(bad),
                _ => document["evidence"] = json!([{ "id": bad, "type": ["Evidence"] }]),
            }
            let result = Canonicalizer::with_engine(engine).canonicalize(&document);
            assert!(
                matches!(&result, Err(ProofError::Unsupported(m)) if m.contains("is not UTF-8 text")),
                "{engine:?} {place}: {result:?}"
            );
        }
    }
}

#[test]
fn unknown_context_is_refused() {
    let mut document = sample_credential(1);
    document["@context"][1] = json!("https://example.org/my-context.json");
    let result = canon().canonicalize(&document);
    assert!(
        matches!(&result, Err(ProofError::UnknownContext(u)) if u == "https://example.org/my-context.json"),
        "{result:?}"
    );
    // Also when referenced from an inline context rather than the top-level array.
    document["@context"][1] = json!({"@import": "https://example.org/other.json"});
    let result = canon().canonicalize(&document);
    assert!(matches!(&result, Err(ProofError::UnknownContext(_))), "{result:?}");
}

#[test]
fn control_characters_and_nulls_are_refused_when_signing() {
    let key = key_from_seed(&[7; 32]);
    let mut document = sample_credential(1);
    document["credentialSubject"]["achievement"]["description"] = json!("tab\there");
    let result = sign(canon(), &document, &OPTIONS, &key);
    assert!(
        matches!(&result, Err(ProofError::ControlCharacter { path, code: 9 })
            if path == "credentialSubject.achievement.description"),
        "{result:?}"
    );
    let mut document = sample_credential(1);
    document["name"] = Value::Null;
    let result = sign(canon(), &document, &OPTIONS, &key);
    assert!(matches!(&result, Err(ProofError::NullValue(p)) if p == "name"), "{result:?}");
}

#[test]
fn tampering_breaks_the_signature() {
    let secured = signed(&sample_credential(1));
    let key = key_from_seed(&[7; 32]).public_key();
    assert!(verify(canon(), &secured, &key).is_ok());

    let mut altered = secured.clone();
    altered["name"] = json!("Rust Fundamentals awarded to learner 2");
    assert!(matches!(verify(canon(), &altered, &key), Err(ProofError::InvalidSignature)));

    let mut altered = secured.clone();
    altered["proof"]["created"] = json!("2025-01-15T12:00:01Z");
    assert!(matches!(verify(canon(), &altered, &key), Err(ProofError::InvalidSignature)));

    let other = key_from_seed(&[8; 32]).public_key();
    assert!(matches!(verify(canon(), &secured, &other), Err(ProofError::InvalidSignature)));

    let mut altered = secured.clone();
    altered["proof"]["proofPurpose"] = json!("authentication");
    assert!(matches!(verify(canon(), &altered, &key), Err(ProofError::MalformedProof(_))));

    let mut altered = secured;
    altered["proof"]["proofValue"] = json!("zzz");
    assert!(matches!(verify(canon(), &altered, &key), Err(ProofError::MalformedProof(_))));
}

#[test]
fn sign_checks_its_inputs() {
    let key = key_from_seed(&[7; 32]);
    let secured = signed(&sample_credential(1));
    assert!(matches!(sign(canon(), &secured, &OPTIONS, &key), Err(ProofError::AlreadySigned)));
    for created in ["2025-01-15", "2025-01-15T12:00:00", "2025-13-15T12:00:00Z", "yesterday"] {
        let options = ProofOptions { created, ..OPTIONS };
        let result = sign(canon(), &sample_credential(1), &options, &key);
        assert!(matches!(result, Err(ProofError::InvalidOptions(_))), "{created}");
    }
    let options = ProofOptions { created: "2025-01-15T12:00:00.5+02:00", ..OPTIONS };
    assert!(sign(canon(), &sample_credential(1), &options, &key).is_ok());
    let options = ProofOptions { verification_method: "#key-1", ..OPTIONS };
    let result = sign(canon(), &sample_credential(1), &options, &key);
    assert!(matches!(result, Err(ProofError::InvalidOptions(_))));
}

#[test]
fn proof_serialises_as_data_integrity_json() {
    let secured = signed(&sample_credential(1));
    let proof = secured["proof"].as_object().unwrap();
    let keys: Vec<&str> = proof.keys().map(String::as_str).collect();
    assert_eq!(keys, ["created", "cryptosuite", "proofPurpose", "proofValue", "type", "verificationMethod"]);
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
}

#[test]
fn numbers_are_canonicalised_like_javascript() {
    // serde_json keeps 3.0 and 3 apart; JavaScript (and so jsonld.js) cannot.
    let mut a = sample_credential(1);
    a["credentialSubject"]["achievement"]["creditsAvailable"] = json!(3);
    let mut b = a.clone();
    b["credentialSubject"]["achievement"]["creditsAvailable"] = json!(3.0);
    let canonical = canon().canonicalize(&a).unwrap();
    assert_eq!(canonical, canon().canonicalize(&b).unwrap());
    assert!(canonical.contains("\"3\"^^<https://www.w3.org/2001/XMLSchema#float>"), "{canonical}");
}

/// The cached context gives the same result as processing it inside the document, and
/// parallel use gives the same results as sequential use.
#[test]
fn cache_and_threads_do_not_change_output() {
    let documents: Vec<Value> = (0..16).map(sample_credential).collect();
    let fresh: Vec<String> =
        documents.iter().map(|d| crate::proof::Canonicalizer::new().canonicalize(d).unwrap()).collect();
    let shared: Vec<String> = documents.par_iter().map(|d| canon().canonicalize(d).unwrap()).collect();
    assert_eq!(fresh, shared);
    // A context array with an inline object (not shared with other documents) works too.
    let mut inline = documents[0].clone();
    inline["@context"].as_array_mut().unwrap().push(json!({"colour": "https://example.org/vocab#colour"}));
    inline["colour"] = json!("blue");
    assert!(canon().canonicalize(&inline).unwrap().contains("<https://example.org/vocab#colour> \"blue\""));
}

/// The embedded context files are the pinned bytes listed in contexts/INDEX.md.
#[test]
fn embedded_contexts_match_index_pins() {
    let index = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/INDEX.md"));
    let mut pins = HashMap::new();
    for line in index.lines().filter(|line| line.starts_with("| `http")) {
        let cells: Vec<&str> = line.split('|').map(|c| c.trim().trim_matches('`')).collect();
        pins.insert(cells[2].to_owned(), (cells[1].to_owned(), cells[3].to_owned()));
    }
    for context in crate::proof::contexts::EMBEDDED {
        let (_, pin) = pins.get(context.file).unwrap_or_else(|| panic!("{} not in INDEX.md", context.file));
        assert!(hex(&Sha256::digest(context.text)).starts_with(pin.as_str()), "{}", context.file);
        assert!(crate::proof::contexts::loader().keys().any(|url| url.as_str() == context.url));
    }
}

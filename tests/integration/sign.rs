//! Signed Open Badges 3.0 output: credentials, DID documents, status lists, keys that never
//! leak, and what a user sees when the key is missing or wrong. Interoperability itself is
//! judged by the Digital Bazaar verifier in `interop.rs`; here our own checks and verifier.

use std::fs;
use std::path::Path;

use rosette::output::OutputFile;
use rosette::proof::{Canonicalizer, PublicKey};
use serde_json::{Value, json};

use crate::support::{copy_tree, example_key, fixture, golden_key, options, read_tree, repo};

const BASE: &str = "https://harbour-club.example/badges/";
const DID: &str = "did:web:harbour-club.example:badges:issuers:harbour";

fn golden_plan() -> Vec<OutputFile> {
    rosette::plan(&options(&fixture("build_golden_site")), Some(&golden_key())).unwrap().0
}

fn json_file(plan: &[OutputFile], path: &str) -> Value {
    let file = plan.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is not in the output"));
    serde_json::from_slice(&file.bytes).unwrap()
}

#[test]
fn sign_publishes_credentials_bound_to_the_issuer_did() {
    let plan = golden_plan();
    let public = golden_key().public_key();
    let canon = Canonicalizer::new();
    let expected = [("h4x9k2m7qa", 1007), ("p8w3n5r1tz", 2007), ("r2d2c3po99", 3007), ("u7v8w9x0y1", 4007)];
    for (award, index) in expected {
        let credential = json_file(&plan, &format!("awards/{award}/credential.json"));
        assert_eq!(
            credential["@context"],
            json!([
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ])
        );
        assert_eq!(credential["id"], format!("{BASE}awards/{award}/credential.json"));
        assert_eq!(credential["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
        assert_eq!(credential["issuer"]["id"], DID);
        assert_eq!(credential["issuer"]["type"], json!(["Profile"]));
        let status = &credential["credentialStatus"];
        assert_eq!(status["statusListIndex"], index.to_string(), "the index is a string");
        assert_eq!(status["statusListCredential"], format!("{BASE}issuers/harbour/status.json"));
        assert_eq!(credential["proof"]["verificationMethod"], format!("{DID}#harbour-2026"));
        assert_eq!(credential["proof"]["created"], credential["validFrom"], "created comes from the issue date");
        rosette::proof::verify(&canon, &credential, &public).unwrap_or_else(|e| panic!("{award}: {e}"));
    }
    let valid = json_file(&plan, "awards/h4x9k2m7qa/credential.json");
    assert_eq!(valid["validFrom"], "2025-05-10T12:30:00Z");
    let identifier = &valid["credentialSubject"]["identifier"][0];
    assert_eq!(identifier["identityType"], "emailAddress");
    assert_eq!(identifier["hashed"], true);
    assert_eq!(valid["credentialSubject"]["achievement"]["id"], format!("{BASE}badges/first-program/achievement.json"));
    let url = json_file(&plan, "awards/u7v8w9x0y1/credential.json");
    assert_eq!(url["credentialSubject"]["id"], "https://github.com/octocat");
    assert_eq!(url["validUntil"], "2028-06-01T09:00:00Z");
}

#[test]
fn sign_publishes_a_did_document_with_absolute_ids() {
    let plan = golden_plan();
    let document = json_file(&plan, "issuers/harbour/did.json");
    let method = format!("{DID}#harbour-2026");
    assert_eq!(
        document,
        json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": DID,
            "verificationMethod": [{
                "id": method,
                "type": "Multikey",
                "controller": DID,
                "publicKeyMultibase": golden_key().public_key().to_multibase()
            }],
            "assertionMethod": [method]
        })
    );
}

#[test]
fn sign_sets_the_status_bit_of_revoked_awards_only() {
    let plan = golden_plan();
    let list = json_file(&plan, "issuers/harbour/status.json");
    assert_eq!(list["type"], json!(["VerifiableCredential", "BitstringStatusListCredential"]));
    assert_eq!(list["issuer"], DID);
    assert_eq!(list["validFrom"], "2025-06-01T09:00:00Z", "the latest issue or revocation date");
    let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
    for (index, revoked) in [(1007, false), (2007, false), (3007, true), (4007, false), (0, false)] {
        assert_eq!(rosette::credential::status::bit(encoded, index).unwrap(), revoked, "bit {index}");
    }
    assert!(rosette::credential::status::bit(encoded, 131_071).is_ok(), "the list has 131,072 entries");
    rosette::proof::verify(&Canonicalizer::new(), &list, &golden_key().public_key()).unwrap();
}

#[test]
fn sign_never_leaks_the_secret_key() {
    let key = example_key();
    let needles = key.secret_encodings_for_tests();
    assert!(needles.len() >= 4, "{} encodings", needles.len());
    let files = read_tree(crate::support::example_output());
    assert!(files.keys().any(|path| path.ends_with("credential.json")));
    for (path, bytes) in files.iter().chain(read_tree(&repo().join("site-example")).iter()) {
        let text = String::from_utf8_lossy(bytes);
        for needle in &needles {
            assert!(!text.contains(needle.as_str()), "{path} contains the secret key");
        }
    }
}

#[test]
fn sign_needs_the_key_of_a_published_public_key() {
    let site = fixture("build_golden_site");
    let missing = rosette::plan(&options(&site), None).unwrap_err().to_string();
    assert!(missing.contains("no signing key was given") && missing.contains("ROSETTE_SIGNING_KEY"), "{missing}");
    let wrong = rosette::plan(&options(&site), Some(&example_key())).unwrap_err().to_string();
    assert!(wrong.contains("does not match any public key in keys/"), "{wrong}");
    assert!(wrong.contains(&example_key().public_key().to_multibase()), "{wrong}");
    // check needs no key, but still canonicalises every credential.
    assert!(rosette::check(&options(&site)).is_ok());
}

#[test]
fn sign_rotation_keeps_old_keys_and_revoked_keys_stop_verifying() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let new_key = rosette::proof::SigningKey::generate().unwrap();
    let new_public = new_key.public_key().to_multibase();
    // Linked to the current key, as `rosette keygen --rotate` writes it.
    let created = "2027-01-01T00:00:00Z".parse().unwrap();
    let public = new_key.public_key();
    let link = rosette::proof::KeyLink { id: "harbour-2027", public_key: &public, created, signed_by: "harbour-2026" };
    let signature = link.sign(&golden_key());
    fs::write(
        site.join("keys/harbour-2027.toml"),
        format!("public_key = \"{new_public}\"\ncreated = 2027-01-01\nsigned_by = \"harbour-2026\"\nsignature = \"{signature}\"\n"),
    )
    .unwrap();
    let plan = rosette::plan(&options(&site), Some(&new_key)).unwrap().0;
    let document = json_file(&plan, "issuers/harbour/did.json");
    let ids: Vec<&str> =
        document["verificationMethod"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [format!("{DID}#harbour-2026"), format!("{DID}#harbour-2027")]);
    assert_eq!(document["assertionMethod"], json!([format!("{DID}#harbour-2026"), format!("{DID}#harbour-2027")]));
    let credential = json_file(&plan, "awards/h4x9k2m7qa/credential.json");
    assert_eq!(credential["proof"]["verificationMethod"], format!("{DID}#harbour-2027"), "the new key signs");

    // The old key leaks: mark it revoked. It stays listed, but is no longer authorised.
    let old = site.join("keys/harbour-2026.toml");
    fs::write(&old, format!("{}revoked = 2027-02-01\n", fs::read_to_string(&old).unwrap())).unwrap();
    let plan = rosette::plan(&options(&site), Some(&new_key)).unwrap().0;
    let document = json_file(&plan, "issuers/harbour/did.json");
    assert_eq!(document["verificationMethod"][0]["revoked"], "2027-02-01T00:00:00Z");
    assert_eq!(document["assertionMethod"], json!([format!("{DID}#harbour-2027")]));
    let refused = rosette::plan(&options(&site), Some(&golden_key())).unwrap_err().to_string();
    assert!(refused.contains("was marked revoked"), "{refused}");
}

#[test]
fn sign_achievements_are_published_per_badge() {
    let plan = golden_plan();
    let achievement = json_file(&plan, "badges/first-program/achievement.json");
    assert_eq!(achievement["id"], format!("{BASE}badges/first-program/achievement.json"));
    assert_eq!(achievement["type"], json!(["Achievement"]));
    assert_eq!(achievement["criteria"]["id"], format!("{BASE}badges/first-program/"));
    assert_eq!(achievement["image"], json!({"id": format!("{BASE}badges/first-program/image.svg"), "type": "Image"}));
    assert_eq!(achievement["alignment"][0]["type"], json!(["Alignment"]));
}

#[test]
fn sign_rejects_tampering_with_our_own_verifier() {
    let plan = golden_plan();
    let mut credential = json_file(&plan, "awards/h4x9k2m7qa/credential.json");
    credential["name"] = Value::String("First Programme".into());
    let canon = Canonicalizer::new();
    assert!(rosette::proof::verify(&canon, &credential, &golden_key().public_key()).is_err());
    let other: PublicKey = example_key().public_key();
    let original = json_file(&plan, "awards/h4x9k2m7qa/credential.json");
    assert!(rosette::proof::verify(&canon, &original, &other).is_err(), "another key must not verify it");
}

/// Builds the golden site into a temporary folder with the CLI, for the verify tests.
pub fn build_golden_with_cli(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("public");
    let status = crate::support::rosette_command()
        .args(["build", "--site", fixture("build_golden_site").to_str().unwrap(), "--out", out.to_str().unwrap()])
        .args(["--key-file", repo().join("tests/keys/build-golden.pem").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .status()
        .unwrap();
    assert!(status.success());
    out
}

#[test]
fn sign_check_refuses_undefined_terms_never_drops_them() {
    // The canonicaliser is strict: a term no context defines is an error, not a silent drop.
    let canon = Canonicalizer::new();
    let plan = golden_plan();
    let mut credential = json_file(&plan, "awards/h4x9k2m7qa/credential.json");
    credential.as_object_mut().unwrap().remove("proof");
    credential["colour"] = Value::String("blue".into());
    let error = canon.canonicalize(&credential).unwrap_err().to_string();
    assert!(error.contains("colour"), "{error}");
}

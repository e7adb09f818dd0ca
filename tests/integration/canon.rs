//! The fast canonicaliser against the JSON-LD reference (json-ld expansion + rdf-canon):
//! byte-identical canonical N-Quads on every signed document that site-example and the golden
//! site publish (credentials, status lists, achievements, proof configurations), and on
//! thousands of generated credentials shaped like rosette's (names in many scripts with
//! combining marks and right-to-left text, quotes, backslashes and line breaks in narratives,
//! evidence, alignments, tags, both recipient kinds, with and without expiry, with and without
//! signed endorsements embedded in the achievement and the issuer). The fast path
//! must take every one of them: a fallback here would make the comparison vacuous.

use std::path::Path;

use proptest::prelude::*;
use rosette::proof::{Canonicalizer, Engine};
use serde_json::{Value, json};

use crate::support::{example_output, repo};

/// Cases of the credential property in the normal test run; `PROPTEST_CASES` overrides it.
const CASES: u32 = 1000;

const VC2: &str = "https://www.w3.org/ns/credentials/v2";
const OB3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// Canonical N-Quads from the fast path alone and from the reference; panics if they differ
/// or the fast path declines.
fn assert_same(document: &Value) {
    let fast = Canonicalizer::with_engine(Engine::FastOnly).canonicalize(document);
    let reference = Canonicalizer::with_engine(Engine::Reference).canonicalize(document);
    match (fast, reference) {
        (Ok(fast), Ok(reference)) => assert_eq!(fast, reference, "on {document:#}"),
        (fast, reference) => panic!("fast {fast:?}, reference {reference:?} on {document:#}"),
    }
}

/// The unsecured document and the proof configuration of a published document.
fn signed_parts(signed: &Value) -> Vec<Value> {
    let mut unsecured = signed.clone();
    let mut parts = Vec::new();
    if let Some(mut proof) = unsecured.as_object_mut().unwrap().remove("proof") {
        proof.as_object_mut().unwrap().remove("proofValue");
        proof["@context"] = unsecured["@context"].clone();
        parts.push(proof);
    }
    parts.push(unsecured);
    parts
}

/// Every OB 3.0 / VC 2.0 JSON document under `root`.
fn published(root: &Path) -> Vec<Value> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "json"))
        .filter_map(|entry| serde_json::from_slice::<Value>(&std::fs::read(entry.path()).unwrap()).ok())
        .filter(|document| document["@context"].as_array().is_some_and(|c| c.first() == Some(&json!(VC2))))
        .collect()
}

#[test]
fn every_signed_document_of_the_example_and_golden_sites_is_taken_and_agrees() {
    let golden = repo().join("tests/fixtures/build_golden_site/expected");
    let (mut compared, mut endorsed) = (0, 0);
    for root in [example_output(), golden.as_path()] {
        let documents = published(root);
        assert!(documents.iter().any(|d| d["proof"].is_object()), "no signed document under {}", root.display());
        for part in documents.iter().flat_map(signed_parts) {
            assert_same(&part);
            compared += 1;
            // Endorsements embedded in an achievement or a profile, each with its own
            // `@context` and `proof` (a named graph).
            if part.to_string().contains("\"EndorsementCredential\"") && part["type"] != json!("DataIntegrityProof") {
                endorsed += 1;
            }
        }
    }
    // Credentials, status lists and achievements of both sites, and the proofs' configurations.
    assert!(compared >= 20, "only {compared} documents compared");
    assert!(endorsed >= 5, "only {endorsed} documents with endorsements compared");
}

/// Text as people write it: many scripts, combining marks, RTL, emoji, quotes, backslashes,
/// line breaks, and characters N-Quads must escape.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,'’\"\\\\\n\r\t\u{7f}&<>é\u{0301}\u{0308}\u{05d0}-\u{05ea}\u{0627}-\u{064a}\u{200f}\u{0400}-\u{044f}\u{4e00}-\u{4e2f}\u{0e01}-\u{0e2e}\u{1f600}-\u{1f60f}]{1,40}"
}

fn url() -> impl Strategy<Value = String> {
    (
        "https?",
        "[a-z0-9]{1,8}\\.(org|github\\.io)",
        prop::collection::vec("([a-zA-Z0-9_~é-]|%[2-7][0-9A-F]){1,8}", 0..4),
        "(\\.html|/)?",
    )
        .prop_map(|(scheme, host, path, end)| format!("{scheme}://{host}/{}{end}", path.join("/")))
}

fn maybe<T: Strategy>(strategy: T) -> impl Strategy<Value = Option<T::Value>> {
    prop::option::of(strategy)
}

fn date() -> impl Strategy<Value = String> {
    (2000u32..2100, 1u32..13, 1u32..29, 0u32..24).prop_map(|(y, m, d, h)| format!("{y}-{m:02}-{d:02}T{h:02}:00:00Z"))
}

prop_compose! {
    fn profile()(id in "[a-z]{1,10}", name in text(), url in url(), description in maybe(text()), image in maybe(url()))
        -> Value {
        let mut profile = json!({
            "id": format!("did:web:example.github.io:badges:issuers:{id}"),
            "type": ["Profile"], "name": name, "url": url, "email": format!("{id}@example.org"),
        });
        if let Some(description) = description { profile["description"] = json!(description); }
        if let Some(image) = image { profile["image"] = json!({"id": image, "type": "Image"}); }
        profile
    }
}

prop_compose! {
    fn alignment()(name in text(), url in url(), description in maybe(text()), framework in maybe(text()),
        code in maybe("[A-Z0-9.-]{1,8}")) -> Value {
        let mut alignment = json!({"type": ["Alignment"], "targetName": name, "targetUrl": url});
        for (key, value) in [("targetDescription", description), ("targetFramework", framework), ("targetCode", code)] {
            if let Some(value) = value { alignment[key] = json!(value); }
        }
        alignment
    }
}

prop_compose! {
    fn evidence()(id in maybe(url()), fields in prop::collection::vec(maybe(text()), 5)) -> Value {
        let mut evidence = json!({"type": ["Evidence"]});
        if let Some(id) = id { evidence["id"] = json!(id); }
        for (key, value) in ["name", "description", "narrative", "genre", "audience"].into_iter().zip(fields) {
            if let Some(value) = value { evidence[key] = json!(value); }
        }
        evidence
    }
}

prop_compose! {
    /// A signed EndorsementCredential as an achievement or a profile embeds it: its own
    /// `@context` (sometimes only VC 2.0, the rest then coming from the credential's), and its
    /// `proof` (a `@container: @graph` term: one named graph per proof).
    fn endorsement()(
        id in "[0-9a-f]{8}", endorser in profile(), issuer_as_object in any::<bool>(), name in text(),
        comment in text(), endorsed in url(), valid_from in date(), created in date(), key in "key-[0-9]{1,2}",
        proof_value in "z[1-9A-HJ-NP-Za-km-z]{80,90}", only_vc2 in prop::bool::weighted(0.2),
        second_proof in prop::bool::weighted(0.2),
    ) -> Value {
        let did = endorser["id"].as_str().unwrap_or_default().to_owned();
        let proof = |value: &str| json!({
            "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": created,
            "verificationMethod": format!("{did}#{key}"), "proofPurpose": "assertionMethod",
            "proofValue": value,
        });
        json!({
            "@context": if only_vc2 { json!([VC2]) } else { json!([VC2, OB3]) },
            "id": format!("urn:uuid:{id}-7e88-4cdb-961b-7ce6878e2256"),
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": if issuer_as_object { endorser } else { json!(did) },
            "validFrom": valid_from, "name": name,
            "credentialSubject": {"id": endorsed, "type": ["EndorsementSubject"], "endorsementComment": comment},
            "proof": if second_proof { json!([proof(&proof_value), proof("z2")]) } else { proof(&proof_value) },
        })
    }
}

/// 0-2 endorsements for an achievement or a profile: none three times in four, so that
/// about 44 % of the credentials embed some (they cost ~5× more to compare in debug builds).
fn endorsements() -> impl Strategy<Value = Vec<Value>> {
    prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(endorsement(), 1..3)]
}

prop_compose! {
    fn credential()(
        issuer in profile(), other_creator in any::<bool>(), creator in profile(), badge in "[a-z-]{1,12}",
        name in text(), description in text(), criteria in text(), achievement_type in "[A-Z][a-zA-Z]{0,12}",
        alignments in prop::collection::vec(alignment(), 0..3), tags in prop::collection::vec(text(), 0..4),
        url_recipient in maybe(url()), salt in "[a-f0-9]{8,32}", hash in "[a-f0-9]{64}",
        evidence in prop::collection::vec(evidence(), 0..3), narrative in maybe(text()),
        valid_from in date(), valid_until in maybe(date()), index in 0u32..131_072, id in "[a-z0-9]{10}",
        badge_endorsements in endorsements(), issuer_endorsements in endorsements(),
    ) -> Value {
        let base = "https://example.github.io/badges/";
        let mut issuer = issuer;
        if !issuer_endorsements.is_empty() { issuer["endorsement"] = json!(issuer_endorsements); }
        let creator = if other_creator { creator } else { issuer.clone() };
        let mut achievement = json!({
            "id": format!("{base}badges/{badge}/achievement.json"), "type": ["Achievement"],
            "achievementType": achievement_type, "name": name, "description": description,
            "criteria": {"id": format!("{base}badges/{badge}/"), "narrative": criteria},
            "image": {"id": format!("{base}badges/{badge}/image.png"), "type": "Image"},
            "creator": creator,
        });
        if !alignments.is_empty() { achievement["alignment"] = json!(alignments); }
        if !tags.is_empty() { achievement["tag"] = json!(tags); }
        if !badge_endorsements.is_empty() { achievement["endorsement"] = json!(badge_endorsements); }
        let mut subject = json!({"type": ["AchievementSubject"], "achievement": achievement});
        match url_recipient {
            Some(url) => subject["id"] = json!(url),
            None => subject["identifier"] = json!([{
                "type": "IdentityObject", "identityHash": format!("sha256${hash}"),
                "identityType": "emailAddress", "hashed": true, "salt": salt,
            }]),
        }
        if let Some(narrative) = narrative { subject["narrative"] = json!(narrative); }
        let list = format!("{base}issuers/x/status.json");
        let mut credential = json!({
            "@context": [VC2, OB3], "id": format!("{base}awards/{id}/credential.json"),
            "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": name, "description": description,
            "issuer": issuer, "validFrom": valid_from, "credentialSubject": subject,
            "credentialStatus": {
                "id": format!("{list}#{index}"), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                "statusListIndex": index.to_string(), "statusListCredential": list,
            },
        });
        if let Some(until) = valid_until { credential["validUntil"] = json!(until); }
        if !evidence.is_empty() { credential["evidence"] = json!(evidence); }
        credential
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_credentials_canonicalise_identically(credential in credential()) {
        assert_same(&credential);
    }

    #[test]
    fn generated_status_lists_and_proof_configurations_canonicalise_identically(
        issuer in "[a-z]{1,10}", list in "u[A-Za-z0-9_-]{10,200}", created in date(), key in "key-[0-9]{1,3}",
        ob3 in any::<bool>(),
    ) {
        let url = format!("https://example.github.io/badges/issuers/{issuer}/status.json");
        let did = format!("did:web:example.github.io:badges:issuers:{issuer}");
        assert_same(&json!({
            "@context": [VC2], "id": url, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": did, "validFrom": created,
            "credentialSubject": {
                "id": format!("{url}#list"), "type": "BitstringStatusList", "statusPurpose": "revocation",
                "encodedList": list,
            },
        }));
        let context = if ob3 { json!([VC2, OB3]) } else { json!([VC2]) };
        assert_same(&json!({
            "@context": context, "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
            "created": created, "verificationMethod": format!("{did}#{key}"), "proofPurpose": "assertionMethod",
        }));
    }
}

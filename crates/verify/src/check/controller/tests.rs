//! The rules of resolving an issuer's key through its https URL, one refusal at a time, over
//! documents held in memory.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::super::{Documents, FetchError, resolve};

const ISSUER: &str = "https://issuer.example/profile.json";
const KEY_URL: &str = "https://issuer.example/keys/1.json";
const IN_PROFILE: &str = "https://issuer.example/profile.json#key-2";
const MULTIBASE: &str = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";

/// Documents by URL; the rest are unavailable.
struct Served(BTreeMap<String, Value>);

impl Documents for Served {
    fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let url = url.split('#').next().unwrap_or(url);
        self.0.get(url).map(|d| d.to_string().into_bytes()).ok_or(FetchError::Unavailable(format!("{url} is not here")))
    }
}

fn key(id: &str, controller: &str) -> Value {
    json!({ "id": id, "type": "Multikey", "controller": controller, "publicKeyMultibase": MULTIBASE })
}

/// An issuer with a key document of its own (`KEY_URL`) and a key in its profile
/// (`IN_PROFILE`), both authorised for assertions.
fn issuer() -> BTreeMap<String, Value> {
    let profile = json!({
        "id": ISSUER, "type": "Profile", "name": "Issuer",
        "verificationMethod": [key(IN_PROFILE, ISSUER)],
        "assertionMethod": [KEY_URL, IN_PROFILE],
    });
    BTreeMap::from([(ISSUER.to_string(), profile), (KEY_URL.to_string(), key(KEY_URL, ISSUER))])
}

fn resolve(documents: BTreeMap<String, Value>, method: &str) -> Result<Value, FetchError> {
    resolve::method(method, ISSUER, &Served(documents))
}

fn refused(documents: BTreeMap<String, Value>, method: &str) -> String {
    match resolve(documents, method) {
        Err(FetchError::Refused(why)) => why,
        other => panic!("{method} was not refused: {other:?}"),
    }
}

#[test]
fn keys_of_their_own_and_keys_in_the_profile_resolve() {
    assert_eq!(resolve(issuer(), KEY_URL), Ok(key(KEY_URL, ISSUER)));
    assert_eq!(resolve(issuer(), IN_PROFILE), Ok(key(IN_PROFILE, ISSUER)));
    // Embedded under assertionMethod rather than listed by id.
    let mut documents = issuer();
    documents.insert(
        ISSUER.into(),
        json!({ "id": ISSUER, "assertionMethod": [key(IN_PROFILE, ISSUER)], "verificationMethod": [] }),
    );
    assert_eq!(resolve(documents, IN_PROFILE), Ok(key(IN_PROFILE, ISSUER)));
    let all = resolve::assertion_methods(ISSUER, &Served(issuer())).unwrap();
    assert_eq!(all, [key(KEY_URL, ISSUER), key(IN_PROFILE, ISSUER)]);
}

#[test]
fn a_key_must_be_the_issuers_and_authorised_by_its_profile() {
    let mut documents = issuer();
    documents.insert(KEY_URL.into(), key(KEY_URL, "https://someone-else.example/"));
    assert_eq!(
        refused(documents, KEY_URL),
        format!("the key {KEY_URL} is controlled by \"https://someone-else.example/\", not {ISSUER}")
    );
    let mut documents = issuer();
    documents.get_mut(ISSUER).unwrap()["assertionMethod"] = json!([IN_PROFILE]);
    assert_eq!(
        refused(documents, KEY_URL),
        format!("the key {KEY_URL} is not authorised for assertions (revoked or not in assertionMethod)")
    );
    let mut documents = issuer();
    documents.get_mut(ISSUER).unwrap()["id"] = json!("https://impostor.example/");
    assert_eq!(
        refused(documents, KEY_URL),
        format!("the issuer profile at {ISSUER} is for \"https://impostor.example/\", not {ISSUER}")
    );
    let mut documents = issuer();
    documents.get_mut(ISSUER).unwrap()["assertionMethod"] = json!([]);
    assert_eq!(
        resolve::assertion_methods(ISSUER, &Served(documents)),
        Err(FetchError::Refused(format!("the issuer profile {ISSUER} authorises no key for assertions")))
    );
}

#[test]
fn a_key_document_is_the_one_its_url_names() {
    let mut documents = issuer();
    documents.insert(KEY_URL.into(), key("https://issuer.example/keys/2.json", ISSUER));
    assert_eq!(
        refused(documents, KEY_URL),
        format!("the key document at {KEY_URL} is for \"https://issuer.example/keys/2.json\", not {KEY_URL}")
    );
    let missing = "https://issuer.example/profile.json#key-9";
    assert_eq!(refused(issuer(), missing), format!("{ISSUER} does not list the key {missing}"));
    let elsewhere = "https://issuer.example/keys/1.json#key-1";
    assert_eq!(refused(issuer(), elsewhere), format!("{KEY_URL} does not list the key {elsewhere}"));
    // With a fragment, the document without it must be the document of that URL.
    let mut documents = issuer();
    documents.get_mut(ISSUER).unwrap()["id"] = json!("https://impostor.example/");
    assert_eq!(
        refused(documents, IN_PROFILE),
        format!("the document at {ISSUER} is for \"https://impostor.example/\", not {ISSUER}")
    );
    // The profile is no key, though its id is the URL that named it.
    assert_eq!(
        refused(issuer(), ISSUER),
        format!(
            "{ISSUER} is not a verification method: its type is \"Profile\", not one of Multikey, \
             Ed25519VerificationKey2020, JsonWebKey2020, JsonWebKey"
        )
    );
}

#[test]
fn dids_and_urls_do_not_mix_and_missing_documents_are_unavailable() {
    let did = "did:web:issuer.example#key-1";
    assert_eq!(refused(issuer(), did), format!("the key {did} does not belong to the issuer {ISSUER}"));
    let by_did = resolve::method(KEY_URL, "did:web:issuer.example", &Served(issuer()));
    let belong = format!("the key {KEY_URL} does not belong to the issuer did:web:issuer.example");
    assert_eq!(by_did, Err(FetchError::Refused(belong)));
    let mut documents = issuer();
    documents.remove(ISSUER);
    let why = format!("cannot resolve {KEY_URL}: {ISSUER} is not here");
    assert_eq!(resolve(documents, KEY_URL), Err(FetchError::Unavailable(why)));
    let why = format!("cannot resolve {IN_PROFILE}: {ISSUER} is not here");
    assert_eq!(resolve(BTreeMap::new(), IN_PROFILE), Err(FetchError::Unavailable(why)));
}

#[test]
fn a_vc_jwt_names_its_key_by_url_or_not_at_all() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let signing = crate::proof::SigningKey::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/keys/site-example-demo.pem"
    )))
    .unwrap();
    let mut documents = issuer();
    let mut own = key(KEY_URL, ISSUER);
    own["publicKeyMultibase"] = json!(signing.public_key().to_multibase());
    documents.insert(KEY_URL.into(), own);
    let payload = json!({ "iss": ISSUER, "vc": {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": ISSUER, "credentialSubject": {},
    }});
    let options = super::super::Options { now: "2026-11-27T00:00:00Z".parse().unwrap(), recipient: None };
    for header in [json!({ "alg": "EdDSA", "kid": KEY_URL }), json!({ "alg": "EdDSA" })] {
        let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let input = format!("{}.{}", part(&header), part(&payload));
        let jws = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signing.sign(input.as_bytes())));
        let verdict = super::super::verify_jws(&jws, &Served(documents.clone()), &options).unwrap();
        let labels: Vec<&str> = verdict.checks.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&format!("VC-JWT EdDSA signature verifies with {KEY_URL}").as_str()), "{labels:?}");
    }
}

//! Property-style tests of the readers of untrusted input (compact JWS, JWK, PEM, Multikey):
//! whatever bytes they are given, they answer with a value or an error, never a panic. The
//! inputs come from a small deterministic generator (no test-only crate): random bytes,
//! random base64url parts, and valid values mutated one byte at a time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::jwk::Key;
use super::jws;

/// xorshift64*: reproducible noise, so a failure names its seed.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// A text made mostly of the characters JWS parsers care about.
    fn text(&mut self, max: usize) -> String {
        const ALPHABET: &[u8] = b"eyJ.-_=+/abcXYZ019{}\":, \n\xc3";
        let len = self.below(max + 1);
        let bytes: Vec<u8> = (0..len).map(|_| ALPHABET[self.below(ALPHABET.len())]).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn part(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

#[test]
fn jws_parsing_never_panics() {
    let valid = format!(
        "{}.{}.{}",
        part(&json!({"alg": "EdDSA"})),
        part(&json!({"vc": {}})),
        URL_SAFE_NO_PAD.encode([7u8; 64])
    );
    assert!(jws::parse(&valid).is_ok());
    assert!(jws::looks_like(&valid));
    for seed in 1..3000u64 {
        let mut noise = Noise(seed);
        let text = match seed % 4 {
            0 => String::from_utf8_lossy(&noise.bytes(200)).into_owned(),
            1 => noise.text(120),
            2 => {
                let parts: Vec<String> = (0..noise.below(5)).map(|_| URL_SAFE_NO_PAD.encode(noise.bytes(40))).collect();
                parts.join(".")
            }
            _ => {
                let mut bytes = valid.clone().into_bytes();
                let at = noise.below(bytes.len());
                bytes[at] = noise.next() as u8;
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        let parsed = jws::parse(&text);
        let _ = jws::looks_like(&text);
        if let Ok(parsed) = parsed {
            assert!(text.trim().as_bytes().starts_with(&parsed.signing_input), "seed {seed}");
        }
    }
}

#[test]
fn jws_parsing_refuses_what_no_issuer_makes() {
    let sig = URL_SAFE_NO_PAD.encode([1u8; 8]);
    let header = |h: Value| format!("{}.{}.{sig}", part(&h), part(&json!({"a": 1})));
    assert_eq!(
        jws::parse(&header(json!({"alg": "RS256", "crit": ["b64"], "b64": false}))).unwrap_err(),
        "the JWS header has critical extensions (crit, b64), which are not supported"
    );
    assert_eq!(jws::parse("a.b").unwrap_err(), "a compact JWS has 3 parts separated by dots, this has 2");
    let array = format!("{}.{}.{sig}", part(&json!({"alg": "EdDSA"})), part(&json!([1])));
    assert_eq!(jws::parse(&array).unwrap_err(), "the JWS payload is not a JSON object");
}

#[test]
fn jwk_pem_and_multibase_readers_never_panic() {
    let fields = ["kty", "crv", "x", "y", "n", "e"];
    let values = [json!("OKP"), json!("EC"), json!("RSA"), json!("Ed25519"), json!("P-256"), json!(5), json!(null)];
    for seed in 1..3000u64 {
        let mut noise = Noise(seed);
        let mut jwk = serde_json::Map::new();
        for field in fields {
            let value = match noise.below(3) {
                0 => values[noise.below(values.len())].clone(),
                1 => Value::String(URL_SAFE_NO_PAD.encode(noise.bytes(300))),
                _ => continue,
            };
            jwk.insert(field.to_owned(), value);
        }
        let _ = Key::from_jwk(&Value::Object(jwk));
        let _ = Key::from_pem(&noise.text(300));
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----",
            base64::engine::general_purpose::STANDARD.encode(noise.bytes(300))
        );
        let _ = Key::from_pem(&pem);
        let _ = Key::from_multibase(&format!("z{}", bs58::encode(noise.bytes(40)).into_string()));
        let _ = Key::from_multibase(&noise.text(50));
    }
}

#[test]
fn jwk_readers_refuse_weak_and_unknown_keys() {
    let small = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode([0xc5u8; 128]), "e": "AQAB"});
    assert_eq!(Key::from_jwk(&small).unwrap_err(), "the RSA key has 1024 bits; at least 2048 are required");
    let secp = json!({"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"});
    assert_eq!(
        Key::from_jwk(&secp).unwrap_err(),
        "unsupported JWK (kty EC, crv secp256k1): only Ed25519, P-256 and RSA keys are supported"
    );
    let off_curve = json!({"kty": "EC", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode([1u8; 32]), "y": URL_SAFE_NO_PAD.encode([2u8; 32])});
    assert_eq!(Key::from_jwk(&off_curve).unwrap_err(), "the P-256 JWK is not a point of the curve");
}

#[test]
fn a_key_checks_only_its_own_algorithm() {
    let signing = crate::proof::SigningKey::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/keys/site-example-demo.pem"
    )))
    .unwrap();
    let key = Key::Ed25519(signing.public_key());
    let signature = signing.sign(b"input");
    assert_eq!(key.verify("EdDSA", b"input", &signature), Ok(()));
    assert!(key.verify("EdDSA", b"inpux", &signature).is_err());
    assert_eq!(
        key.verify("RS256", b"input", &signature).unwrap_err(),
        "the algorithm \"RS256\" does not match the key (EdDSA expected)"
    );
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(signing.public_key().as_bytes())});
    assert_eq!(Key::from_jwk(&jwk).unwrap(), key);
    assert_eq!(Key::from_multibase(&signing.public_key().to_multibase()).unwrap(), key);
}

/// Documents that answer nothing: the checks below refuse before they need any.
struct Nothing;

impl super::Documents for Nothing {
    fn get(&self, url: &str) -> Result<Vec<u8>, super::FetchError> {
        Err(super::FetchError::Unavailable(format!("{url} is not here")))
    }
}

fn verdict_of(document: &Value) -> Vec<(super::Status, String)> {
    let options = super::Options { now: "2026-11-27T00:00:00Z".parse().unwrap(), recipient: None };
    let verdict = super::verify_json(document, &Nothing, &options).unwrap();
    verdict.checks.into_iter().map(|c| (c.status, c.label)).collect()
}

#[test]
fn unsupported_proofs_and_statuses_are_named_and_left_unchecked() {
    use super::Status::Unchecked;
    let credential = |proof: Value, status: Value| {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": "did:web:example.org",
            "validFrom": "2025-01-01T00:00:00Z",
            "proof": proof,
            "credentialStatus": status,
        })
    };
    let checks = verdict_of(&credential(
        json!({"type": "DataIntegrityProof", "cryptosuite": "ecdsa-sd-2023"}),
        json!({"type": "1EdTechRevocationList"}),
    ));
    assert_eq!(checks[1], (Unchecked, "selective-disclosure proofs (ecdsa-sd-2023) are not supported".to_owned()));
    assert_eq!(
        checks[3],
        (
            Unchecked,
            "the credentialStatus type \"1EdTechRevocationList\" is not supported (only BitstringStatusListEntry and StatusList2021Entry)"
                .to_owned()
        )
    );
    let checks = verdict_of(&credential(
        json!({"type": "RsaSignature2018"}),
        json!({"type": "StatusList2021Entry", "statusPurpose": "message", "statusListIndex": "1", "statusListCredential": "https://x.example/s"}),
    ));
    assert_eq!(
        checks[1],
        (
            Unchecked,
            "the proof type RsaSignature2018 is not supported (only eddsa-rdfc-2022 and Ed25519Signature2020)"
                .to_owned()
        )
    );
    assert_eq!(
        checks[3],
        (Unchecked, "the status purpose \"message\" is not supported (only revocation and suspension)".to_owned())
    );
}

#[test]
fn unsigned_and_shared_secret_jwts_fail() {
    let options = super::Options { now: "2026-11-27T00:00:00Z".parse().unwrap(), recipient: None };
    let payload = json!({"vc": {"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": "did:web:x.example"}, "iss": "did:web:x.example", "nbf": 1_700_000_000});
    for (alg, label) in [
        ("none", "the JWT is not signed (alg \"none\")"),
        ("HS256", "the JWT is signed with a shared secret (HS256), which cannot show who issued it"),
    ] {
        let jwt = format!("{}.{}.", part(&json!({"alg": alg})), part(&payload));
        let verdict = super::verify_bytes(jwt.as_bytes(), &Nothing, &options).unwrap();
        assert_eq!(verdict.kind, "Open Badges 3.0 credential (VC-JWT)");
        assert_eq!(verdict.checks[1].label, label);
        assert_eq!(verdict.checks[1].status, super::Status::Failed);
    }
}

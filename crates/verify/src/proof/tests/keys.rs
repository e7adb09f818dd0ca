//! Key formats: PEM v1/v2 and OpenSSL interop, Multikey secret and public forms, and that
//! nothing secret reaches Debug output or error messages.

use ed25519_dalek::pkcs8::{EncodePrivateKey as _, KeypairBytes, spki::der::pem::LineEnding};

use super::{hex, json_file, key_from_seed};
use crate::proof::{KeyError, PublicKey, SigningKey};

/// Made by `openssl genpkey -algorithm ed25519` (OpenSSL 3.0.19); a throw-away test key.
/// Kept in tests/keys/ with the other test-only keys.
const OPENSSL_PEM: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/keys/openssl-ed25519.pem"));
/// Its public key, from `openssl pkey -text`.
const OPENSSL_PUBLIC_HEX: &str = "b9aeead8c3045eccd557fb3e82d2986fef9304852a0cb2bb08f8d0d81adfe8ea";

#[test]
fn pem_v1_round_trip_and_matches_pkcs8_crate() {
    let key = SigningKey::generate().unwrap();
    let pem = key.to_pkcs8_pem();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(pem.ends_with("-----END PRIVATE KEY-----\n"));
    let again = SigningKey::parse(&format!("\n  {}\n\n", pem.as_str())).unwrap();
    assert_eq!(again.public_key(), key.public_key());
    let seed = key.secret_encodings_for_tests()[1].clone();
    let v1 = KeypairBytes { secret_key: super::unhex(&seed).try_into().unwrap(), public_key: None };
    assert_eq!(pem.as_str(), v1.to_pkcs8_pem(LineEnding::LF).unwrap().as_str());
}

#[test]
fn reads_openssl_and_pkcs8_v2_keys() {
    let key = SigningKey::parse(OPENSSL_PEM).unwrap();
    assert_eq!(hex(key.public_key().as_bytes()), OPENSSL_PUBLIC_HEX);
    // Writing it back gives OpenSSL's exact bytes (both are PKCS#8 v1).
    assert_eq!(key.to_pkcs8_pem().as_str(), OPENSSL_PEM);
    // ed25519-dalek's own encoder writes v2 (with the public key); that is read as well.
    let dalek = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let v2 = dalek.to_pkcs8_pem(LineEnding::LF).unwrap();
    let key = SigningKey::parse(&v2).unwrap();
    assert_eq!(key.public_key().as_bytes(), &dalek.verifying_key().to_bytes());
}

/// Whether openssl is there to run. If not, the rule of `tests/integration/tools.rs` (which a
/// unit test cannot import): one line on the real standard error saying what to install, and
/// skip; or, where nothing may be skipped (`ROSETTE_REQUIRE_TOOLS` set and not `0`/`false`,
/// else `CI` so set), fail with the same words.
fn openssl_available() -> bool {
    use std::io::Write as _;
    let found = std::process::Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let test = std::thread::current().name().unwrap_or("this test").to_owned();
    let needs = format!("{test} needs openssl (Debian: apt-get install openssl)");
    let on = |value: &str| !matches!(value, "" | "0" | "false");
    let switch = match (std::env::var("ROSETTE_REQUIRE_TOOLS"), std::env::var("CI")) {
        (Ok(value), _) => on(&value).then(|| format!("ROSETTE_REQUIRE_TOOLS={value}")),
        (Err(_), Ok(value)) => on(&value).then(|| format!("CI={value}")),
        _ => None,
    };
    if let Some(switch) = switch {
        panic!("{needs}; with {switch} a missing tool fails the test");
    }
    // Straight to fd 2, past libtest's capture, as the integration tests' skips.
    let _ = std::io::stderr().lock().write_all(format!("skipped: {needs}\n").as_bytes());
    false
}

/// OpenSSL must accept the v1 PEM we write and derive the same key (without it, the embedded
/// OPENSSL_PEM test still covers the format, and the test says it skipped).
#[test]
fn openssl_reads_our_pem_when_available() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    if !openssl_available() {
        return;
    }
    let key = key_from_seed(&[3; 32]);
    let mut child = Command::new("openssl")
        .args(["pkey", "-pubout", "-outform", "DER"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(key.to_pkcs8_pem().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "openssl refused our PEM");
    // SPKI DER: 12-byte header, then the 32-byte key.
    assert_eq!(&output.stdout[12..], key.public_key().as_bytes());
}

#[test]
fn multikey_secret_from_w3c_vector() {
    let pair = json_file("w3c-vc-di-eddsa/keyPair.json");
    let secret = pair["privateKeyMultibase"].as_str().unwrap();
    let key = SigningKey::parse(secret).unwrap();
    let public = pair["publicKeyMultibase"].as_str().unwrap();
    assert_eq!(key.public_key().to_multibase(), public);
    assert_eq!(PublicKey::from_multibase(public).unwrap(), key.public_key());
    assert!(key.secret_encodings_for_tests().iter().any(|e| e == secret));
    let decoded = json_file("derived/multikey-decoding.json").to_string();
    let seed_hex = &key.secret_encodings_for_tests()[1];
    assert!(decoded.contains(seed_hex.as_str()), "seed hex not in multikey-decoding.json");
}

#[test]
fn multikey_variants_and_mismatch() {
    let key = key_from_seed(&[5; 32]);
    let encodings = key.secret_encodings_for_tests();
    let long = &encodings[5];
    assert_eq!(SigningKey::parse(long).unwrap().public_key(), key.public_key());
    let mut bytes = bs58::decode(&long[1..]).into_vec().unwrap();
    bytes[40] ^= 1;
    let tampered = format!("z{}", bs58::encode(bytes).into_string());
    assert!(matches!(SigningKey::parse(&tampered), Err(KeyError::PublicKeyMismatch)));
}

#[test]
fn public_multibase_rejects_other_keys() {
    let key = key_from_seed(&[5; 32]);
    let multibase = key.public_key().to_multibase();
    assert!(multibase.starts_with("z6Mk"));
    let mut secp = vec![0xe7, 0x01];
    secp.extend_from_slice(&[2; 33]);
    let secp = format!("z{}", bs58::encode(secp).into_string());
    assert!(matches!(
        PublicKey::from_multibase(&secp),
        Err(KeyError::WrongMulticodec { found, .. }) if found == "0xe701"
    ));
    let secret = &key.secret_encodings_for_tests()[4];
    assert!(matches!(PublicKey::from_multibase(secret), Err(KeyError::WrongMulticodec { .. })));
    assert!(matches!(PublicKey::from_multibase(&format!("u{}", &multibase[1..])), Err(KeyError::Multibase)));
    let mut short = vec![0xed, 0x01];
    short.extend_from_slice(&key.public_key().as_bytes()[..31]);
    assert!(matches!(
        PublicKey::from_multibase(&format!("z{}", bs58::encode(short).into_string())),
        Err(KeyError::WrongLength { found: 33, .. })
    ));
}

#[test]
fn sign_and_verify_at_key_level() {
    let key = key_from_seed(&[5; 32]);
    let signature = key.sign(b"message");
    assert!(key.public_key().verify(b"message", &signature));
    assert!(!key.public_key().verify(b"massage", &signature));
    assert!(!key.public_key().verify(b"message", &signature[..63]));
}

#[test]
fn nothing_secret_in_debug_or_errors() {
    let key = SigningKey::parse(OPENSSL_PEM).unwrap();
    assert_eq!(format!("{key:?}"), "SigningKey(..)");
    let secrets = key.secret_encodings_for_tests();
    assert_eq!(secrets.len(), 7);
    // A damaged PEM and a damaged multibase: the messages must not echo the input.
    let damaged_pem = OPENSSL_PEM.replace("MC4CAQAw", "MC4CAQAx");
    let long = &secrets[5];
    let damaged_multibase = format!("{}0", &long[..long.len() - 1]);
    for text in [damaged_pem.as_str(), damaged_multibase.as_str(), "z6MkSomething", "nonsense"] {
        let message = SigningKey::parse(text).unwrap_err().to_string();
        for secret in &secrets {
            assert!(!message.contains(secret.as_str()), "{message}");
        }
        assert!(!message.contains("MC4C"), "{message}");
    }
    assert!(matches!(SigningKey::parse("nonsense"), Err(KeyError::UnrecognizedFormat)));
    assert!(matches!(SigningKey::parse("z6MkSomething"), Err(KeyError::PublicNotPrivate)));
    let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----";
    assert!(matches!(SigningKey::parse(encrypted), Err(KeyError::Encrypted)));
}

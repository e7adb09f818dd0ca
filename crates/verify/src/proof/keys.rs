//! Ed25519 keys: the secret [`SigningKey`] and the public [`PublicKey`].
//!
//! The secret key is the one value rosette must never publish, so its type makes leaking it
//! hard: no `Clone`, no `Serialize`, a `Debug` that prints nothing, and ed25519-dalek wipes
//! it on drop. Every intermediate buffer holding secret bytes is `Zeroizing`, and no error
//! message ever quotes key text.
//!
//! Formats: PKCS#8 PEM (written as version 1, which OpenSSL 3 reads; v1 and v2 are read) and
//! Multikey `secretKeyMultibase` (`z` + base58btc(0x80 0x26 ‖ seed), optionally followed by
//! the public key as some libraries export). Public keys are Multikey `z6Mk…` strings.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use zeroize::Zeroizing;

/// Multicodec prefix of an Ed25519 public key (varint of 0xed).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 private key (varint of 0x1300).
const ED25519_PRIV: [u8; 2] = [0x80, 0x26];
/// DER of a PKCS#8 v1 OneAsymmetricKey for Ed25519, up to the 32-byte seed (RFC 8410).
const PKCS8_V1_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// Why a key could not be read or made. Messages never contain key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The operating system's random generator failed.
    #[error("could not get random bytes from the operating system: {0}")]
    Random(String),
    /// Neither PEM nor multibase.
    #[error(
        "the key is neither a PKCS#8 PEM private key (\"-----BEGIN PRIVATE KEY-----\") nor a Multikey secretKeyMultibase (\"z3u2…\")"
    )]
    UnrecognizedFormat,
    /// A public key was given where the private key is needed.
    #[error("this is a public key; signing needs the private key")]
    PublicNotPrivate,
    /// An encrypted PEM.
    #[error("encrypted PEM keys are not supported; decrypt it (openssl pkey -in key.pem -out plain.pem)")]
    Encrypted,
    /// The PEM could not be decoded or is not an Ed25519 PKCS#8 key.
    #[error("the PEM private key could not be read as an Ed25519 PKCS#8 key: {0}")]
    Pem(String),
    /// The multibase text is not `z` + base58btc.
    #[error("the multibase key is not valid base58btc with the \"z\" prefix")]
    Multibase,
    /// The multicodec prefix is not the expected one.
    #[error("the multibase key has multicodec prefix {found}, expected {expected}")]
    WrongMulticodec {
        /// What was expected, e.g. `0xed01 (Ed25519 public key)`.
        expected: &'static str,
        /// The first two bytes found, in hex.
        found: String,
    },
    /// The decoded key has the wrong length.
    #[error("the multibase key decodes to {found} bytes, expected {expected}")]
    WrongLength {
        /// Accepted lengths.
        expected: &'static str,
        /// Actual length.
        found: usize,
    },
    /// The public half stored with a secret does not belong to it.
    #[error("the key's embedded public key does not match its secret key")]
    PublicKeyMismatch,
    /// 32 bytes that are not an Ed25519 public key.
    #[error("the bytes are not a valid Ed25519 public key")]
    InvalidPublicKey,
}

/// An Ed25519 secret key. Not `Clone`, not printable, not serialisable; wiped on drop.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

impl SigningKey {
    /// A new random key (32 bytes from the operating system). Not in the browser verifier,
    /// which has no use for a secret (feature `keygen`).
    #[cfg(feature = "keygen")]
    pub fn generate() -> Result<SigningKey, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut()).map_err(|error| KeyError::Random(error.to_string()))?;
        Ok(SigningKey(ed25519_dalek::SigningKey::from_bytes(&seed)))
    }

    /// Reads a key from PKCS#8 PEM (v1 or v2, e.g. `openssl genpkey -algorithm ed25519`) or a
    /// Multikey secretKeyMultibase (34-byte `z3u2…`, or the 66-byte variant carrying the
    /// public key too). Surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<SigningKey, KeyError> {
        let text = text.trim();
        if text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            return Err(KeyError::Encrypted);
        }
        if text.starts_with("-----BEGIN PUBLIC KEY-----") || text.starts_with("z6Mk") {
            return Err(KeyError::PublicNotPrivate);
        }
        if text.starts_with("-----BEGIN") {
            return ed25519_dalek::SigningKey::from_pkcs8_pem(text)
                .map(SigningKey)
                .map_err(|error| KeyError::Pem(error.to_string()));
        }
        if let Some(encoded) = text.strip_prefix('z') {
            let bytes = Zeroizing::new(bs58::decode(encoded).into_vec().map_err(|_| KeyError::Multibase)?);
            return Self::from_multikey(&bytes);
        }
        Err(KeyError::UnrecognizedFormat)
    }

    /// Decoded secretKeyMultibase bytes: 0x8026 ‖ seed, optionally ‖ public key.
    fn from_multikey(bytes: &[u8]) -> Result<SigningKey, KeyError> {
        if bytes.len() < 2 || bytes[..2] != ED25519_PRIV {
            return Err(KeyError::WrongMulticodec {
                expected: "0x8026 (Ed25519 private key)",
                found: prefix_hex(bytes),
            });
        }
        let body = &bytes[2..];
        let Some(seed) = body.get(..32).and_then(|s| <&[u8; 32]>::try_from(s).ok()) else {
            return Err(KeyError::WrongLength { expected: "34 or 66", found: bytes.len() });
        };
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        match body.len() {
            32 => {}
            64 if body[32..] == key.verifying_key().to_bytes() => {}
            64 => return Err(KeyError::PublicKeyMismatch),
            _ => {
                return Err(KeyError::WrongLength { expected: "34 or 66", found: bytes.len() });
            }
        }
        Ok(SigningKey(key))
    }

    /// The key as PKCS#8 **v1** PEM (`-----BEGIN PRIVATE KEY-----`, LF line endings).
    ///
    /// Version 1 because OpenSSL 3 refuses the v2 form ed25519-dalek writes by default. The
    /// DER is fixed-layout (RFC 8410), so it is assembled directly; a test checks it is
    /// byte-identical to `pkcs8::KeypairBytes { public_key: None, .. }.to_pkcs8_pem(LF)`.
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        let body = self.pem_body();
        let mut pem = Zeroizing::new(String::with_capacity(120));
        pem.push_str("-----BEGIN PRIVATE KEY-----\n");
        pem.push_str(&body);
        pem.push_str("\n-----END PRIVATE KEY-----\n");
        pem
    }

    /// Base64 of the v1 DER: the single body line of the PEM.
    fn pem_body(&self) -> Zeroizing<String> {
        let mut der = Zeroizing::new([0u8; 48]);
        der[..16].copy_from_slice(&PKCS8_V1_PREFIX);
        der[16..].copy_from_slice(self.0.as_bytes());
        Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(der.as_ref()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }

    /// Pure Ed25519 (RFC 8032, no pre-hash, no context) signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer as _;
        self.0.sign(message).to_bytes()
    }

    /// For leak tests only: every encoding of the secret an accident could publish (hex of
    /// the seed in both cases, unpadded base64 and base64url of the seed, both
    /// secretKeyMultibase forms, the PEM body line). Search output for each as a substring.
    pub fn secret_encodings_for_tests(&self) -> Vec<String> {
        let seed = self.0.as_bytes();
        let hex = crate::hex::encode(seed);
        let mut multikey = ED25519_PRIV.to_vec();
        multikey.extend_from_slice(seed);
        let short = format!("z{}", bs58::encode(&multikey).into_string());
        multikey.extend_from_slice(&self.0.verifying_key().to_bytes());
        let long = format!("z{}", bs58::encode(&multikey).into_string());
        vec![
            hex.to_uppercase(),
            hex,
            STANDARD_NO_PAD.encode(seed),
            URL_SAFE_NO_PAD.encode(seed),
            short,
            long,
            self.pem_body().to_string(),
        ]
    }
}

/// An Ed25519 public key (32 bytes). Safe to publish.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// Multikey form: `"z"` + base58btc(0xed 0x01 ‖ key), always `z6Mk…`.
    pub fn to_multibase(&self) -> String {
        let mut bytes = ED25519_PUB.to_vec();
        bytes.extend_from_slice(&self.0);
        format!("z{}", bs58::encode(bytes).into_string())
    }

    /// Reads a Multikey `publicKeyMultibase`; any prefix other than `z` + 0xed01, any
    /// length other than 34 bytes, or bytes that are not a curve point are refused.
    pub fn from_multibase(text: &str) -> Result<PublicKey, KeyError> {
        let encoded = text.trim().strip_prefix('z').ok_or(KeyError::Multibase)?;
        let bytes = bs58::decode(encoded).into_vec().map_err(|_| KeyError::Multibase)?;
        if bytes.len() < 2 || bytes[..2] != ED25519_PUB {
            return Err(KeyError::WrongMulticodec {
                expected: "0xed01 (Ed25519 public key)",
                found: prefix_hex(&bytes),
            });
        }
        let key = <[u8; 32]>::try_from(&bytes[2..])
            .map_err(|_| KeyError::WrongLength { expected: "34", found: bytes.len() })?;
        ed25519_dalek::VerifyingKey::from_bytes(&key).map_err(|_| KeyError::InvalidPublicKey)?;
        Ok(PublicKey(key))
    }

    /// Reads the raw 32 bytes of a key (a JWK's `x`); bytes that are not a curve point are
    /// refused.
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, KeyError> {
        let key =
            <[u8; 32]>::try_from(bytes).map_err(|_| KeyError::WrongLength { expected: "32", found: bytes.len() })?;
        ed25519_dalek::VerifyingKey::from_bytes(&key).map_err(|_| KeyError::InvalidPublicKey)?;
        Ok(PublicKey(key))
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key (strict
    /// verification: non-canonical signatures and small-order keys are refused).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else {
            return false;
        };
        ed25519_dalek::VerifyingKey::from_bytes(&self.0).is_ok_and(|key| key.verify_strict(message, &signature).is_ok())
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// The first two bytes (the multicodec varint of a key type) in hex, for error messages.
/// Only ever shows a prefix, never key bytes.
fn prefix_hex(bytes: &[u8]) -> String {
    let shown = crate::hex::encode(&bytes[..bytes.len().min(2)]);
    if shown.is_empty() { "(none)".to_owned() } else { format!("0x{shown}") }
}

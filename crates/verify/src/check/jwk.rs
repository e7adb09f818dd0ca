//! The public keys of JOSE signatures (VC-JWT credentials, Open Badges 2.0 signed assertions):
//! Ed25519 (`EdDSA`), P-256 (`ES256`) and RSA (`RS256`), read from a JWK, a PEM
//! SubjectPublicKeyInfo or a Multikey, and the signature check for each algorithm. The home
//! of the `p256` and `rsa` crates. Every reader takes untrusted input and never panics.

use base64::Engine as _;
use p256::ecdsa::signature::Verifier as _;
use rsa::BigUint;
use serde_json::Value;
use sha2::Sha256;

use super::jws::base64url;
use crate::proof::PublicKey;

/// The DER of an Ed25519 SubjectPublicKeyInfo up to the 32 key bytes (RFC 8410).
const ED25519_SPKI: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
/// Multicodec prefix of a compressed P-256 public key (varint of 0x1200).
const P256_PUB: [u8; 2] = [0x80, 0x24];
/// RSA keys shorter than this are refused: they are breakable (NIST SP 800-131A).
const MIN_RSA_BITS: usize = 2048;

/// A public key that checks JOSE signatures.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// Ed25519, for `EdDSA`.
    Ed25519(PublicKey),
    /// P-256, for `ES256`.
    P256(p256::ecdsa::VerifyingKey),
    /// RSA (2048 to 4096 bits), for `RS256`.
    Rsa(rsa::RsaPublicKey),
}

impl Key {
    /// Reads a JWK (`kty` OKP/Ed25519, EC/P-256 or RSA). Private members are ignored.
    pub fn from_jwk(jwk: &Value) -> Result<Key, String> {
        match (jwk["kty"].as_str(), jwk["crv"].as_str()) {
            (Some("OKP"), Some("Ed25519")) => {
                PublicKey::from_bytes(&base64url(jwk, "x")?).map(Key::Ed25519).map_err(|e| format!("the JWK: {e}"))
            }
            (Some("EC"), Some("P-256")) => {
                let (x, y) = (base64url(jwk, "x")?, base64url(jwk, "y")?);
                if x.len() != 32 || y.len() != 32 {
                    return Err("the P-256 JWK's `x` and `y` are not 32 bytes each".to_owned());
                }
                let point = [&[0x04][..], &x, &y].concat();
                p256::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                    .map(Key::P256)
                    .map_err(|_| "the P-256 JWK is not a point of the curve".to_owned())
            }
            (Some("RSA"), _) => {
                let (n, e) = (base64url(jwk, "n")?, base64url(jwk, "e")?);
                rsa_key(rsa::RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e)))
            }
            (kty, crv) => Err(format!(
                "unsupported JWK (kty {}, crv {}): only Ed25519, P-256 and RSA keys are supported",
                kty.unwrap_or("missing"),
                crv.unwrap_or("none")
            )),
        }
    }

    /// Reads a PEM public key (`-----BEGIN PUBLIC KEY-----`, SubjectPublicKeyInfo) of any of
    /// the three kinds, as an OB 2.0 `CryptographicKey` publishes it.
    pub fn from_pem(pem: &str) -> Result<Key, String> {
        use rsa::pkcs8::DecodePublicKey as _;
        if let Ok(key) = rsa::RsaPublicKey::from_public_key_pem(pem.trim()) {
            return rsa_key(Ok(key));
        }
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_pem(pem.trim()) {
            return Ok(Key::P256(key));
        }
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
        let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap_or_default();
        match der.strip_prefix(&ED25519_SPKI[..]) {
            Some(key) => PublicKey::from_bytes(key).map(Key::Ed25519).map_err(|e| format!("the PEM key: {e}")),
            None => Err("the key is not a PEM public key (SubjectPublicKeyInfo) of RSA, P-256 or Ed25519".to_owned()),
        }
    }

    /// Reads a Multikey `publicKeyMultibase` (`z6Mk…` Ed25519, `zDn…` P-256).
    pub fn from_multibase(text: &str) -> Result<Key, String> {
        if let Some(bytes) = text.strip_prefix('z').and_then(|b| bs58::decode(b).into_vec().ok())
            && let Some(point) = bytes.strip_prefix(&P256_PUB[..])
        {
            return p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(Key::P256)
                .map_err(|_| "the P-256 multibase key is not a point of the curve".to_owned());
        }
        PublicKey::from_multibase(text).map(Key::Ed25519).map_err(|e| e.to_string())
    }

    /// The JOSE algorithm this key signs with.
    pub fn alg(&self) -> &'static str {
        match self {
            Key::Ed25519(_) => "EdDSA",
            Key::P256(_) => "ES256",
            Key::Rsa(_) => "RS256",
        }
    }

    /// Checks `signature` of `input` made with `alg`, which must be this key's algorithm (no
    /// algorithm confusion: an RSA key never checks an HMAC or a `none`).
    pub fn verify(&self, alg: &str, input: &[u8], signature: &[u8]) -> Result<(), String> {
        if alg != self.alg() {
            return Err(format!("the algorithm {alg:?} does not match the key ({} expected)", self.alg()));
        }
        let valid = match self {
            Key::Ed25519(key) => key.verify(input, signature),
            Key::P256(key) => {
                p256::ecdsa::Signature::from_slice(signature).is_ok_and(|s| key.verify(input, &s).is_ok())
            }
            Key::Rsa(key) => {
                let key = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone());
                rsa::pkcs1v15::Signature::try_from(signature).is_ok_and(|s| key.verify(input, &s).is_ok())
            }
        };
        if valid {
            Ok(())
        } else {
            Err("the signature is invalid: the credential was altered after signing or signed with another key".into())
        }
    }
}

/// An RSA key, refused when too short to be safe (the crate already refuses more than 4096
/// bits, which bounds the work an attacker's key costs).
fn rsa_key(key: Result<rsa::RsaPublicKey, rsa::Error>) -> Result<Key, String> {
    use rsa::traits::PublicKeyParts as _;
    let key = key.map_err(|e| format!("the RSA key is not usable: {e}"))?;
    let bits = key.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(format!("the RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"));
    }
    Ok(Key::Rsa(key))
}

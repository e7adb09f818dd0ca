//! Compact JSON Web Signatures (RFC 7515), read from untrusted text: the three base64url parts
//! of a VC-JWT credential or an Open Badges 2.0 signed assertion, decoded and checked for
//! shape before any key is looked at. Nothing here panics on any input (a property test in
//! `tests.rs` feeds it garbage).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The longest JWS read: a badge is a few kilobytes, and no honest one approaches this.
const MAX_LEN: usize = 1024 * 1024;

/// A decoded compact JWS whose signature is not checked yet.
#[derive(Debug, Clone)]
pub struct Jws {
    /// The protected header (`alg`, `kid`, `jwk`, `typ`).
    pub header: Map<String, Value>,
    /// The payload, a JSON object.
    pub payload: Map<String, Value>,
    /// `header.payload` as it was given: the bytes the signature covers.
    pub signing_input: Vec<u8>,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

impl Jws {
    /// The `alg` of the header ("" when absent or not a string).
    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or_default()
    }
}

/// Whether `text` has the shape of a compact JWS (three base64url parts, the header a JSON
/// object): what the sniffer and the baked-image reader ask before calling it one.
pub fn looks_like(text: &str) -> bool {
    let text = text.trim();
    let parts: Vec<&str> = text.split('.').collect();
    // "eyJ" is base64url of `{"`: every JOSE header starts so.
    parts.len() == 3
        && text.len() <= MAX_LEN
        && text.starts_with("eyJ")
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

/// Decodes a compact JWS, refusing what no issuer makes: an unprotected `b64: false` payload,
/// critical extensions, a payload that is not a JSON object.
pub fn parse(text: &str) -> Result<Jws, String> {
    let text = text.trim();
    if text.len() > MAX_LEN {
        return Err(format!("the JWS is {} bytes long, more than the {MAX_LEN} read", text.len()));
    }
    let parts: Vec<&str> = text.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(format!("a compact JWS has 3 parts separated by dots, this has {}", parts.len()));
    };
    let header = object(header, "header")?;
    if header.contains_key("crit") || header.get("b64").is_some_and(|b| b != true) {
        return Err("the JWS header has critical extensions (crit, b64), which are not supported".to_owned());
    }
    let payload_object = object(payload, "payload")?;
    let signature =
        URL_SAFE_NO_PAD.decode(signature).map_err(|e| format!("the JWS signature is not base64url: {e}"))?;
    let signing_input = format!("{}.{}", parts[0], parts[1]).into_bytes();
    Ok(Jws { header, payload: payload_object, signing_input, signature })
}

/// One base64url part decoded as a JSON object.
fn object(part: &str, what: &str) -> Result<Map<String, Value>, String> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|e| format!("the JWS {what} is not base64url: {e}"))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(format!("the JWS {what} is not a JSON object")),
        Err(e) => Err(format!("the JWS {what} is not JSON: {e}")),
    }
}

/// Decodes a base64url field of a JWK (`n`, `x`, …), naming it when it is not.
pub(super) fn base64url(value: &Value, field: &str) -> Result<Vec<u8>, String> {
    let text = value.get(field).and_then(Value::as_str).ok_or_else(|| format!("the JWK has no `{field}`"))?;
    URL_SAFE_NO_PAD.decode(text).map_err(|_| format!("the JWK's `{field}` is not base64url"))
}

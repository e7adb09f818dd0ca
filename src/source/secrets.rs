//! Private key material in a file of the site: refused wherever it is.
//!
//! Everything under `static/` is published as it is, and every file of the site is in the
//! repository, so a secret key dropped anywhere in the site folder (by mistake, or by a pull
//! request fishing for a careless merge) must stop the build. Every file the reader opens is
//! searched, text or binary, for:
//! - a PEM block whose label names a private key: `-----BEGIN PRIVATE KEY-----` (PKCS#8),
//!   `ENCRYPTED PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `DSA PRIVATE KEY`,
//!   `OPENSSH PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`…;
//! - a Multikey Ed25519 `secretKeyMultibase` (`z` + base58btc of `0x80 0x26` ‖ seed, which
//!   always starts `z3u2` and is 48 characters long; or ‖ seed ‖ public key: `zrv…`, 91
//!   characters), the form `rosette keygen` prints.

/// What kind of private key `bytes` holds, if any.
pub fn private_key(bytes: &[u8]) -> Option<&'static str> {
    pem_private_key(bytes).or_else(|| multikey_secret(bytes).then_some("a Multikey secretKeyMultibase"))
}

/// The first PEM `-----BEGIN … PRIVATE KEY…-----` line, named.
fn pem_private_key(bytes: &[u8]) -> Option<&'static str> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let mut rest = bytes;
    while let Some(at) = find(rest, BEGIN) {
        rest = &rest[at + BEGIN.len()..];
        // A PEM label is short and ends with five dashes on the same line.
        let label_end = rest.iter().take(64).position(|&b| b == b'-' || b == b'\n').unwrap_or(0);
        let label = &rest[..label_end];
        if find(label, b"PRIVATE KEY").is_some() {
            return Some(match label {
                b"PRIVATE KEY" => "a PKCS#8 PEM private key",
                b"ENCRYPTED PRIVATE KEY" => "an encrypted PKCS#8 PEM private key",
                b"RSA PRIVATE KEY" => "an RSA PEM private key",
                b"EC PRIVATE KEY" => "an EC PEM private key",
                b"DSA PRIVATE KEY" => "a DSA PEM private key",
                b"OPENSSH PRIVATE KEY" => "an OpenSSH private key",
                _ => "a PEM private key",
            });
        }
    }
    None
}

/// Whether a word of `bytes` has the shape of an Ed25519 `secretKeyMultibase`.
fn multikey_secret(bytes: &[u8]) -> bool {
    bytes.split(|b| !is_base58(*b)).any(|word| {
        (word.starts_with(b"z3u2") && (46..=50).contains(&word.len()))
            || (word.starts_with(b"zrv") && (88..=93).contains(&word.len()))
    })
}

fn is_base58(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l')
}

/// Position of `needle` (not empty) in `haystack`: a scan for its first byte, which is rare
/// in most files, then a comparison.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_pem_private_key_kind() {
        for (label, kind) in [
            ("PRIVATE KEY", "a PKCS#8 PEM private key"),
            ("ENCRYPTED PRIVATE KEY", "an encrypted PKCS#8 PEM private key"),
            ("RSA PRIVATE KEY", "an RSA PEM private key"),
            ("EC PRIVATE KEY", "an EC PEM private key"),
            ("DSA PRIVATE KEY", "a DSA PEM private key"),
            ("OPENSSH PRIVATE KEY", "an OpenSSH private key"),
            ("PGP PRIVATE KEY BLOCK", "a PEM private key"),
        ] {
            let text = format!("x\0\u{1}-----BEGIN {label}-----\nMC4CAQAw\n-----END {label}-----\n");
            assert_eq!(private_key(text.as_bytes()), Some(kind), "{label}");
        }
    }

    #[test]
    fn finds_multikey_secrets_but_not_public_keys() {
        assert!(private_key(b"secret = \"z3u2T1FHNoztndWHwsFXTTbujz7Xm1XKRCxbR5ryJbUYDuVR\"").is_some());
        let long = "zrv5ZWkcagYQYXJfAsBh2XGZ2oV6NJ8yfwa5DXrFamy1YpFx8aHUfKnNBkt44urbAnRs3Epor35pZNhcUsnkdRcChAL";
        assert!(private_key(long.as_bytes()).is_some());
        assert_eq!(private_key(b"public_key = \"z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\""), None);
        assert_eq!(private_key(b"-----BEGIN PUBLIC KEY-----\nMCowBQ\n-----END PUBLIC KEY-----"), None);
        assert_eq!(private_key(b"-----BEGIN CERTIFICATE-----"), None);
    }
}

//! Lower-case hex: the one encoder of bytes as hex digits (recipient hashes, salts, key
//! prefixes in messages), and the only user of base16ct.
//!
//! base16ct encodes in constant time, so the same function is safe for secret bytes too
//! (the leak tests search output for the hex of the secret seed).

/// `bytes` as lower-case hex digits, two per byte.
pub fn encode(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_lower_case_digits_per_byte() {
        assert_eq!(super::encode(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(super::encode(&[]), "");
    }
}

//! Reading Bitstring Status Lists (W3C): the `encodedList` of a status list credential is
//! `u` + base64url (no padding) of the GZIP of the bits, most significant bit first. rosette's
//! signer writes lists with [`encode`]; every verifier reads them with [`bit`].

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use flate2::{Compression, GzBuilder};

/// The most a status list may inflate to (no GZIP bombs): 16 MiB is 134 million entries.
const MAX_INFLATED: u64 = 16 * 1024 * 1024;

/// `u` + base64url (no padding) of the GZIP of the bits.
pub fn encode(bits: &[u8]) -> String {
    let mut gzip = GzBuilder::new().mtime(0).write(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = gzip.write_all(bits);
    let compressed = gzip.finish().unwrap_or_default();
    format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed))
}

/// Reads bit `index` of an `encodedList` (most significant bit of byte 0 is index 0).
pub fn bit(encoded_list: &str, index: u32) -> Result<bool, String> {
    let data =
        encoded_list.strip_prefix('u').ok_or("the encoded list does not start with `u` (base64url multibase)")?;
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| format!("the encoded list is not base64url: {e}"))?;
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .take(MAX_INFLATED)
        .read_to_end(&mut bits)
        .map_err(|e| format!("the encoded list is not GZIP: {e}"))?;
    let byte = bits
        .get((index / 8) as usize)
        .ok_or(format!("index {index} is beyond the list's {} entries", bits.len() * 8))?;
    Ok(byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_most_significant_first() {
        let mut bits = vec![0u8; 16384];
        bits[2] = 0b0000_0001; // index 23
        let encoded = encode(&bits);
        assert!(bit(&encoded, 23).unwrap());
        assert!(!bit(&encoded, 22).unwrap());
        assert!(!bit(&encoded, 16).unwrap());
        assert_eq!(encode(&bits), encoded, "encoding is deterministic");
    }
}

//! PNG baking: `iTXt` chunks spliced into the file without decoding or re-encoding it.
//!
//! The file is walked chunk by chunk with every length bounds-checked and every CRC verified,
//! because a corrupt badge image would otherwise be published with a credential inside that
//! no reader can reach. The new chunks go right after `IHDR`, where the reference baker puts
//! them (extractors may stop at the first match); every other chunk is copied byte for byte,
//! so the pixels cannot change.

use std::io::Read;
use std::ops::Range;

use super::{BakeError, Baked, OB2_KEYWORD, OB3_KEYWORD};

/// The eight bytes every PNG file starts with.
pub const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The largest chunk length the PNG specification allows (2^31 - 1).
const MAX_CHUNK: usize = 0x7FFF_FFFF;

/// The most a compressed `iTXt` may inflate to when reading others' images (no zip bombs).
const MAX_INFLATED: u64 = 16 * 1024 * 1024;

/// One chunk of a PNG file, as positions in the file.
struct Chunk {
    kind: [u8; 4],
    /// From the length field to the end of the CRC.
    whole: Range<usize>,
    /// The chunk data.
    data: Range<usize>,
}

/// A PNG file checked once and ready to bake many times (one badge image, many awards).
pub struct PngImage<'a> {
    bytes: &'a [u8],
    chunks: Vec<Chunk>,
}

impl<'a> PngImage<'a> {
    /// Checks the signature, every chunk's bounds and CRC, `IHDR` first and `IEND` last.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, BakeError> {
        if !bytes.starts_with(SIGNATURE) {
            return Err(BakeError::NotPng);
        }
        let mut chunks = Vec::new();
        let mut at = SIGNATURE.len();
        loop {
            let header = bytes.get(at..at + 8).ok_or(BakeError::Truncated { at })?;
            let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
            let kind = [header[4], header[5], header[6], header[7]];
            let name = String::from_utf8_lossy(&kind).into_owned();
            if !kind.iter().all(u8::is_ascii_alphabetic) {
                return Err(BakeError::BadChunk { at, why: format!("`{name}` is not a chunk type") });
            }
            if length > MAX_CHUNK {
                return Err(BakeError::BadChunk { at, why: format!("{name} claims {length} bytes") });
            }
            let data = at + 8..at + 8 + length;
            let stored = bytes.get(data.end..data.end + 4).ok_or(BakeError::Truncated { at })?;
            let stored = u32::from_be_bytes([stored[0], stored[1], stored[2], stored[3]]);
            if crc32fast::hash(&bytes[at + 4..data.end]) != stored {
                return Err(BakeError::BadCrc { chunk: name, at });
            }
            if chunks.is_empty() && (&kind != b"IHDR" || length != 13) {
                return Err(BakeError::BadChunk { at, why: "the first chunk is not a 13-byte IHDR".into() });
            }
            let end = data.end + 4;
            chunks.push(Chunk { kind, whole: at..end, data });
            at = end;
            if &kind == b"IEND" {
                break;
            }
        }
        if at != bytes.len() {
            return Err(BakeError::TrailingData { at });
        }
        Ok(PngImage { bytes, chunks })
    }

    /// The file with one uncompressed `iTXt` per `(keyword, text)` right after `IHDR`, and
    /// any earlier text chunk with one of those keywords dropped (re-baking replaces).
    pub fn bake(&self, texts: &[(&str, &str)]) -> Result<Vec<u8>, BakeError> {
        for (index, (keyword, text)) in texts.iter().enumerate() {
            check_keyword(keyword)?;
            if texts[..index].iter().any(|(k, _)| k == keyword) {
                return Err(BakeError::BadKeyword(format!("`{keyword}` is given twice")));
            }
            if text.contains('\0') {
                return Err(BakeError::BadText(format!("the `{keyword}` text contains a NUL character")));
            }
        }
        let size = texts.iter().map(|(k, t)| k.len() + t.len() + 17).sum::<usize>();
        let mut out = Vec::with_capacity(self.bytes.len() + size);
        out.extend_from_slice(SIGNATURE);
        for (index, chunk) in self.chunks.iter().enumerate() {
            let replaced = is_text(&chunk.kind)
                && texts.iter().any(|(k, _)| keyword(&self.bytes[chunk.data.clone()]) == k.as_bytes());
            if !replaced {
                out.extend_from_slice(&self.bytes[chunk.whole.clone()]);
            }
            if index == 0 {
                for (keyword, text) in texts {
                    push_itxt(&mut out, keyword, text)?;
                }
            }
        }
        Ok(out)
    }

    /// What [`Self::bake`] with texts under `keywords` copies: the bytes before the new chunks
    /// (signature and `IHDR`) and after them (every other chunk but the replaced ones).
    pub fn splice(&self, keywords: &[&str]) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let ihdr_end = self.chunks.first().map_or(SIGNATURE.len(), |chunk| chunk.whole.end);
        let replaced: Vec<Range<usize>> = self
            .chunks
            .iter()
            .filter(|chunk| {
                is_text(&chunk.kind)
                    && keywords.iter().any(|k| keyword(&self.bytes[chunk.data.clone()]) == k.as_bytes())
            })
            .map(|chunk| chunk.whole.clone())
            .collect();
        (super::keep(0..ihdr_end, &[]), super::keep(ihdr_end..self.bytes.len(), &replaced))
    }

    /// The first `openbadges` and `openbadgecredential` texts, as a reader following the
    /// specification finds them (a legacy `tEXt` `openbadges` URL counts for OB 2.0).
    pub fn extract(&self) -> Result<Baked, BakeError> {
        let mut baked = Baked::default();
        let mut legacy = None;
        for chunk in &self.chunks {
            let data = &self.bytes[chunk.data.clone()];
            match &chunk.kind {
                b"iTXt" => {
                    let slot = match keyword(data) {
                        k if k == OB2_KEYWORD.as_bytes() => &mut baked.ob2,
                        k if k == OB3_KEYWORD.as_bytes() => &mut baked.ob3,
                        _ => continue,
                    };
                    if slot.is_none() {
                        *slot = Some(itxt_text(data, chunk.whole.start)?);
                    }
                }
                b"tEXt" if legacy.is_none() && keyword(data) == OB2_KEYWORD.as_bytes() => {
                    // tEXt is Latin-1: every byte is the code point of the same number.
                    legacy = Some(data[OB2_KEYWORD.len() + 1..].iter().map(|&b| char::from(b)).collect());
                }
                _ => {}
            }
        }
        baked.ob2 = baked.ob2.or(legacy);
        Ok(baked)
    }
}

/// PNG keywords: 1–79 printable Latin-1 characters; we bake only ASCII ones.
fn check_keyword(keyword: &str) -> Result<(), BakeError> {
    let printable = keyword.bytes().all(|b| (0x20..0x7F).contains(&b));
    if keyword.is_empty() || keyword.len() > 79 || !printable || keyword.starts_with(' ') || keyword.ends_with(' ') {
        return Err(BakeError::BadKeyword(format!("`{keyword}` is not a PNG text keyword")));
    }
    Ok(())
}

fn is_text(kind: &[u8; 4]) -> bool {
    matches!(kind, b"iTXt" | b"tEXt" | b"zTXt")
}

/// A text chunk's keyword: its data up to the first NUL.
fn keyword(data: &[u8]) -> &[u8] {
    data.split(|&b| b == 0).next().unwrap_or_default()
}

/// `len | "iTXt" | keyword 0 | flag 0 | method 0 | language "" 0 | translated "" 0 | text | crc`.
fn push_itxt(out: &mut Vec<u8>, keyword: &str, text: &str) -> Result<(), BakeError> {
    let length = keyword.len() + 5 + text.len();
    let too_long = || BakeError::BadText(format!("the `{keyword}` text is too long for a PNG chunk"));
    let length_field = u32::try_from(length).ok().filter(|&n| n as usize <= MAX_CHUNK).ok_or_else(too_long)?;
    let start = out.len();
    out.extend_from_slice(&length_field.to_be_bytes());
    out.extend_from_slice(b"iTXt");
    out.extend_from_slice(keyword.as_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 0]);
    out.extend_from_slice(text.as_bytes());
    let crc = crc32fast::hash(&out[start + 4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    Ok(())
}

/// The text of an `iTXt` chunk; compressed text (which baking forbids) is still read.
fn itxt_text(data: &[u8], at: usize) -> Result<String, BakeError> {
    let bad = |why: &str| BakeError::BadChunk { at, why: format!("an Open Badges iTXt chunk {why}") };
    let after_keyword = keyword(data).len() + 1;
    let flags = data.get(after_keyword..after_keyword + 2).ok_or_else(|| bad("is truncated"))?;
    let mut rest = &data[after_keyword + 2..];
    for _ in 0..2 {
        // Language tag and translated keyword, each NUL-terminated.
        let end = rest.iter().position(|&b| b == 0).ok_or_else(|| bad("is truncated"))?;
        rest = &rest[end + 1..];
    }
    let text = match flags {
        [0, _] => rest.to_vec(),
        [1, 0] => {
            let mut inflated = Vec::new();
            flate2::read::ZlibDecoder::new(rest)
                .take(MAX_INFLATED)
                .read_to_end(&mut inflated)
                .map_err(|e| bad(&format!("does not inflate: {e}")))?;
            inflated
        }
        _ => return Err(bad("uses an unknown compression")),
    };
    String::from_utf8(text).map_err(|_| bad("is not UTF-8"))
}

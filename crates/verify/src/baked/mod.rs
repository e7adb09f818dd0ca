//! Baked badge images: Open Badges data inside a PNG or SVG badge image, so the image alone
//! is the badge (DIGEST §2). The only PNG/SVG baking code of rosette: its build bakes with it,
//! its page script follows the same plans, and every verifier reads images back with
//! [`extract`].
//!
//! PNG: uncompressed `iTXt` chunks `openbadges` (the OB 2.0 assertion) and
//! `openbadgecredential` (the signed OB 3.0 credential), spliced in without re-encoding
//! ([`png`]). SVG: `<openbadges:assertion>` and `<openbadges:credential>` elements
//! ([`svg`]).

mod png;
mod svg;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use png::{PngImage, SIGNATURE as PNG_SIGNATURE};
pub use svg::{OB2_NAMESPACE, OB3_NAMESPACE, SvgImage};

/// PNG `iTXt` keyword of the OB 2.0 assertion.
pub const OB2_KEYWORD: &str = "openbadges";
/// PNG `iTXt` keyword of the OB 3.0 credential.
pub const OB3_KEYWORD: &str = "openbadgecredential";

/// Why an image cannot be baked or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BakeError {
    /// The bytes do not start with the PNG signature.
    #[error("not a PNG file (wrong signature)")]
    NotPng,
    /// The file ends inside a chunk or before `IEND`.
    #[error("the PNG file is truncated (the chunk at byte {at} is incomplete)")]
    Truncated {
        /// Offset of the incomplete chunk.
        at: usize,
    },
    /// A chunk's CRC does not match its contents.
    #[error("the PNG file is corrupt: the CRC of its {chunk} chunk at byte {at} does not match")]
    BadCrc {
        /// The chunk type.
        chunk: String,
        /// Offset of the chunk.
        at: usize,
    },
    /// A chunk is malformed.
    #[error("the PNG file is malformed at byte {at}: {why}")]
    BadChunk {
        /// Offset of the chunk.
        at: usize,
        /// What is wrong.
        why: String,
    },
    /// Bytes follow `IEND` (a polyglot or damaged file).
    #[error("the PNG file has data after its end (IEND), at byte {at}")]
    TrailingData {
        /// Offset of the first extra byte.
        at: usize,
    },
    /// A PNG text keyword is invalid or repeated.
    #[error("{0}")]
    BadKeyword(String),
    /// A text cannot go into a PNG chunk.
    #[error("{0}")]
    BadText(String),
    /// The SVG cannot be baked or read.
    #[error("the SVG file cannot be used: {0}")]
    Svg(String),
    /// Neither a PNG nor an SVG (XML) file.
    #[error("neither a PNG nor an SVG image")]
    NotAnImage,
    /// A document to bake in is not UTF-8 text.
    #[error("the document to bake in is not UTF-8")]
    NotUtf8,
}

/// What a baked image holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baked {
    /// The OB 2.0 assertion (JSON, or a compact JWS / legacy URL in others' images).
    pub ob2: Option<String>,
    /// The OB 3.0 credential (JSON, or a compact JWS in others' images).
    pub ob3: Option<String>,
}

/// `image` with one uncompressed `iTXt` chunk per `(keyword, text)`, right after `IHDR`;
/// earlier text chunks with those keywords are dropped, everything else is copied unchanged.
pub fn png(image: &[u8], chunks: &[(&str, &str)]) -> std::result::Result<Vec<u8>, BakeError> {
    PngImage::parse(image)?.bake(chunks)
}

/// `image` with the OB 2.0 `assertion` (`(verify URL, JSON)`) and/or the OB 3.0 `credential`
/// (JSON), replacing any baked before.
pub fn svg(
    image: &str,
    assertion: Option<(&str, &str)>,
    credential: Option<&str>,
) -> std::result::Result<String, BakeError> {
    Ok(SvgImage::parse(image)?.bake(assertion, credential))
}

/// What a baked PNG or SVG holds; [`BakeError::NotAnImage`] for anything else (e.g. JSON).
pub fn extract(bytes: &[u8]) -> std::result::Result<Baked, BakeError> {
    if bytes.starts_with(png::SIGNATURE) {
        return PngImage::parse(bytes)?.extract();
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BakeError::NotAnImage)?;
    if !text.trim_start_matches('\u{feff}').trim_start().starts_with('<') {
        return Err(BakeError::NotAnImage);
    }
    svg::extract(text)
}

/// `range` without the parts in `removed` (sorted, disjoint), adjacent pieces merged.
fn keep(range: Range<usize>, removed: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut at = range.start;
    for cut in removed.iter().filter(|cut| cut.start >= range.start && cut.end <= range.end) {
        kept.push(at..cut.start);
        at = cut.end;
    }
    kept.push(at..range.end);
    kept.retain(|r| !r.is_empty());
    kept
}

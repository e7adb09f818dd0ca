//! Baked badge images: the badge image with the award's Open Badges data inside, so the image
//! alone is the badge (DIGEST §2). The only PNG/SVG baking code of rosette.
//!
//! PNG: uncompressed `iTXt` chunks `openbadges` (the OB 2.0 assertion) and
//! `openbadgecredential` (the signed OB 3.0 credential), spliced in without re-encoding
//! ([`png`]). SVG: `<openbadges:assertion>` and `<openbadges:credential>` elements
//! ([`svg`]). [`extract`] reads both formats back, for `rosette unbake` and `rosette verify`.
//!
//! In a build, [`award_images`] bakes every award's image from the exact bytes of its
//! `ob2.json` and `credential.json` in the plan, so what is inside an image is byte for byte
//! what is published beside it. Revoked awards are baked too: their `ob2.json` is the revoked
//! stub and their credential's status bit is set, so a reader of the image learns the truth,
//! and an image URL handed out before the revocation keeps answering instead of going 404.

mod png;
mod svg;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::{ImageKind, Site};
use crate::output::OutputFile;
pub use png::PngImage;
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

/// A badge image parsed once, for all its awards.
enum Prepared<'a> {
    Png(PngImage<'a>),
    Svg(SvgImage<'a>),
}

/// `awards/<id>/badge.png|svg` for every award: its badge's image with the bytes of its
/// `ob2.json` and, when the site signs, of its `credential.json` (both taken from `plan`).
pub fn award_images(site: &Site, plan: &[OutputFile]) -> Result<Vec<OutputFile>> {
    let files: HashMap<&str, &[u8]> = plan.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let mut used = vec![false; site.badges.len()];
    for award in &site.awards {
        used[award.badge] = true;
    }
    let mut prepared: Vec<Option<Prepared<'_>>> = Vec::with_capacity(site.badges.len());
    for (badge, used) in site.badges.iter().zip(used) {
        // Only images that will be baked are parsed: an unused badge must not fail a build.
        if !used {
            prepared.push(None);
            continue;
        }
        let refuse = |e: BakeError| Error::Refused(format!("cannot bake the image of badge `{}`: {e}", badge.id));
        let image = match badge.image.kind {
            ImageKind::Png => Prepared::Png(PngImage::parse(&badge.image.bytes).map_err(refuse)?),
            ImageKind::Svg => {
                let text = std::str::from_utf8(&badge.image.bytes).map_err(|_| refuse(BakeError::NotAnImage))?;
                Prepared::Svg(SvgImage::parse(text).map_err(refuse)?)
            }
        };
        prepared.push(Some(image));
    }
    let urls = &site.urls;
    let text = |path: &str| -> Result<Option<&str>> {
        files
            .get(path)
            .map(|bytes| std::str::from_utf8(bytes))
            .transpose()
            .map_err(|_| Error::Refused(format!("cannot bake {path}: it is not UTF-8")))
    };
    site.awards
        .par_iter()
        .map(|award| {
            let assertion = urls.award_assertion(&award.id);
            let ob2 = text(&assertion.path)?
                .ok_or_else(|| Error::Refused(format!("cannot bake award `{}`: no {}", award.id, assertion.path)))?;
            let ob3 = text(&urls.award_credential(&award.id).path)?;
            let badge = &site.badges[award.badge];
            let (bytes, kind) = match &prepared[award.badge] {
                Some(Prepared::Png(image)) => {
                    let mut chunks = vec![(OB2_KEYWORD, ob2)];
                    chunks.extend(ob3.map(|credential| (OB3_KEYWORD, credential)));
                    let bytes = image
                        .bake(&chunks)
                        .map_err(|e| Error::Refused(format!("cannot bake the image of award `{}`: {e}", award.id)))?;
                    (bytes, ImageKind::Png)
                }
                Some(Prepared::Svg(image)) => {
                    (image.bake(Some((&assertion.url, ob2)), ob3).into_bytes(), ImageKind::Svg)
                }
                None => return Err(Error::Refused(format!("badge `{}` has no prepared image", badge.id))),
            };
            Ok(OutputFile::new(urls.award_baked_image(&award.id, kind).path, bytes))
        })
        .collect()
}

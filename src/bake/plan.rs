//! The bake plan of a badge image: what the award page's script (theme `static/rosette.js`)
//! needs to bake an award into the image in the browser, byte for byte as [`super::Baker`]
//! does, without parsing PNG chunks or XML itself.
//!
//! Why: a baked image per award (PNG 3–4 kB, SVG 6–7 kB for site-example's badges) was a
//! fifth of what a site published per award, for a file most visitors never download. The
//! page fetches the badge image and the award's `ob2.json` and `credential.json`, which are
//! published anyway, and splices them in when the download button is pressed.
//!
//! A plan is `<kind>;<before>;<after>;<close>`: `kind` is `png` or `svg`; `before` and `after`
//! are comma-separated byte ranges `start-end` of the badge image, copied before and after
//! the baked data (what re-baking replaces is left out); `close` is the root's name when an
//! empty `<svg/>` needs a closing tag, else empty. What goes between is fixed by the format:
//! [`super::png`]'s `iTXt` chunks, or [`super::svg`]'s elements.

use std::ops::Range;

use super::{BakeError, OB2_KEYWORD, OB3_KEYWORD, PngImage, SvgImage};
use crate::model::{Image, ImageKind};

/// The plan of `image` for awards of a site that does (`signed`) or does not bake a
/// credential beside the assertion.
pub fn plan(image: &Image, signed: bool) -> Result<String, BakeError> {
    match image.kind {
        ImageKind::Png => {
            let png = PngImage::parse(&image.bytes)?;
            let keywords: &[&str] = if signed { &[OB2_KEYWORD, OB3_KEYWORD] } else { &[OB2_KEYWORD] };
            let (before, after) = png.splice(keywords);
            Ok(format!("png;{};{};", ranges(&before), ranges(&after)))
        }
        ImageKind::Svg => {
            let text = std::str::from_utf8(&image.bytes).map_err(|_| BakeError::NotAnImage)?;
            let svg = SvgImage::parse(text)?;
            let (before, after, close) = svg.splice();
            Ok(format!("svg;{};{};{}", ranges(&before), ranges(&after), close.unwrap_or_default()))
        }
    }
}

fn ranges(list: &[Range<usize>]) -> String {
    list.iter().map(|r| format!("{}-{}", r.start, r.end)).collect::<Vec<_>>().join(",")
}

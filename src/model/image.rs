//! Checks badge and issuer images: a real PNG, or an SVG that cannot run code.
//!
//! Images come from pull requests and are served from the organisation's domain, so an SVG
//! with a script, an event handler, a `foreignObject` or a reference to another resource is
//! refused rather than cleaned: a silently altered image would be worse than a clear error.

use std::sync::Arc;

use super::{Image, ImageKind};

/// Checks an image file's bytes; `Err` says what is wrong in one sentence.
pub fn load(rel_path: &str, bytes: &Arc<Vec<u8>>) -> Result<Image, String> {
    let lower = rel_path.to_ascii_lowercase();
    let kind = if lower.ends_with(".png") {
        ImageKind::Png
    } else if lower.ends_with(".svg") {
        ImageKind::Svg
    } else {
        return Err(format!("`{rel_path}` is not a .png or .svg file"));
    };
    match kind {
        ImageKind::Png => check_png(bytes)?,
        ImageKind::Svg => check_svg(bytes)?,
    }
    Ok(Image { kind, bytes: Arc::clone(bytes) })
}

fn check_png(bytes: &[u8]) -> Result<(), String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16) != Some(b"IHDR") {
        return Err("the file is not a PNG image".into());
    }
    let dimension = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    match (dimension(16), dimension(20)) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Ok(()),
        _ => Err("the PNG image is truncated or has no size".into()),
    }
}

/// An SVG must pass the allow-list of [`super::svg`]; the first problem is reported here (the
/// diagnostic points at the `image =` key that names the file), with the number of others.
fn check_svg(bytes: &[u8]) -> Result<(), String> {
    match super::svg::check(bytes).as_slice() {
        [] => Ok(()),
        [only] => Err(only.sentence()),
        [first, rest @ ..] => {
            let more =
                if rest.len() == 1 { "1 more problem".to_string() } else { format!("{} more problems", rest.len()) };
            Err(format!("{} (and {more} in this file)", first.sentence()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_problems_become_one_sentence() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(
            check_svg(svg),
            Err("the SVG has a <script> element, which runs code or embeds a document (line 1, column 41); \
                 export the SVG without scripts, event handlers or external references (Inkscape: Save As › Plain SVG)"
                .into())
        );
    }

    #[test]
    fn png_needs_a_signature_and_header() {
        assert!(check_png(b"GIF89a").is_err());
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0, 0, 1, 0, 0, 0, 1, 0]);
        assert_eq!(check_png(&png), Ok(()));
    }
}

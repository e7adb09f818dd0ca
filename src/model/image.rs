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
        ImageKind::Png => check_png(bytes).map_err(|problem| format!("`{rel_path}` {problem}"))?,
        ImageKind::Svg => check_svg(bytes)?,
    }
    Ok(Image { kind, bytes: Arc::clone(bytes) })
}

/// The PNG's structure: signature, an `IHDR` with a size, every chunk whole, up to `IEND`.
/// A truncated file passed here before and failed later, in baking, naming no file.
fn check_png(bytes: &[u8]) -> Result<(), String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16) != Some(b"IHDR") {
        return Err("is not a PNG image".into());
    }
    let word = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    if !matches!((word(16), word(20)), (Some(w), Some(h)) if w > 0 && h > 0) {
        return Err("is truncated or has no size".into());
    }
    let mut at = SIGNATURE.len();
    loop {
        // length, type, data, CRC
        let end = word(at).and_then(|length| at.checked_add(12)?.checked_add(usize::try_from(length).ok()?));
        match end {
            Some(end) if end <= bytes.len() => {
                if bytes.get(at + 4..at + 8) == Some(b"IEND") {
                    return Ok(());
                }
                at = end;
            }
            _ => return Err(format!("is truncated or corrupt (the chunk at byte {at} is incomplete)")),
        }
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
        png.extend([0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 1, 2, 3, 4]);
        assert_eq!(check_png(&png), Err("is truncated or corrupt (the chunk at byte 33 is incomplete)".into()));
        png.extend(b"\0\0\0\0IEND\xaeB`\x82");
        assert_eq!(check_png(&png), Ok(()));
        let image = load("badges/x.png", &Arc::new(png[..40].to_vec()));
        assert_eq!(
            image.err().as_deref(),
            Some("`badges/x.png` is truncated or corrupt (the chunk at byte 33 is incomplete)")
        );
    }
}

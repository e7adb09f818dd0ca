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

/// Elements that run code, embed other documents or change links when animated.
const FORBIDDEN_ELEMENTS: &[&str] = &["script", "foreignObject", "iframe", "embed", "object", "handler", "listener"];

fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG file is not UTF-8 text".to_string())?;
    if text.contains("<!ENTITY") {
        return Err("the SVG declares XML entities, which are not allowed".into());
    }
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("the SVG is not well-formed XML: {e}"))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err("the file's root element is not <svg>".into());
    }
    for node in document.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        let line = document.text_pos_at(node.range().start).row;
        if FORBIDDEN_ELEMENTS.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            return Err(format!(
                "the SVG contains a <{name}> element (line {line}); badge images must not run code or embed documents"
            ));
        }
        if matches!(name, "set" | "animate") && node.attribute("attributeName").is_some_and(|a| a.ends_with("href")) {
            return Err(format!("the SVG animates a link (line {line}), which can smuggle in a script"));
        }
        for attribute in node.attributes() {
            let (attr, value) = (attribute.name(), attribute.value().trim());
            if attr.len() > 2 && attr[..2].eq_ignore_ascii_case("on") {
                return Err(format!("the SVG has an event handler `{attr}` (line {line}); remove it"));
            }
            if attr == "href" && !value.starts_with('#') {
                return Err(format!(
                    "the SVG links to `{value}` (line {line}); only references inside the file (#id) are allowed"
                ));
            }
            if external_url_reference(value) {
                return Err(format!(
                    "the SVG refers to an outside resource in `{attr}` (line {line}); only url(#id) is allowed"
                ));
            }
        }
        if name == "style" {
            let css = node.text().unwrap_or_default();
            if css.contains("@import") || external_url_reference(css) {
                return Err(format!("the SVG's <style> loads an outside resource (line {line})"));
            }
        }
    }
    Ok(())
}

/// Whether CSS text has a `url(…)` that is not a fragment reference.
fn external_url_reference(css: &str) -> bool {
    css.match_indices("url(").any(|(at, _)| {
        let target = css[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        !target.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> Result<(), String> {
        check_svg(
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{body}</svg>"#
            )
            .as_bytes(),
        )
    }

    #[test]
    fn safe_svg_passes() {
        assert_eq!(
            svg(r##"<defs><linearGradient id="g"/></defs><circle fill="url(#g)" r="4"/><use href="#g"/>"##),
            Ok(())
        );
    }

    #[test]
    fn hostile_svg_is_refused() {
        for body in [
            "<script>alert(1)</script>",
            r#"<circle onload="alert(1)"/>"#,
            "<foreignObject><div/></foreignObject>",
            r#"<image href="https://evil.example/x.png"/>"#,
            r#"<image xlink:href="javascript:alert(1)"/>"#,
            r#"<a href="javascript:alert(1)"><text>x</text></a>"#,
            r#"<set attributeName="href" to="javascript:alert(1)"/>"#,
            r#"<rect style="fill: url(https://evil.example/)"/>"#,
            "<style>@import 'https://evil.example/x.css';</style>",
        ] {
            assert!(svg(body).is_err(), "{body}");
        }
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

//! What a file given to `verify` is, told by its content rather than its name: a credential
//! saved as `badge.txt` is still a credential, and an award page saved as `badge.svg` is still
//! a page. Only JSON, a compact JWS (VC-JWT, OB 2.0 signed assertion), PNG and SVG can hold a
//! badge; anything else is named, so the refusal
//! says what the file is instead of a parser's complaint about a format it never was.

/// How far into a text file to look for its kind: the root element of a page or an image
/// comes after at most a prolog and a few comments.
const HEAD: usize = 4096;

/// What the bytes given to `verify` are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JSON (a credential or assertion, or any other document).
    Json,
    /// A compact JWS (a VC-JWT credential or an OB 2.0 signed assertion).
    Jws,
    /// A PNG image (maybe baked).
    Png,
    /// An SVG image (maybe baked, maybe broken: the SVG reader says what is wrong).
    Svg,
    /// Something that cannot hold a badge, named for people: "an HTML page".
    Other(&'static str),
}

/// The kind of `bytes`, from their first bytes.
pub fn kind(bytes: &[u8]) -> Kind {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive"),
    ];
    // The PNG signature, as the baked-image reader checks it.
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Kind::Png;
    }
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Kind::Other(name);
    }
    if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Kind::Other("a WebP image");
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return Kind::Other("a binary file") };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with(['{', '[']) {
        return Kind::Json;
    }
    if super::jws::looks_like(text) {
        return Kind::Jws;
    }
    if !text.starts_with('<') {
        return Kind::Other(if text.is_empty() { "an empty file" } else { "a text file" });
    }
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].to_ascii_lowercase();
    // Whichever root comes first: an SVG may quote HTML inside, a page may inline an SVG.
    let html = ["<!doctype html", "<html"].iter().filter_map(|tag| head.find(tag)).min();
    match (head.find("<svg"), html) {
        (Some(svg), Some(html)) if html < svg => Kind::Other("an HTML page"),
        (Some(_), _) => Kind::Svg,
        (None, Some(_)) => Kind::Other("an HTML page"),
        (None, None) => Kind::Other("an XML file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_content() {
        assert_eq!(kind(b"  {\"@context\": 1}"), Kind::Json);
        assert_eq!(kind(b"\xef\xbb\xbf[1]"), Kind::Json);
        assert_eq!(kind(b"\x89PNG\r\n\x1a\nrest"), Kind::Png);
        assert_eq!(kind(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"x\"/>"), Kind::Svg);
        assert_eq!(kind(b"<svg><foreignObject><html/></foreignObject></svg>"), Kind::Svg);
        assert_eq!(kind(b"<svg unclosed"), Kind::Svg);
        assert_eq!(kind(b"<!DOCTYPE html>\n<html><body><svg/></body></html>"), Kind::Other("an HTML page"));
        assert_eq!(kind(b"<HTML>"), Kind::Other("an HTML page"));
        assert_eq!(kind(b"<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"), Kind::Other("an XML file"));
        assert_eq!(kind(b"\xff\xd8\xff\xe0"), Kind::Other("a JPEG image"));
        assert_eq!(kind(b"RIFF\0\0\0\0WEBPVP8 "), Kind::Other("a WebP image"));
        assert_eq!(kind(b"\xc3\x28"), Kind::Other("a binary file"));
        assert_eq!(kind(b"name = \"x\""), Kind::Other("a text file"));
        assert_eq!(kind(b"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln\n"), Kind::Jws);
        assert_eq!(kind(b"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319"), Kind::Other("a text file"));
        assert_eq!(kind(b" \n"), Kind::Other("an empty file"));
    }
}

//! Escaping text for XML and HTML: the one escaper of the markup rosette writes by hand (the
//! SVG of share cards, the attributes of baked SVG images, the error page of `rosette serve`);
//! and the one decoder of URL `%xx` escapes (the only user of percent-encoding).
//!
//! Pages made from templates are escaped by tera's autoescape, and JSON printed inside a
//! `<script>` element by [`crate::render`]'s JSON-LD writer; everything else goes through
//! [`xml`]. Text comes from pull requests, so the escaping is total: it is safe in element
//! text and in attribute values quoted with either quote.

/// `text` with `& < > " '` written as character references, and the control characters
/// XML 1.0 does not allow (all but tab, line feed and carriage return) dropped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Defined in XML and in HTML5, the two places this text goes.
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL path with its `%xx` escapes decoded, strictly: `None` when an escape is malformed
/// (`%zz`, a `%` at the end) or the bytes are not UTF-8. For paths that are then opened or
/// served, where a lenient reading could be read another way by someone else.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(at, byte)| {
        *byte == b'%' && !(bytes.get(at + 1..at + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|decoded| decoded.into_owned())
}

/// Whether the `%xx` escapes of `text` decode to UTF-8 (malformed escapes are kept as
/// written, so a lone `%` passes): what an IRI's escapes must do for JSON-LD processors.
pub fn escapes_decode_to_text(text: &str) -> bool {
    percent_encoding::percent_decode_str(text).decode_utf8().is_ok()
}

/// `text` with its `%xx` escapes decoded, leniently (malformed escapes kept as written,
/// invalid UTF-8 replaced): for searching a URL for something it must not hold.
pub fn percent_decode_lossy(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_invalid_characters_cannot_pass() {
        assert_eq!(xml("</text><script>&\"'\u{7}"), "&lt;/text&gt;&lt;script&gt;&amp;&quot;&apos;");
        assert_eq!(xml("line\nnext\ttab"), "line\nnext\ttab");
    }

    #[test]
    fn url_escapes_are_decoded_strictly_or_leniently() {
        assert_eq!(percent_decode("a%2Fb%40c").as_deref(), Some("a/b@c"));
        assert_eq!(percent_decode("a%zz"), None);
        assert_eq!(percent_decode("a%4"), None);
        assert_eq!(percent_decode("%ff"), None, "not UTF-8");
        assert_eq!(percent_decode_lossy("ada%40example.org%zz"), "ada@example.org%zz");
    }
}

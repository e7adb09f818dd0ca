//! Escaping text for XML and HTML: the one escaper of the markup rosette writes by hand (the
//! SVG of share cards, the attributes of baked SVG images, the error page of `rosette serve`).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_invalid_characters_cannot_pass() {
        assert_eq!(xml("</text><script>&\"'\u{7}"), "&lt;/text&gt;&lt;script&gt;&amp;&quot;&apos;");
        assert_eq!(xml("line\nnext\ttab"), "line\nnext\ttab");
    }
}

//! Finds what runs script in an HTML or XML file from `static/`: script-bearing elements,
//! event-handler attributes, `javascript:` and scriptable `data:` URLs, XSLT.
//!
//! The scan is deliberately context-free rather than a tokenizer run: browsers read the same
//! bytes in many states (comments, raw text of `<style>`/`<noscript>`/`<textarea>`, foreign
//! content, CDATA), and a tokenizer that guessed one state differently from the browser
//! would miss what the browser runs (the mutation-XSS family). Looking everywhere, whatever
//! the state, finds a superset of what any parser state sees: every tag starts with `<` and
//! its name; every attribute name follows whitespace, `/` or a closing quote; every URL is
//! judged after character references are decoded and tabs and newlines removed, as browsers
//! do. The price is refusing script-like text in comments or `<pre>` blocks, which the
//! message points at. It runs in linear time. (html5ever would need a new direct
//! dependency, and ammonia reports nothing about what it removes.)

/// Element names that run script or embed another document, by local name (after any
/// `prefix:` of XHTML served as XML).
const ACTIVE_ELEMENTS: &[&str] = &["script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"];

/// URL schemes that run script, in the decoded, lower-cased text.
/// (Other `data:` URLs only run script when navigated to, which browsers refuse.)
const SCRIPT_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:text/html", "data:application/xhtml"];

/// Something in a static HTML file that runs script: byte offset and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the file.
    pub offset: usize,
    /// What was found, as the end of a sentence ("has …").
    pub message: String,
}

/// Every place of `text` that runs script (or may, in some parser state).
pub fn active_content(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices('<') {
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'?') && starts_with_ignore_case(&rest[1..], b"xml-stylesheet") {
            found.push(Finding {
                offset: at,
                message: "has an <?xml-stylesheet?>, which can transform it into script".into(),
            });
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')));
        let name = &rest[..end.unwrap_or(rest.len())];
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        if let Some(element) = ACTIVE_ELEMENTS.iter().find(|e| local.eq_ignore_ascii_case(e.as_bytes())) {
            found.push(Finding {
                offset: at,
                message: format!("has a <{element}> element, which runs script or embeds a page"),
            });
        }
    }
    for (at, _) in text.char_indices().filter(|(at, _)| is_attribute_start(bytes, *at)) {
        if let Some(name) = event_handler(&bytes[at..]) {
            found.push(Finding { offset: at, message: format!("has the event handler `{name}`, which runs script") });
        }
    }
    found.extend(script_urls(text));
    if text.contains("http://www.w3.org/1999/XSL/Transform") {
        found.push(Finding { offset: 0, message: "is an XSLT style sheet, which can produce script".into() });
    }
    found.sort_by_key(|f| f.offset);
    found
}

/// Whether an attribute name can start at `at`: after whitespace, `/` or a quote.
fn is_attribute_start(bytes: &[u8], at: usize) -> bool {
    at > 0 && matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'"' | b'\'')
}

/// `on<letters>` followed by optional whitespace and `=`: an event handler with a value.
fn event_handler(bytes: &[u8]) -> Option<String> {
    if !starts_with_ignore_case(bytes, b"on") {
        return None;
    }
    let letters = bytes[2..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let after = &bytes[2 + letters..];
    let spaces = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
    (letters > 0 && after.get(spaces) == Some(&b'='))
        .then(|| String::from_utf8_lossy(&bytes[..2 + letters]).into_owned())
}

/// URLs with a scheme that runs script, after decoding character references, dropping tabs
/// and newlines and lower-casing, as a browser's URL parser sees an attribute value.
fn script_urls(text: &str) -> Vec<Finding> {
    // The decoded text, each character with the offset it came from.
    let mut decoded: Vec<(usize, char)> = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let c = if c == '&' {
            decode_reference(&text[at..]).map_or(c, |(decoded, length)| {
                // Skip the rest of the reference.
                while chars.peek().is_some_and(|(next, _)| *next < at + length) {
                    chars.next();
                }
                decoded
            })
        } else {
            c
        };
        if !matches!(c, '\t' | '\n' | '\r') {
            decoded.push((at, c.to_ascii_lowercase()));
        }
    }
    let mut found = Vec::new();
    let mut index = 0;
    while index < decoded.len() {
        if let Some(scheme) = SCRIPT_SCHEMES.iter().find(|scheme| {
            scheme.chars().enumerate().all(|(i, s)| decoded.get(index + i).is_some_and(|(_, c)| *c == s))
        }) {
            let message = format!("has a `{scheme}` URL, which runs script");
            found.push(Finding { offset: decoded[index].0, message });
            index += scheme.len();
        } else {
            index += 1;
        }
    }
    found
}

/// A character reference at the start of `text` (`&#106;`, `&#x6A`, `&colon;`…): the
/// character and the reference's length. Named references are decoded for the ASCII
/// punctuation and spacing that can build a scheme (no named reference is a letter).
fn decode_reference(text: &str) -> Option<(char, usize)> {
    let body = text.get(1..)?;
    if let Some(number) = body.strip_prefix('#') {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex.bytes().take_while(u8::is_ascii_hexdigit).count(), 16, 3),
            None => (number.bytes().take_while(u8::is_ascii_digit).count(), 10, 2),
        };
        let source = &text[skip..skip + digits];
        let value = u32::from_str_radix(source.get(..source.len().min(8))?, radix).ok()?;
        let length = skip + digits + usize::from(text[skip + digits..].starts_with(';'));
        return Some((char::from_u32(value).unwrap_or('\u{fffd}'), length));
    }
    const NAMED: &[(&str, char)] =
        &[("colon;", ':'), ("Tab;", '\t'), ("NewLine;", '\n'), ("sol;", '/'), ("plus;", '+')];
    NAMED.iter().find(|(name, _)| body.starts_with(name)).map(|(name, c)| (*c, name.len() + 1))
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        active_content(text).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn plain_pages_pass() {
        let page = "<!doctype html><html><head><title>On = off</title><style>a > b { color: red }</style></head>\
                    <body><p class=\"x\">Carry on, data: and so on. <a href=\"https://e.example/\">x</a></p></body></html>";
        assert_eq!(messages(page), Vec::<String>::new());
    }

    #[test]
    fn script_in_any_state_is_found() {
        for (page, expected) in [
            ("<SCRIPT>alert(1)</SCRIPT>", "has a <script> element, which runs script or embeds a page"),
            ("<body onload=alert(1)>", "has the event handler `onload`, which runs script"),
            ("<img src=x/ONERROR\n=alert(1)>", "has the event handler `ONERROR`, which runs script"),
            ("<img src=\"x\"onerror=alert(1)>", "has the event handler `onerror`, which runs script"),
            ("<a href=\"java&#x09;script&colon;alert(1)\">", "has a `javascript:` URL, which runs script"),
            ("<a href=\"&#106;avascript:x\">", "has a `javascript:` URL, which runs script"),
            ("<iframe srcdoc=\"x\">", "has a <iframe> element, which runs script or embeds a page"),
            ("<object data=x>", "has a <object> element, which runs script or embeds a page"),
            (
                "<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\"/>",
                "has a <script> element, which runs script or embeds a page",
            ),
            (
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
                "has the event handler `onerror`, which runs script",
            ),
            ("<!-- <a title=\"--> <embed src=x>\"> -->", "has a <embed> element, which runs script or embeds a page"),
            ("<a href=\"data:text/html,<b>\">", "has a `data:text/html` URL, which runs script"),
            ("<?xml-stylesheet href=\"x.xsl\"?><r/>", "has an <?xml-stylesheet?>, which can transform it into script"),
        ] {
            assert_eq!(messages(page), vec![expected.to_string()], "{page}");
        }
    }

    #[test]
    fn odd_references_do_not_panic() {
        for text in ["&", "&#", "&#x", "&#99999999999;", "&#xD800;", "é&#233;&colon", "<", "<a on", "<a onx ="] {
            let _ = active_content(text);
        }
    }
}

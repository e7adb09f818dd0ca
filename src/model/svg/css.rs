//! The only user of cssparser: styles in SVG images, read token by token.
//!
//! A `<style>` element, a `style` attribute or a presentation attribute (`fill="url(…)"`)
//! can load resources or, in old browsers, run code. Substring tests miss what the CSS
//! tokenizer of a browser sees (`@IMPORT`, `@\69mport`, `u\72l(`, comments between
//! tokens), so the text is tokenized the way browsers do and the tokens are judged:
//! - at-rules: only those that style the drawing (`@media`, `@font-face`, …); `@import`
//!   and `@namespace` load or name URLs;
//! - `url(…)` only as `url(#id)`, a reference inside the file; other functions that fetch
//!   (`image()`, `image-set()`, `src()`, `cross-fade()`, `attr()`, `paint()`) never;
//! - `expression(…)`, `behavior` and `-moz-binding`: script hooks of old browsers.
//!
//! Nested blocks are followed through cssparser's bounded recursion ([`MAX_NESTING`]); a
//! deeper text is refused rather than skipped.

use cssparser::{ParseError, Parser, Token};

/// Deepest nesting of blocks and functions read (cssparser refuses to go deeper).
const MAX_NESTING: u8 = 32;

/// At-rules that only style the drawing.
const AT_RULES: &[&str] =
    &["media", "supports", "keyframes", "-webkit-keyframes", "font-face", "charset", "layer", "container"];

/// Functions that fetch a resource or read one from the document (besides `url`, checked).
const FETCHING: &[&str] = &[
    "src",
    "image",
    "image-set",
    "-webkit-image-set",
    "cross-fade",
    "-webkit-cross-fade",
    "attr",
    "paint",
    "element",
    "-moz-element",
];

/// Properties that attach code in old browsers.
const SCRIPT_PROPERTIES: &[&str] = &["behavior", "-ms-behavior", "-moz-binding"];

/// What a text is: a style sheet or declarations (`<style>`, `style=`), or another attribute's
/// value, where only URLs and functions matter (an `id` may well be called `behavior`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A style sheet or a declaration list.
    Styles,
    /// The value of any other attribute.
    Value,
}

/// The first thing in `css` that images may not do, as the end of a sentence ("imports …").
pub fn refusal(css: &str, context: Context) -> Option<String> {
    let mut parser = Parser::new(css);
    parser.set_nested_block_limit(MAX_NESTING);
    let mut found = None;
    let nested = scan(&mut parser, context, &mut found);
    found.or_else(|| nested.err().map(|_| format!("nests CSS blocks more than {MAX_NESTING} deep")))
}

fn scan(parser: &mut Parser<'_>, context: Context, found: &mut Option<String>) -> Result<(), ()> {
    while found.is_none() {
        let Ok(token) = parser.next_including_whitespace_and_comments() else {
            return Ok(());
        };
        match token.clone() {
            Token::AtKeyword(name) if !AT_RULES.iter().any(|rule| name.eq_ignore_ascii_case(rule)) => {
                *found = Some(format!("uses the CSS at-rule `@{}`", printable(&name)));
            }
            Token::UnquotedUrl(url) if !is_local(&url) => *found = Some(outside(&url)),
            Token::BadUrl(url) => *found = Some(format!("has a malformed CSS `url({})`", printable(&url))),
            Token::Ident(name) if context == Context::Styles && is_one_of(&name, SCRIPT_PROPERTIES) => {
                *found = Some(format!("uses the CSS property `{}`, which runs code", printable(&name)));
            }
            Token::Function(name) if name.eq_ignore_ascii_case("url") => {
                let target = parser.parse_nested_block(url_argument).map_err(|_: ParseError<()>| ())?;
                match target {
                    Some(url) if is_local(&url) => {}
                    Some(url) => *found = Some(outside(&url)),
                    None => *found = Some("has a CSS `url(…)` that is not a single quoted #id".into()),
                }
            }
            Token::Function(name) if is_one_of(&name, FETCHING) || name.eq_ignore_ascii_case("expression") => {
                *found = Some(format!("uses the CSS function `{}()`, which loads or runs something", printable(&name)));
            }
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                parser
                    .parse_nested_block(|inner| scan(inner, context, found).map_err(|()| ParseError::custom(())))
                    .map_err(|_: ParseError<()>| ())?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The argument of `url("…")`: the one quoted string, `None` if it is anything else.
fn url_argument(parser: &mut Parser<'_>) -> Result<Option<String>, ParseError<()>> {
    let mut target = None;
    while let Ok(token) = parser.next() {
        match (token, &target) {
            (Token::QuotedString(url), None) => target = Some(url.to_string()),
            _ => return Ok(None),
        }
    }
    Ok(target)
}

/// `#id`: a reference inside the same file, which never loads anything.
fn is_local(url: &str) -> bool {
    url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control()).starts_with('#')
}

fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|item| name.eq_ignore_ascii_case(item))
}

fn outside(url: &str) -> String {
    format!("refers to `{}` with CSS `url()`; only url(#id) inside the file is allowed", printable(url))
}

/// At most 60 characters of untrusted text, control characters escaped, for a message.
pub fn printable(text: &str) -> String {
    let mut out: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawing_styles_pass() {
        for css in [
            ".a { fill: url(#g); stroke: url( '#h' ) } @media (min-width: 2px) { .b { opacity: .5 } }",
            "@font-face { font-family: X; src: local(Arial) } text { font: bold 12px X }",
            "@keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } }",
            "fill: rgb(1 2 3); filter: drop-shadow(1px 1px 2px black) blur(2px)",
        ] {
            assert_eq!(refusal(css, Context::Styles), None, "{css}");
        }
    }

    #[test]
    fn every_spelling_of_a_fetch_is_refused() {
        for (css, expected) in [
            ("@IMPORT 'x.css';", "uses the CSS at-rule `@IMPORT`"),
            ("@\\69mport 'x.css';", "uses the CSS at-rule `@import`"),
            (
                "a { fill: URL(https://e.example/x) }",
                "refers to `https://e.example/x` with CSS `url()`; only url(#id) inside the file is allowed",
            ),
            (
                "a { fill: u\\72l(//e.example/x) }",
                "refers to `//e.example/x` with CSS `url()`; only url(#id) inside the file is allowed",
            ),
            (
                "a { fill: url( \"https://e\" ) }",
                "refers to `https://e` with CSS `url()`; only url(#id) inside the file is allowed",
            ),
            ("a { b: c(d(url(x))) }", "refers to `x` with CSS `url()`; only url(#id) inside the file is allowed"),
            (
                "a { background: image-set('x.png' 1x) }",
                "uses the CSS function `image-set()`, which loads or runs something",
            ),
            (
                "a { width: expression(alert(1)) }",
                "uses the CSS function `expression()`, which loads or runs something",
            ),
            ("a { -moz-binding: x }", "uses the CSS property `-moz-binding`, which runs code"),
            ("a { Behavior: x }", "uses the CSS property `Behavior`, which runs code"),
            ("a { fill: url(x y) }", "has a malformed CSS `url(x y)`"),
        ] {
            assert_eq!(refusal(css, Context::Styles).as_deref(), Some(expected), "{css}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_skipped() {
        let css = format!("{}url(x){}", "(".repeat(200), ")".repeat(200));
        assert_eq!(refusal(&css, Context::Value).as_deref(), Some("nests CSS blocks more than 32 deep"));
        let shallow = format!("{}url(x){}", "(".repeat(10), ")".repeat(10));
        assert!(refusal(&shallow, Context::Value).is_some_and(|m| m.starts_with("refers to `x`")));
    }

    #[test]
    fn property_names_matter_only_in_styles() {
        assert_eq!(refusal("behavior", Context::Value), None);
        assert!(refusal("url(x)", Context::Value).is_some());
    }
}

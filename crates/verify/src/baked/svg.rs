//! SVG baking: `<openbadges:assertion>` (OB 2.0) and `<openbadges:credential>` (OB 3.0)
//! written right after the `<svg>` start tag; the rest of the file is copied unchanged.
//!
//! Both specifications use the prefix `openbadges`, bound to two different namespaces, and a
//! prefix has one meaning per element. So the root declares the OB 2.0 namespace (the OB 2.0
//! baking spec's example), and the credential element re-declares the prefix for itself as the
//! OB 3.0 namespace. Namespace-aware readers (the 1EdTech Java validator matches namespace +
//! local name) see `{http://openbadges.org}assertion` and
//! `{https://purl.imsglobal.org/ob/v3p0}credential`; readers that match the literal tag name
//! (the Python bakery) see `openbadges:assertion` / `openbadges:credential`. With only a
//! credential, the root declares the OB 3.0 namespace, exactly as the OB 3.0 spec shows.

use std::fmt::Write as _;
use std::ops::Range;

use super::{BakeError, Baked};

/// The OB 2.0 baking namespace.
pub const OB2_NAMESPACE: &str = "http://openbadges.org";
/// The OB 3.0 baking namespace.
pub const OB3_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// An SVG file checked once and ready to bake many times.
pub struct SvgImage<'a> {
    text: &'a str,
    /// End of the root start tag's last attribute: the namespace declaration goes there.
    attrs_end: usize,
    /// End of the root start tag (after `>` or `/>`).
    tag_end: usize,
    /// The root's name when it is an empty `<svg …/>`, which then needs a closing tag.
    close: Option<&'a str>,
    /// Earlier baked elements and the root's `xmlns:openbadges`: re-baking replaces them.
    removed: Vec<Range<usize>>,
}

fn options<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() }
}

fn parse(text: &str) -> Result<roxmltree::Document<'_>, BakeError> {
    roxmltree::Document::parse_with_options(text, options())
        .map_err(|e| BakeError::Svg(format!("it is not well-formed XML: {e}")))
}

impl<'a> SvgImage<'a> {
    /// Finds the root start tag and any earlier baked data, then proves on a sample that the
    /// baked file parses and gives back what was put in.
    pub fn parse(text: &'a str) -> Result<Self, BakeError> {
        let document = parse(text)?;
        let root = document.root_element();
        if root.tag_name().name() != "svg" {
            return Err(BakeError::Svg("its root element is not <svg>".into()));
        }
        let tag = StartTag::scan(text, root.range().start)?;
        let mut removed: Vec<Range<usize>> = tag.declaration.into_iter().collect();
        removed.extend(document.descendants().filter(is_baked).map(|node| node.range()));
        removed.sort_by_key(|range| range.start);
        // A baked element inside another is removed with its parent.
        removed.dedup_by(|inner, outer| inner.end <= outer.end);
        let close = tag.empty.then(|| &text[root.range().start + 1..tag.name_end]);
        let image = SvgImage { text, attrs_end: tag.attrs_end, tag_end: tag.tag_end, close, removed };
        let mut kept = String::new();
        image.copy(&mut kept, 0..text.len());
        if kept.contains("openbadges:") {
            // Our declaration would change what that other use of the prefix means.
            return Err(BakeError::Svg("it uses the `openbadges` prefix for something else".into()));
        }
        let probe = "{\"probe\": \"]]> & <x/>\"}";
        let baked = image.bake(Some(("https://example.org/?a=1&b=\"2\"", probe)), Some(probe));
        let expected = Some(cdata(probe));
        match extract(&baked) {
            Ok(found) if found.ob2 == expected && found.ob3 == expected => Ok(image),
            Ok(found) => Err(BakeError::Svg(format!("baking it does not round-trip: {found:?}"))),
            Err(e) => Err(BakeError::Svg(format!("baking would break it: {e}"))),
        }
    }

    /// The file with the OB 2.0 assertion (`verify` URL, JSON) and/or the OB 3.0 credential
    /// (JSON, embedded proof: no `verify`), replacing any earlier ones.
    pub fn bake(&self, assertion: Option<(&str, &str)>, credential: Option<&str>) -> String {
        let size = assertion.map_or(0, |(u, j)| u.len() + j.len()) + credential.map_or(0, str::len);
        let mut out = String::with_capacity(self.text.len() + size + 300);
        self.copy(&mut out, 0..self.attrs_end);
        let root_namespace = if assertion.is_some() { OB2_NAMESPACE } else { OB3_NAMESPACE };
        if assertion.is_some() || credential.is_some() {
            let _ = write!(out, " xmlns:openbadges=\"{root_namespace}\"");
        }
        out.push('>');
        if let Some((url, json)) = assertion {
            let _ = write!(
                out,
                "<openbadges:assertion verify=\"{}\"><![CDATA[{}]]></openbadges:assertion>",
                crate::escape::xml(url),
                cdata(json)
            );
        }
        if let Some(json) = credential {
            let own = if root_namespace == OB3_NAMESPACE { String::new() } else { own_declaration() };
            let _ = write!(out, "<openbadges:credential{own}><![CDATA[{}]]></openbadges:credential>", cdata(json));
        }
        if let Some(name) = self.close {
            let _ = write!(out, "</{name}>");
        }
        self.copy(&mut out, self.tag_end..self.text.len());
        out
    }

    /// What [`Self::bake`] copies of the original: the bytes before the baked data (up to the
    /// root's last attribute) and after it (from the end of the root start tag), without the
    /// removed parts; and the root's name when it was empty and needs a closing tag.
    pub fn splice(&self) -> (Vec<Range<usize>>, Vec<Range<usize>>, Option<&'a str>) {
        let before = super::keep(0..self.attrs_end, &self.removed);
        (before, super::keep(self.tag_end..self.text.len(), &self.removed), self.close)
    }

    /// Copies `range` of the original, leaving out the removed parts.
    fn copy(&self, out: &mut String, range: Range<usize>) {
        let mut at = range.start;
        for cut in self.removed.iter().filter(|cut| cut.start >= range.start && cut.end <= range.end) {
            out.push_str(&self.text[at..cut.start]);
            at = cut.end;
        }
        out.push_str(&self.text[at..range.end]);
    }
}

fn own_declaration() -> String {
    format!(" xmlns:openbadges=\"{OB3_NAMESPACE}\"")
}

fn is_baked(node: &roxmltree::Node<'_, '_>) -> bool {
    let name = node.tag_name();
    match name.namespace() {
        Some(OB2_NAMESPACE) => name.name() == "assertion",
        Some(OB3_NAMESPACE) => name.name() == "credential",
        _ => false,
    }
}

/// `]]>` would end the CDATA section early; in JSON it can only occur inside a string, where
/// `\u003e` means the same `>` (DIGEST §2.4), so the credential's meaning and proof are kept.
fn cdata(text: &str) -> String {
    text.replace("]]>", "]]\\u003e")
}

/// The first baked assertion and credential: the element's text (CDATA) when it has one, else
/// its `verify` attribute (a compact JWS), as both specifications say.
pub fn extract(text: &str) -> Result<Baked, BakeError> {
    let document = parse(text)?;
    let mut baked = Baked::default();
    for node in document.descendants().filter(is_baked) {
        let slot = if node.tag_name().name() == "assertion" { &mut baked.ob2 } else { &mut baked.ob3 };
        if slot.is_none() {
            let body: String = node.children().filter_map(|child| child.text()).collect();
            *slot =
                Some(if body.trim().is_empty() { node.attribute("verify").unwrap_or_default().into() } else { body });
        }
    }
    Ok(baked)
}

/// Positions in the root start tag `<svg a="1" xmlns:openbadges="…">`.
struct StartTag {
    name_end: usize,
    attrs_end: usize,
    tag_end: usize,
    empty: bool,
    /// The root's own `xmlns:openbadges`, with the space before it.
    declaration: Option<Range<usize>>,
}

impl StartTag {
    /// Scans the start tag at `start` of a document roxmltree already found well-formed, so
    /// attribute values are quoted and contain no quote of their own kind.
    fn scan(text: &str, start: usize) -> Result<StartTag, BakeError> {
        let bytes = text.as_bytes();
        let broken = || BakeError::Svg("its <svg> start tag cannot be read".into());
        let skip = |mut at: usize, keep: &dyn Fn(u8) -> bool| {
            while bytes.get(at).is_some_and(|&b| keep(b)) {
                at += 1;
            }
            at
        };
        if bytes.get(start) != Some(&b'<') {
            return Err(broken());
        }
        let name_end = skip(start + 1, &|b| !b.is_ascii_whitespace() && b != b'>' && b != b'/');
        let mut tag = StartTag { name_end, attrs_end: name_end, tag_end: 0, empty: false, declaration: None };
        loop {
            let before = tag.attrs_end;
            let at = skip(before, &|b| b.is_ascii_whitespace());
            match bytes.get(at) {
                Some(b'>') => tag.tag_end = at + 1,
                Some(b'/') if bytes.get(at + 1) == Some(&b'>') => (tag.tag_end, tag.empty) = (at + 2, true),
                Some(_) => {
                    let name_end = skip(at, &|b| b != b'=' && !b.is_ascii_whitespace());
                    let equals = skip(name_end, &|b| b.is_ascii_whitespace());
                    let quote_at = skip(equals + 1, &|b| b.is_ascii_whitespace());
                    let quote = *bytes.get(quote_at).filter(|q| matches!(q, b'"' | b'\'')).ok_or_else(broken)?;
                    let close = bytes[quote_at + 1..].iter().position(|&b| b == quote).ok_or_else(broken)?;
                    tag.attrs_end = quote_at + 1 + close + 1;
                    if &text[at..name_end] == "xmlns:openbadges" {
                        tag.declaration = Some(before..tag.attrs_end);
                    }
                    continue;
                }
                None => return Err(broken()),
            }
            return Ok(tag);
        }
    }
}

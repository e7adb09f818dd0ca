//! Checks that an SVG file is a drawing and nothing else: no script, no outside resource, no
//! document type or processing instruction, and drawable in bounded time.
//!
//! Badge images, issuer logos and SVG files in `static/` come from pull requests and are
//! served from the organisation's origin, where GitHub Pages cannot send a
//! Content-Security-Policy: an SVG that runs script there is an XSS on every award page. So
//! the check is an allow-list ([`allow`]): the file is parsed as XML (roxmltree, also read by
//! `bake/`: a second, pure, reader of the same XML, because the model must judge the file
//! before any later stage touches it), then every element and attribute must be listed,
//! every link must stay inside the file (`#id`, or an embedded PNG/JPEG for `<image>`),
//! every style is tokenized as CSS ([`css`]), and sizes, nesting and filter parameters are
//! bounded ([`limits`]). Files are refused, never cleaned: a silently altered image would
//! be worse than a clear error.

mod allow;
mod css;
mod element;
mod limits;
#[cfg(test)]
mod tests;

use roxmltree::{Document, Node, NodeType, ParsingOptions};

/// Most XML nodes parsed (elements, text, comments): bounds memory before anything is judged.
const MAX_NODES: u32 = 50_000;
/// Problems reported per file; the rest are counted.
const MAX_PROBLEMS: usize = 10;

/// How to fix a file that runs code or loads something.
pub const FIX_ACTIVE: &str =
    "export the SVG without scripts, event handlers or external references (Inkscape: Save As › Plain SVG)";
/// How to fix a file with parts outside the allow-list.
pub const FIX_UNLISTED: &str =
    "remove it, or export the SVG as Plain SVG; docs/format.md lists what SVG images may contain";
/// How to fix a file too costly to draw.
pub const FIX_COST: &str = "simplify the drawing (fewer elements, smaller filters) so it can be drawn in bounded time";
/// How to fix a file that is not plain XML.
pub const FIX_XML: &str =
    "save it as plain XML: no DOCTYPE, entities or processing instructions (Inkscape: Save As › Plain SVG)";

/// Something an SVG file may not contain, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the SVG file.
    pub line: u32,
    /// 1-based column in the SVG file.
    pub column: u32,
    /// What is wrong, as the end of a sentence starting "the SVG …".
    pub message: String,
    /// How to fix it.
    pub help: &'static str,
}

impl Problem {
    /// One sentence for a diagnostic that points elsewhere (at the `image =` key of a badge).
    pub fn sentence(&self) -> String {
        format!("the SVG {} (line {}, column {}); {}", self.message, self.line, self.column, self.help)
    }
}

/// Every problem of an SVG file (at most [`MAX_PROBLEMS`], then one saying how many more);
/// empty when the file is a safe drawing.
pub fn check(bytes: &[u8]) -> Vec<Problem> {
    let at_start = |message: &str, help| vec![Problem { line: 1, column: 1, message: message.into(), help }];
    let Ok(text) = std::str::from_utf8(bytes) else {
        return at_start("is not UTF-8 text", FIX_XML);
    };
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let document = match Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(roxmltree::Error::DtdDetected) => {
            let (line, column) = position(text, text.find("<!DOCTYPE").unwrap_or(0));
            let message = "has a <!DOCTYPE>, which can declare entities and load outside files".into();
            return vec![Problem { line, column, message, help: FIX_XML }];
        }
        Err(roxmltree::Error::NodesLimitReached) => {
            return at_start(&format!("has more than {MAX_NODES} XML nodes"), FIX_COST);
        }
        Err(error) => {
            let pos = error.pos();
            let message = format!("is not well-formed XML: {error}");
            return vec![Problem { line: pos.row, column: pos.col, message, help: FIX_XML }];
        }
    };
    let mut checker = Checker { document: &document, problems: Vec::new(), extra: 0 };
    checker.walk();
    if checker.problems.is_empty() {
        match limits::expanded_elements(&document) {
            None => {
                checker.push(document.root_element(), "has <use> elements that refer to themselves".into(), FIX_COST)
            }
            Some(n) if n > limits::MAX_EXPANDED => checker.push(
                document.root_element(),
                format!("draws more than {} elements once every <use> is expanded", limits::MAX_EXPANDED),
                FIX_COST,
            ),
            Some(_) => {}
        }
    }
    if checker.extra > 0 {
        let message = format!("has {} more problems", checker.extra);
        checker.problems.push(Problem { line: 1, column: 1, message, help: FIX_UNLISTED });
    }
    checker.problems
}

/// The `href` or `xlink:href` of an element.
fn href<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute("href").or_else(|| node.attribute((allow::XLINK, "href")))
}

/// 1-based line and column (in characters) of a byte offset of `text`.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

struct Checker<'a, 'i> {
    document: &'a Document<'i>,
    problems: Vec<Problem>,
    extra: usize,
}

impl<'a, 'i> Checker<'a, 'i> {
    fn push(&mut self, node: Node<'_, '_>, message: String, help: &'static str) {
        self.push_at(node.range().start, message, help);
    }

    fn push_at(&mut self, offset: usize, message: String, help: &'static str) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.extra += 1;
            return;
        }
        let pos = self.document.text_pos_at(offset);
        self.problems.push(Problem { line: pos.row, column: pos.col, message, help });
    }

    /// Every node in document order, iteratively; depth is carried in a table by node id.
    fn walk(&mut self) {
        let root = self.document.root_element();
        if !root.has_tag_name((allow::SVG, "svg")) {
            let message = "file's root element is not <svg xmlns=\"http://www.w3.org/2000/svg\">".into();
            return self.push(root, message, FIX_UNLISTED);
        }
        let count = self.document.descendants().count();
        let mut depth = vec![0usize; count];
        // Inside a refused element: not judged again (one problem for a <foreignObject>).
        let mut refused = vec![false; count];
        let mut elements = 0;
        for node in self.document.descendants() {
            let parent = node.parent().map_or(0, |parent| parent.id().get_usize());
            let level = node.parent().map_or(0, |_| depth[parent] + 1);
            depth[node.id().get_usize()] = level;
            if refused[parent] {
                refused[node.id().get_usize()] = true;
                continue;
            }
            match node.node_type() {
                NodeType::PI => {
                    let target = node.pi().map_or("", |pi| pi.target);
                    let message = format!("has the processing instruction <?{}?>", css::printable(target));
                    self.push(node, message, FIX_XML);
                }
                NodeType::Element => {
                    elements += 1;
                    if elements == limits::MAX_ELEMENTS + 1 {
                        self.push(node, format!("has more than {} elements", limits::MAX_ELEMENTS), FIX_COST);
                    }
                    if level == limits::MAX_DEPTH + 1 {
                        self.push(node, format!("nests elements more than {} deep", limits::MAX_DEPTH), FIX_COST);
                    }
                    refused[node.id().get_usize()] = !self.element(node);
                }
                NodeType::Root | NodeType::Text | NodeType::Comment => {}
            }
        }
    }
}

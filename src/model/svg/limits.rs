//! What an SVG image may cost to draw: rosette rasterises badge images for link previews and
//! share cards, so an image must be drawable in bounded time and memory.
//!
//! A 300-byte `<feTurbulence numOctaves="100000">` kept a build busy for minutes; 5,000 nested
//! `<g>` overflowed the rasteriser's stack; a chain of `<use>` elements each repeating the
//! previous ten times is a billion shapes in a few lines. The checker refuses these up front
//! (the rasteriser has its own limits too, in `render/raster.rs`).

use std::collections::HashMap;

use roxmltree::{Document, Node};

/// Deepest element nesting (the rasteriser recurses once per level).
pub const MAX_DEPTH: usize = 64;
/// Most elements in one image.
pub const MAX_ELEMENTS: usize = 10_000;
/// Most elements once every `<use>` is expanded (what is actually drawn).
pub const MAX_EXPANDED: u64 = 30_000;
/// Most `numOctaves` of `feTurbulence` (more octaves change nothing visible: each halves).
pub const MAX_OCTAVES: f64 = 10.0;
/// Largest `stdDeviation` of a blur, in user units.
pub const MAX_BLUR: f64 = 1_000.0;
/// Largest `radius` of `feMorphology`, in user units (its cost grows with the radius squared).
pub const MAX_MORPHOLOGY: f64 = 100.0;
/// Largest `order` of `feConvolveMatrix` (its cost grows with the order squared).
pub const MAX_KERNEL: f64 = 9.0;
/// Largest width, height or viewBox side of an `<svg>`.
pub const MAX_SIDE: f64 = 1_000_000.0;
/// Smallest viewBox side (a tinier one magnifies coordinates past what floats hold).
pub const MIN_VIEW_BOX: f64 = 0.01;

/// What an attribute's value must be to be drawn in bounded time, when it is not.
pub fn attribute(element: &str, name: &str, value: &str) -> Option<String> {
    let numbers = || numbers(value);
    let within = |max: f64| numbers().is_some_and(|n| !n.is_empty() && n.iter().all(|v| (0.0..=max).contains(v)));
    let (ok, rule) = match (element, name) {
        ("feTurbulence", "numOctaves") => (within(MAX_OCTAVES), format!("a number from 0 to {MAX_OCTAVES}")),
        ("feGaussianBlur" | "feDropShadow", "stdDeviation") => (within(MAX_BLUR), format!("at most {MAX_BLUR}")),
        ("feMorphology", "radius") => (within(MAX_MORPHOLOGY), format!("at most {MAX_MORPHOLOGY}")),
        ("feConvolveMatrix", "order") => (within(MAX_KERNEL), format!("at most {MAX_KERNEL}")),
        ("svg", "width" | "height") => (
            leading_number(value).is_some_and(|n| (0.0..=MAX_SIDE).contains(&n)),
            format!("a size from 0 to {MAX_SIDE}"),
        ),
        ("svg", "viewBox") => (
            numbers().is_some_and(|n| {
                n.len() == 4
                    && n.iter().all(|v| v.abs() <= MAX_SIDE)
                    && n[2..].iter().all(|side| (MIN_VIEW_BOX..=MAX_SIDE).contains(side))
            }),
            format!("four numbers, the width and height from {MIN_VIEW_BOX} to {MAX_SIDE}"),
        ),
        _ => return None,
    };
    (!ok).then_some(rule)
}

/// The numbers of a list separated by spaces or commas; `None` if one is not a finite number.
fn numbers(value: &str) -> Option<Vec<f64>> {
    value
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect()
}

/// The number a length starts with (`100`, `100px`, `50%`).
fn leading_number(value: &str) -> Option<f64> {
    let value = value.trim();
    let end =
        value.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))).unwrap_or(value.len());
    // `e` of `em` units: retry without it when the number does not parse.
    let number = value[..end].parse::<f64>().or_else(|_| value[..end].trim_end_matches(['e', 'E']).parse::<f64>());
    number.ok().filter(|n| n.is_finite())
}

/// The number of elements drawn once every `<use>` is replaced by what it refers to, capped
/// just above [`MAX_EXPANDED`]; `None` when uses refer to each other in a cycle.
///
/// An explicit stack walks the graph of children and use targets (no recursion: the input is
/// untrusted), computing each element's expanded size once.
pub fn expanded_elements(document: &Document<'_>) -> Option<u64> {
    let count = document.descendants().count();
    // 0: not seen, 1: on the stack, 2: done.
    let mut state = vec![0u8; count];
    let mut size = vec![0u64; count];
    let index = |node: Node<'_, '_>| node.id().get_usize();
    let mut ids = HashMap::new();
    for node in document.descendants().filter(Node::is_element) {
        if let Some(id) = node.attribute("id") {
            ids.entry(id).or_insert(node);
        }
    }
    let mut stack = vec![(document.root_element(), false)];
    while let Some((node, children_done)) = stack.pop() {
        if children_done {
            let mut total: u64 = 1;
            for next in dependencies(&ids, node) {
                total = total.saturating_add(size[index(next)]);
            }
            size[index(node)] = total.min(MAX_EXPANDED + 1);
            state[index(node)] = 2;
            continue;
        }
        match state[index(node)] {
            2 => continue,
            1 => return None,
            _ => {}
        }
        state[index(node)] = 1;
        stack.push((node, true));
        for next in dependencies(&ids, node) {
            match state[index(next)] {
                0 => stack.push((next, false)),
                1 => return None,
                _ => {}
            }
        }
    }
    Some(size[index(document.root_element())])
}

/// An element's element children, and for `<use>` the element it refers to.
fn dependencies<'a, 'i>(ids: &HashMap<&'a str, Node<'a, 'i>>, node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut next: Vec<Node<'a, 'i>> = node.children().filter(Node::is_element).collect();
    if node.has_tag_name((super::allow::SVG, "use"))
        && let Some(id) = super::href(node).and_then(|href| href.trim().strip_prefix('#'))
        && let Some(target) = ids.get(id)
    {
        next.push(*target);
    }
    next
}

//! One element of an SVG file judged against the allow-lists: its name, each attribute, its
//! links, its styles and its drawing cost.

use roxmltree::Node;

use super::css::{self, Context, printable};
use super::{Checker, FIX_ACTIVE, FIX_COST, FIX_UNLISTED, allow, limits};

/// Elements refused because they run code or embed documents: said plainly, with the fix
/// for active content rather than the generic one.
const ACTIVE: &[&str] =
    &["script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "animation", "discard"];

impl Checker<'_, '_> {
    /// Judges `node`; false when the element itself is refused (its content is then not judged).
    pub(super) fn element(&mut self, node: Node<'_, '_>) -> bool {
        let name = node.tag_name().name();
        match node.tag_name().namespace() {
            Some(allow::SVG) if allow::element(name) => {}
            Some(allow::SVG) => {
                let help = if ACTIVE.contains(&name) { FIX_ACTIVE } else { FIX_UNLISTED };
                let what = if help == FIX_ACTIVE {
                    "which runs code or embeds a document"
                } else {
                    "which images may not use"
                };
                self.push(node, format!("has a <{}> element, {what}", printable(name)), help);
                return false;
            }
            Some(namespace) if allow::METADATA.contains(&namespace) => {
                self.metadata(node);
                return true;
            }
            Some(namespace) => {
                let message = format!(
                    "has a <{}> element in namespace `{}`, which images may not use",
                    printable(name),
                    printable(namespace)
                );
                self.push(node, message, FIX_ACTIVE);
                return false;
            }
            None => {
                let message = format!("has a <{}> element outside the SVG namespace", printable(name));
                self.push(node, message, FIX_UNLISTED);
                return false;
            }
        }
        for attribute in node.attributes() {
            let (namespace, local, value) = (attribute.namespace(), attribute.name(), attribute.value());
            let at = attribute.range_qname().start;
            let shown = match namespace {
                Some(allow::XLINK) => format!("xlink:{}", printable(local)),
                Some(allow::XML) => format!("xml:{}", printable(local)),
                _ => printable(local),
            };
            if is_event_handler(local) {
                self.push_at(at, format!("has the event handler `{shown}` on <{name}>, which runs code"), FIX_ACTIVE);
            } else if !allow::attribute(namespace, local) {
                self.push_at(
                    at,
                    format!("has the attribute `{shown}` on <{name}>, which images may not use"),
                    FIX_UNLISTED,
                );
            } else if local == "href" && matches!(namespace, None | Some(allow::XLINK)) {
                let embeds_image = matches!(name, "image" | "feImage") && is_embedded_image(value);
                if !(is_local(value) || embeds_image) {
                    let message =
                        format!("links to `{}` from <{name}>; only #id inside the file is allowed", printable(value));
                    self.push_at(at, message, FIX_ACTIVE);
                }
            } else if local == "attributeName" && namespace.is_none() && !allow::animatable(value.trim()) {
                let message =
                    format!("animates `{}` with <{name}>; only drawing attributes may be animated", printable(value));
                self.push_at(at, message, FIX_ACTIVE);
            } else if let Some(refusal) =
                css::refusal(value, if local == "style" { Context::Styles } else { Context::Value })
            {
                self.push_at(at, format!("{refusal} (attribute `{shown}` of <{name}>)"), FIX_ACTIVE);
            } else if let Some(rule) = limits::attribute(name, local, value) {
                let message = format!(
                    "has `{shown}=\"{}\"` on <{name}>; it must be {rule} to be drawn in bounded time",
                    printable(value)
                );
                self.push_at(at, message, FIX_COST);
            }
        }
        if name == "style" {
            self.style_element(node);
        }
        true
    }

    /// A `<style>` element: the CSS a browser applies is the concatenation of all its text
    /// children (comments and CDATA boundaries split the text without ending it).
    fn style_element(&mut self, node: Node<'_, '_>) {
        let mut css = String::new();
        for child in node.children() {
            if child.is_element() {
                let message = "has an element inside <style>; a style sheet is text only".into();
                return self.push(child, message, FIX_UNLISTED);
            }
            if let Some(text) = child.text().filter(|_| child.is_text()) {
                css.push_str(text);
            }
        }
        if let Some(refusal) = css::refusal(&css, Context::Styles) {
            self.push(node, format!("{refusal} (in <style>)"), FIX_ACTIVE);
        }
    }

    /// An element of editor metadata: inert, but never with an event handler.
    fn metadata(&mut self, node: Node<'_, '_>) {
        for attribute in node.attributes().filter(|a| is_event_handler(a.name())) {
            let message = format!("has the event handler `{}`, which runs code", printable(attribute.name()));
            self.push_at(attribute.range_qname().start, message, FIX_ACTIVE);
        }
    }
}

/// `on…` in any case: every event handler attribute (no other SVG attribute starts so).
fn is_event_handler(name: &str) -> bool {
    name.as_bytes().get(..2).is_some_and(|start| start.eq_ignore_ascii_case(b"on"))
}

/// A fragment of this file: browsers strip surrounding spaces and controls from URLs.
fn is_local(href: &str) -> bool {
    href.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control()).starts_with('#')
}

/// A PNG or JPEG embedded as a `data:` URL (raster data cannot run code).
fn is_embedded_image(href: &str) -> bool {
    let href = href.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let head: String = href.chars().take(16).collect::<String>().to_ascii_lowercase();
    ["data:image/png;", "data:image/png,", "data:image/jpeg;", "data:image/jpeg,", "data:image/jpg;"]
        .iter()
        .any(|prefix| head.starts_with(prefix))
}

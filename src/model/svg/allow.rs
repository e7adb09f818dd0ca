//! What an SVG image may contain: the allow-lists of elements, attributes and namespaces.
//!
//! Anything not listed here is refused. The lists cover what drawing programs write for static
//! artwork (shapes, paths, text, gradients, patterns, clipping, masks, filters, markers,
//! `use`, SMIL animation of presentation attributes, editor metadata) and nothing that runs
//! code, embeds another document or loads a resource. `docs/format.md` states the same rules.

/// The SVG namespace: every drawn element must be in it.
pub const SVG: &str = "http://www.w3.org/2000/svg";
/// XLink, for `xlink:href` and its companions.
pub const XLINK: &str = "http://www.w3.org/1999/xlink";
/// The `xml:` prefix (`xml:space`, `xml:lang`; `xml:base` is refused: it moves every link).
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// Namespaces of editor and licence metadata (Inkscape, Sodipodi, RDF, Dublin Core, Creative
/// Commons, Open Badges 2.0 and 3.0 baked data). Browsers give elements and attributes in
/// these namespaces no behaviour at all, so they are kept as inert data; their attributes
/// still may not be event handlers.
#[rustfmt::skip] // a table
pub const METADATA: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#", "http://web.resource.org/cc/", "http://openbadges.org",
    "https://openbadges.org", "https://purl.imsglobal.org/ob/v3p0",
];

/// SVG elements allowed, by local name.
#[rustfmt::skip] // a table, one group of names a line
const ELEMENTS: &[&str] = &[
    // structure and description
    "svg", "g", "defs", "symbol", "use", "switch", "a", "view", "title", "desc", "metadata", "style",
    // shapes and text
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
    // paint servers, clipping, masking, markers
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "image",
    // filters (costly parameters are bounded in `limits.rs`)
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feFuncR", "feFuncG", "feFuncB", "feFuncA",
    "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feSpecularLighting", "feDistantLight",
    "fePointLight", "feSpotLight", "feDisplacementMap", "feDropShadow", "feFlood", "feGaussianBlur", "feImage",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "feTile", "feTurbulence",
    // animation (its target attribute is checked in `element.rs`)
    "animate", "animateMotion", "animateTransform", "set", "mpath",
];

/// Attributes without a namespace allowed on SVG elements (geometry, presentation, filter
/// parameters, animation timing, accessibility). `href` is checked on its own.
#[rustfmt::skip] // a table, one group of names a line
const ATTRIBUTES: &[&str] = &[
    // core, accessibility and conditional processing
    "id", "class", "style", "lang", "tabindex", "role", "focusable", "version", "baseProfile",
    "requiredFeatures", "requiredExtensions", "systemLanguage", "externalResourcesRequired", "href", "target",
    "media", "type", "title", "enable-background", "data-name",
    // geometry and coordinate systems
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height", "d",
    "points", "pathLength", "viewBox", "preserveAspectRatio", "transform", "transform-origin", "transform-box",
    // text
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side", "path",
    // paint servers, clipping, masking, markers
    "offset", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
    "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth",
    "markerHeight", "refX", "refY", "orient",
    // filters
    "filterUnits", "primitiveUnits", "filterRes", "in", "in2", "result", "stdDeviation", "edgeMode", "mode",
    "operator", "k1", "k2", "k3", "k4", "values", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY", "kernelUnitLength", "preserveAlpha",
    "surfaceScale", "diffuseConstant", "specularConstant", "specularExponent", "azimuth", "elevation", "z",
    "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "scale", "xChannelSelector", "yChannelSelector",
    "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    // animation (SMIL): timing and values; `attributeName` is checked on its own
    "attributeName", "attributeType", "begin", "dur", "end", "min", "max", "restart", "repeatCount",
    "repeatDur", "calcMode", "keyTimes", "keySplines", "keyPoints", "from", "to", "by", "additive",
    "accumulate", "origin",
];

/// Presentation attributes (also CSS properties): allowed, and their values are checked as CSS.
#[rustfmt::skip] // a table, one group of names a line
const PRESENTATION: &[&str] = &[
    "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color", "color-interpolation",
    "color-interpolation-filters", "color-rendering", "cursor", "direction", "display", "dominant-baseline",
    "fill", "fill-opacity", "fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family",
    "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
    "glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "isolation", "kerning",
    "letter-spacing", "lighting-color", "line-height", "marker", "marker-end", "marker-mid", "marker-start",
    "mask", "mask-type", "mix-blend-mode", "opacity", "overflow", "paint-order", "pointer-events",
    "shape-rendering", "stop-color", "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor",
    "text-decoration", "text-overflow", "text-rendering", "unicode-bidi", "vector-effect", "visibility",
    "white-space", "word-spacing", "writing-mode",
];

/// XLink attributes allowed besides `xlink:href`: descriptive only.
const XLINK_ATTRIBUTES: &[&str] = &["href", "title", "type", "role", "arcrole", "show", "actuate"];

/// Whether `name` is an allowed SVG element.
pub fn element(name: &str) -> bool {
    ELEMENTS.contains(&name)
}

/// Whether an attribute (`namespace`, local `name`) may appear on an SVG element.
pub fn attribute(namespace: Option<&str>, name: &str) -> bool {
    match namespace {
        None => {
            ATTRIBUTES.contains(&name)
                || PRESENTATION.contains(&name)
                || name.starts_with("aria-")
                || name.starts_with("data-")
        }
        Some(XLINK) => XLINK_ATTRIBUTES.contains(&name),
        Some(XML) => matches!(name, "space" | "lang"),
        Some(other) => METADATA.contains(&other),
    }
}

/// Whether an animation may change attribute `name`: a drawing attribute, never a link,
/// a style, an event handler or anything else outside the lists.
pub fn animatable(name: &str) -> bool {
    !name.contains(':') && !matches!(name, "href" | "style" | "class" | "id") && attribute(None, name)
}

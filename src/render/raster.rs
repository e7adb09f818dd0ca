//! The only user of resvg: SVG drawn to pixels, with the theme's own fonts.
//!
//! Link previews need PNG (LinkedIn and most networks ignore SVG), so badge images and share
//! cards are rasterised here. Text is laid out with the fonts embedded from `theme/fonts/`
//! and nothing else: no system fonts are read, so a card is the same bytes on every machine
//! that runs the same binary. SVG images never fetch anything: only `data:` URLs inside the
//! document are followed (badge images are already checked to have none; this is the belt).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use resvg::tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};
use resvg::usvg::{self, fontdb};

use crate::model::{Image, ImageKind};

/// The family name of the embedded font, for SVG `font-family`.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// What drawing one badge image may cost, counted on the parsed tree (after `<use>` is
/// expanded and styles applied): the model's SVG checker bounds the source file, this is
/// the belt. An image over budget is not drawn (its preview and card art are left out).
const MAX_DRAWN_NODES: usize = 50_000;
/// Groups drawn on a layer of their own (opacity, filter, clip, mask, blend): each layer can
/// be four times the canvas.
const MAX_LAYERS: usize = 256;
/// Filter primitives, and the largest octaves and morphology radius (in pixels) of one.
const MAX_PRIMITIVES: usize = 256;
const MAX_OCTAVES: u32 = 10;
const MAX_MORPHOLOGY_PX: f32 = 64.0;
/// Dashes drawn in all (a tiny `stroke-dasharray` on a long path is millions of them).
const MAX_DASHES: f32 = 2_000_000.0;

/// Largest side of a PNG badge image rosette will decode (a bigger one is left off cards:
/// decoding it would cost memory for no visible gain at preview size).
const MAX_PNG_SIDE: u32 = 4096;

/// The font database, loaded once per process and shared by every thread.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for font in super::embedded::fonts() {
                db.load_font_data(font.to_vec());
            }
            // Whatever family a badge's SVG asks for, it gets the embedded font.
            db.set_sans_serif_family(FONT_FAMILY);
            db.set_serif_family(FONT_FAMILY);
            db.set_monospace_family(FONT_FAMILY);
            db.set_cursive_family(FONT_FAMILY);
            db.set_fantasy_family(FONT_FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Parsing options: embedded fonts, no access to files or the network.
fn options() -> usvg::Options<'static> {
    let mut options = usvg::Options { font_family: FONT_FAMILY.to_string(), fontdb: fonts(), ..Default::default() };
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    options
}

/// Parses an SVG document.
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    usvg::Tree::from_str(svg, &options()).map_err(|e| e.to_string())
}

/// Draws `tree` scaled to fit `width`×`height`, centred, on a transparent pixmap.
pub fn draw_fit(tree: &usvg::Tree, width: u32, height: u32) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(width, height)?;
    let size = tree.size();
    let scale = (width as f32 / size.width()).min(height as f32 / size.height());
    let (dx, dy) = ((width as f32 - size.width() * scale) / 2.0, (height as f32 - size.height() * scale) / 2.0);
    resvg::render(tree, Transform::from_row(scale, 0.0, 0.0, scale, dx, dy), &mut pixmap.as_mut());
    Some(pixmap)
}

/// Draws `tree` at its own size (share cards are authored at their pixel size).
pub fn draw(tree: &usvg::Tree) -> Option<Pixmap> {
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height())?;
    resvg::render(tree, Transform::identity(), &mut pixmap.as_mut());
    Some(pixmap)
}

/// Draws `tree` at its own size over what `pixmap` already holds.
pub fn draw_onto(tree: &usvg::Tree, pixmap: &mut Pixmap) {
    resvg::render(tree, Transform::identity(), &mut pixmap.as_mut());
}

/// A badge image as pixels, fitted into a `side`×`side` square; `None` if it cannot be drawn.
pub fn badge_pixels(image: &Image, side: u32) -> Option<Pixmap> {
    match image.kind {
        ImageKind::Svg => {
            let tree = parse(std::str::from_utf8(&image.bytes).ok()?).ok()?;
            let size = tree.size();
            let scale = side as f32 / size.width().min(size.height());
            affordable(&tree, scale).then(|| draw_fit(&tree, side, side))?
        }
        ImageKind::Png => {
            let (w, h) = png_size(&image.bytes)?;
            if w > MAX_PNG_SIDE || h > MAX_PNG_SIDE {
                return None;
            }
            let source = Pixmap::decode_png(&image.bytes).ok()?;
            let mut pixmap = Pixmap::new(side, side)?;
            let scale = (side as f32 / w as f32).min(side as f32 / h as f32);
            let (dx, dy) = ((side as f32 - w as f32 * scale) / 2.0, (side as f32 - h as f32 * scale) / 2.0);
            let paint = PixmapPaint { quality: FilterQuality::Bicubic, ..Default::default() };
            pixmap.draw_pixmap(
                0,
                0,
                source.as_ref(),
                &paint,
                Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
                None,
            );
            Some(pixmap)
        }
    }
}

/// Whether drawing `tree` at `scale` stays within the budget above. Walks every group that
/// will be drawn (children, clip paths, masks, patterns, filter images, text outlines) with
/// an explicit stack: the tree comes from a contributor's file.
fn affordable(tree: &usvg::Tree, scale: f32) -> bool {
    use usvg::filter::Kind;
    let (mut nodes, mut layers, mut primitives, mut dashes) = (0usize, 0usize, 0usize, 0f32);
    let mut stack: Vec<&usvg::Group> = vec![tree.root()];
    while let Some(group) = stack.pop() {
        layers += usize::from(group.should_isolate());
        stack.extend(group.clip_path().map(usvg::ClipPath::root));
        stack.extend(group.mask().map(usvg::Mask::root));
        for primitive in group.filters().iter().flat_map(|filter| filter.primitives()) {
            primitives += 1;
            match primitive.kind() {
                Kind::Turbulence(t) if t.num_octaves() > MAX_OCTAVES => return false,
                Kind::Morphology(m) if m.radius_x().get().max(m.radius_y().get()) * scale > MAX_MORPHOLOGY_PX => {
                    return false;
                }
                Kind::Image(image) => stack.push(image.root()),
                _ => {}
            }
        }
        for node in group.children() {
            nodes += 1;
            match node {
                usvg::Node::Group(child) => stack.push(child),
                usvg::Node::Text(text) => stack.push(text.flattened()),
                usvg::Node::Image(image) => {
                    if let usvg::ImageKind::SVG(inner) = image.kind() {
                        stack.push(inner.root());
                    }
                }
                usvg::Node::Path(path) => {
                    let paints =
                        path.fill().map(usvg::Fill::paint).into_iter().chain(path.stroke().map(usvg::Stroke::paint));
                    for paint in paints {
                        if let usvg::Paint::Pattern(pattern) = paint {
                            stack.push(pattern.root());
                        }
                    }
                    if let Some(pattern) = path.stroke().and_then(usvg::Stroke::dasharray) {
                        let period: f32 = pattern.iter().sum();
                        let points = path.data().points();
                        let length: f32 = points.windows(2).map(|w| w[0].distance(w[1])).sum();
                        dashes += if period > 0.0 { length / period * pattern.len() as f32 } else { f32::INFINITY };
                    }
                }
            }
        }
        if nodes > MAX_DRAWN_NODES
            || layers > MAX_LAYERS
            || primitives > MAX_PRIMITIVES
            || dashes.is_nan()
            || dashes > MAX_DASHES
        {
            return false;
        }
    }
    true
}

/// Paints `top` onto `base` at (`x`, `y`) with `opacity`.
pub fn paint(base: &mut Pixmap, top: &Pixmap, x: i32, y: i32, opacity: f32) {
    let paint = PixmapPaint { opacity, ..Default::default() };
    base.draw_pixmap(x, y, top.as_ref(), &paint, Transform::identity(), None);
}

/// A copy of `pixmap` with its colours moved `amount` (0 to 1) of the way to grey, as CSS
/// `grayscale()` does: the award page fades revoked and expired badges, and so do cards.
pub fn greyed(pixmap: &Pixmap, amount: f32) -> Pixmap {
    let mut out = pixmap.clone();
    for pixel in out.data_mut().chunks_exact_mut(4) {
        let [r, g, b] = [pixel[0], pixel[1], pixel[2]].map(f32::from);
        // Rec. 709 luma; premultiplied values stay premultiplied, since grey ≤ alpha still.
        let grey = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        for channel in &mut pixel[..3] {
            *channel = (f32::from(*channel) + (grey - f32::from(*channel)) * amount).round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

/// PNG bytes of a pixmap.
pub fn encode(pixmap: &Pixmap) -> Option<Vec<u8>> {
    super::png::encode(pixmap)
}

/// Width and height of a PNG from its header.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let read = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    Some((read(16)?, read(20)?))
}

/// Font size at which character advances are measured and cached.
const MEASURE_SIZE: f32 = 100.0;

/// Advance width of each character at [`MEASURE_SIZE`], regular and bold, measured once per
/// process: laying text out with usvg for every candidate line cost more than drawing the card.
fn advances() -> &'static Mutex<HashMap<(char, bool), f32>> {
    static ADVANCES: OnceLock<Mutex<HashMap<(char, bool), f32>>> = OnceLock::new();
    ADVANCES.get_or_init(Mutex::default)
}

/// Widths in pixels of `texts`, each set in the embedded font at `size` (bold or not): the sum
/// of the characters' advances. Kerning is left out, which can only make a width larger than
/// drawn (the font's kerning pairs tighten), so text measured to fit does fit.
pub fn text_widths(texts: &[String], size: f32, bold: bool) -> Vec<f32> {
    let Ok(mut cache) = advances().lock() else {
        return vec![f32::MAX; texts.len()];
    };
    let mut missing: Vec<char> =
        texts.iter().flat_map(|t| t.chars()).filter(|c| !cache.contains_key(&(*c, bold))).collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        for (c, advance) in missing.iter().zip(measure_advances(&missing, bold)) {
            cache.insert((*c, bold), advance);
        }
    }
    texts
        .iter()
        .map(|text| {
            text.chars().map(|c| cache.get(&(c, bold)).copied().unwrap_or(0.0)).sum::<f32>() * size / MEASURE_SIZE
        })
        .collect()
}

/// The advance of each of `chars`, laid out by usvg as `c|`: the bar starts where `c` ends.
fn measure_advances(chars: &[char], bold: bool) -> Vec<f32> {
    let weight = if bold { 700 } else { 400 };
    let mut svg = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">"#);
    for (index, c) in chars.iter().enumerate() {
        svg.push_str(&format!(
            r#"<text id="m{index}" x="0" y="100" xml:space="preserve" font-family="{FONT_FAMILY}" font-size="{MEASURE_SIZE}" font-weight="{weight}">{}|</text>"#,
            crate::escape::xml(&c.to_string())
        ));
    }
    svg.push_str("</svg>");
    let Ok(tree) = parse(&svg) else {
        return vec![MEASURE_SIZE; chars.len()];
    };
    (0..chars.len())
        .map(|index| match tree.node_by_id(&format!("m{index}")) {
            Some(usvg::Node::Text(text)) => {
                let bar = text.layouted().iter().flat_map(|span| &span.positioned_glyphs).find(|g| g.text == "|");
                // No bar found (a control character dropped, say): take the ink's extent.
                bar.map_or_else(|| text.bounding_box().right(), |g| g.transform().tx).max(0.0)
            }
            _ => 0.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_with_the_embedded_font() {
        let widths = text_widths(&["i".into(), "WWWW".into(), "WWWW WWWW".into(), " ".into()], 40.0, true);
        assert!(widths[0] > 1.0 && widths[0] < widths[1], "{widths:?}");
        assert!(widths[2] > 2.0 * widths[1], "{widths:?}");
        assert!(widths[3] > 5.0 && widths[3] < 20.0, "a space has an advance: {widths:?}");
        // As wide as usvg lays it out (the bounding box ends a little before the advance).
        let drawn = parse(r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><text id="t" font-family="DejaVu Sans" font-size="40" font-weight="700">WWWW WWWW</text></svg>"#).unwrap();
        let Some(usvg::Node::Text(text)) = drawn.node_by_id("t") else { panic!("no text") };
        let ink = text.bounding_box().right();
        assert!(widths[2] >= ink && widths[2] < ink + 8.0, "{} vs {ink}", widths[2]);
        let regular = text_widths(&["WWWW".into()], 40.0, false);
        assert!(regular[0] < widths[1], "bold is wider");
    }

    #[test]
    fn hostile_text_stays_text() {
        let widths = text_widths(&["</text><image href='file:///etc/passwd'/>".into()], 20.0, false);
        assert!(widths[0] > 100.0);
    }

    #[test]
    fn costly_drawings_are_not_drawn() {
        let image = |body: &str| Image {
            kind: ImageKind::Svg,
            bytes: Arc::new(
                format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>"#).into_bytes(),
            ),
        };
        let turbulence = r#"<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="100000"/></filter><rect width="10" height="10" filter="url(#f)"/>"#;
        let dashes = r#"<path d="M0 0 L100000 0 L0 0 L100000 0" stroke="red" stroke-dasharray="0.01"/>"#;
        let layers = r#"<rect width="10" height="10" opacity="0.5"/>"#.repeat(300);
        for body in [turbulence, dashes, layers.as_str()] {
            let start = std::time::Instant::now();
            assert!(badge_pixels(&image(body), 64).is_none(), "{body}");
            assert!(start.elapsed() < std::time::Duration::from_secs(2));
        }
        let fine = r#"<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="4"/></filter><rect width="10" height="10" filter="url(#f)" stroke-dasharray="1 1" stroke="red"/>"#;
        assert!(badge_pixels(&image(fine), 64).is_some());
    }

    #[test]
    fn svg_never_loads_files() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="/etc/hostname" width="10" height="10"/></svg>"#;
        let tree = parse(svg).unwrap();
        assert!(!tree.root().has_children(), "the file reference was dropped");
    }
}

//! Share cards: the 1200×627 PNG a link preview shows for an award (`og:image`).
//!
//! A card is an SVG document written here — an indigo panel with the badge image, then the
//! badge name, the recipient's public name, the issuer, the site and the date — drawn by
//! [`super::raster`] with the embedded font. Text is wrapped and shortened with the same
//! layout engine that draws it, so it never runs off the card. Every text is escaped for
//! XML: names come from pull requests. Revoked and expired awards say so on the card too,
//! because a link preview must not look like a valid award when it is not one.
//!
//! The panel and badge image of a badge in one state are drawn once, with the palette its
//! cards are encoded in ([`CardArt`]); each card only draws its text over them.

use std::sync::OnceLock;

use resvg::tiny_skia::Pixmap;

use super::png::{Palette, ramp};
use super::raster::{self, FONT_FAMILY};
use crate::escape::xml as xml_escape;
use crate::model::Image;

/// Card size: LinkedIn's recommended link-preview image (1.91:1).
pub const WIDTH: u32 = 1200;
/// Card height.
pub const HEIGHT: u32 = 627;

/// Side of the square the badge image is fitted into, and where it goes.
const ART_SIDE: u32 = 360;
const ART_X: i32 = 70;
const ART_Y: i32 = 134;
/// The text column.
const TEXT_X: f32 = 564.0;
const TEXT_WIDTH: f32 = 572.0;
const TEXT_TOP: f32 = 48.0;
const TEXT_BOTTOM: f32 = 520.0;
const FOOTER_Y: f32 = 580.0;

const INK: &str = "#111827";
const MUTED: &str = "#4b5563";
const ACCENT: &str = "#4338ca";
/// The badge panel: one flat colour, because a gradient made every card a third bigger.
const PANEL: &str = "#3730a3";

/// A badge image ready to be painted on cards: drawn once per badge, used by all its awards;
/// and, made when first needed, its cards' background in each state (valid, expired,
/// revoked) with the palette of the cards drawn over it.
pub struct CardArt {
    pixels: Option<Pixmap>,
    bases: [OnceLock<Option<Palette>>; 3],
}

impl CardArt {
    /// Draws `image` at card size; an image that cannot be drawn leaves the panel empty.
    pub fn new(image: &Image) -> Self {
        CardArt { pixels: raster::badge_pixels(image, ART_SIDE), bases: Default::default() }
    }

    /// The palette and background of cards in `status` (see [`CardText::status`]): the
    /// background with the badge image painted on it.
    fn base(&self, status: Option<(&str, bool)>) -> Option<&Palette> {
        let state = match status {
            None => 0,
            Some((_, false)) => 1,
            Some((_, true)) => 2,
        };
        self.bases[state].get_or_init(|| self.draw_base(status.map(|(_, revoked)| revoked))).as_ref()
    }

    fn draw_base(&self, revoked: Option<bool>) -> Option<Palette> {
        let mut pixmap = background()?.clone();
        if let Some(pixels) = &self.pixels {
            // Revoked and expired badges are greyed alike: a preview half-greyed still read as
            // a valid award (issue 12); the pill says which it is.
            match revoked {
                None => raster::paint(&mut pixmap, pixels, ART_X, ART_Y, 1.0),
                Some(_) => raster::paint(&mut pixmap, &raster::greyed(pixels, 1.0), ART_X, ART_Y, 0.5),
            }
        }
        Palette::new(&pixmap, &ramps(revoked))
    }
}

/// The colours text can have on a card: each ink anti-aliased over white, and in a status
/// pill, its ink over its fill and the fill's rounded edge over white. Enough steps that an
/// edge pixel is at most a few levels off.
fn ramps(revoked: Option<bool>) -> Vec<[u8; 3]> {
    const WHITE: [u8; 3] = [255, 255, 255];
    let mut ramps: Vec<[u8; 3]> = [INK, MUTED, ACCENT].iter().flat_map(|ink| ramp(rgb(ink), WHITE, 24)).collect();
    if let Some(revoked) = revoked {
        let (fill, ink) = pill(revoked);
        ramps.extend(ramp(rgb(ink), rgb(fill), 16));
        ramps.extend(ramp(rgb(fill), WHITE, 8));
    }
    ramps
}

/// `#rrggbb` as bytes (the inks here are constants of that form).
fn rgb(hex: &str) -> [u8; 3] {
    let channel = |at: usize| hex.get(at..at + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    [channel(1), channel(3), channel(5)]
}

/// The status pill's fill and ink.
fn pill(revoked: bool) -> (&'static str, &'static str) {
    if revoked { ("#fee2e2", "#991b1b") } else { ("#fef3c7", "#92400e") }
}

/// What a card says, already in the site's language.
pub struct CardText<'a> {
    /// `OPEN BADGE`.
    pub eyebrow: &'a str,
    /// Badge name.
    pub badge: &'a str,
    /// `Awarded to` and the public name, when the recipient agreed to show it.
    pub recipient: Option<(&'a str, &'a str)>,
    /// `Issued by` and the issuer's name.
    pub issuer: (&'a str, &'a str),
    /// Site title, bottom left.
    pub site: &'a str,
    /// `Issued 14 March 2025`, bottom right.
    pub date: &'a str,
    /// `REVOKED` or `EXPIRED`, with whether it is a revocation.
    pub status: Option<(&'a str, bool)>,
}

/// The PNG bytes of a card, or `None` if drawing failed (the page then keeps the badge
/// image as its preview).
pub fn render(art: &CardArt, text: &CardText<'_>) -> Option<Vec<u8>> {
    let tree = raster::parse(&svg(text)).ok()?;
    let palette = art.base(text.status)?;
    let mut pixmap = palette.background()?;
    raster::draw_onto(&tree, &mut pixmap);
    palette.encode(&pixmap)
}

/// One line of text on the card.
struct Line {
    text: String,
    size: f32,
    bold: bool,
    fill: &'static str,
    /// Distance from the previous line's baseline (or the block's top) to this baseline.
    advance: f32,
}

/// What every card shares — white page, badge panel, accent line — drawn once per process.
fn background() -> Option<&'static Pixmap> {
    static BACKGROUND: OnceLock<Option<Pixmap>> = OnceLock::new();
    BACKGROUND
        .get_or_init(|| {
            let svg = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/><rect width="500" height="{HEIGHT}" fill="{PANEL}"/><circle cx="250" cy="314" r="222" fill="#ffffff" fill-opacity="0.12"/><circle cx="250" cy="314" r="262" fill="none" stroke="#ffffff" stroke-opacity="0.14" stroke-width="2"/><rect x="500" y="{}" width="{}" height="8" fill="{ACCENT}"/></svg>"##,
                HEIGHT - 8,
                WIDTH - 500
            );
            raster::draw(&raster::parse(&svg).ok()?)
        })
        .as_ref()
}

/// The card's texts as an SVG document, drawn over [`background`] (the badge image is
/// painted afterwards).
fn svg(text: &CardText<'_>) -> String {
    let lines = text_block(text);
    let height: f32 = lines.iter().map(|l| l.advance).sum::<f32>() + 16.0;
    let mut y = TEXT_TOP + ((TEXT_BOTTOM - TEXT_TOP - height) / 2.0).max(0.0);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">"#
    );
    if let Some((label, revoked)) = text.status {
        let (fill, ink) = pill(revoked);
        let width = raster::text_widths(&[label.to_string()], 22.0, true)[0] + 40.0;
        out.push_str(&format!(
            r#"<rect x="{TEXT_X}" y="{y}" width="{width}" height="40" rx="20" fill="{fill}"/><text x="{}" y="{}" font-family="{FONT_FAMILY}" font-size="22" font-weight="700" fill="{ink}">{}</text>"#,
            TEXT_X + 20.0,
            y + 28.0,
            xml_escape(label)
        ));
        y += 64.0;
    }
    for line in &lines {
        y += line.advance;
        let spacing = if line.size < 23.0 && line.bold { r#" letter-spacing="3""# } else { "" };
        out.push_str(&text_element(TEXT_X, y, line, spacing, "start"));
    }
    let date = Line { text: text.date.to_string(), size: 22.0, bold: false, fill: MUTED, advance: 0.0 };
    let date_width = raster::text_widths(std::slice::from_ref(&date.text), 22.0, false)[0];
    let site_width = (TEXT_WIDTH - date_width - 32.0).max(120.0);
    let site = fit(text.site, 22.0, true, site_width, 1).join(" ");
    let site = Line { text: site, size: 22.0, bold: true, fill: MUTED, advance: 0.0 };
    out.push_str(&text_element(TEXT_X, FOOTER_Y, &site, "", "start"));
    out.push_str(&text_element(TEXT_X + TEXT_WIDTH, FOOTER_Y, &date, "", "end"));
    out.push_str("</svg>");
    out
}

fn text_element(x: f32, y: f32, line: &Line, extra: &str, anchor: &str) -> String {
    format!(
        r#"<text x="{x}" y="{y}" font-family="{FONT_FAMILY}" font-size="{}" font-weight="{}" fill="{}" text-anchor="{anchor}"{extra}>{}</text>"#,
        line.size,
        if line.bold { 700 } else { 400 },
        line.fill,
        xml_escape(&line.text)
    )
}

/// The lines of the text column, in the first layout that fits and shows the whole badge
/// name: long names first take the issuer's second line, then a smaller size. If none does,
/// the smallest layout, with the name shortened.
fn text_block(text: &CardText<'_>) -> Vec<Line> {
    let available = TEXT_BOTTOM - TEXT_TOP - if text.status.is_some() { 64.0 } else { 0.0 };
    let layouts = [(58.0, 2), (58.0, 1), (50.0, 2), (50.0, 1), (44.0, 1)];
    let mut block = Vec::new();
    for (name_size, issuer_lines) in layouts {
        let (lines, whole) = layout(text, name_size, issuer_lines);
        block = lines;
        if whole && block.iter().map(|l| l.advance).sum::<f32>() <= available {
            break;
        }
    }
    block
}

/// The lines for one layout, and whether the badge name is shown whole.
fn layout(text: &CardText<'_>, name_size: f32, issuer_lines: usize) -> (Vec<Line>, bool) {
    let line = |text: String, size: f32, bold: bool, fill: &'static str, advance: f32| Line {
        text,
        size,
        bold,
        fill,
        advance,
    };
    let mut lines = vec![line(text.eyebrow.to_string(), 22.0, true, ACCENT, 22.0)];
    let name_lines = fit(text.badge, name_size, true, TEXT_WIDTH, 3);
    let whole = !name_lines.last().is_some_and(|l| l.ends_with('…') && !text.badge.ends_with('…'));
    for (index, name) in name_lines.into_iter().enumerate() {
        let advance = if index == 0 { name_size + 28.0 } else { name_size * 1.14 };
        lines.push(line(name, name_size, true, INK, advance));
    }
    if let Some((label, name)) = text.recipient {
        lines.push(line(label.to_string(), 24.0, false, MUTED, 62.0));
        let name = fit(name, 36.0, true, TEXT_WIDTH, 1).join(" ");
        lines.push(line(name, 36.0, true, INK, 46.0));
    }
    let (label, issuer) = text.issuer;
    lines.push(line(label.to_string(), 24.0, false, MUTED, if text.recipient.is_some() { 50.0 } else { 58.0 }));
    for (index, issuer) in fit(issuer, 28.0, false, TEXT_WIDTH, issuer_lines).into_iter().enumerate() {
        lines.push(line(issuer, 28.0, false, INK, if index == 0 { 40.0 } else { 36.0 }));
    }
    (lines, whole)
}

/// `text` broken into at most `max_lines` lines no wider than `width`; what does not fit is
/// cut at a word (or, for one overlong word, a character) and ends with `…`.
pub fn fit(text: &str, size: f32, bold: bool, width: f32, max_lines: usize) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().take(64).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut next = 0;
    while next < words.len() && lines.len() < max_lines {
        let candidates: Vec<String> = (next..words.len()).map(|end| words[next..=end].join(" ")).collect();
        let widths = raster::text_widths(&candidates, size, bold);
        match widths.iter().rposition(|w| *w <= width) {
            Some(last) => {
                lines.push(candidates[last].clone());
                next += last + 1;
            }
            None => {
                lines.push(shorten(words[next], size, bold, width, false));
                next += 1;
            }
        }
    }
    if next < words.len()
        && let Some(last) = lines.pop()
    {
        lines.push(shorten(&last, size, bold, width, true));
    }
    lines
}

/// The longest start of `text` that fits in `width` with `…` after it; with `more`, the
/// ellipsis is added even when `text` fits (text follows that was left out).
fn shorten(text: &str, size: f32, bold: bool, width: f32, more: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut candidates: Vec<String> = Vec::new();
    if more {
        let words: Vec<&str> = text.split(' ').collect();
        candidates.extend((1..=words.len()).rev().map(|n| format!("{}…", words[..n].join(" "))));
    }
    candidates
        .extend((1..=chars.len()).rev().map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end())));
    if !more {
        candidates.insert(0, text.to_string());
    }
    let widths = raster::text_widths(&candidates, size, bold);
    widths.iter().position(|w| *w <= width).map_or_else(|| "…".to_string(), |index| candidates[index].clone())
}

#[cfg(test)]
mod tests;

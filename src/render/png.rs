//! PNG encoding of rendered images: RGB when every pixel is opaque (badge previews of opaque
//! art), RGBA otherwise, adaptive filters and fdeflate (the png crate's `Fast`); and an
//! indexed-colour encoding for share cards ([`Palette`]).
//!
//! tiny-skia's own `encode_png` always writes RGBA with one fixed filter: a share card came
//! out around 200 KiB, so a site with thousands of awards would publish gigabytes of cards.
//! RGB with adaptive filters is about 30% smaller for the same time (about 3 ms a card). The
//! png crate's `Balanced` level would save another third but costs ten times as long.
//!
//! A card is mostly flat colours (white, the panel, text in three inks) whose edges are
//! anti-aliased: a few hundred to a few thousand colours, of which 256 cover 98–99% of the
//! pixels. An 8-bit palette is a third of the raw data and compresses far better than RGB
//! (with zlib-rs, [`write_indexed`]).
//! It is made once per badge and state, from the background its cards share and the ramps of
//! their text inks, not per card: see BENCHMARKS.md.

use std::collections::HashMap;

use resvg::tiny_skia::{ColorU8, Pixmap, PremultipliedColorU8};

/// PNG bytes of `pixmap`, or `None` if encoding failed.
pub fn encode(pixmap: &Pixmap) -> Option<Vec<u8>> {
    let opaque = opaque(pixmap);
    let mut data = Vec::with_capacity(pixmap.pixels().len() * if opaque { 3 } else { 4 });
    for pixel in pixmap.pixels() {
        // tiny-skia keeps premultiplied colours; PNG wants them straight.
        let color = pixel.demultiply();
        data.extend_from_slice(&[color.red(), color.green(), color.blue()]);
        if !opaque {
            data.push(color.alpha());
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(if opaque { png::ColorType::Rgb } else { png::ColorType::Rgba });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&data).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// Colours in a palette PNG.
const PALETTE_SIZE: usize = 256;
/// zlib level of palette PNGs (zlib-rs). Measured on cards against miniz_oxide level 4 (what
/// the png crate used): level 4 is 3–11 % bigger in 60 % of the time, 5 is 1–4 % smaller in
/// 80 %, 6 is 2–5 % smaller in 105 %, 9 is 10 % smaller in ten times the time.
const LEVEL: i32 = 5;

/// The palette of a family of share cards that share a background (a badge's panel and art,
/// in one state), made once and used for each of their cards: the background's own colours
/// (chosen by median cut when there are too many), plus ramps for what is drawn over it
/// (text: its ink blended into its background in even steps, which is what anti-aliasing
/// makes). Quantising every card on its own cost more than drawing it. The background is
/// kept as indices (a quarter of its pixels' memory: a site has cards in three states of
/// every badge) and cards are drawn over its quantised colours.
pub struct Palette {
    colours: Vec<[u8; 3]>,
    /// The same colours as pixels, to compare with.
    pixels: Vec<PremultipliedColorU8>,
    /// The index of each pixel of the background it was made for.
    base: Vec<u8>,
    width: u32,
    height: u32,
}

impl Palette {
    /// The palette of cards drawn over `base` (opaque, else `None`), with `ramps` kept
    /// exactly; the background gets the slots left (all of them to itself when it is not
    /// bigger).
    pub fn new(base: &Pixmap, ramps: &[[u8; 3]]) -> Option<Self> {
        if !opaque(base) {
            return None;
        }
        let pixels = rgb(base);
        // Counted by runs: most of a card is long runs of one colour.
        let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
        for run in pixels.chunk_by(|a, b| a == b) {
            *counts.entry(run[0]).or_default() += u32::try_from(run.len()).unwrap_or(u32::MAX);
        }
        let mut ramps = ramps.to_vec();
        ramps.sort_unstable();
        ramps.dedup();
        ramps.retain(|c| !counts.contains_key(c));
        ramps.truncate(PALETTE_SIZE / 2);
        // Sorted, so that the palette (and the bytes) never depend on hashing order.
        let mut colours: Vec<([u8; 3], u32)> = counts.into_iter().collect();
        colours.sort_unstable();
        let room = PALETTE_SIZE - ramps.len();
        let mut palette: Vec<[u8; 3]> = if colours.len() <= room {
            colours.iter().map(|(c, _)| *c).collect()
        } else {
            median_cut(&mut colours.clone(), room)
        };
        palette.extend(ramps);
        let index: HashMap<[u8; 3], u8> = colours.iter().map(|(c, _)| (*c, nearest(&palette, *c))).collect();
        let mut indices = Vec::with_capacity(pixels.len());
        for run in pixels.chunk_by(|a, b| a == b) {
            indices.resize(indices.len() + run.len(), index.get(&run[0]).copied().unwrap_or(0));
        }
        let opaque = palette.iter().map(|[r, g, b]| ColorU8::from_rgba(*r, *g, *b, 255).premultiply()).collect();
        Some(Palette { colours: palette, pixels: opaque, base: indices, width: base.width(), height: base.height() })
    }

    /// The background in its palette's colours, to draw a card on.
    pub fn background(&self) -> Option<Pixmap> {
        let mut pixmap = Pixmap::new(self.width, self.height)?;
        for (pixel, index) in pixmap.pixels_mut().iter_mut().zip(&self.base) {
            *pixel = self.pixels[usize::from(*index)];
        }
        Some(pixmap)
    }

    /// PNG bytes of `card`, drawn over [`Palette::background`], in 8-bit indexed colour:
    /// unchanged pixels keep the background's index, others take the nearest colour. A card of
    /// another size, or with a transparent pixel, is encoded by [`encode`].
    pub fn encode(&self, card: &Pixmap) -> Option<Vec<u8>> {
        if (card.width(), card.height()) != (self.width, self.height) {
            return encode(card);
        }
        let mut data = Vec::with_capacity(self.base.len());
        let mut cache = NearestCache::new();
        for (pixel, index) in card.pixels().iter().zip(&self.base) {
            if *pixel == self.pixels[usize::from(*index)] {
                data.push(*index);
            } else if pixel.alpha() != 255 {
                return encode(card);
            } else {
                data.push(cache.get(&self.colours, [pixel.red(), pixel.green(), pixel.blue()]));
            }
        }
        write_indexed(card.width(), card.height(), &self.colours, &data)
    }
}

/// `levels` colours from `background` to `ink` in even steps, both included: the palette
/// entries of text in `ink` anti-aliased over `background`.
pub fn ramp(ink: [u8; 3], background: [u8; 3], levels: u16) -> Vec<[u8; 3]> {
    let levels = levels.max(2);
    (0..levels)
        .map(|step| {
            let mix = |ch: usize| {
                let (a, b) = (u16::from(background[ch]), u16::from(ink[ch]));
                let value = (a * (levels - 1 - step) + b * step + (levels - 1) / 2) / (levels - 1);
                u8::try_from(value).unwrap_or(u8::MAX)
            };
            [mix(0), mix(1), mix(2)]
        })
        .collect()
}

/// The nearest palette index of colours already seen in one card: a card's text has a few
/// hundred colours, and searching the palette for each pixel cost more than the drawing.
struct NearestCache {
    /// Direct-mapped: colour as `0x01rrggbb` (0 is empty), and its index.
    slots: Vec<(u32, u8)>,
}

impl NearestCache {
    const BITS: u32 = 12;

    fn new() -> Self {
        NearestCache { slots: vec![(0, 0); 1 << Self::BITS] }
    }

    fn get(&mut self, palette: &[[u8; 3]], colour: [u8; 3]) -> u8 {
        let key = u32::from_be_bytes([1, colour[0], colour[1], colour[2]]);
        let slot = (key.wrapping_mul(0x9E37_79B1) >> (32 - Self::BITS)) as usize;
        if self.slots[slot].0 != key {
            self.slots[slot] = (key, nearest(palette, colour));
        }
        self.slots[slot].1
    }
}

/// Whether every pixel of `pixmap` is opaque.
fn opaque(pixmap: &Pixmap) -> bool {
    pixmap.pixels().iter().all(|p| p.alpha() == 255)
}

/// The colours of an opaque pixmap (premultiplied and straight colours are the same then).
fn rgb(pixmap: &Pixmap) -> Vec<[u8; 3]> {
    pixmap.pixels().iter().map(|p| [p.red(), p.green(), p.blue()]).collect()
}

/// An 8-bit indexed PNG of `data` (one index a pixel, row after row), written here rather
/// than by the png crate so that its pixels can be compressed by zlib-rs: at level 5 it
/// makes cards 2–4 % smaller than miniz_oxide (the png crate's) at level 4, in less time
/// (BENCHMARKS.md). Filters predict smooth gradients; palette indices are not one, so every
/// row has filter 0 (none).
fn write_indexed(width: u32, height: u32, palette: &[[u8; 3]], data: &[u8]) -> Option<Vec<u8>> {
    let row = usize::try_from(width).ok()?;
    if row == 0 || data.len() != row * usize::try_from(height).ok()? {
        return None;
    }
    let mut raw = Vec::with_capacity(data.len() + data.len() / row);
    for pixels in data.chunks(row) {
        raw.push(0);
        raw.extend_from_slice(pixels);
    }
    let mut compressed = vec![0; zlib_rs::compress_bound(raw.len())];
    let (compressed, code) = zlib_rs::compress_slice(&mut compressed, &raw, zlib_rs::DeflateConfig::new(LEVEL));
    if code != zlib_rs::ReturnCode::Ok {
        return None;
    }
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 3 (indexed), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 3, 0, 0, 0]);
    let mut out = Vec::with_capacity(compressed.len() + palette.len() * 3 + 64);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"PLTE", &palette.iter().flatten().copied().collect::<Vec<u8>>());
    chunk(&mut out, b"IDAT", compressed);
    chunk(&mut out, b"IEND", &[]);
    Some(out)
}

/// Appends a PNG chunk: length, type, data and the CRC of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// One box of median cut: a range of the colour list, the channel it is widest in, and how
/// much splitting it is worth (that width, weighted by its pixels; 0 for a single colour).
#[derive(Clone, Copy)]
struct ColourBox {
    start: usize,
    end: usize,
    channel: usize,
    score: u64,
}

impl ColourBox {
    fn new(colours: &[([u8; 3], u32)], start: usize, end: usize) -> Self {
        let slice = &colours[start..end];
        let range = |ch: usize| {
            let (lo, hi) = slice.iter().fold((u8::MAX, 0), |(lo, hi), (c, _)| (lo.min(c[ch]), hi.max(c[ch])));
            hi.saturating_sub(lo)
        };
        let (channel, width) = (0..3).map(|ch| (ch, range(ch))).max_by_key(|(ch, w)| (*w, 3 - ch)).unwrap_or((0, 0));
        let pixels: u64 = slice.iter().map(|(_, n)| u64::from(*n)).sum();
        ColourBox { start, end, channel, score: u64::from(width) * pixels.isqrt() }
    }
}

/// `size` colours standing for `colours` (distinct, with their pixel counts): the box worth
/// splitting most is split at its median pixel until there are `size` boxes; each box gives
/// its pixel-weighted mean. A box of one colour is never split, so flat areas keep their
/// exact colour.
fn median_cut(colours: &mut [([u8; 3], u32)], size: usize) -> Vec<[u8; 3]> {
    let mut boxes = vec![ColourBox::new(colours, 0, colours.len())];
    while boxes.len() < size {
        let Some(at) =
            (0..boxes.len()).filter(|at| boxes[*at].score > 0).max_by_key(|at| (boxes[*at].score, boxes.len() - at))
        else {
            break;
        };
        let ColourBox { start, end, channel, .. } = boxes[at];
        let slice = &mut colours[start..end];
        slice.sort_unstable_by_key(|(c, _)| (c[channel], *c));
        let half = slice.iter().map(|(_, n)| u64::from(*n)).sum::<u64>() / 2;
        let mut seen = 0;
        let median = slice.iter().position(|(_, n)| {
            seen += u64::from(*n);
            seen >= half
        });
        // At least one colour on each side.
        let split = start + median.unwrap_or(0).min(end - start - 2) + 1;
        boxes[at] = ColourBox::new(colours, start, split);
        boxes.push(ColourBox::new(colours, split, end));
    }
    boxes
        .iter()
        .map(|b| {
            let slice = &colours[b.start..b.end];
            let pixels = slice.iter().map(|(_, n)| u64::from(*n)).sum::<u64>().max(1);
            let mean = |ch: usize| {
                let sum: u64 = slice.iter().map(|(c, n)| u64::from(c[ch]) * u64::from(*n)).sum();
                u8::try_from((sum + pixels / 2) / pixels).unwrap_or(u8::MAX)
            };
            [mean(0), mean(1), mean(2)]
        })
        .collect()
}

/// The index of the colour of `palette` nearest to `colour` (squared distance).
fn nearest(palette: &[[u8; 3]], colour: [u8; 3]) -> u8 {
    let distance = |p: &[u8; 3]| -> u32 { (0..3).map(|ch| u32::from(p[ch].abs_diff(colour[ch])).pow(2)).sum() };
    let best = palette.iter().enumerate().min_by_key(|(at, p)| (distance(p), *at)).map_or(0, |(at, _)| at);
    u8::try_from(best).unwrap_or(0)
}

#[cfg(test)]
mod tests;

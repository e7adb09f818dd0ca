//! Tests of PNG encoding: RGB and RGBA, and palettes of share cards.

use super::*;
use resvg::tiny_skia::{Color, Paint, Rect, Transform};

fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(info.buffer_size());
    (info, pixels)
}

#[test]
fn opaque_images_are_rgb_and_decode_to_the_same_pixels() {
    let mut pixmap = Pixmap::new(37, 21).unwrap();
    pixmap.fill(Color::from_rgba8(10, 200, 30, 255));
    let mut paint = Paint::default();
    paint.set_color_rgba8(250, 20, 120, 255);
    pixmap.fill_rect(Rect::from_xywh(5.0, 3.0, 20.0, 9.0).unwrap(), &paint, Transform::identity(), None);
    let (info, pixels) = decode(&encode(&pixmap).unwrap());
    assert_eq!((info.width, info.height, info.color_type), (37, 21, png::ColorType::Rgb));
    let expected: Vec<u8> = pixmap.pixels().iter().flat_map(|p| [p.red(), p.green(), p.blue()]).collect();
    assert_eq!(pixels, expected);
}

#[test]
fn transparent_images_keep_their_alpha_unpremultiplied() {
    let mut pixmap = Pixmap::new(4, 4).unwrap();
    pixmap.fill(Color::from_rgba8(200, 100, 50, 128));
    let (info, pixels) = decode(&encode(&pixmap).unwrap());
    assert_eq!(info.color_type, png::ColorType::Rgba);
    let first = &pixels[..4];
    assert_eq!(first[3], 128);
    assert!(first[0].abs_diff(200) <= 1 && first[1].abs_diff(100) <= 1, "{first:?}");
}

#[test]
fn cards_of_few_colours_keep_every_pixel_in_a_palette() {
    let mut pixmap = Pixmap::new(37, 21).unwrap();
    pixmap.fill(Color::from_rgba8(255, 255, 255, 255));
    let mut paint = Paint::default();
    paint.set_color_rgba8(55, 48, 163, 255);
    pixmap.fill_rect(Rect::from_xywh(5.0, 3.0, 20.0, 9.0).unwrap(), &paint, Transform::identity(), None);
    let bytes = Palette::new(&pixmap, &[]).unwrap().encode(&pixmap).unwrap();
    let (info, indices) = decode(&bytes);
    assert_eq!((info.width, info.height, info.color_type), (37, 21, png::ColorType::Indexed));
    assert_eq!(indices.len(), 37 * 21, "one index per pixel");
    let reader = png::Decoder::new(std::io::Cursor::new(&bytes)).read_info().unwrap();
    assert_eq!(reader.info().palette.as_deref(), Some(&[55, 48, 163, 255, 255, 255][..]), "indigo and white");
    assert_eq!(Pixmap::decode_png(&bytes).unwrap().data(), pixmap.data(), "every pixel exact");
}

#[test]
fn cards_of_many_colours_are_drawn_in_the_nearest_of_256() {
    // A gradient of 1,200 colours beside a flat block: the block keeps its exact colour,
    // the gradient moves little, and two encodings are the same bytes.
    let mut pixmap = Pixmap::new(1200, 40).unwrap();
    for (at, pixel) in pixmap.pixels_mut().iter_mut().enumerate() {
        let x = (at % 1200) as u32;
        let color = if x < 200 { [55, 48, 163] } else { [(x % 256) as u8, (x / 5 % 256) as u8, 200] };
        *pixel = resvg::tiny_skia::ColorU8::from_rgba(color[0], color[1], color[2], 255).premultiply();
    }
    let bytes = Palette::new(&pixmap, &[]).unwrap().encode(&pixmap).unwrap();
    let again = Palette::new(&pixmap, &[]).unwrap().encode(&pixmap).unwrap();
    assert_eq!(bytes, again, "reproducible");
    let back = Pixmap::decode_png(&bytes).unwrap();
    assert_eq!(back.pixel(10, 10), pixmap.pixel(10, 10), "a flat area keeps its colour");
    let errors: Vec<u8> = pixmap.data().iter().zip(back.data()).map(|(a, b)| a.abs_diff(*b)).collect();
    assert!(errors.iter().all(|e| *e <= 8), "max {:?}", errors.iter().max());
    let mean = errors.iter().map(|e| f64::from(*e)).sum::<f64>() / errors.len() as f64;
    assert!(mean < 2.0, "{mean}");
}

#[test]
fn text_drawn_over_a_background_takes_the_nearest_step_of_its_ramp() {
    // A background of 300 colours (more than fit) and text-like pixels drawn over it:
    // the ramp's colours are kept exactly, blends between them move by at most half a
    // step, and what the text did not touch keeps the background's encoding.
    let mut base = Pixmap::new(300, 20).unwrap();
    for (at, pixel) in base.pixels_mut().iter_mut().enumerate() {
        let x = (at % 300) as u32;
        let color = if x < 150 { [(x % 256) as u8, 40, 90] } else { [255, 255, 255] };
        *pixel = resvg::tiny_skia::ColorU8::from_rgba(color[0], color[1], color[2], 255).premultiply();
    }
    let steps = ramp([17, 24, 39], [255, 255, 255], 24);
    assert_eq!((steps[0], steps[23], steps.len()), ([255, 255, 255], [17, 24, 39], 24));
    let palette = Palette::new(&base, &steps).unwrap();
    assert!(palette.colours.len() <= 256);
    let mut card = base.clone();
    let blends: Vec<[u8; 3]> = (0..=255u16)
        .map(|a| [17, 24, 39].map(|ink: u16| u8::try_from((ink * a + 255 * (255 - a) + 127) / 255).unwrap()))
        .collect();
    for (x, colour) in blends.iter().enumerate().take(100) {
        let pixel = resvg::tiny_skia::ColorU8::from_rgba(colour[0], colour[1], colour[2], 255).premultiply();
        card.pixels_mut()[5 * 300 + 180 + x] = pixel;
        card.pixels_mut()[6 * 300 + 180 + x] =
            resvg::tiny_skia::ColorU8::from_rgba(blends[255 - x][0], blends[255 - x][1], blends[255 - x][2], 255)
                .premultiply();
    }
    let bytes = palette.encode(&card).unwrap();
    let back = Pixmap::decode_png(&bytes).unwrap();
    let step = (255 - 17) / 23 / 2 + 1;
    for (a, b) in card.data().iter().zip(back.data()) {
        assert!(a.abs_diff(*b) <= step, "{a} vs {b}");
    }
    let plain = Palette::new(&base, &steps).unwrap().encode(&base).unwrap();
    let (plain, drawn) = (Pixmap::decode_png(&plain).unwrap(), back);
    assert_eq!(plain.data()[..5 * 300 * 4], drawn.data()[..5 * 300 * 4], "untouched rows encode the same");
    assert_eq!(drawn.pixel(180, 5), card.pixel(180, 5), "white stays white");
    assert_eq!(drawn.pixel(180, 6), card.pixel(180, 6), "the ink stays the ink");
}

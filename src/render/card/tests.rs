//! Tests of share cards: layout, escaping, and a measurement of their cost and size.

use super::*;

fn text<'a>(badge: &'a str, recipient: Option<(&'a str, &'a str)>) -> CardText<'a> {
    CardText {
        eyebrow: "OPEN BADGE",
        badge,
        recipient,
        issuer: ("Issued by", "Department of Computer Science, Northfield University"),
        site: "Northfield Badges",
        date: "Issued 14 March 2025",
        status: None,
    }
}

#[test]
fn long_text_wraps_then_ends_with_an_ellipsis() {
    let lines = fit("Advanced Distributed Systems Engineering", 44.0, true, TEXT_WIDTH, 3);
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines.join(" "), "Advanced Distributed Systems Engineering");
    let lines = fit("Advanced Distributed Systems Engineering", 58.0, true, TEXT_WIDTH, 3);
    assert_eq!(lines, ["Advanced", "Distributed", "Systems…"]);
    let card = text("Advanced Distributed Systems Engineering", None);
    let names: Vec<String> = text_block(&card).into_iter().filter(|l| l.size > 40.0).map(|l| l.text).collect();
    assert_eq!(names.join(" "), "Advanced Distributed Systems Engineering", "a smaller size shows the whole name");
    let long = "word ".repeat(60);
    let lines = fit(&long, 58.0, true, TEXT_WIDTH, 3);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with('…'), "{lines:?}");
    let one = fit(&"W".repeat(80), 36.0, true, TEXT_WIDTH, 1);
    assert!(one[0].ends_with('…') && one[0].len() < 80, "{one:?}");
    for line in fit(&long, 58.0, true, TEXT_WIDTH, 3) {
        assert!(raster::text_widths(&[line], 58.0, true)[0] <= TEXT_WIDTH);
    }
}

#[test]
fn card_text_is_escaped() {
    let svg = svg(&text("<b>", Some(("Awarded to", "</text><i>x</i> & B"))));
    assert!(svg.contains("&lt;b&gt;") && svg.contains("&lt;/text&gt;&lt;i&gt;x&lt;/i&gt; &amp; B"), "{svg}");
    assert!(!svg.contains("<script>"));
}

#[test]
fn every_layout_fits_the_card() {
    let long = "Extraordinarily Comprehensive Certificate of Advanced Competence in Everything";
    for recipient in [None, Some(("Awarded to", "Maximiliana Wolfeschlegelsteinhausenbergerdorff"))] {
        let mut t = text(long, recipient);
        t.status = Some(("REVOKED", true));
        let lines = text_block(&t);
        let height: f32 = lines.iter().map(|l| l.advance).sum();
        assert!(height <= TEXT_BOTTOM - TEXT_TOP - 64.0, "{height}");
    }
}

/// Cost and size of cards, and their error against the exact drawing (also of the cards in
/// `$BEFORE_DIR`, to compare): `cargo test --profile bench --lib card_cost -- --ignored
/// --nocapture` (writes the cards it measured to `$CARD_DIR` when set, to look at them).
#[test]
#[ignore = "a measurement, not a test"]
#[allow(clippy::print_stdout)]
fn card_cost() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="45" fill="#2a6f97"/><path d="M30 52l14 14 26-30" stroke="#fff" stroke-width="8" fill="none"/></svg>"##;
    let mut pixmap = Pixmap::new(128, 128).unwrap();
    for (at, pixel) in pixmap.pixels_mut().iter_mut().enumerate() {
        let (x, y) = ((at % 128) as i32, (at / 128) as i32);
        let inside = (x - 64).pow(2) + (y - 64).pow(2) < 3600;
        let shade = ((x + y) * 2 + 37) as u8;
        let c = if inside { [shade, 90, 160, 255] } else { [0, 0, 0, 0] };
        *pixel = resvg::tiny_skia::ColorU8::from_rgba(c[0], c[1], c[2], c[3]).premultiply();
    }
    let images = [
        ("svg", Image { kind: crate::model::ImageKind::Svg, bytes: std::sync::Arc::new(svg.as_bytes().to_vec()) }),
        ("png", Image { kind: crate::model::ImageKind::Png, bytes: std::sync::Arc::new(pixmap.encode_png().unwrap()) }),
    ];
    let out = std::env::var_os("CARD_DIR");
    let names = [
        "Learner Number 1234",
        "Maximiliana Wolfeschlegelsteinhausenbergerdorff-Smith",
        "山田 花子 (やまだ はなこ)",
        "Ελένη Παπαδοπούλου-Ζωή",
    ];
    let before = std::env::var_os("BEFORE_DIR");
    // Mean and largest error per channel against the exact drawing.
    let error = |png: &[u8], exact: &Pixmap| {
        let back = Pixmap::decode_png(png).unwrap();
        let errors: Vec<u8> = exact.data().iter().zip(back.data()).map(|(a, b)| a.abs_diff(*b)).collect();
        let mean = errors.iter().map(|e| f64::from(*e)).sum::<f64>() / errors.len() as f64;
        (mean, *errors.iter().max().unwrap())
    };
    let states = [("valid", None), ("expired", Some(("EXPIRED", false))), ("revoked", Some(("REVOKED", true)))];
    for (kind, image) in &images {
        let art = CardArt::new(image);
        for (state, status) in states {
            let (mut ms, mut bytes, mut n) = (0.0, 0, 0);
            for (at, name) in names.iter().enumerate() {
                let mut t = text("Badge 7: Practical Skills", Some(("Awarded to", name)));
                t.status = status;
                let start = std::time::Instant::now();
                let png = render(&art, &t).unwrap();
                ms += start.elapsed().as_secs_f64() * 1e3;
                bytes += png.len();
                n += 1;
                let file = format!("{kind}-{state}-{at}.png");
                if let Some(dir) = &out {
                    std::fs::write(std::path::Path::new(dir).join(&file), &png).unwrap();
                }
                let base = art.base(t.status).unwrap();
                let mut exact = base.background().unwrap();
                raster::draw_onto(&raster::parse(&super::svg(&t)).unwrap(), &mut exact);
                let old = before.as_ref().and_then(|dir| std::fs::read(std::path::Path::new(dir).join(&file)).ok());
                let old = old.map(|old| (old.len(), error(&old, &exact)));
                println!("  {file}: {} bytes, error {:?}; before: {old:?}", png.len(), error(&png, &exact));
            }
            for _ in 0..10 {
                let mut t = text("Badge 7: Practical Skills", Some(("Awarded to", names[0])));
                t.status = status;
                let start = std::time::Instant::now();
                bytes += render(&art, &t).unwrap().len();
                ms += start.elapsed().as_secs_f64() * 1e3;
                n += 1;
            }
            println!("{kind} {state}: {:.2} ms, {} bytes a card", ms / n as f64, bytes / n);
            let mut t = text("Badge 7: Practical Skills", Some(("Awarded to", names[0])));
            t.status = status;
            let base = art.base(t.status).unwrap();
            let mut phases = [0.0; 4];
            for _ in 0..10 {
                let mut clock = std::time::Instant::now();
                let mut lap = |at: usize| {
                    phases[at] += clock.elapsed().as_secs_f64() * 100.0;
                    clock = std::time::Instant::now();
                };
                let tree = raster::parse(&super::svg(&t)).unwrap();
                lap(0);
                let mut pixmap = base.background().unwrap();
                lap(1);
                raster::draw_onto(&tree, &mut pixmap);
                lap(2);
                base.encode(&pixmap).unwrap();
                lap(3);
            }
            println!(
                "  ms: layout + parse {:.2}, clone {:.2}, draw {:.2}, encode {:.2}",
                phases[0], phases[1], phases[2], phases[3]
            );
        }
    }
}

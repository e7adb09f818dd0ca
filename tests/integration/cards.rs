//! Share cards as `rosette build` writes them: how a card in each state looks (the badge
//! greyed on expired and revoked cards alike) and what it weighs.

use std::fs;
use std::path::Path;

use crate::support::{copy_tree, fixture, rosette};

/// Where the badge image sits on a card (`src/render/card.rs`).
const ART: (usize, usize, usize) = (70, 134, 360);

/// The golden site with `team-player` awards in every state and no public name (so each
/// state gets its badge's shared card), built by the binary into `<tmp>/public`.
fn build_states() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    // Unsigned: cards do not depend on signatures.
    fs::remove_dir_all(site.join("keys")).unwrap();
    let awards = site.join("awards/team-player");
    let revoked = fs::read_to_string(awards.join("r2d2c3po99.toml")).unwrap();
    fs::write(awards.join("r2d2c3po99.toml"), revoked.replace("public = true\n", "")).unwrap();
    let valid = fs::read_to_string(awards.join("u7v8w9x0y1.toml")).unwrap();
    let expired = valid.replace("expires = 2028-06-01T09:00:00Z", "expires = 2025-07-01T09:00:00Z");
    assert_ne!(expired, valid);
    fs::write(awards.join("e5x1p2r3d4.toml"), expired.replace("status_index = 4007", "status_index = 4008")).unwrap();
    let public = work.path().join("public");
    let output = rosette(&["build", "--site", site.to_str().unwrap(), "--out", public.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    work
}

/// The RGB pixels of the badge image's square of a card.
fn art(card: &Path) -> Vec<u8> {
    let file = fs::File::open(card).unwrap_or_else(|e| panic!("{}: {e}", card.display()));
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height, info.color_type), (1200, 627, png::ColorType::Rgb));
    let (x, y, side) = ART;
    (y..y + side).flat_map(|row| pixels[(row * 1200 + x) * 3..(row * 1200 + x + side) * 3].to_vec()).collect()
}

/// Mean difference per channel of two images of the same size.
fn difference(a: &[u8], b: &[u8]) -> f64 {
    a.iter().zip(b).map(|(a, b)| f64::from(a.abs_diff(*b))).sum::<f64>() / a.len() as f64
}

#[test]
fn cards_grey_the_badge_of_expired_awards_as_of_revoked_ones() {
    let work = build_states();
    let cards = work.path().join("public/badges/team-player");
    let (valid, expired, revoked) =
        (art(&cards.join("card.png")), art(&cards.join("card-expired.png")), art(&cards.join("card-revoked.png")));
    // The same greyed badge (up to a palette step: the two cards' pills differ, and so do
    // their palettes), and far from the valid card's coloured one.
    assert!(difference(&expired, &revoked) < 1.0, "{}", difference(&expired, &revoked));
    assert!(difference(&valid, &expired) > 10.0, "{}", difference(&valid, &expired));
}

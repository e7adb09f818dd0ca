//! Share cards as `rosette build` writes them: how a card in each state looks (the badge
//! greyed on expired and revoked cards alike) and what it weighs.

use std::fs;
use std::path::Path;

use crate::support::{copy_tree, fixture, options, render_diagnostics, rosette};

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

/// The golden site (two awards show a public name) built into `<tmp>/public` with its
/// `site.toml` ending in `share_cards_line` instead of `share_cards = "named"`.
fn build_with_share_cards(share_cards_line: &str) -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    fs::remove_dir_all(site.join("keys")).unwrap();
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(toml.ends_with("share_cards = \"named\"\n"), "{toml}");
    fs::write(site.join("site.toml"), toml.replace("share_cards = \"named\"\n", share_cards_line)).unwrap();
    let public = work.path().join("public");
    let output = rosette(&["build", "--site", site.to_str().unwrap(), "--out", public.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    work
}

/// The `content` of `<meta property="og:…">` on the page at `page`.
fn og(page: &Path, property: &str) -> String {
    let html = fs::read_to_string(page).unwrap();
    let start = format!("<meta property=\"og:{property}\" content=\"");
    let at = html.find(&start).unwrap_or_else(|| panic!("no og:{property} in {}", page.display())) + start.len();
    html[at..].split('"').next().unwrap().to_owned()
}

#[test]
fn awards_link_their_badge_card_by_default_and_get_their_own_when_named() {
    let base = "https://harbour-club.example/badges/";
    let page = "awards/h4x9k2m7qa/index.html";
    for line in ["", "share_cards = \"badge\"\n"] {
        let work = build_with_share_cards(line);
        let public = work.path().join("public");
        // No award has a card of its own; the named award previews with its badge's card and
        // its name is in the description.
        let own: Vec<_> = fs::read_dir(public.join("awards"))
            .unwrap()
            .map(|entry| entry.unwrap().path().join("card.png"))
            .filter(|card| card.exists())
            .collect();
        assert!(own.is_empty(), "{line:?}: {own:?}");
        assert_eq!(og(&public.join(page), "image"), format!("{base}badges/first-program/card.png"), "{line:?}");
        assert!(og(&public.join(page), "description").contains("Zoë &lt;b&gt;Bold&lt;/b&gt; Example"), "{line:?}");
        assert!(public.join("badges/first-program/card.png").is_file());
    }
    let work = build_with_share_cards("share_cards = \"named\"\n");
    let public = work.path().join("public");
    assert_eq!(og(&public.join(page), "image"), format!("{base}awards/h4x9k2m7qa/card.png"));
    assert!(public.join("awards/h4x9k2m7qa/card.png").is_file());
}

#[test]
fn check_refuses_a_share_cards_value_it_does_not_know() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(site.join("site.toml"), toml.replace("share_cards = \"named\"", "share_cards = \"yes\"")).unwrap();
    match rosette::check(&options(&site)) {
        Err(rosette::Error::Invalid(diagnostics)) => {
            let line = toml.lines().count();
            assert_eq!(
                render_diagnostics(&diagnostics),
                format!(
                    "{}:{line}:15: error: `share_cards = \"yes\"` is not a choice\n  help: write \"badge\" (every \
                     award previews with its badge's card) or \"named\" (awards that show a name get their own card)\n",
                    site.join("site.toml").display()
                )
            );
        }
        other => panic!("expected share_cards to be refused, got {other:?}"),
    }
}

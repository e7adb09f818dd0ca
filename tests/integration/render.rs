//! The pages and images people share: share cards, link-preview tags, schema.org JSON-LD,
//! LinkedIn and wallet links, "Is this yours?", translated strings, page weight.

use std::fs;
use std::path::Path;

use crate::support::{copy_tree, fixture, golden_key, options};
use rosette::Error;
use rosette::output::OutputFile;

fn plan(site: &Path) -> Vec<OutputFile> {
    rosette::plan(&options(site), Some(&golden_key())).unwrap_or_else(|e| panic!("{e}: {e:?}")).0
}

fn text<'a>(plan: &'a [OutputFile], path: &str) -> &'a str {
    let file = plan.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is not in the output"));
    std::str::from_utf8(&file.bytes).unwrap()
}

fn bytes<'a>(plan: &'a [OutputFile], path: &str) -> &'a [u8] {
    &plan.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is not in the output")).bytes
}

/// A copy of the golden fixture, changed by `edit`, in a temporary folder.
fn edited_site(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("build_golden_site"), &work.path().join("site"));
    edit(&work.path().join("site"));
    work
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The content of the page's JSON-LD script, parsed.
fn jsonld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("a JSON-LD script") + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("{e}: {}", &html[start..end]))
}

#[test]
fn render_share_cards_are_1200_by_627_png_and_named_in_the_page() {
    let plan = plan(&fixture("build_golden_site"));
    // Awards that show their recipient's name get their own card; the others share their
    // badge's card for their state.
    let cards = [
        ("h4x9k2m7qa", "awards/h4x9k2m7qa/card.png"),
        ("p8w3n5r1tz", "badges/first-program/card-expired.png"),
        ("r2d2c3po99", "awards/r2d2c3po99/card.png"),
        ("u7v8w9x0y1", "badges/team-player/card.png"),
    ];
    for (id, card) in cards {
        let png = bytes(&plan, card);
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let info = decoder.read_info().unwrap().info().clone();
        assert_eq!((info.width, info.height, info.color_type), (1200, 627, png::ColorType::Indexed), "{id}");
        assert!(png.len() < 60_000, "{id}: card of {} bytes", png.len());
        let page = text(&plan, &format!("awards/{id}/index.html"));
        let card_url = format!("https://harbour-club.example/badges/{card}");
        assert!(page.contains(&format!("<meta property=\"og:image\" content=\"{card_url}\">")), "{page}");
        // X reads og:image (and og:title, og:description): its own copies would only add bytes.
        assert!(!page.contains("twitter:image\"") && !page.contains("twitter:title"), "{page}");
        assert!(page.contains("<meta name=\"twitter:image:alt\" content=\""), "{page}");
        assert!(page.contains("<meta property=\"og:image:width\" content=\"1200\">"));
        assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    }
    let shared: Vec<&str> =
        plan.iter().map(|f| f.path.as_str()).filter(|p| p.ends_with(".png") && p.contains("/card")).collect();
    assert_eq!(shared.len(), 4, "no card for a state no unnamed award is in: {shared:?}");
    // SVG badges get a PNG preview for their pages' link previews.
    let preview = bytes(&plan, "badges/first-program/preview.png");
    assert!(preview.starts_with(b"\x89PNG"));
    assert!(text(&plan, "badges/first-program/index.html").contains("badges/first-program/preview.png"));
}

#[test]
fn render_share_cards_are_reproducible() {
    let site = fixture("build_golden_site");
    let (a, b) = (plan(&site), plan(&site));
    let cards = |plan: &[OutputFile]| -> Vec<(String, Vec<u8>)> {
        plan.iter()
            .filter(|f| f.path.contains("/card") || f.path.ends_with("preview.png"))
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect()
    };
    assert_eq!(cards(&a).len(), 6, "2 own cards, 2 shared cards, 2 previews");
    assert!(cards(&a) == cards(&b), "two renderings of the same cards differ");
}

#[test]
fn render_jsonld_survives_a_hostile_badge_name() {
    let work = edited_site(|site| {
        replace_in(
            &site.join("badges/first-program.md"),
            "name = \"First Program\"",
            r#"name = "First </script><script>alert(1)</script> <!-- Program""#,
        );
    });
    let plan = plan(&work.path().join("site"));
    for path in ["badges/first-program/index.html", "awards/h4x9k2m7qa/index.html"] {
        let page = text(&plan, path);
        assert_eq!(page.matches("</script>").count(), page.matches("<script").count(), "{path}: {page}");
        assert!(!page.contains("<script>alert"), "{path}");
        let value = jsonld(page);
        let name = if path.starts_with("awards") { &value["hasCredential"]["name"] } else { &value["name"] };
        assert_eq!(name, "First </script><script>alert(1)</script> <!-- Program", "{path}");
    }
}

#[test]
fn render_jsonld_describes_awards_and_badges() {
    let plan = plan(&fixture("build_golden_site"));
    let named = jsonld(text(&plan, "awards/h4x9k2m7qa/index.html"));
    assert_eq!(named["@context"], "https://schema.org");
    assert_eq!(named["@type"], "Person");
    assert_eq!(named["name"], "Zoë <b>Bold</b> Example");
    assert_eq!(named["hasCredential"]["@type"], "EducationalOccupationalCredential");
    assert_eq!(named["hasCredential"]["creativeWorkStatus"], "Valid");
    assert_eq!(named["hasCredential"]["recognizedBy"]["name"], "Harbour Coding Club");
    let revoked = jsonld(text(&plan, "awards/r2d2c3po99/index.html"));
    assert_eq!(revoked["hasCredential"]["creativeWorkStatus"], "Revoked");
    let anonymous = jsonld(text(&plan, "awards/u7v8w9x0y1/index.html"));
    assert_eq!(anonymous["@type"], "EducationalOccupationalCredential");
    assert_eq!(anonymous["expires"], "2028-06-01T09:00:00Z");
    let badge = jsonld(text(&plan, "badges/first-program/index.html"));
    assert_eq!(badge["competencyRequired"][0]["termCode"], "P1");
    assert_eq!(badge["image"], "https://harbour-club.example/badges/badges/first-program/preview.png");
}

#[test]
fn render_award_pages_offer_sharing_only_when_it_makes_sense() {
    let plan = plan(&fixture("build_golden_site"));
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(valid.contains(
        "href=\"https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&amp;name=First+Program\
         &amp;organizationName=Harbour+Coding+Club&amp;issueYear=2025&amp;issueMonth=5\
         &amp;certUrl=https%3A%2F%2Fharbour-club.example%2Fbadges%2Fawards%2Fh4x9k2m7qa%2F&amp;certId=h4x9k2m7qa\""
    ));
    // The baked image is made by the page's script from the badge image and the documents:
    // the page gives the values, awards/tools.html the button (rosette.js puts it in).
    assert!(valid.contains(
        "<div class=\"wrap award award-valid\" data-tools data-credential=\"credential.json\" data-ob2=\"ob2.json\" \
         data-badge=\"First Program\" data-issuer=\"Harbour Coding Club\" data-bake=\""
    ));
    assert!(valid.contains("data-name=\"first-program-h4x9k2m7qa.svg\""));
    let tools = text(&plan, "awards/tools.html");
    assert!(tools.contains(
        "data-bake=\"{bake}\" data-image=\"{image}\" data-ob2=\"{ob2}\" data-ob3=\"{credential}\" data-name=\"{name}\""
    ));
    assert!(
        valid.contains("<noscript><p class=\"muted\">Downloading the baked badge needs JavaScript.</p></noscript>")
    );
    assert!(!plan.iter().any(|f| f.path.ends_with("/badge.svg") || f.path.ends_with("/badge.png")));
    assert!(valid.contains(
        "<a class=\"button button-quiet\" href=\"credential.json\" download=\"first-program-h4x9k2m7qa.json\">"
    ));
    assert!(
        valid.contains("<img class=\"badge-image\" src=\"/badges/badges/first-program/image.svg\""),
        "the image the script bakes"
    );
    assert!(tools.contains("<div class=\"wallet\" data-qr-box data-needs=\"credential\" hidden>"), "a wallet QR code");
    assert!(tools.contains("<svg class=\"qr\" width=\"180\" height=\"180\" role=\"img\" aria-label=\"QR code of the credential&#39;s address\" data-qr-text=\"{credential}\">"));
    assert!(valid.contains("data-hash=\"sha256$3d5c3f7f3c1a0e4d8f95c2b8f4e0d1b7a9c6e2f1d0b3a5c7e9f1a2b4c6d8e0f2\""));
    assert!(valid.contains("data-salt=\"6f1e2d3c4b5a69788796a5b4c3d2e1f0\""));
    assert!(
        valid.contains("<i data-tool=\"mine\"></i>") && tools.contains("data-hash=\"{hash}\" data-salt=\"{salt}\"")
    );
    assert!(valid.contains("<script src=\"/badges/static/rosette.js\" defer></script>"));

    let expired = text(&plan, "awards/p8w3n5r1tz/index.html");
    assert!(!expired.contains("linkedin.com"), "LinkedIn is for current awards");
    assert!(expired.contains("data-name=\"first-program-p8w3n5r1tz.svg\""), "an expired award is still a record");

    let revoked = text(&plan, "awards/r2d2c3po99/index.html");
    for absent in ["linkedin.com", "download=", "data-bake=", "data-tool=\"bake\"", "data-tool=\"share\""] {
        assert!(!revoked.contains(absent), "a revoked award offers {absent}");
    }
    let url_identity = text(&plan, "awards/u7v8w9x0y1/index.html");
    assert!(
        !url_identity.contains("data-hash") && !url_identity.contains("data-tool=\"mine\""),
        "no e-mail check for a URL identity"
    );
    assert!(plan.iter().any(|f| f.path == "static/rosette.js"));
}

#[test]
fn render_pages_stay_light_and_load_nothing_from_elsewhere() {
    let plan = crate::support::example_plan();
    let path = "/badges/";
    let mut award_pages = 0;
    // awards/tools.html is no page: its <template>s hold placeholders ({image}), filled in pages.
    for file in plan.iter().filter(|f| f.path.ends_with(".html") && f.path != "awards/tools.html") {
        let html = std::str::from_utf8(&file.bytes).unwrap();
        if file.path.starts_with("awards/") && file.path.ends_with("/index.html") {
            assert!(html.len() < 60 * 1024, "{} is {} bytes", file.path, html.len());
            award_pages += 1;
        }
        // Icons are drawn by the stylesheet (<i class="icon i-NAME">); only the site's mark
        // comes from the theme's sprite, by path.
        assert!(!html.contains("<svg class=\"icon\""), "{}: an inline icon", file.path);
        for (at, _) in html.match_indices("<use href=\"") {
            assert!(
                html[at..].starts_with("<use href=\"/badges/static/icons.svg#brand\""),
                "{}: {}",
                file.path,
                &html[at..at + 60]
            );
        }
        // Everything a page loads is the site's own, by path (the 404 page is served at any
        // depth, so never relative to the page).
        for attribute in [" src=\"", "<link rel=\"stylesheet\" href=\""] {
            for (at, _) in html.match_indices(attribute) {
                let value = &html[at + attribute.len()..];
                assert!(value.starts_with(path), "{} loads {}", file.path, &value[..value.find('"').unwrap()]);
            }
        }
    }
    assert_eq!(award_pages, 35);
}

#[test]
fn render_french_site_shows_french_strings_and_dates() {
    let work = edited_site(|site| replace_in(&site.join("site.toml"), "language = \"en\"", "language = \"fr-CA\""));
    let plan = plan(&work.path().join("site"));
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(valid.contains("<html lang=\"fr-CA\">"));
    assert!(valid.contains("<p class=\"status-title\">Valide</p>"), "{valid}");
    assert!(valid.contains("<time datetime=\"2025-05-10T12:30:00Z\">10 mai 2025</time>"), "{valid}");
    assert!(valid.contains("Décerné à <strong>Zoë &lt;b&gt;Bold&lt;/b&gt; Example</strong>"), "{valid}");
    assert!(text(&plan, "awards/tools.html").contains("Est-ce le vôtre"));
    let revoked = text(&plan, "awards/r2d2c3po99/index.html");
    assert!(revoked.contains("Retiré") && revoked.contains("1er mars 2025"), "{revoked}");
    assert!(text(&plan, "awards/p8w3n5r1tz/index.html").contains("Expiré le"));
    assert!(text(&plan, "404.html").contains("<h1 id=\"nf-title\">Page introuvable</h1>"));
    assert!(text(&plan, "index.html").contains("Tous les badges"));
}

#[test]
fn render_site_strings_override_the_theme_and_are_strict() {
    let work = edited_site(|site| {
        fs::create_dir_all(site.join("templates/i18n")).unwrap();
        fs::write(site.join("templates/i18n/en.toml"), "[award]\nvalid_title = \"In good standing\"\n").unwrap();
    });
    let site = work.path().join("site");
    assert!(text(&plan(&site), "awards/h4x9k2m7qa/index.html").contains("In good standing"));
    fs::write(site.join("templates/i18n/en.toml"), "[award]\nvalid_tilte = \"In good standing\"\n").unwrap();
    match rosette::plan(&options(&site), Some(&golden_key())) {
        Err(Error::Invalid(diagnostics)) => {
            assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
            assert_eq!(diagnostics[0].path(), Some(site.join("templates/i18n/en.toml").as_path()));
            assert_eq!(diagnostics[0].position(), Some(rosette::error::Position { line: 2, col: 1 }));
            assert_eq!(diagnostics[0].message, "unknown key `award.valid_tilte`");
            assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `award.valid_title`?"));
        }
        other => panic!("expected an unknown-key error, got {other:?}"),
    }
}

#[test]
fn render_site_css_is_linked_after_the_theme_stylesheet() {
    let link = "<link rel=\"stylesheet\" href=\"/badges/static/site.css\">";
    assert!(!text(&plan(&fixture("build_golden_site")), "index.html").contains(link));
    let work = edited_site(|site| fs::write(site.join("static/site.css"), ":root { --rs-accent: teal }").unwrap());
    let plan = plan(&work.path().join("site"));
    let home = text(&plan, "index.html");
    let theme = home.find("static/rosette.css").unwrap();
    assert!(home.find(link).is_some_and(|at| at > theme), "{home}");
    assert_eq!(text(&plan, "static/site.css"), ":root { --rs-accent: teal }");
}

/// Every icon of static/icons.svg is drawn by rosette.css (`.i-NAME`, a data URL of the same
/// strokes): the two cannot drift apart, and every icon the templates name exists.
#[test]
fn render_icons_of_the_stylesheet_are_the_sprites_symbols() {
    let theme = crate::support::repo().join("theme");
    let sprite = fs::read_to_string(theme.join("static/icons.svg")).unwrap();
    let css = fs::read_to_string(theme.join("static/rosette.css")).unwrap();
    let mut names = Vec::new();
    for symbol in sprite.split("<symbol id=\"").skip(1) {
        let name = &symbol[..symbol.find('"').unwrap()];
        if name == "brand" {
            continue;
        }
        let inner = &symbol[symbol.find('>').unwrap() + 1..symbol.find("</symbol>").unwrap()];
        let rule = format!(
            ".i-{name} {{\n  --icon: url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' \
             fill='none' stroke='%23000' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'>{}</svg>\");\n}}",
            inner.replace('"', "'")
        );
        assert!(css.contains(&rule), "rosette.css draws {name} otherwise than icons.svg (expected {rule})");
        names.push(name.to_string());
    }
    assert_eq!(names.len(), 16, "{names:?}");
    let templates = crate::support::repo().join("theme/templates");
    for entry in walkdir::WalkDir::new(&templates).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let text = fs::read_to_string(entry.path()).unwrap();
        // (The comment of partials/icon.html shows the usage with a made-up name.)
        if entry.path().ends_with("partials/icon.html") {
            continue;
        }
        for (at, _) in text.match_indices("<icon name=\"") {
            let name = &text[at + 12..][..text[at + 12..].find('"').unwrap()];
            assert!(
                names.iter().any(|n| n == name),
                "{} names the icon {name}, which icons.svg lacks",
                entry.path().display()
            );
        }
    }
}

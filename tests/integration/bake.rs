//! Baked award images: the build publishes none; each award page's script bakes the image in
//! the browser. Here: what rosette's baker makes from the published badge image and documents
//! holds them byte for byte, the reference Python unbaker (PyPI `openbadges-bakery` 1.2.4, in
//! the OB 2.0 validator's venv) reads it, `rosette verify` / `rosette unbake` work on it, and
//! the page's download button in headless Chromium downloads exactly the same bytes.
//!
//! The fixture's badges are SVG; a temporary copy gives `first-program` a PNG image (the
//! issuer's logo), so one badge of each format is baked.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{copy_tree, fixture, golden_key, options, repo, rosette};

const BASE: &str = "https://harbour-club.example/badges/";
/// (award, image format): valid PNG, expired PNG, revoked SVG, valid SVG.
const AWARDS: [(&str, &str); 4] =
    [("h4x9k2m7qa", "png"), ("p8w3n5r1tz", "png"), ("r2d2c3po99", "svg"), ("u7v8w9x0y1", "svg")];

/// Builds the golden site, with a PNG image for `first-program`, into `<tmp>/public`, and
/// bakes each award of [`AWARDS`] with rosette's baker into `<tmp>/public/awards/<id>/badge.*`
/// (where builds published them before the browser baked them).
fn build(work: &Path) -> PathBuf {
    let public = build_only(work);
    for (award, format) in AWARDS {
        let dir = public.join("awards").join(award);
        fs::write(dir.join(format!("badge.{format}")), reference(&public, award, format)).unwrap();
    }
    public
}

/// What rosette's bake stage (`bake::Baker::award`) makes of `award`: its badge's published
/// image with the published `ob2.json` and, when there is one, `credential.json`.
fn reference(public: &Path, award: &str, format: &str) -> Vec<u8> {
    let dir = public.join("awards").join(award);
    let ob2 = fs::read_to_string(dir.join("ob2.json")).unwrap();
    let ob3 = fs::read_to_string(dir.join("credential.json")).ok();
    let badge = if format == "png" { "first-program/image.png" } else { "team-player/image.svg" };
    let image = fs::read(public.join("badges").join(badge)).unwrap();
    if format == "png" {
        let mut chunks = vec![(rosette::bake::OB2_KEYWORD, ob2.as_str())];
        chunks.extend(ob3.as_deref().map(|ob3| (rosette::bake::OB3_KEYWORD, ob3)));
        rosette::bake::png(&image, &chunks).unwrap()
    } else {
        let verify = format!("{BASE}awards/{award}/ob2.json");
        let text = String::from_utf8(image).unwrap();
        rosette::bake::svg(&text, Some((&verify, &ob2)), ob3.as_deref()).unwrap().into_bytes()
    }
}

/// The golden site with a PNG `first-program`, built into `<tmp>/public`.
fn build_only(work: &Path) -> PathBuf {
    let site = work.join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    fs::remove_dir_all(site.join("expected")).unwrap();
    fs::copy(site.join("issuers/harbour.png"), site.join("badges/first-program.png")).unwrap();
    let source = fs::read_to_string(site.join("badges/first-program.md")).unwrap();
    fs::write(site.join("badges/first-program.md"), source.replace("first-program.svg", "first-program.png")).unwrap();
    let public = work.join("public");
    rosette::build(&options(&site), &public, Some(&golden_key())).unwrap();
    public
}

#[test]
fn bake_images_hold_the_published_json_byte_for_byte() {
    let work = tempfile::tempdir().unwrap();
    let public = build(work.path());
    for (award, format) in AWARDS {
        let dir = public.join("awards").join(award);
        let image = fs::read(dir.join(format!("badge.{format}"))).unwrap();
        let baked = rosette::bake::extract(&image).unwrap();
        assert_eq!(baked.ob2.unwrap().as_bytes(), fs::read(dir.join("ob2.json")).unwrap(), "{award}");
        assert_eq!(baked.ob3.unwrap().as_bytes(), fs::read(dir.join("credential.json")).unwrap(), "{award}");
    }
    // The PNG's pixels are the badge image's, decoded by an independent decoder.
    let pixels = |bytes: Vec<u8>| {
        let mut reader = png::Decoder::new(Cursor::new(bytes)).read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buffer).unwrap();
        buffer
    };
    let badge = pixels(fs::read(public.join("badges/first-program/image.png")).unwrap());
    assert_eq!(pixels(fs::read(public.join("awards/h4x9k2m7qa/badge.png")).unwrap()), badge);
}

/// Reads every baked image with the reference unbaker, plus `pypng` (the PNG library the
/// bakery is built on: it checks every CRC) and `xml.dom.minidom` namespace-aware lookups for
/// the OB 3.0 data, which openbadges-bakery 1.2.4 does not know about.
const READER: &str = r#"
import json, sys
import png, openbadges_bakery
from importlib.metadata import version
from xml.dom import minidom

def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value

def cdata(element):
    return "".join(n.data for n in element.childNodes if n.nodeType in (n.TEXT_NODE, n.CDATA_SECTION_NODE))

out = {"version": version("openbadges-bakery")}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        entry = {"unbake": text(openbadges_bakery.unbake(f))}
    if path.endswith(".png"):
        for kind, data in png.Reader(filename=path).chunks():
            if kind == b"iTXt" and data.startswith(b"openbadgecredential\0\0\0\0\0"):
                entry["credential"] = data[len(b"openbadgecredential") + 5:].decode("utf-8")
    else:
        document = minidom.parse(path)
        [assertion] = document.getElementsByTagNameNS("http://openbadges.org", "assertion")
        [credential] = document.getElementsByTagNameNS("https://purl.imsglobal.org/ob/v3p0", "credential")
        entry["assertion_body"] = cdata(assertion)
        entry["credential"] = cdata(credential)
    out[path] = entry
print(json.dumps(out))
"#;

#[test]
fn bake_the_reference_unbaker_reads_rosette_images() {
    if !crate::tools::require(&[crate::tools::Tool::Python]) || !crate::tools::install("ob2", "the OB 2.0 validator") {
        return;
    }
    let interop: PathBuf =
        std::env::var_os("ROSETTE_INTEROP_DIR").map_or_else(|| repo().join("target/interop"), Into::into);
    let python = interop.join("ob2-venv/bin/python");

    let work = tempfile::tempdir().unwrap();
    let public = build(work.path());
    let images: Vec<String> = AWARDS
        .iter()
        .map(|(award, format)| public.join(format!("awards/{award}/badge.{format}")).to_string_lossy().into_owned())
        .collect();
    let run = Command::new(&python).arg("-c").arg(READER).args(&images).output().unwrap();
    assert!(run.status.success(), "the reader failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["version"], "1.2.4");
    for ((award, format), path) in AWARDS.iter().zip(&images) {
        let entry = &report[path.as_str()];
        let published = |name: &str| fs::read_to_string(public.join(format!("awards/{award}/{name}"))).unwrap();
        if *format == "png" {
            // PNG: the bakery returns the `openbadges` iTXt text, byte for byte.
            assert_eq!(entry["unbake"], published("ob2.json"), "{award}");
        } else {
            // SVG: the bakery 1.2.4 returns the `verify` attribute when there is one (the hosted
            // assertion URL, which a validator then fetches), not the CDATA body.
            assert_eq!(entry["unbake"], format!("{BASE}awards/{award}/ob2.json"), "{award}");
            assert_eq!(entry["assertion_body"], published("ob2.json"), "{award}");
        }
        assert_eq!(entry["credential"], published("credential.json"), "{award}");
    }
}

#[test]
fn bake_verify_and_unbake_work_on_the_images() {
    let work = tempfile::tempdir().unwrap();
    let public = build(work.path());
    let map = format!("{BASE}={}", public.display());
    let image = |award: &str, format: &str| public.join(format!("awards/{award}/badge.{format}"));
    for (award, format, valid, says) in [
        ("h4x9k2m7qa", "png", true, "VALID"),
        ("u7v8w9x0y1", "svg", true, "VALID"),
        ("r2d2c3po99", "svg", false, "REVOKED: status bit 3007 is set"),
        ("p8w3n5r1tz", "png", false, "expired on"),
    ] {
        let path = image(award, format);
        let verify = rosette(&["verify", path.to_str().unwrap(), "--map", &map]);
        let stdout = String::from_utf8_lossy(&verify.stdout);
        assert_eq!(verify.status.success(), valid, "{award}:\n{stdout}{}", String::from_utf8_lossy(&verify.stderr));
        assert!(stdout.starts_with("Open Badges 3.0 credential"), "{award}: {stdout}");
        assert!(stdout.contains(says), "{award}: {stdout}");
        assert!(stdout.contains("eddsa-rdfc-2022 proof verifies"), "{award}: {stdout}");
    }

    let png = image("h4x9k2m7qa", "png");
    let published = |name: &str| fs::read(public.join("awards/h4x9k2m7qa").join(name)).unwrap();
    let unbake = rosette(&["unbake", png.to_str().unwrap()]);
    assert!(unbake.status.success());
    assert_eq!(unbake.stdout, published("credential.json"));
    assert!(String::from_utf8_lossy(&unbake.stderr).contains("--ob2"));
    let ob2 = rosette(&["unbake", png.to_str().unwrap(), "--ob2"]);
    assert_eq!(ob2.stdout, published("ob2.json"));
    let json = rosette(&["unbake", public.join("awards/h4x9k2m7qa/ob2.json").to_str().unwrap()]);
    assert_eq!(json.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&json.stderr).contains("neither a PNG nor an SVG image"));
    let clash = rosette(&["unbake", png.to_str().unwrap(), "--ob2", "--ob3"]);
    assert_eq!(clash.status.code(), Some(2));

    // A site that does not sign bakes the OB 2.0 assertion alone; verify checks its hosted copy.
    let site = work.path().join("site");
    fs::remove_dir_all(site.join("keys")).unwrap();
    let unsigned = work.path().join("unsigned");
    rosette::build(&options(&site), &unsigned, None).unwrap();
    let map = format!("{BASE}={}", unsigned.display());
    let path = unsigned.join("awards/h4x9k2m7qa/badge.png");
    fs::write(&path, reference(&unsigned, "h4x9k2m7qa", "png")).unwrap();
    let verify = rosette(&["verify", path.to_str().unwrap(), "--map", &map]);
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{stdout}");
    assert!(stdout.starts_with("Open Badges 2.0 assertion") && stdout.contains("hosted at its id"), "{stdout}");
    let only = rosette(&["unbake", path.to_str().unwrap(), "--ob3"]);
    assert!(String::from_utf8_lossy(&only.stderr).contains("no Open Badges 3.0 credential"));
}

/// The award pages' script in headless Chromium: the download button of a PNG and an SVG
/// badge, signed and unsigned, downloads byte for byte what rosette's baker makes, which
/// `rosette verify` accepts; the wallet QR code drawn is the code of the credential's address.
#[test]
fn bake_in_the_browser_is_byte_identical_and_draws_the_qr_code() {
    use crate::tools::{Tool, install, require};
    if !(require(&[Tool::Node(20), Tool::Chromium]) && install("html", "the HTML quality tools")) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let public = build_only(work.path());
    let site = work.path().join("site");
    fs::remove_dir_all(site.join("keys")).unwrap();
    let unsigned = work.path().join("unsigned");
    rosette::build(&options(&site), &unsigned, None).unwrap();
    let map = format!("{BASE}={}", public.display());
    let downloads = work.path().join("downloads");
    fs::create_dir(&downloads).unwrap();

    for (public, awards) in
        [(&public, &["h4x9k2m7qa", "p8w3n5r1tz", "u7v8w9x0y1", "r2d2c3po99"][..]), (&unsigned, &["h4x9k2m7qa"][..])]
    {
        let run = Command::new("node")
            .arg(repo().join("tests/interop/html/bake.mjs"))
            .args(["--site", public.to_str().unwrap(), "--base-url", BASE, "--out", downloads.to_str().unwrap()])
            .args(awards)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "bake.mjs failed:\n{stderr}{}", String::from_utf8_lossy(&run.stdout));
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        for award in awards {
            let entry = &report[award];
            let Some((_, format)) = AWARDS.iter().find(|(id, _)| id == award) else { unreachable!() };
            let document = if public == &unsigned { "ob2.json" } else { "credential.json" };
            assert_eq!(entry["tools"]["live"], format!("{BASE}awards/{award}/{document}"), "{award}");
            if *award == "r2d2c3po99" {
                // Revoked: nothing to download or to keep in a wallet, to share or to print.
                assert_eq!((&entry["file"], &entry["qr"]), (&serde_json::Value::Null, &serde_json::Value::Null));
                assert_eq!(entry["tools"]["copy"], 0);
                assert_eq!(entry["tools"]["print"], false);
                continue;
            }
            // The parts awards/tools.html gives, with this award's values (Chromium's headless
            // page is a secure context on 127.0.0.1? not under its public https name: the copy
            // buttons show only where the Clipboard API is there).
            assert_eq!(entry["tools"]["print"], true, "{award}");
            let hash = fs::read_to_string(public.join(format!("awards/{award}/ob2.json"))).unwrap();
            let hash: serde_json::Value = serde_json::from_str(&hash).unwrap();
            let expected = match hash["recipient"]["type"].as_str() {
                Some("email") => hash["recipient"]["identity"].clone(),
                _ => serde_json::Value::Null,
            };
            assert_eq!(entry["tools"]["mine"], expected, "{award}");
            if *award == "h4x9k2m7qa" {
                let page = "https%3A%2F%2Fharbour-club.example%2Fbadges%2Fawards%2Fh4x9k2m7qa%2F";
                assert_eq!(
                    entry["tools"]["share"],
                    serde_json::json!({
                        "link": format!("{BASE}awards/h4x9k2m7qa/"),
                        "embed": format!("<a href=\"{BASE}awards/h4x9k2m7qa/\"><img src=\"{BASE}badges/first-program/image.png\" \
                                          alt=\"First Program, an Open Badge issued by Harbour Coding Club\" width=\"120\" height=\"120\"></a>"),
                        "links": [
                            format!("https://x.com/intent/post?url={page}"),
                            format!("https://www.facebook.com/sharer/sharer.php?u={page}"),
                            format!("mailto:?subject=First%20Program%2C%20an%20Open%20Badge%20from%20Harbour%20Coding%20Club&body={page}"),
                        ],
                    })
                );
            }
            let badge = if *format == "png" { "first-program" } else { "team-player" };
            assert_eq!(entry["file"], format!("{badge}-{award}.{format}"), "{award}");
            let downloaded = fs::read(downloads.join(format!("{award}.{format}"))).unwrap();
            assert!(downloaded == reference(public, award, format), "{award}: the browser baked other bytes");
            if public != &unsigned {
                let verify =
                    rosette(&["verify", downloads.join(format!("{award}.{format}")).to_str().unwrap(), "--map", &map]);
                let stdout = String::from_utf8_lossy(&verify.stdout);
                assert!(stdout.contains("eddsa-rdfc-2022 proof verifies"), "{award}: {stdout}");
                let url = format!("{BASE}awards/{award}/credential.json");
                let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).unwrap();
                let rows: Vec<String> = code
                    .to_colors()
                    .chunks(code.width())
                    .map(|row| row.iter().map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' }).collect())
                    .collect();
                assert_eq!(entry["qr"], serde_json::json!(rows), "{award}");
                assert_eq!(entry["label"], "QR code of the credential's address");
            } else {
                assert_eq!(entry["qr"], serde_json::Value::Null, "an unsigned site has no credential to scan");
            }
        }
    }
}

/// The share panel rosette.js makes from awards/tools.html, in headless Chromium, for a badge
/// whose name a pull request made hostile: percent-encoded in the e-mail link, escaped in the
/// embed snippet (HTML source to paste), plain text everywhere.
#[test]
fn bake_the_share_panel_keeps_a_hostile_badge_name_text() {
    use crate::tools::{Tool, install, require};
    if !(require(&[Tool::Node(20), Tool::Chromium]) && install("html", "the HTML quality tools")) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let badge = site.join("badges/first-program.md");
    let source = fs::read_to_string(&badge).unwrap();
    fs::write(
        &badge,
        source.replacen("name = \"First Program\"", r#"name = "Rock & \"Roll\" <b>+1</b> (it's ~!)""#, 1),
    )
    .unwrap();
    let public = work.path().join("public");
    rosette::build(&options(&site), &public, Some(&golden_key())).unwrap();
    let run = Command::new("node")
        .arg(repo().join("tests/interop/html/bake.mjs"))
        .args(["--site", public.to_str().unwrap(), "--base-url", BASE, "--out", work.path().to_str().unwrap()])
        .arg("h4x9k2m7qa")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "bake.mjs failed:\n{}{}",
        String::from_utf8_lossy(&run.stderr),
        String::from_utf8_lossy(&run.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let share = &report["h4x9k2m7qa"]["tools"]["share"];
    assert!(
        share["links"][2].as_str().unwrap().starts_with(
            "mailto:?subject=Rock%20%26%20%22Roll%22%20%3Cb%3E%2B1%3C%2Fb%3E%20%28it%27s%20%7E%21%29%2C%20an%20Open%20Badge%20from%20Harbour%20Coding%20Club&body="
        ),
        "{share}"
    );
    assert!(
        share["embed"].as_str().unwrap().contains(
            " alt=\"Rock &amp; &quot;Roll&quot; &lt;b&gt;+1&lt;/b&gt; (it&apos;s ~!), an Open Badge issued by Harbour Coding Club\""
        ),
        "{share}"
    );
}

//! No active content on the organisation's origin, and no crash or hang from one image: each
//! fixture `tests/fixtures/hostile_*` is a small site with one attack (an SVG badge image, a
//! file in `static/`, criteria Markdown). `check` and `build` must refuse it with exactly the
//! diagnostics of its `expected.txt`, quickly, and `build` must write nothing; or, for what
//! is allowed, build into a safe result.

use std::time::{Duration, Instant};

use crate::support::{assert_golden_text, fixture, options, render_diagnostics};
use rosette::Error;

/// What `check` and `build` may take on one small hostile site (a debug build included).
const QUICK: Duration = Duration::from_secs(20);

/// Checks and builds the fixture named `name`; both must refuse it with the diagnostics of
/// `expected.txt`, within [`QUICK`] each, and the build must write nothing.
fn refused(name: &str) {
    let site = fixture(name);
    let start = Instant::now();
    let checked = match rosette::check(&options(&site)) {
        Err(Error::Invalid(diagnostics)) => render_diagnostics(&diagnostics),
        Err(other) => panic!("{name}: expected diagnostics, got {other}"),
        Ok(_) => panic!("{name}: check passed"),
    };
    assert!(start.elapsed() < QUICK, "{name}: check took {:?}", start.elapsed());
    assert_golden_text(&site.join("expected.txt"), &checked);

    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let start = Instant::now();
    let built = match rosette::build(&options(&site), &public, None) {
        Err(Error::Invalid(diagnostics)) => render_diagnostics(&diagnostics),
        Err(other) => panic!("{name}: expected diagnostics, got {other}"),
        Ok(_) => panic!("{name}: build passed"),
    };
    assert!(start.elapsed() < QUICK, "{name}: build took {:?}", start.elapsed());
    assert_eq!(built, checked, "{name}: check and build disagree");
    assert!(!public.exists(), "{name}: a refused build wrote its output");
}

/// Builds the fixture `name` into a temporary folder; returns the folder.
fn built(name: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let report = rosette::check(&options(&fixture(name))).unwrap_or_else(|e| panic!("{name}: {}", e.report()));
    assert!(report.warnings.is_empty(), "{}", render_diagnostics(&report.warnings));
    rosette::build(&options(&fixture(name)), &out.path().join("public"), None)
        .unwrap_or_else(|e| panic!("{name}: {}", e.report()));
    out
}

#[test]
fn hostile_svg_import_uppercase() {
    refused("hostile_svg_import_uppercase");
}

#[test]
fn hostile_svg_url_uppercase() {
    refused("hostile_svg_url_uppercase");
}

#[test]
fn hostile_svg_css_escapes() {
    refused("hostile_svg_css_escapes");
}

#[test]
fn hostile_svg_style_second_text_node() {
    refused("hostile_svg_style_second_text_node");
}

#[test]
fn hostile_svg_xml_stylesheet() {
    refused("hostile_svg_xml_stylesheet");
}

#[test]
fn hostile_svg_doctype() {
    refused("hostile_svg_doctype");
}

#[test]
fn hostile_svg_non_ascii_attribute() {
    refused("hostile_svg_non_ascii_attribute");
}

#[test]
fn hostile_svg_deep_nesting() {
    refused("hostile_svg_deep_nesting");
}

#[test]
fn hostile_svg_turbulence() {
    refused("hostile_svg_turbulence");
}

#[test]
fn hostile_svg_use_explosion() {
    refused("hostile_svg_use_explosion");
}

#[test]
fn hostile_static_svg_script() {
    refused("hostile_static_svg_script");
}

#[test]
fn hostile_static_html_onload() {
    refused("hostile_static_html_onload");
}

/// `allow_scripts_in_static = true` in site.toml is the owner's decision: static files with
/// script are published as they are (badge images are still checked).
#[test]
fn hostile_static_scripts_allowed_by_owner() {
    let out = built("hostile_static_scripts_allowed_by_owner");
    let page = std::fs::read_to_string(out.path().join("public/static/app.html")).unwrap();
    assert!(page.contains("<script src=\"app.js\">"), "{page}");
    assert!(out.path().join("public/static/chart.svg").exists());
}

/// A tracking pixel in criteria becomes a link by default, and is shown when site.toml says
/// `remote_images = "allow"`.
#[test]
fn hostile_markdown_tracking_pixel() {
    let pixel = "https://tracker.example/pixel.gif?site=badges";
    let out = built("hostile_markdown_tracking_pixel");
    let page = std::fs::read_to_string(out.path().join("public/badges/badge/index.html")).unwrap();
    assert!(!page.contains(&format!("<img src=\"{pixel}\"")), "the pixel is shown");
    assert!(page.contains(&format!("<a href=\"{pixel}\" rel=\"noopener noreferrer nofollow\">")), "{page}");

    let allowing = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&fixture("hostile_markdown_tracking_pixel"), allowing.path());
    let site_toml = allowing.path().join("site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, format!("{text}remote_images = \"allow\"\n")).unwrap();
    let public = allowing.path().join("public");
    rosette::build(&options(allowing.path()), &public, None).unwrap();
    let page = std::fs::read_to_string(public.join("badges/badge/index.html")).unwrap();
    assert!(page.contains(&format!("<img src=\"{pixel}\"")), "{page}");

    std::fs::write(&site_toml, format!("{text}remote_images = \"sometimes\"\n")).unwrap();
    let Err(Error::Invalid(diagnostics)) = rosette::check(&options(allowing.path())) else { panic!("accepted") };
    let shown: Vec<String> =
        diagnostics.iter().map(|d| format!("{}: {}", d.message, d.help.clone().unwrap_or_default())).collect();
    assert_eq!(
        shown,
        [
            "`remote_images = \"sometimes\"` is not a choice: write \"block\" (images from other sites become links) or \"allow\""
        ]
    );
}

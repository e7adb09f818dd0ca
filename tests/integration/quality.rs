//! Quality gates for the HTML pages: every page of the built site-example passes the Nu HTML
//! Checker (npm `vnu-jar`, run on the system Java) with zero errors, and axe-core in headless
//! Chromium (Debian `chromium`, driven by `playwright-core`) with zero violations, in the
//! light and the dark colour scheme. The tools are installed by `tests/interop/html/setup.sh`
//! on first use (idempotent, stamped); the harness is `tests/interop/html/check.mjs`.
//! Screenshots of the home, an issuer, a badge and a valid, an expired and a revoked award
//! page, at 375 and 1280 px, light and dark, are left in `target/screenshots/` to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{now, repo};
use crate::tools::{Tool, install, require};

/// Whether the tools are there (Node.js 20, Java, Chromium, and the npm packages that
/// `setup.sh` installs); when not, the caller returns: skipped with one line, or failed in CI
/// (see `tools.rs`).
fn setup() -> bool {
    require(&[Tool::Node(20), Tool::Java, Tool::Chromium])
        && install("html", "the HTML quality tools (vnu-jar, axe-core, playwright-core)")
}

/// Runs check.mjs on `site`; returns its exit code, its JSON summary and its readable report.
fn check(site: &Path, shots: Option<&Path>) -> (Option<i32>, serde_json::Value, String) {
    let mut command = Command::new("node");
    command.arg(repo().join("tests/interop/html/check.mjs")).args(["--site", site.to_str().unwrap()]).args([
        "--now",
        &now().to_string(),
        "--json",
    ]);
    if let Some(shots) = shots {
        command.args(["--shots", shots.to_str().unwrap()]);
    }
    let run = command.output().unwrap();
    let report = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_ne!(run.status.code(), Some(2), "check.mjs could not run:\n{report}");
    let summary =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("check.mjs printed no JSON ({e}):\n{report}"));
    (run.status.code(), summary, report)
}

/// `target/screenshots` (or `$CARGO_TARGET_DIR/screenshots`), emptied.
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    let dir = target.join("screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every page of the built site-example: zero vnu errors, zero axe violations (light and dark),
/// no broken resource; the 24 screenshots are written.
#[test]
fn html_pages_pass_vnu_and_axe() {
    if !setup() {
        return;
    }
    let public = crate::support::example_output();
    let html_files = walkdir::WalkDir::new(public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        // The award pages' interactive parts: no page, checked inside each award page.
        .filter(|e| !e.path().ends_with("awards/tools.html"))
        .count();

    let shots = screenshot_dir();
    let (code, summary, report) = check(public, Some(&shots));
    eprintln!("{report}");
    let problems = summary["problems"]
        .as_array()
        .map(|p| p.iter().map(|p| format!("  {}\n", p.as_str().unwrap())).collect::<String>());
    assert!(
        code == Some(0) && summary["ok"] == true,
        "site-example's pages do not pass the HTML quality gates ({} vnu errors, {} axe violations):\n{}\n(full report above; screenshots in {})",
        summary["vnu_errors"],
        summary["axe_violations"],
        problems.unwrap_or_default(),
        shots.display()
    );
    // Every page was checked: home, 404, 2 issuers, 8 badges, 35 awards at least.
    assert_eq!(summary["pages"], html_files, "{report}");
    assert!(html_files >= 47, "site-example has {html_files} pages");
    assert_eq!(summary["vnu_errors"], 0);
    assert_eq!(summary["axe_violations"], 0);
    // 6 pages (home, issuer, badge, valid, expired and revoked award) x 2 widths x 2 schemes.
    let taken = summary["shots"].as_array().unwrap();
    assert_eq!(taken.len(), 24, "{}", summary["shots"]);
    for name in ["home", "issuer", "badge", "award-valid", "award-expired", "award-revoked"] {
        for width in ["375", "1280", "375-dark", "1280-dark"] {
            let file = shots.join(format!("{name}-{width}.png"));
            let len = std::fs::metadata(&file).map_or(0, |m| m.len());
            assert!(len > 10_000, "{} is missing or empty", file.display());
        }
    }
}

/// The gate can fail: the harness accepts a small correct site and rejects each known defect
/// of `tests/interop/html/fixtures/bad` (an <img> without alt, a duplicate id, text unreadable
/// only in dark mode, an image missing from the site) for the expected reason.
#[test]
fn html_checker_rejects_known_defects() {
    if !setup() {
        return;
    }
    let fixtures = repo().join("tests/interop/html/fixtures");

    let (code, summary, report) = check(&fixtures.join("good"), None);
    assert_eq!(code, Some(0), "the correct fixture site was rejected:\n{report}");
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["pages"], 3, "{report}");
    assert_eq!(summary["problems"], serde_json::json!([]));

    let (code, summary, report) = check(&fixtures.join("bad"), None);
    assert_eq!(code, Some(1), "the defective fixture site was accepted:\n{report}");
    assert_eq!(summary["ok"], false);
    let problems: Vec<&str> = summary["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let found = |prefix: &str, text: &str| problems.iter().any(|p| p.starts_with(prefix) && p.contains(text));
    assert!(found("vnu: index.html:", "element must have an “alt” attribute"), "{problems:#?}");
    assert!(found("vnu: index.html:", "Duplicate ID “top”"), "{problems:#?}");
    assert!(found("axe [light] index.html: image-alt", ""), "{problems:#?}");
    assert!(found("axe [dark] index.html: image-alt", ""), "{problems:#?}");
    assert!(found("axe [dark] dark.html: color-contrast", ""), "{problems:#?}");
    assert!(!found("axe [light] dark.html", ""), "light mode is readable on dark.html: {problems:#?}");
    assert!(found("resource: broken.html:", "missing.svg -> HTTP 404"), "{problems:#?}");
    assert_eq!((&summary["vnu_errors"], &summary["axe_violations"]), (&2.into(), &3.into()), "{problems:#?}");
    assert_eq!(problems.len(), 6, "{problems:#?}");
}

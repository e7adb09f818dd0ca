//! The browser verifier (theme `static/verify.js` + `static/verifier/`, the verification core
//! compiled to WebAssembly): built from this source, and in headless Chromium what a visitor
//! sees: a valid award verifies, an award revoked after its page was built turns red, an award
//! past `expires` on the visitor's clock turns amber, a tampered credential fails; and the
//! /verify/ page gives the verdict `rosette verify` gives, check for check.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{copy_tree, example_key, example_output_copy, options, repo, rosette};

const BASE: &str = "https://northfield-badges.github.io/badges/";

/// The committed WebAssembly is the build of the committed source: after a change to
/// crates/verify, crates/verify-wasm or Cargo.lock, scripts/build-verifier must run again.
#[test]
fn the_browser_verifier_is_built_from_this_source() {
    let recorded = fs::read_to_string(repo().join("theme/verifier.source")).unwrap();
    let run = Command::new("bash").arg(repo().join("scripts/verifier-source")).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        recorded.trim(),
        "the browser verifier (theme/static/verifier/) is older than its source: run scripts/build-verifier \
         and commit what it writes"
    );
}

/// What live.mjs reports for `targets` on the site in `public` (at the browser time `now`),
/// with the URLs under each `maps` prefix answered from its folder.
pub fn live(public: &Path, maps: &[(&str, &Path)], now: Option<&str>, targets: &[String]) -> Value {
    let mut options = Vec::new();
    for (prefix, folder) in maps {
        options.extend(["--map".to_string(), format!("{prefix}={}", folder.display())]);
    }
    if let Some(now) = now {
        options.extend(["--now".to_string(), now.to_string()]);
    }
    live_with(public, &options, targets)
}

/// What live.mjs reports for `targets` on the site in `public`, given more of its `options`.
fn live_with(public: &Path, options: &[String], targets: &[String]) -> Value {
    let mut command = Command::new("node");
    command.arg(repo().join("tests/interop/html/live.mjs"));
    command.args(["--site", public.to_str().unwrap(), "--base-url", BASE]);
    let run = command.args(options).args(targets).output().unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "live.mjs failed:\n{}{report}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_str(&report).unwrap()
}

/// The page's verdict on `what` (live.mjs's entry `page`) is the one `rosette verify` printed
/// (`cli`): the same checks with the same words in the same order, and the same conclusion.
pub fn assert_same_verdict(page: &Value, cli: &str, what: &str) {
    let from_cli: Vec<String> = cli
        .lines()
        .skip(2)
        .filter_map(|line| {
            let line = line.trim_start();
            let (mark, label) = [("ok   ", "✓ "), ("FAIL ", "✗ "), ("??   ", "? ")]
                .iter()
                .find_map(|(cli, page)| line.strip_prefix(cli).map(|rest| (*page, rest)))?;
            Some(format!("{mark}{label}"))
        })
        .collect();
    let from_page: Vec<String> =
        page["detail"].as_array().unwrap().iter().skip(1).map(|d| d.as_str().unwrap().to_string()).collect();
    assert_eq!(from_page, from_cli, "{what}: page {page:#} vs command line:\n{cli}");
    let verdict = cli.lines().last().unwrap_or_default();
    let tone = page["tone"].as_str().unwrap();
    let agrees = match tone {
        "valid" => verdict == "VALID",
        "invalid" | "expired" => verdict == "NOT VALID",
        _ => verdict.starts_with("COULD NOT CHECK"),
    };
    assert!(agrees, "{what}: the page says {tone}, the command line {verdict}");
}

/// Whether the browser tools are there (else the test says what is missing; a failure in CI).
pub fn has_tools() -> bool {
    use crate::tools::{Tool, install, require};
    require(&[Tool::Node(20), Tool::Chromium]) && install("html", "the HTML quality tools")
}

/// Award pages verify their own credential when they open, with fresh documents and the
/// visitor's clock: the page built before a revocation, an expiry or a forgery still says
/// what is true now.
#[test]
fn award_pages_verify_themselves_in_the_browser() {
    if !has_tools() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&repo().join("site-example"), &site);
    let public = work.path().join("public");
    rosette::build(&options(&site), &public, Some(&example_key())).unwrap();

    // After the build: 4y0dwxo65u is revoked (only the status list is published again) and
    // the credential of 580n7rksss is tampered with (one letter of its narrative).
    let award = site.join("awards/open-source-contributor/4y0dwxo65u.toml");
    let mut text = fs::read_to_string(&award).unwrap();
    text.push_str("\n[revoked]\ndate = 2026-11-01T10:00:00Z\nreason = \"Awarded to the wrong student.\"\n");
    fs::write(&award, text).unwrap();
    let later = work.path().join("later");
    rosette::build(&options(&site), &later, Some(&example_key())).unwrap();
    let status = "issuers/cs-dept/status.json";
    assert_ne!(fs::read(public.join(status)).unwrap(), fs::read(later.join(status)).unwrap());
    fs::copy(later.join(status), public.join(status)).unwrap();
    let credential = public.join("awards/580n7rksss/credential.json");
    let original = fs::read_to_string(&credential).unwrap();
    let tampered = original.replacen("\"narrative\":\"", "\"narrative\":\"X", 1);
    assert_ne!(tampered, original, "the credential has a narrative to tamper with");
    fs::write(&credential, tampered).unwrap();

    let targets: Vec<String> =
        ["gdsf3q5n51", "4y0dwxo65u", "580n7rksss", "tqphr1th32"].iter().map(|id| format!("award:{id}")).collect();
    let report = live(&public, &[], None, &targets);
    let tone = |id: &str| report[format!("award:{id}")]["tone"].as_str().unwrap_or_default().to_string();
    let lines = |id: &str| report[format!("award:{id}")]["lines"].to_string();
    assert_eq!(tone("gdsf3q5n51"), "valid", "{report:#}");
    assert_eq!(
        report["award:gdsf3q5n51"]["headline"], "Verified just now: genuine, unchanged and valid today.",
        "{report:#}"
    );
    assert_eq!(tone("4y0dwxo65u"), "invalid", "revoked after the page was built: {report:#}");
    assert_eq!(report["award:4y0dwxo65u"]["headline"], "Revoked: the issuer has withdrawn this badge.");
    assert!(lines("4y0dwxo65u").contains("failed Revoked, or the revocation list does not check out."), "{report:#}");
    assert!(lines("4y0dwxo65u").contains("passed The issuer's signature matches"), "{report:#}");
    assert_eq!(tone("580n7rksss"), "invalid", "tampered: {report:#}");
    assert!(lines("580n7rksss").contains("failed The signature does not match"), "{report:#}");
    assert_eq!(tone("tqphr1th32"), "invalid", "revoked at build time: {report:#}");

    // The visitor's clock after 2029-06-12, when gdsf3q5n51 expires: amber, not red.
    let report = live(&public, &[], Some("2030-01-01T00:00:00Z"), &["award:gdsf3q5n51".to_string()]);
    assert_eq!(report["award:gdsf3q5n51"]["tone"], "expired", "{report:#}");
    assert_eq!(report["award:gdsf3q5n51"]["headline"], "Genuine, but expired: its validity date has passed.");
    let detail = report["award:gdsf3q5n51"]["detail"].to_string();
    assert!(detail.contains("✗ expired on 2029-06-12T09:00:00Z"), "{report:#}");
}

/// The /verify/ page and `rosette verify` give the same verdict, check for check, on the files
/// of site-example: credentials of a valid, a revoked and an expired award, an OB 2.0
/// assertion, baked PNG and SVG images, and a tampered credential.
#[test]
fn the_verify_page_and_the_command_line_agree() {
    if !has_tools() {
        return;
    }
    let (work, public) = example_output_copy();
    let files = work.path().join("files");
    fs::create_dir(&files).unwrap();
    let mut corpus = Vec::new();
    for (id, name) in [("580n7rksss", "valid"), ("tqphr1th32", "revoked"), ("5mfvkypcyf", "expired")] {
        let path = files.join(format!("{name}.json"));
        fs::copy(public.join(format!("awards/{id}/credential.json")), &path).unwrap();
        corpus.push(path);
    }
    // The lecturer's endorsement of an award (a did:key endorser: it verifies offline).
    let endorsement = files.join("endorsement.json");
    fs::copy(public.join("endorsements/haddad-algorithms-ta.json"), &endorsement).unwrap();
    corpus.push(endorsement);
    let ob2 = files.join("assertion.json");
    fs::copy(public.join("awards/580n7rksss/ob2.json"), &ob2).unwrap();
    corpus.push(ob2);
    let tampered = files.join("tampered.json");
    let text = fs::read_to_string(public.join("awards/gdsf3q5n51/credential.json")).unwrap();
    fs::write(&tampered, text.replacen("\"name\":\"", "\"name\":\"Dr ", 1)).unwrap();
    corpus.push(tampered);
    // Baked as the award pages' download button bakes (byte for byte, tests/integration/bake.rs).
    for (id, badge) in [("580n7rksss", "algorithms-ta/image.png"), ("gdsf3q5n51", "secure-coding/image.svg")] {
        let dir = public.join("awards").join(id);
        let ob2 = fs::read_to_string(dir.join("ob2.json")).unwrap();
        let ob3 = fs::read_to_string(dir.join("credential.json")).unwrap();
        let image = fs::read(public.join("badges").join(badge)).unwrap();
        let (bytes, extension) = if badge.ends_with(".png") {
            let chunks = [(rosette::bake::OB2_KEYWORD, ob2.as_str()), (rosette::bake::OB3_KEYWORD, ob3.as_str())];
            (rosette::bake::png(&image, &chunks).unwrap(), "png")
        } else {
            let verify = format!("{BASE}awards/{id}/ob2.json");
            let text = String::from_utf8(image).unwrap();
            (rosette::bake::svg(&text, Some((&verify, &ob2)), Some(&ob3)).unwrap().into_bytes(), "svg")
        };
        let path = files.join(format!("baked-{id}.{extension}"));
        fs::write(&path, bytes).unwrap();
        corpus.push(path);
    }
    assert_eq!(corpus.len(), 8, "{corpus:?}");

    let mut targets: Vec<String> = corpus.iter().map(|path| format!("file:{}", path.display())).collect();
    // An endorsement block's "Verify it" link: the verify page checks what its ?url= names.
    let link = format!("verify/?url={BASE}endorsements/haddad-algorithms-ta.json");
    let award_page = fs::read_to_string(public.join("awards/580n7rksss/index.html")).unwrap();
    assert!(award_page.contains(&format!("<a href=\"/badges/{link}\">Verify it</a>")), "{award_page}");
    targets.push(format!("page:{link}"));
    let report = live(&public, &[], None, &targets);
    let map = format!("{BASE}={}", public.display());
    for path in &corpus {
        let run = rosette(&["verify", path.to_str().unwrap(), "--offline", "--map", &map]);
        let stdout = String::from_utf8_lossy(&run.stdout).to_string();
        assert_same_verdict(&report[format!("file:{}", path.display())], &stdout, &path.display().to_string());
    }
    let tone = |name: &str| report[format!("file:{}", files.join(name).display())]["tone"].clone();
    assert_eq!(tone("valid.json"), "valid");
    assert_eq!(tone("revoked.json"), "invalid");
    assert_eq!(tone("expired.json"), "expired");
    assert_eq!(tone("assertion.json"), "valid");
    assert_eq!(tone("tampered.json"), "invalid");
    assert_eq!(tone("endorsement.json"), "valid");
    let linked = &report[format!("page:{link}")];
    assert_eq!(linked["tone"], "valid", "{linked:#}");
    assert!(linked["detail"][0].as_str().unwrap().starts_with("Open Badges 3.0 endorsement: "), "{linked:#}");
}

/// Another issuer's host that does not share its documents (no Access-Control-Allow-Origin):
/// the /verify/ page says so in plain words and points to `rosette verify`, instead of the
/// browser's "Failed to fetch"; the same file from a host that shares it gets a real verdict,
/// and a host that does not answer is told apart from one that refuses. axe finds nothing on
/// these verdicts, in the light and the dark scheme.
#[test]
fn the_verify_page_says_when_a_host_does_not_share_the_document() {
    if !has_tools() {
        return;
    }
    let (work, public) = example_output_copy();
    let foreign = work.path().join("foreign");
    fs::create_dir(&foreign).unwrap();
    fs::copy(public.join("awards/580n7rksss/credential.json"), foreign.join("badge.json")).unwrap();

    let targets: Vec<String> = [
        "page:verify/?url={foreign}badge.json",
        "url:{foreign}badge.json",
        "page:verify/?url={foreign-cors}badge.json",
        "url:{foreign-cors}badge.json",
        "page:verify/?url={closed}badge.json",
    ]
    .iter()
    .map(|target| target.to_string())
    .collect();
    let options = ["--foreign".to_string(), foreign.display().to_string(), "--axe".to_string()];
    let report = live_with(&public, &options, &targets);
    let dark = live_with(&public, &[&options[..], &["--dark".to_string()]].concat(), &targets[..1]);
    for (target, entry) in report.as_object().unwrap().iter().chain(dark.as_object().unwrap()) {
        assert_eq!(entry["axe"], serde_json::json!([]), "{target}: {entry:#}");
    }
    let cors = "the site that holds it does not share it with other websites (it sends no CORS header), so this \
                page cannot read it; verify it with `rosette verify` instead";
    for target in ["page:verify/?url={foreign}badge.json", "url:{foreign}badge.json"] {
        let entry = &report[target];
        assert_eq!(entry["tone"], "unknown", "{target}: {entry:#}");
        assert_eq!(entry["headline"], "This cannot be verified.", "{target}: {entry:#}");
        // The command is shown as code: its backquotes are not in the text.
        let line = "unchecked The site that holds it does not share it with other websites (it sends no CORS \
                    header), so this page cannot read it; verify it with rosette verify instead.";
        assert_eq!(entry["lines"], serde_json::json!([line]), "{target}: {entry:#}");
        let detail = entry["detail"][0].as_str().unwrap();
        assert!(
            detail.starts_with("http://127.0.0.1:") && detail.ends_with(&format!("/badge.json: {cors}")),
            "{detail}"
        );
        assert!(!entry.to_string().contains("Failed to fetch"), "{entry:#}");
    }
    for target in ["page:verify/?url={foreign-cors}badge.json", "url:{foreign-cors}badge.json"] {
        let entry = &report[target];
        assert_eq!(entry["tone"], "valid", "{target}: {entry:#}");
        assert_eq!(entry["headline"], "Verified just now: genuine, unchanged and valid today.", "{entry:#}");
    }
    let offline = &report["page:verify/?url={closed}badge.json"];
    assert_eq!(offline["tone"], "unknown", "{offline:#}");
    assert_eq!(
        offline["lines"],
        serde_json::json!([
            "unchecked The site that holds it did not answer: it may be offline, or the address may be wrong."
        ]),
        "{offline:#}"
    );
}

#[test]
fn without_its_texts_the_browser_verifier_says_nothing_false() {
    if !has_tools() {
        return;
    }
    let (_work, public) = example_output_copy();
    // A partial deploy: the texts are there but say nothing (a missing file reads the same).
    fs::write(public.join("verify/strings.json"), "{}").unwrap();
    let targets = ["look:awards/580n7rksss/".to_string(), "look:verify/".to_string()];
    let report = live_with(&public, &["--axe".to_string()], &targets);
    let (award, page) = (&report[&targets[0]], &report[&targets[1]]);
    // The award page keeps its build-time banner only: no empty verdict box.
    assert_eq!(award["live_shown"], false, "{award:#}");
    assert_eq!(award["tone"], Value::Null, "{award:#}");
    assert_eq!(award["unavailable"], Value::Null, "{award:#}");
    assert_eq!(
        page["unavailable"],
        "The verifier could not start here: its texts did not load. Use the command line instead: rosette verify \
         <file or URL>.",
        "{page:#}"
    );
    for entry in [award, page] {
        assert_eq!(entry["axe"], serde_json::json!([]), "{entry:#}");
        assert_eq!(entry["errors"], serde_json::json!([]), "{entry:#}");
    }
}

//! Interop: the official 1EdTech Open Badges 2.0 validator (PyPI `openbadges` 1.1.2) judges
//! every award of the built site-example. The validator runs in a private venv that
//! `tests/interop/ob2/setup.sh` creates on first use (idempotent, stamped); the harness
//! `tests/interop/ob2/validate.py` answers every URL from the built folder, refuses the
//! network, and adds the checks the validator is blind to (revoked stubs, 404s, ids).
//! Without Python 3.9–3.11 or Node.js (or when their install fails) a test is skipped with one
//! line saying so, or fails in CI: see `tools.rs`.

use std::process::Command;

use crate::support::{now, repo};
use crate::tools::{Tool, install, require};

#[test]
fn ob2_validator_accepts_site_example() {
    if !require(&[Tool::Python]) || !install("ob2", "the OB 2.0 validator") {
        return;
    }
    let interop_dir = std::env::var_os("ROSETTE_INTEROP_DIR").map_or_else(|| repo().join("target/interop"), Into::into);
    let python = interop_dir.join("ob2-venv/bin/python");

    // The checks tamper with files at the end: a private copy of the shared build.
    let (_work, public) = crate::support::example_output_copy();

    let validate = || {
        Command::new(&python)
            .arg(repo().join("tests/interop/ob2/validate.py"))
            .args(["--site", public.to_str().unwrap()])
            .args(["--base-url", "https://northfield-badges.github.io/badges/"])
            .args(["--recipients", repo().join("tests/interop/recipients.toml").to_str().unwrap()])
            .args(["--now", &now().to_string(), "--json"])
            .output()
            .unwrap()
    };
    let run = validate();
    let report = String::from_utf8_lossy(&run.stderr);
    eprintln!("{report}");
    assert!(run.status.success(), "the OB 2.0 validator did not accept site-example:\n{report}");
    let result: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let summary = &result["summary"];
    assert_eq!(result["ok"], true);
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(summary["network_attempts"], 0, "{summary}");
    // site-example: 35 awards, of which 4 expired and 3 revoked as of the fixed build time.
    assert_eq!(summary["awards"], 35, "{summary}");
    assert_eq!(summary["valid"], 28, "{summary}");
    assert_eq!(summary["expired"], 4, "{summary}");
    assert_eq!(summary["revoked"], 3, "{summary}");
    assert_eq!(summary["recipients_confirmed"], summary["recipients_checked"], "{summary}");
    assert!(summary["recipients_confirmed"].as_u64().unwrap() >= 25, "{summary}");
    assert!(summary["wrong_recipient_award"].is_string(), "the wrong-address check did not run: {summary}");

    // The same check must fail on a tampered copy: one recipient hash changed by one digit.
    let tampered = public.join("awards/3wcvglf0wv/ob2.json");
    let text = std::fs::read_to_string(&tampered).unwrap();
    let changed = text.replacen("sha256$6", "sha256$7", 1);
    assert_ne!(text, changed, "the tamper target changed; pick another award");
    std::fs::write(&tampered, changed).unwrap();
    let run = validate();
    assert!(!run.status.success(), "the validator accepted a tampered recipient hash");
    let result: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(result["summary"]["failed"], 1, "{}", result["summary"]);
}

/// The Digital Bazaar VC stack from npm (`@digitalbazaar/vc` + `data-integrity` +
/// `eddsa-rdfc-2022-cryptosuite` + `did-method-web`, strict offline document loader) verifies
/// every credential and status list of the built site-example, resolving did:web from the
/// built folder, and rejects tampering. The harness is `tests/interop/ob3/verify.mjs`.
#[test]
fn ob3_digital_bazaar_verifies_site_example() {
    if !require(&[Tool::Node(18)]) || !install("ob3", "the Digital Bazaar verifier") {
        return;
    }
    // The checks tamper with files at the end: a private copy of the shared build.
    let (_work, public) = crate::support::example_output_copy();
    let verify = || {
        Command::new("node")
            .arg(repo().join("tests/interop/ob3/verify.mjs"))
            .args(["--site", public.to_str().unwrap()])
            .args(["--base-url", "https://northfield-badges.github.io/badges/"])
            .args(["--now", &now().to_string(), "--json"])
            .output()
            .unwrap()
    };
    let run = verify();
    let report = String::from_utf8_lossy(&run.stderr);
    eprintln!("{report}");
    assert!(run.status.success(), "the Digital Bazaar verifier did not accept site-example:\n{report}");
    let result: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(result["ok"], true);
    assert_eq!(result["refused_urls"], serde_json::json!([]));
    assert_eq!(result["credentials"], 35);
    assert_eq!(result["verified"], 35);
    assert_eq!((&result["valid"], &result["expired"], &result["revoked"]), (&28.into(), &4.into(), &3.into()));
    assert_eq!(result["status_lists_verified"], 2);
    assert_eq!(result["tamper_rejected"], true);

    // A credential edited on disk after signing must be refused.
    let credential = public.join("awards/3wcvglf0wv/credential.json");
    let text = std::fs::read_to_string(&credential).unwrap();
    let tampered = text.replacen("\"name\":\"Rust Fundamentals\"", "\"name\":\"Rust Fundamentalz\"", 1);
    assert_ne!(tampered, text, "the credential has no name to tamper with");
    std::fs::write(&credential, tampered).unwrap();
    let run = verify();
    assert!(!run.status.success(), "the verifier accepted a tampered credential");
    let result: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(result["problems"].to_string().contains("Invalid signature"), "{}", result["problems"]);
}

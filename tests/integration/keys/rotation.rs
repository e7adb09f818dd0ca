//! A legitimate rotation end to end: `rosette keygen --rotate` signs the new key with the
//! current one, `check --base` lets it through, the build signs with the new secret, and
//! credentials signed before the rotation keep verifying, with `rosette verify` and with the
//! Digital Bazaar verifier, which refuses a credential forged with a key the site never had.

use std::fs;
use std::path::Path;
use std::process::Command;

use rosette::proof::SigningKey;
use serde_json::Value;

use super::{AWARD, BASE, forge, verify};
use crate::guard::Repo;
use crate::support::{copy_tree, golden_key, now, options, repo};

/// The Digital Bazaar verifier on the built site `public` (see `interop.rs`): its JSON summary.
fn digital_bazaar(public: &Path) -> (bool, Value) {
    let run = Command::new("node")
        .arg(repo().join("tests/interop/ob3/verify.mjs"))
        .args(["--site", public.to_str().unwrap(), "--base-url", BASE, "--now", &now().to_string(), "--json"])
        .output()
        .unwrap();
    (run.status.success(), serde_json::from_slice(&run.stdout).unwrap())
}

#[test]
fn keys_rotated_with_keygen_pass_the_guard_and_old_credentials_keep_verifying() {
    let work = tempfile::tempdir().unwrap();
    let repo = Repo::new("badges");
    let before = work.path().join("before");
    rosette::build(&options(&repo.site), &before, Some(&golden_key())).unwrap();

    let old_secret = crate::support::repo().join("tests/keys/build-golden.pem");
    let new_secret = work.path().join("new.pem");
    let rotate = repo.rosette(&[
        "keygen",
        "--site",
        "badges",
        "--rotate",
        "--key-file",
        old_secret.to_str().unwrap(),
        "--secret-file",
        new_secret.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&rotate.stderr);
    assert!(rotate.status.success(), "{said}");
    assert!(said.contains("signed by key `harbour-2026`"), "{said}");
    let written = fs::read_to_string(repo.file("keys/key-2026-11-27.toml")).unwrap();
    assert!(written.contains("signed_by = \"harbour-2026\"\nsignature = \"z"), "{written}");
    assert_eq!(repo.check(), "", "check --base refused a rotation");

    let new_key = SigningKey::parse(&fs::read_to_string(&new_secret).unwrap()).unwrap();
    let after = work.path().join("after");
    rosette::build(&options(&repo.site), &after, Some(&new_key)).unwrap();
    let credential = |public: &Path| -> Value {
        serde_json::from_slice(&fs::read(public.join(format!("awards/{AWARD}/credential.json"))).unwrap()).unwrap()
    };
    let method = |c: &Value| c["proof"]["verificationMethod"].as_str().unwrap().to_string();
    assert!(method(&credential(&after)).ends_with("#key-2026-11-27"), "{}", method(&credential(&after)));

    // The credential a recipient received before the rotation, against the new site.
    let old = credential(&before);
    assert!(method(&old).ends_with("#harbour-2026"));
    let (valid, says) = verify(&old, &after, work.path());
    assert!(
        valid && says.contains("proof verifies with did:web:harbour-club.example:badges:issuers:harbour#harbour-2026"),
        "{says}"
    );

    // The third-party half needs Node.js: without it (outside CI) the test stops here, saying so.
    if !crate::tools::require(&[crate::tools::Tool::Node(18)])
        || !crate::tools::install("ob3", "the Digital Bazaar verifier")
    {
        return;
    }
    let (ok, summary) = digital_bazaar(&after);
    assert!(ok, "{summary}");
    assert!(summary["verified"].as_u64().unwrap() >= 1 && summary["verified"] == summary["credentials"], "{summary}");
    // The same site serving the old credential, then a forgery with a key it never had.
    let copy = work.path().join("copy");
    copy_tree(&after, &copy);
    let served = copy.join(format!("awards/{AWARD}/credential.json"));
    fs::write(&served, serde_json::to_vec_pretty(&old).unwrap()).unwrap();
    let (ok, summary) = digital_bazaar(&copy);
    assert!(ok, "the old credential no longer verifies: {summary}");
    let evil = SigningKey::generate().unwrap();
    fs::write(&served, serde_json::to_vec_pretty(&forge(&after, &evil, "key-2026-11-27")).unwrap()).unwrap();
    let (ok, summary) = digital_bazaar(&copy);
    assert!(!ok, "the Digital Bazaar verifier accepted a forgery: {summary}");
    let problems = summary["problems"].to_string();
    assert!(problems.contains(AWARD) && problems.contains("Invalid signature"), "{problems}");
}

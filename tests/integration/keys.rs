//! Who may add a signing key. The attack end to end: a pull request adds `keys/evil.toml`
//! with the contributor's own key; `check --base` refuses it, the build refuses it once it is
//! merged anyway, and a credential the contributor signs offline with it does not verify. The
//! guard's other key rules (deleting, renaming, altering, un-revoking) are here too; the
//! build's chain rules are in `keys/chain.rs`, a legitimate rotation end to end in
//! `keys/rotation.rs`. Expected diagnostics are in `tests/fixtures/<test name>/expected.txt`
//! (re-bless with `ROSETTE_BLESS=1`).

mod chain;
mod rotation;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use rosette::Error;
use rosette::proof::{Canonicalizer, KeyLink, ProofOptions, SigningKey};
use serde_json::Value;

use crate::guard::{Repo, commit_all};
use crate::support::{assert_golden_text, fixture, golden_key, options};

/// The golden site's base URL.
pub const BASE: &str = "https://harbour-club.example/badges/";
/// The award whose credential is forged.
pub const AWARD: &str = "h4x9k2m7qa";

/// A key file, linked to `signer` (id, secret) when given, as `rosette keygen` writes it.
pub fn key_file(id: &str, key: &SigningKey, created: &str, signer: Option<(&str, &SigningKey)>) -> String {
    let public = key.public_key();
    let mut text = format!("public_key = \"{}\"\ncreated = {created}\n", public.to_multibase());
    if let Some((by, secret)) = signer {
        let created = format!("{created}T00:00:00Z").parse().unwrap();
        let link = KeyLink { id, public_key: &public, created, signed_by: by };
        text.push_str(&format!("signed_by = \"{by}\"\nsignature = \"{}\"\n", link.sign(secret)));
    }
    text
}

/// `rosette` run with the fixed clock.
pub fn rosette(args: &[&str]) -> Output {
    let mut command = crate::support::rosette_command();
    command.args(args).env("SOURCE_DATE_EPOCH", "1795737600").env_remove("ROSETTE_SIGNING_KEY");
    command.output().unwrap()
}

/// Diagnostics as printed, with `dir` left out of their paths.
pub fn shown(diagnostics: &[rosette::Diagnostic], dir: &Path) -> String {
    let text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
    text.replace(&format!("{}/", dir.display()), "")
}

/// The credential of [`AWARD`] in `public`, re-signed with `key` as `#<key_id>` of its issuer.
pub fn forge(public: &Path, key: &SigningKey, key_id: &str) -> Value {
    let path = public.join(format!("awards/{AWARD}/credential.json"));
    let mut credential: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    let proof = credential.as_object_mut().unwrap().remove("proof").unwrap();
    let method = proof["verificationMethod"].as_str().unwrap();
    let method = format!("{}#{key_id}", method.split('#').next().unwrap());
    let options = ProofOptions { created: proof["created"].as_str().unwrap(), verification_method: &method };
    let proof = rosette::proof::sign(&Canonicalizer::new(), &credential, &options, key).unwrap();
    credential["proof"] = serde_json::to_value(proof).unwrap();
    credential
}

/// `rosette verify --offline` of `credential` against the site built in `public`: (valid, stdout).
pub fn verify(credential: &Value, public: &Path, work: &Path) -> (bool, String) {
    let file = work.join("credential.json");
    fs::write(&file, serde_json::to_vec_pretty(credential).unwrap()).unwrap();
    let map = format!("{BASE}={}", public.display());
    let run = rosette(&["verify", "--offline", file.to_str().unwrap(), "--map", &map]);
    (run.status.success(), String::from_utf8_lossy(&run.stdout).into_owned())
}

#[test]
fn keys_added_by_a_pull_request_are_refused_by_the_guard_and_the_build() {
    let work = tempfile::tempdir().unwrap();
    let repo = Repo::new("badges");
    let published = work.path().join("published");
    rosette::build(&options(&repo.site), &published, Some(&golden_key())).unwrap();

    // The pull request: a key of the contributor's own.
    let evil = SigningKey::generate().unwrap();
    repo.write("keys/evil.toml", &key_file("evil", &evil, "2026-11-01", None));
    let refused = repo.check();
    let public_key = evil.public_key().to_multibase();
    let expected = fixture("keys_added_by_a_pull_request_are_refused_by_the_guard_and_the_build");
    assert_golden_text(&expected.join("check.txt"), &refused.replace(&public_key, "z6Mk…"));

    // Merged without the check: the build refuses the key.
    commit_all(repo.dir.path());
    let merged = work.path().join("merged");
    let Err(Error::Invalid(diagnostics)) = rosette::build(&options(&repo.site), &merged, Some(&golden_key())) else {
        panic!("the build published a key nobody vouched for");
    };
    assert_golden_text(&expected.join("build.txt"), &shown(&diagnostics, repo.dir.path()));
    assert!(!merged.exists());

    // Credentials the contributor signs offline do not verify against the published site,
    // whichever key they claim; the same forgery with the organisation's key does (so the
    // refusals come from the key, not from a broken forgery).
    let (valid, says) = verify(&forge(&published, &evil, "evil"), &published, work.path());
    assert!(!valid && says.contains("does not list the key did:web:harbour-club.example:badges:issuers:"), "{says}");
    let (valid, says) = verify(&forge(&published, &evil, "harbour-2026"), &published, work.path());
    assert!(!valid && says.contains("FAIL the proof does not verify: the signature is invalid"), "{says}");
    let (valid, says) = verify(&forge(&published, &golden_key(), "harbour-2026"), &published, work.path());
    assert!(valid, "{says}");
}

#[test]
fn keys_deleted_renamed_altered_or_unrevoked_are_refused_by_the_guard() {
    let expected = fixture("keys_deleted_renamed_altered_or_unrevoked_are_refused_by_the_guard");
    let key = "keys/harbour-2026.toml";
    let repo = Repo::new("badges");
    fs::remove_file(repo.file(key)).unwrap();
    assert_golden_text(&expected.join("deleted.txt"), &repo.compare());
    repo.git(&["checkout", "--", "."]);
    fs::rename(repo.file(key), repo.file("keys/harbour.toml")).unwrap();
    assert_golden_text(&expected.join("renamed.txt"), &repo.compare());
    fs::rename(repo.file("keys/harbour.toml"), repo.file(key)).unwrap();
    let other = SigningKey::generate().unwrap().public_key().to_multibase();
    repo.edit(key, "created = 2026-01-01", "created = 2025-01-01");
    repo.edit(key, "public_key = \"z6Mkn8ku", &format!("public_key = \"{other}\" # was z6Mkn8ku"));
    repo.edit(key, "# Keep this", "signed_by = \"harbour-2026\"\n# Keep this");
    assert_golden_text(&expected.join("altered.txt"), &repo.compare());
    repo.git(&["checkout", "--", "."]);

    // Revoking is allowed; then the revocation is final.
    repo.write(key, &format!("{}revoked = 2026-11-20\n", fs::read_to_string(repo.file(key)).unwrap()));
    assert_eq!(repo.compare(), "");
    commit_all(repo.dir.path());
    repo.edit(key, "revoked = 2026-11-20", "revoked = 2026-12-20");
    repo.edit(key, "# Public", "# revoked = 2026-11-20\n# Public");
    let mut moved = repo.compare();
    repo.edit(key, "revoked = 2026-12-20\n", "");
    moved.push_str(&repo.compare());
    assert_golden_text(&expected.join("unrevoked.txt"), &moved);
}

#[test]
fn keygen_makes_the_root_key_then_only_rotations_and_never_half_a_key() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    crate::support::copy_tree(&fixture("build_golden_site"), &site);
    fs::remove_dir_all(site.join("expected")).unwrap();
    let dir = site.to_str().unwrap();

    // A second key without --rotate would be refused by the build: keygen refuses it first.
    let plain = rosette(&["keygen", "--site", dir, "--print-secret", "--id", "second"]);
    let rotate_bad = rosette(&["keygen", "--site", dir, "--print-secret", "--rotate"]);
    let stranger = work.path().join("stranger.pem");
    fs::write(&stranger, SigningKey::generate().unwrap().to_pkcs8_pem().as_bytes()).unwrap();
    let wrong =
        rosette(&["keygen", "--site", dir, "--print-secret", "--rotate", "--key-file", stranger.to_str().unwrap()]);
    let said: String = [&plain, &rotate_bad, &wrong]
        .iter()
        .map(|run| {
            assert_eq!(run.status.code(), Some(1));
            assert!(run.stdout.is_empty());
            String::from_utf8_lossy(&run.stderr).into_owned()
        })
        .collect();
    let public = SigningKey::parse(&fs::read_to_string(&stranger).unwrap()).unwrap().public_key().to_multibase();
    let expected = fixture("keygen_makes_the_root_key_then_only_rotations_and_never_half_a_key");
    assert_golden_text(&expected.join("refused.txt"), &said.replace(&public, "z6Mk…"));
    assert_eq!(fs::read_dir(site.join("keys")).unwrap().count(), 1);

    // `keygen --print-secret` into a closed pipe: the secret could not be delivered, so no
    // public key is written (a key nobody holds the secret of).
    fs::remove_dir_all(site.join("keys")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["keygen", "--site", dir, "--print-secret", "--id", "ci"])
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before anything is written
    let closed = child.wait_with_output().unwrap();
    assert_eq!(closed.status.code(), Some(1), "{}", String::from_utf8_lossy(&closed.stderr));
    assert_golden_text(&expected.join("closed-pipe.txt"), &String::from_utf8_lossy(&closed.stderr));
    assert!(!site.join("keys/ci.toml").exists());
    // With a reader, the same command makes the site's root key.
    let root = rosette(&["keygen", "--site", dir, "--print-secret", "--id", "ci"]);
    assert!(root.status.success(), "{}", String::from_utf8_lossy(&root.stderr));
    assert!(String::from_utf8_lossy(&root.stdout).starts_with("-----BEGIN PRIVATE KEY-----"));
    let written = fs::read_to_string(site.join("keys/ci.toml")).unwrap();
    assert!(!written.contains("signed_by") && written.contains("created = 2026-11-27"), "{written}");
}

#[test]
fn keys_linked_to_no_key_of_the_base_are_refused_by_the_guard() {
    let repo = Repo::new("badges");
    let [rotated, chained, evil] = std::array::from_fn(|_| SigningKey::generate().unwrap());
    // A rotation signed by a key of main passes; a key it signs in the same pull request does
    // not (main does not know its signer), nor does a link made without the secret of main's key.
    repo.write(
        "keys/rotated.toml",
        &key_file("rotated", &rotated, "2026-11-20", Some(("harbour-2026", &golden_key()))),
    );
    assert_eq!(repo.compare(), "");
    repo.write("keys/chained.toml", &key_file("chained", &chained, "2026-11-21", Some(("rotated", &rotated))));
    repo.write("keys/evil.toml", &key_file("evil", &evil, "2026-11-22", Some(("harbour-2026", &evil))));
    let expected = fixture("keys_linked_to_no_key_of_the_base_are_refused_by_the_guard").join("expected.txt");
    assert_golden_text(&expected, &repo.compare());
}

//! Endorsements end to end: `rosette endorse` signs one, `check` accepts it and refuses
//! forgeries (tampered comment, wrong key, subject on another site, expired, missing DID
//! document, links, oversized files) with their exact messages, the build embeds it in the
//! endorsed documents (which still verify) and shows it, escaped, on the pages; the Digital
//! Bazaar verifier accepts the endorsements of site-example and refuses them edited.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{copy_tree, example_output, now, repo, rosette_command};
use crate::tools::{Tool, install, require};

const BASE: &str = "https://northfield-badges.github.io/badges/";
const LECTURER: &str = "did:key:z6MkfnTxLdzvsmh8PdScxL1taLQfyDombarvGYZ6woBcxt3L";
const DEPT: &str = "did:web:northfield-badges.github.io:badges:issuers:cs-dept";

/// `rosette args` run inside `dir`, at `epoch` (seconds) when given.
fn run_in(dir: &Path, epoch: Option<&str>, args: &[&str]) -> Output {
    let mut command = rosette_command();
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    command.current_dir(dir).args(args).output().unwrap()
}

fn key_file(name: &str) -> String {
    repo().join("tests/keys").join(format!("{name}.pem")).to_string_lossy().into_owned()
}

/// Signs an endorsement of `subject` by the lecturer into `site/endorsements/<id>.json`.
fn endorse(site: &Path, id: &str, subject: &str, extra: &[&str], epoch: Option<&str>) {
    let out = format!("endorsements/{id}.json");
    let lecturer = key_file("endorser-lecturer");
    let mut args = vec!["endorse", subject, "--key-file", &lecturer, "--endorser-did", LECTURER, "--out", &out];
    args.extend(extra);
    let run = run_in(site, epoch, &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn site_example_publishes_its_endorsements_inside_the_signed_documents() {
    let public = example_output();
    let source = repo().join("site-example/endorsements/software-association-secure-coding.json");
    let served = public.join("endorsements/software-association-secure-coding.json");
    assert_eq!(fs::read(&served).unwrap(), fs::read(&source).unwrap(), "an endorsement is served as signed");
    let signed: Value = serde_json::from_slice(&fs::read(&source).unwrap()).unwrap();
    let achievement: Value =
        serde_json::from_slice(&fs::read(public.join("badges/secure-coding/achievement.json")).unwrap()).unwrap();
    assert_eq!(achievement["endorsement"], serde_json::json!([signed]));
    let credential: Value =
        serde_json::from_slice(&fs::read(public.join("awards/580n7rksss/credential.json")).unwrap()).unwrap();
    // An award's own endorsement is not embedded in its credential (docs/format.md): its
    // claims would describe the credential's own node, which openbadgeslib refuses.
    assert_eq!(credential.get("endorsement"), None, "{credential}");
    assert!(fs::read(public.join("endorsements/haddad-algorithms-ta.json")).is_ok());
    // The credential still verifies, proof and all.
    let map = format!("{BASE}={}", public.display());
    let verified = rosette_command()
        .args(["verify", &public.join("awards/580n7rksss/credential.json").to_string_lossy(), "--map", &map])
        .output()
        .unwrap();
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
    let page = fs::read_to_string(public.join("badges/secure-coding/index.html")).unwrap();
    assert!(page.contains("<h2 id=\"endorsements-heading\">Endorsed by</h2>"), "{page}");
    assert!(page.contains(">Northfield Regional Software Association</a>, <time datetime=\"2026-09-14T09:30:00Z\">14 September 2026</time>"));
    assert!(page.contains(&format!("href=\"{BASE}endorsements/software-association-secure-coding.json\"")));
    let award = fs::read_to_string(public.join("awards/580n7rksss/index.html")).unwrap();
    assert!(award.contains("students asked for her sessions by name."), "{award}");
}

#[test]
fn an_issuer_endorsement_is_checked_embedded_and_escaped() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&repo().join("site-example"), &site);
    let comment = "<script>alert(1)</script> A department that teaches well.";
    endorse(&site, "haddad-dept", DEPT, &["--name", "Dr. Amira Haddad", "--comment", comment], None);
    let check = run_in(&site, None, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = work.path().join("public");
    let build =
        run_in(&site, None, &["build", "--key-file", &key_file("site-example-demo"), "-o", &out.to_string_lossy()]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = fs::read_to_string(out.join("issuers/cs-dept/index.html")).unwrap();
    assert!(page.contains("<p>&lt;script&gt;alert(1)&lt;/script&gt; A department that teaches well.</p>"), "{page}");
    assert!(!page.contains("<script>alert"));
    // The issuer's profile in every credential carries it, and the credentials still verify.
    let credential: Value =
        serde_json::from_slice(&fs::read(out.join("awards/580n7rksss/credential.json")).unwrap()).unwrap();
    assert_eq!(credential["issuer"]["endorsement"][0]["credentialSubject"]["endorsementComment"], comment);
    let map = format!("{BASE}={}", out.display());
    let verified = run_in(
        &site,
        None,
        &["verify", &out.join("awards/580n7rksss/credential.json").to_string_lossy(), "--map", &map],
    );
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
}

#[test]
fn forged_endorsements_are_refused_with_the_reason() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&repo().join("site-example"), &site);
    let folder = site.join("endorsements");
    // Tampered: the comment of a signed endorsement edited.
    let edited = folder.join("haddad-algorithms-ta.json");
    let text = fs::read_to_string(&edited).unwrap().replace("with care", "with great care");
    fs::write(&edited, text).unwrap();
    // Wrong key: the bundled DID document names another key than the one that signed.
    let did = folder.join("software-association-secure-coding.did.json");
    let lecturer_key = LECTURER.trim_start_matches("did:key:");
    let text = fs::read_to_string(&did).unwrap();
    let text = text.replace("z6Mkv3JHCrJCZ21dHxdqiDrzDsJcCVEcsTHq4qsccyyVX1Hx", lecturer_key);
    fs::write(&did, text).unwrap();
    // A subject on another site, an expired one, a did:web one without its DID document.
    endorse(&site, "elsewhere", "https://other.example/badges/badges/rust/achievement.json", &[], None);
    endorse(
        &site,
        "expired",
        &format!("{BASE}badges/rust-fundamentals/achievement.json"),
        &["--valid-until", "2026-10-01"],
        Some("1780000000"),
    );
    fs::copy(
        repo().join("site-example/endorsements/software-association-secure-coding.json"),
        folder.join("no-did.json"),
    )
    .unwrap();
    // Hostile files: a link, an oversized file, a stray one.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", folder.join("link.json")).unwrap();
    fs::write(folder.join("huge.json"), format!("{{\"name\": \"{}\"}}", "x".repeat(70_000))).unwrap();
    fs::write(folder.join("notes.txt"), "hello").unwrap();

    let check = run_in(&site, None, &["check"]);
    assert!(!check.status.success());
    let expected = [
        "endorsements/elsewhere.json:20:5: error: the endorsed `https://other.example/badges/badges/rust/achievement.json` is not a badge, issuer or award of this site (https://northfield-badges.github.io/badges/)",
        "  help: credentialSubject.id must be a badge's achievement (…/badges/<badge>/achievement.json), an issuer's DID or an award's credential (…/awards/<award>/credential.json) of this site",
        "endorsements/expired.json:19:3: error: the endorsement expired on 2026-10-01T00:00:00Z",
        "  help: ask the endorser for a new endorsement, and mark this one withdrawn: add endorsements/<id>.toml with `withdrawn = <date>` and `reason = \"…\"` (docs/format.md)",
        "endorsements/haddad-algorithms-ta.json:28:3: error: the signature does not verify with did:key:z6MkfnTxLdzvsmh8PdScxL1taLQfyDombarvGYZ6woBcxt3L#z6MkfnTxLdzvsmh8PdScxL1taLQfyDombarvGYZ6woBcxt3L: the endorsement was changed after it was signed, or signed with another key",
        "  help: add the file exactly as the endorser sent it; to change it, the endorser signs it again with `rosette endorse`",
        "endorsements/huge.json: error: the file is 0.1 MiB (70012 bytes), over the 64 KiB limit of endorsement files",
        "endorsements/link.json: error: endorsements/link.json is a symbolic link",
        "endorsements/no-did.json:28:3: error: the DID document of the endorser did:web:northfield-software.example is missing: add it as endorsements/no-did.did.json",
        "  help: it is the document the endorser serves at https://northfield-software.example/.well-known/did.json; rosette checks endorsements offline",
        "endorsements/notes.txt: error: unexpected entry in endorsements/",
        "endorsements/software-association-secure-coding.json:28:3: error: the signature does not verify with did:web:northfield-software.example#key-1: the endorsement was changed after it was signed, or signed with another key",
        "error: 8 problems found",
    ];
    let shown = stderr(&check);
    for line in expected {
        assert!(shown.lines().any(|l| l == line), "missing line:\n{line}\nin:\n{shown}");
    }
}

#[test]
fn endorse_refuses_a_did_key_that_is_not_the_key() {
    let work = tempfile::tempdir().unwrap();
    let association = key_file("endorser-software-association");
    let run = run_in(
        work.path(),
        None,
        &[
            "endorse",
            &format!("{BASE}badges/x/achievement.json"),
            "--key-file",
            &association,
            "--endorser-did",
            LECTURER,
        ],
    );
    assert!(!run.status.success());
    assert_eq!(
        stderr(&run).lines().next().unwrap(),
        format!(
            "--endorser-did: error: {LECTURER} is not the DID of the key in --key-file (did:key:z6Mkv3JHCrJCZ21dHxdqiDrzDsJcCVEcsTHq4qsccyyVX1Hx)"
        )
    );
}

/// The Digital Bazaar stack (`tests/interop/ob3/endorsements.mjs`) verifies site-example's
/// endorsements as their endorsers signed them, and refuses each with an edited comment.
#[test]
fn digital_bazaar_verifies_the_endorsements() {
    if !require(&[Tool::Node(18)]) || !install("ob3", "the Digital Bazaar verifier") {
        return;
    }
    let run = Command::new("node")
        .arg(repo().join("tests/interop/ob3/endorsements.mjs"))
        .args(["--site", &repo().join("site-example").to_string_lossy(), "--now", &now().to_string()])
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|_| panic!("{}", stderr(&run)));
    assert!(run.status.success(), "{result}");
    assert_eq!((&result["endorsements"], &result["verified"]), (&2.into(), &2.into()), "{result}");
    assert_eq!(result["tamper_rejected"], true);
}

/// The 1EdTech OB 3.0 JSON schema, run by ajv (`tests/interop/schema/validate.mjs`), accepts
/// every credential of site-example (those whose Achievement or award carries an
/// `endorsement` array among them), every Achievement and every endorsement, and refuses
/// mutants of them.
#[test]
fn ob3_json_schema_accepts_site_example_and_its_endorsements() {
    if !require(&[Tool::Node(18)]) || !install("schema", "the OB 3.0 JSON schema validator (ajv)") {
        return;
    }
    let interop_dir: std::path::PathBuf =
        std::env::var_os("ROSETTE_INTEROP_DIR").map_or_else(|| repo().join("target/interop"), Into::into);
    let modules = interop_dir.join("schema/node_modules");
    let run = Command::new("node")
        .arg(repo().join("tests/interop/schema/validate.mjs"))
        .args(["--site", &example_output().to_string_lossy(), "--node-modules", &modules.to_string_lossy()])
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|_| panic!("{}", stderr(&run)));
    assert!(run.status.success(), "{result}");
    assert_eq!(result["problems"], serde_json::json!([]));
    assert_eq!(
        (&result["credentials"], &result["achievements"], &result["endorsements"]),
        (&35.into(), &8.into(), &2.into())
    );
    assert_eq!(result["valid"], 45, "{result}");
    // secure-coding's Achievement in its 5 awards (an award's own endorsement is not embedded).
    assert_eq!(
        (&result["achievements_with_endorsements"], &result["credentials_with_endorsements"]),
        (&1.into(), &5.into())
    );
    assert_eq!(result["mutants_rejected"], true);
}

/// openbadgeslib (PyPI), offline (`tests/interop/openbadgeslib/verify.py`): verifies the proof
/// of each endorsement of site-example and refuses it edited; verifies every built credential
/// whose Achievement embeds one (expired awards aside), and refuses one with an embedded
/// endorsement edited. It would refuse an award credential that embeds an endorsement of itself
/// (see the harness's doc comment), which rosette therefore does not make.
#[test]
fn openbadgeslib_verifies_the_endorsements_and_the_credentials_that_embed_them() {
    if !install("openbadgeslib", "openbadgeslib") {
        return;
    }
    let interop_dir: std::path::PathBuf =
        std::env::var_os("ROSETTE_INTEROP_DIR").map_or_else(|| repo().join("target/interop"), Into::into);
    let python = interop_dir.join("openbadgeslib-venv/bin/python");
    let run = Command::new(python)
        .arg(repo().join("tests/interop/openbadgeslib/verify.py"))
        .args(["--site", &repo().join("site-example").to_string_lossy()])
        .args(["--public", &example_output().to_string_lossy(), "--base-url", BASE])
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|_| panic!("{}", stderr(&run)));
    assert!(run.status.success(), "{result}");
    assert_eq!((&result["endorsements"], &result["endorsements_verified"]), (&2.into(), &2.into()), "{result}");
    assert_eq!(result["credentials"], 5, "{result}");
    // secure-coding's five awards: two valid until 2028-2029, three expired.
    let (verified, expired) = (result["credentials_verified"].as_u64().unwrap(), result["expired"].as_u64().unwrap());
    assert!(verified >= 1 && verified + expired == 5, "{result}");
    // rosette embeds no award's endorsement in its own credential, which openbadgeslib refused.
    assert_eq!(result["self_endorsed_refused"], serde_json::json!([]), "{result}");
    assert_eq!((&result["tamper_rejected"], &result["network_attempts"]), (&true.into(), &serde_json::json!([])));
}

/// `check --base`: a pull request that adds or changes an endorsement says so to the reviewer,
/// on the file; removing one is refused (`endorse_withdrawn.rs`), a removed DID document shown.
#[test]
fn check_base_shows_every_endorsement_change_to_the_reviewer() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&repo().join("site-example"), &site);
    crate::guard::init_repository(work.path());
    crate::guard::commit_all(work.path());
    fs::remove_file(site.join("endorsements/software-association-secure-coding.did.json")).unwrap();
    endorse(&site, "haddad-dept", DEPT, &["--name", "Dr. Amira Haddad"], None);
    let comparison = rosette::guard::compare(&site, "main").unwrap();
    let shown: Vec<String> = comparison
        .diagnostics
        .sorted()
        .iter()
        .map(|d| d.to_string().replace(&format!("{}/", site.display()), ""))
        .collect();
    assert_eq!(
        shown,
        [
            "endorsements/haddad-dept.json: warning: this pull request adds or changes the endorsement endorsements/haddad-dept.json\n  help: review who endorses and what they say: it is shown on the organisation's pages; compare a did:web endorser's DID document with the one it serves",
            "endorsements/software-association-secure-coding.did.json: warning: this pull request removes the published file endorsements/software-association-secure-coding.did.json\n  help: review it: a did:web endorser's DID document is what its endorsement is checked against",
        ]
    );
}

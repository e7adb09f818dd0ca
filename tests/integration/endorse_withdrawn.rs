//! Withdrawn endorsements and endorsements the endorser can revoke, end to end: a withdrawal
//! (`endorsements/<id>.toml`) keeps the signed file published but takes it out of every
//! document it was embedded in and shows it as withdrawn on the pages; its mistakes are
//! reported on their lines; `check --base` accepts withdrawing and refuses deleting an
//! endorsement or undoing a withdrawal; a `credentialStatus` is accepted with a warning
//! that says it was not checked.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::support::{copy_tree, now, repo, rosette_command};
use crate::tools::{Tool, install, require};

const BASE: &str = "https://northfield-badges.github.io/badges/";
const ASSOCIATION: &str = "software-association-secure-coding";
const WITHDRAWAL: &str = "withdrawn = 2026-11-02\nreason = \"The association closed its <secure coding> track.\"\n";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    rosette_command().current_dir(dir).args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn key_file(name: &str) -> String {
    repo().join("tests/keys").join(format!("{name}.pem")).to_string_lossy().into_owned()
}

/// A copy of site-example in `work/site`.
fn example_copy(work: &Path) -> std::path::PathBuf {
    let site = work.join("site");
    copy_tree(&repo().join("site-example"), &site);
    site
}

/// The lines of `check`'s diagnostics, the site folder taken off their paths.
fn lines(site: &Path, output: &Output) -> Vec<String> {
    stderr(output).replace(&format!("{}/", site.display()), "").lines().map(str::to_string).collect()
}

#[test]
fn a_withdrawn_endorsement_stays_published_but_is_embedded_nowhere() {
    let work = tempfile::tempdir().unwrap();
    let site = example_copy(work.path());
    fs::write(site.join(format!("endorsements/{ASSOCIATION}.toml")), WITHDRAWAL).unwrap();
    let out = work.path().join("public");
    let build = run_in(&site, &["build", "--key-file", &key_file("site-example-demo"), "-o", &out.to_string_lossy()]);
    assert!(build.status.success(), "{}", stderr(&build));
    let signed = site.join(format!("endorsements/{ASSOCIATION}.json"));
    let served = out.join(format!("endorsements/{ASSOCIATION}.json"));
    assert_eq!(
        fs::read(served).unwrap(),
        fs::read(signed).unwrap(),
        "a withdrawn endorsement is still served as signed"
    );
    let achievement: Value =
        serde_json::from_slice(&fs::read(out.join("badges/secure-coding/achievement.json")).unwrap()).unwrap();
    assert_eq!(achievement.get("endorsement"), None, "{achievement}");
    // The lecturer's endorsement of an award is untouched (shown on its page; an award's own
    // endorsements are never embedded in its credential).
    let award = fs::read_to_string(out.join("awards/580n7rksss/index.html")).unwrap();
    assert!(award.contains("students asked for her sessions by name."), "{award}");
    let page = fs::read_to_string(out.join("badges/secure-coding/index.html")).unwrap();
    assert!(page.contains("<li class=\"endorsement endorsement-withdrawn muted\">"), "{page}");
    assert!(
        page.contains(
            "<p class=\"endorsement-withdrawn-note\"><strong>Withdrawn by the endorser on <time datetime=\"2026-11-02T00:00:00Z\">2 November 2026</time>: The association closed its &lt;secure coding&gt; track.</strong></p>"
        ),
        "{page}"
    );
    assert!(!page.contains("threat modelling"), "a withdrawn endorsement's comment is not shown");
    assert!(page.contains(&format!("href=\"{BASE}endorsements/{ASSOCIATION}.json\"")));
}

/// The badge page with a withdrawn endorsement passes vnu and axe (light and dark) with zero
/// findings; its screenshots are left in `<target>/screenshots-endorsements` to look at.
#[test]
fn a_page_with_a_withdrawn_endorsement_passes_vnu_and_axe() {
    if !require(&[Tool::Node(20), Tool::Java, Tool::Chromium])
        || !install("html", "the HTML quality tools (vnu-jar, axe-core, playwright-core)")
    {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let site = example_copy(work.path());
    fs::write(site.join(format!("endorsements/{ASSOCIATION}.toml")), WITHDRAWAL).unwrap();
    let out = work.path().join("public");
    let build = run_in(&site, &["build", "--key-file", &key_file("site-example-demo"), "-o", &out.to_string_lossy()]);
    assert!(build.status.success(), "{}", stderr(&build));
    // Only the page at stake (and 404.html): the whole site is quality.rs's.
    for entry in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap) {
        let keep = entry.path().ends_with("badges/secure-coding/index.html") || entry.path().ends_with("404.html");
        if entry.path().extension().is_some_and(|x| x == "html") && !keep {
            fs::remove_file(entry.path()).unwrap();
        }
    }
    let target: std::path::PathBuf =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), Into::into);
    let shots = target.join("screenshots-endorsements");
    let _ = fs::remove_dir_all(&shots);
    let run = std::process::Command::new("node")
        .arg(repo().join("tests/interop/html/check.mjs"))
        .args(["--site", &out.to_string_lossy(), "--base-url", BASE, "--now", &now().to_string(), "--json"])
        .args(["--shots", &shots.to_string_lossy()])
        .output()
        .unwrap();
    let summary: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|_| panic!("{}", stderr(&run)));
    assert_eq!(
        (&summary["pages"], &summary["vnu_errors"], &summary["axe_violations"]),
        (&2.into(), &0.into(), &0.into()),
        "{summary}"
    );
    assert!(run.status.success() && summary["ok"] == true, "{summary}");
    assert!(shots.join("badge-1280.png").exists(), "{}", summary["shots"]);
}

#[test]
fn withdrawal_mistakes_are_reported_on_their_lines() {
    let work = tempfile::tempdir().unwrap();
    let site = example_copy(work.path());
    let folder = site.join("endorsements");
    fs::write(folder.join(format!("{ASSOCIATION}.toml")), "withdrawn = 2027-01-05\nwhy = \"gone\"\n").unwrap();
    fs::write(folder.join("haddad-algorithms-ta.toml"), "withdrawn = 2026-11-02\nreason = \"\"\n").unwrap();
    fs::write(folder.join("nothing.toml"), WITHDRAWAL).unwrap();
    let check = run_in(&site, &["check"]);
    assert!(!check.status.success());
    let shown = lines(&site, &check);
    let expected = [
        "endorsements/haddad-algorithms-ta.toml:2:10: error: `reason` is empty",
        "endorsements/nothing.toml: error: withdrawal without an endorsement: there is no endorsements/nothing.json",
        "  help: a withdrawal sits beside the endorsement it withdraws, with the same name; the endorsement stays published",
        "endorsements/software-association-secure-coding.toml:2:1: error: unknown key `why`",
        "  help: valid keys here: withdrawn, reason",
        "error: 3 problems found",
    ];
    for line in expected {
        assert!(shown.iter().any(|l| l == line), "missing line:\n{line}\nin:\n{}", shown.join("\n"));
    }
    // Once it parses, a date after the build is refused.
    fs::write(folder.join(format!("{ASSOCIATION}.toml")), "withdrawn = 2027-01-05\nreason = \"gone\"\n").unwrap();
    fs::remove_file(folder.join("nothing.toml")).unwrap();
    fs::write(folder.join("haddad-algorithms-ta.toml"), "reason = \"gone\"\n").unwrap();
    let shown = lines(&site, &run_in(&site, &["check"]));
    let expected = [
        "endorsements/haddad-algorithms-ta.toml:1:1: error: missing required key `withdrawn`",
        "  help: add `withdrawn = 2026-11-02`, the day the endorser withdrew it",
        "endorsements/software-association-secure-coding.toml:1:13: error: the withdrawal date 2027-01-05T00:00:00Z is in the future",
        "  help: write the day the endorser withdrew it, e.g. `withdrawn = 2026-11-02`",
        "error: 2 problems found",
    ];
    for line in expected {
        assert!(shown.iter().any(|l| l == line), "missing line:\n{line}\nin:\n{}", shown.join("\n"));
    }
}

/// `check --base`: withdrawing is a change the reviewer sees; deleting a published
/// endorsement or taking back a withdrawal is refused, saying what to do instead.
#[test]
fn check_base_accepts_withdrawing_and_refuses_deleting() {
    let work = tempfile::tempdir().unwrap();
    let site = example_copy(work.path());
    crate::guard::init_repository(work.path());
    crate::guard::commit_all(work.path());
    let withdrawal = site.join(format!("endorsements/{ASSOCIATION}.toml"));
    fs::write(&withdrawal, WITHDRAWAL).unwrap();
    let check = run_in(&site, &["check", "--base", "main"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(
        lines(&site, &check)[..2],
        [
            "endorsements/software-association-secure-coding.toml: warning: this pull request marks an endorsement withdrawn: endorsements/software-association-secure-coding.toml",
            "  help: check that the endorser did withdraw it: it stays published, but is no longer embedded in the documents it endorsed",
        ]
    );
    crate::guard::commit_all(work.path());
    fs::remove_file(&withdrawal).unwrap();
    fs::remove_file(site.join("endorsements/haddad-algorithms-ta.json")).unwrap();
    let check = run_in(&site, &["check", "--base", "main"]);
    assert!(!check.status.success());
    let shown = lines(&site, &check);
    let expected = [
        "endorsements/haddad-algorithms-ta.json: error: published endorsement `haddad-algorithms-ta` was deleted",
        "  help: its URL and the credentials that embed it must keep working: restore it with `git checkout main -- ./endorsements/haddad-algorithms-ta.json`; to withdraw it, add endorsements/haddad-algorithms-ta.toml beside it with `withdrawn = <date>` and `reason = \"…\"`",
        "endorsements/software-association-secure-coding.toml: error: the withdrawal of published endorsement `software-association-secure-coding` was removed",
        "  help: a withdrawal is final (wallets and verifiers may have seen it): restore it with `git checkout main -- ./endorsements/software-association-secure-coding.toml`; if the endorser endorses again, add their new endorsement under a new id",
    ];
    for line in expected {
        assert!(shown.iter().any(|l| l == line), "missing line:\n{line}\nin:\n{}", shown.join("\n"));
    }
}

/// An endorsement the endorser can revoke through their status list is accepted, embedded,
/// and `check` says it could not look at that list.
#[test]
fn an_endorsement_with_a_status_entry_is_accepted_with_a_warning() {
    let work = tempfile::tempdir().unwrap();
    let site = example_copy(work.path());
    let lecturer = key_file("endorser-lecturer");
    let did = "did:key:z6MkfnTxLdzvsmh8PdScxL1taLQfyDombarvGYZ6woBcxt3L";
    let subject = format!("{BASE}badges/rust-fundamentals/achievement.json");
    let list = "https://haddad.example/status/1.json";
    let args = [
        "endorse",
        &subject,
        "--key-file",
        &lecturer,
        "--endorser-did",
        did,
        "--status-list",
        list,
        "--status-index",
        "41",
        "--out",
        "endorsements/revocable.json",
    ];
    let endorse = run_in(&site, &args);
    assert!(endorse.status.success(), "{}", stderr(&endorse));
    let signed: Value = serde_json::from_slice(&fs::read(site.join("endorsements/revocable.json")).unwrap()).unwrap();
    assert_eq!(
        signed["credentialStatus"],
        serde_json::json!({
            "id": "https://haddad.example/status/1.json#41",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "41",
            "statusListCredential": list,
        })
    );
    let check = run_in(&site, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let shown = lines(&site, &check);
    let expected = [
        "endorsements/revocable.json:25:3: warning: the endorser can revoke this endorsement (bit 41 of https://haddad.example/status/1.json), and its status was not checked: rosette checks endorsements offline",
        "  help: open https://haddad.example/status/1.json to see whether the endorser revoked it; if they did, mark it withdrawn in endorsements/revocable.toml",
    ];
    for line in expected {
        assert!(shown.iter().any(|l| l == line), "missing line:\n{line}\nin:\n{}", shown.join("\n"));
    }
}

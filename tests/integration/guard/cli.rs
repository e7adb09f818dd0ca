//! `rosette check --base` as CI runs it: GitHub annotations, the summary, and the workflows
//! `rosette init` writes into a fresh clone.

use std::fs;
use std::process::Command;

use super::{ADA, Repo, commit_all, init_repository};

#[test]
fn cli_check_base_prints_github_annotations() {
    let repo = Repo::new("badges");
    fs::remove_file(repo.file("awards/first-program/p8w3n5r1tz.toml")).unwrap();
    repo.edit(ADA, "salt = \"6f1e", "salt = \"7f1e");
    let output = repo.rosette(&["check", "--site", "badges", "--base", "main", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        concat!(
            "::error \
                file=badges/awards/first-program/h4x9k2m7qa.toml,line=7,col=8,title=rosette::`recipient.salt` \
                of published award `h4x9k2m7qa` was changed%0Ahelp: restore `salt = \
                \"6f1e2d3c4b5a69788796a5b4c3d2e1f0\"` under [recipient] as in main: verifiers and wallets \
                already hold it; to correct a published award, revoke it (`rosette revoke h4x9k2m7qa --reason \
                \"…\"`) and \
                award a new one\n",
            "::error file=badges/awards/first-program/p8w3n5r1tz.toml,title=rosette::published award \
                `p8w3n5r1tz` was deleted%0Ahelp: its URL must keep working: restore it with `git checkout main \
                -- badges/awards/first-program/p8w3n5r1tz.toml`; to withdraw it, revoke it (`rosette revoke \
                p8w3n5r1tz --reason \"…\"`)\n",
        )
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "error: 2 problems found\n");
    // From inside the site folder, the paths are still relative to the repository root.
    let inside = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["check", "--base", "main", "--format", "github"])
        .current_dir(&repo.site)
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .output()
        .unwrap();
    // The help's `git checkout` path is relative to where rosette runs, like every path it prints.
    let from_root = String::from_utf8_lossy(&output.stdout).replace("-- badges/awards/", "-- ./awards/");
    assert_eq!(String::from_utf8_lossy(&inside.stdout), from_root);
}

#[test]
fn cli_check_base_passes_and_says_what_it_compared() {
    let repo = Repo::new("badges");
    let output = repo.rosette(&["check", "--site", "badges", "--base", "main"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("checked 1 issuer, 2 badges, 4 awards, "), "{stdout}");
    assert!(stdout.contains(" files: no problems; 4 published awards of main ("), "{stdout}");
    let bad = repo.rosette(&["check", "--site", "badges", "--base", "nope", "--format", "github"]);
    assert_eq!(bad.status.code(), Some(1));
    let annotation = String::from_utf8_lossy(&bad.stdout);
    assert!(
        annotation.starts_with("::error title=rosette::`nope` is not a commit of the repository at "),
        "{annotation}"
    );
}

#[test]
fn cli_init_writes_the_workflows_into_a_fresh_clone_that_passes_check_base() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("my-badges");
    fs::create_dir(&site).unwrap();
    init_repository(&site); // a fresh clone holds only .git: init accepts it
    let rosette = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_rosette")).args(args).current_dir(&site).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    rosette(&["init", "."]);
    let check = fs::read_to_string(site.join(".github/workflows/check.yml")).unwrap();
    assert!(
        check.contains("rosette check --site \"$SITE_DIR\" --base \"origin/$GITHUB_BASE_REF\" --format github"),
        "{check}"
    );
    // The release that wrote it, installed by the Action of rosette's repository (Cargo.toml).
    let version = env!("CARGO_PKG_VERSION");
    let uses =
        format!("        uses: rosette-badges/rosette@v{version}\n        with:\n          version: {version}\n");
    assert!(check.contains(&uses), "{check}");
    let publish = fs::read_to_string(site.join(".github/workflows/publish.yml")).unwrap();
    assert!(publish.contains("ROSETTE_SIGNING_KEY: ${{ secrets.ROSETTE_SIGNING_KEY }}"), "{publish}");
    assert!(publish.contains(&uses), "{publish}");
    assert_eq!(fs::read_to_string(site.join(".gitignore")).unwrap(), "/public/\n");
    commit_all(&site);
    let summary = rosette(&["check", "--base", "main", "--format", "github"]);
    assert!(summary.contains(" files: no errors, 6 warnings; 1 published award of main ("), "{summary}");
}

#[test]
fn cli_check_format_github_without_base_annotates_warnings() {
    let output = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["check", "--site", "tests/fixtures/check_warns_but_passes", "--format", "github"])
        .current_dir(crate::support::repo())
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let annotations: Vec<&str> = stdout.lines().filter(|line| line.starts_with("::")).collect();
    let award = "file=tests/fixtures/check_warns_but_passes/awards/good-badge/aaaa111111.toml";
    assert_eq!(
        annotations,
        [
            format!(
                "::warning {award},line=5,col=8,title=rosette::`salt` is shorter than 16 characters%0Ahelp: short \
                 salts make the hash easier to reverse"
            ),
            format!(
                "::warning {award},line=6,col=10,title=rosette::`public = true` but there is no `name` to show%0A\
                 help: add `name = \"…\"` or remove `public`"
            ),
            "::warning file=tests/fixtures/check_warns_but_passes/site.toml,line=2,col=12,title=rosette::base_url \
             is not https%0Ahelp: badge verifiers and wallets expect https; use http only for local previews"
                .to_string(),
        ]
    );
}

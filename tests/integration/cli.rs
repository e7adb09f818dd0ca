//! The `rosette` binary as a user runs it: exit codes, what it prints, init → build → check.

use std::process::{Command, Output};

use crate::support::{fixture, repo};

fn rosette(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1795737600") // 2026-11-27T00:00:00Z
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cli_check_reports_every_problem_and_exits_1() {
    let site = fixture("check_reports_syntax_and_unknown_keys");
    let output = rosette(&["check", site.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "issuers/club.toml:3:1: error: unknown key `emial`\n  help: did you mean `email`?"
        ),
        "{err}"
    );
    assert!(
        err.contains("site.toml:3:1: error: unknown key `langauge`"),
        "{err}"
    );
    assert!(
        err.ends_with("error: 5 problem(s) found; nothing was written\n"),
        "{err}"
    );
}

#[test]
fn cli_init_build_and_check_a_new_site() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("my-badges");
    let site_arg = site.to_str().unwrap();
    let init = rosette(&["init", site_arg]);
    assert!(init.status.success(), "{}", stderr(&init));
    let check = rosette(&["check", site_arg]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "checked 1 issuer(s), 1 badge(s), 1 award(s), 15 files: no problems\n"
    );
    let build = rosette(&["build", site_arg, "--base-url", "http://127.0.0.1:8000/"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let profile = std::fs::read_to_string(site.join("public/issuers/my-org/ob2.json")).unwrap();
    assert!(
        profile.contains("\"id\": \"http://127.0.0.1:8000/issuers/my-org/ob2.json\""),
        "{profile}"
    );
    assert!(site.join("public/.nojekyll").is_file());
    let again = rosette(&["init", site_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn cli_build_warns_about_http_but_builds() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let site = fixture("check_warns_but_passes");
    let output = rosette(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning: base_url is not https"),
        "{}",
        stderr(&output)
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn cli_refuses_a_folder_without_site_toml() {
    let output = rosette(&["check", repo().join("docs").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not a rosette site: it has no site.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn cli_rejects_a_bad_source_date_epoch() {
    let output = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["check", fixture("build_golden_site").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("SOURCE_DATE_EPOCH=yesterday"),
        "{}",
        stderr(&output)
    );
}

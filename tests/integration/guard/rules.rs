//! The rules of `check --base`, through the library: each forbidden change with its exact
//! diagnostics, the allowed changes, and a site at the repository root. Most tests compare
//! only (`Repo::compare`); those that need the site's other checks too run them all.
//!
//! The expected diagnostics are snapshots, one plain-text file per test named after it:
//! `tests/integration/guard/snapshots/<test name>.txt`, exactly the text `Repo::compare` /
//! `Repo::check` return. After an intended change of wording, re-bless them with
//! `ROSETTE_BLESS=1 cargo test --test integration guard` and review the diff before committing.
//! "No problems" stays an inline `assert_eq!(…, "")`: an empty file would say less.

use std::fs;

use super::{ADA, REVOKED, Repo};
use crate::support::{assert_golden_text, options};

/// Compares `actual` with the snapshot of the test `name` (or rewrites it when blessing).
/// The name is passed explicitly, as in `check.rs`, rather than taken from the test thread's
/// name: that name is libtest's, not a stable API, and the call then shows which file it reads.
fn assert_snapshot(name: &str, actual: &str) {
    let snapshots = crate::support::repo().join("tests/integration/guard/snapshots");
    assert_golden_text(&snapshots.join(format!("{name}.txt")), actual);
}

#[test]
fn guard_passes_an_unchanged_site() {
    assert_eq!(Repo::new("badges").check(), "");
}

#[test]
fn guard_refuses_deleting_an_award() {
    let repo = Repo::new("badges");
    fs::remove_file(repo.file("awards/first-program/p8w3n5r1tz.toml")).unwrap();
    assert_snapshot("guard_refuses_deleting_an_award", &repo.compare());
}

#[test]
fn guard_refuses_renaming_an_award() {
    let repo = Repo::new("badges");
    repo.git(&["mv", "badges/awards/first-program/h4x9k2m7qa.toml", "badges/awards/first-program/ada-lovelace.toml"]);
    assert_snapshot("guard_refuses_renaming_an_award", &repo.compare());
}

#[test]
fn guard_refuses_moving_an_award_to_another_badge() {
    let repo = Repo::new("badges");
    repo.git(&["mv", "badges/awards/first-program/h4x9k2m7qa.toml", "badges/awards/team-player/h4x9k2m7qa.toml"]);
    assert_snapshot("guard_refuses_moving_an_award_to_another_badge", &repo.compare());
}

#[test]
fn guard_refuses_changing_the_salt() {
    let repo = Repo::new("badges");
    repo.edit(ADA, "salt = \"6f1e", "salt = \"7f1e");
    assert_snapshot("guard_refuses_changing_the_salt", &repo.compare());
}

#[test]
fn guard_refuses_changing_or_removing_the_hash() {
    let repo = Repo::new("badges");
    repo.edit(ADA, "hash = \"sha256$3d5c", "hash = \"sha256$4d5c");
    repo.edit(REVOKED, "hash = \"sha256$ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\"\n", "");
    repo.edit(REVOKED, "salt = \"ffeeddccbbaa99887766554433221100\"", "url = \"https://github.com/r2d2\"");
    assert_snapshot("guard_refuses_changing_or_removing_the_hash", &repo.compare());
}

#[test]
fn guard_refuses_changing_the_issue_date_but_not_rewriting_it() {
    let repo = Repo::new("badges");
    // The same moment written in UTC publishes the same `issuedOn`: allowed.
    repo.edit(ADA, "issued = 2025-05-10T14:30:00+02:00", "issued = 2025-05-10T12:30:00Z");
    assert_eq!(repo.compare(), "");
    repo.edit(ADA, "issued = 2025-05-10T12:30:00Z", "issued = 2025-05-11T12:30:00Z");
    assert_snapshot("guard_refuses_changing_the_issue_date_but_not_rewriting_it", &repo.compare());
}

#[test]
fn guard_refuses_changing_the_status_index() {
    let repo = Repo::new("badges");
    repo.edit(ADA, "status_index = 1007", "status_index = 1008");
    assert_snapshot("guard_refuses_changing_the_status_index", &repo.compare());
}

#[test]
fn guard_refuses_reusing_a_status_index() {
    let repo = Repo::new("badges");
    // The index of a deleted award: only the comparison with main can tell it was used.
    fs::remove_file(repo.file("awards/first-program/p8w3n5r1tz.toml")).unwrap();
    repo.write(
        "awards/first-program/n3wq7r8s2t.toml",
        "issued = 2026-01-05\nstatus_index = 2007\n\n[recipient]\nurl = \"https://github.com/newcomer\"\n",
    );
    // The index of an award that still has it is a duplicate, which the regular check reports.
    repo.write(
        "awards/team-player/z8y7x6w5v4.toml",
        "issued = 2026-01-05\nstatus_index = 3007\n\n[recipient]\nurl = \"https://github.com/newcomer\"\n",
    );
    assert_snapshot("guard_refuses_reusing_a_status_index", &repo.check());
}

#[test]
fn guard_refuses_undoing_a_revocation() {
    let repo = Repo::new("badges");
    repo.edit(REVOKED, "\n[revoked]\ndate = 2025-03-01\nreason = \"Awarded to the wrong member.\"\n", "");
    assert_snapshot("guard_refuses_undoing_a_revocation", &repo.compare());
}

#[test]
fn guard_allows_revoking_adding_and_editing() {
    let repo = Repo::new("badges");
    repo.edit(ADA, "status_index = 1007\n", "status_index = 1007\n\n");
    let text = fs::read_to_string(repo.file(ADA)).unwrap();
    repo.write(ADA, &format!("{text}\n[revoked]\ndate = 2026-02-01\nreason = \"Copied the game.\"\n"));
    repo.edit(ADA, "Wrote a *dice* game.", "Wrote a *dice* game in Rust.");
    repo.edit(
        "awards/team-player/u7v8w9x0y1.toml",
        "expires = 2028-06-01T09:00:00Z",
        "expires = \
    2029-06-01T09:00:00Z",
    );
    repo.edit(REVOKED, "reason = \"Awarded to the wrong member.\"", "reason = \"Awarded to the wrong club member.\"");
    repo.write(
        "awards/team-player/n3wq7r8s2t.toml",
        "issued = 2026-01-05\nstatus_index = 5007\n\n[recipient]\nurl = \"https://github.com/newcomer\"\n",
    );
    assert_eq!(repo.check(), "");
}

/// The two-step rewrite of a published award: PR 1 moves the award file out of `awards/` and
/// leaves a symbolic link at its path; PR 2 edits the moved file's recipient and date. Each
/// step must be refused, by `check --base` and by the build alike, because the site reader
/// refuses every symbolic link: what the guard compares is what the build reads.
#[cfg(unix)]
#[test]
fn guard_refuses_the_two_step_symlink_rewrite() {
    let repo = Repo::new("badges");
    fs::create_dir_all(repo.file("notes")).unwrap();
    fs::rename(repo.file(ADA), repo.file("notes/ada.toml")).unwrap();
    std::os::unix::fs::symlink("../../notes/ada.toml", repo.file(ADA)).unwrap();
    let step_one = repo.check();
    assert_snapshot("guard_refuses_the_two_step_symlink_rewrite_step_one", &step_one);

    // Suppose step one reached main anyway (a direct push): step two is refused all the same.
    crate::guard::commit_all(repo.dir.path());
    repo.edit("notes/ada.toml", "issued = ", "issued = 2026-01-02\n# was: ");
    let step_two = repo.check();
    assert_snapshot("guard_refuses_the_two_step_symlink_rewrite_step_two", &step_two);
    let out = tempfile::tempdir().unwrap();
    let build = rosette::build(&options(&repo.site), &out.path().join("public"), Some(&crate::support::golden_key()));
    assert!(matches!(build, Err(rosette::Error::Invalid(_))), "the build published a linked award");
}

/// An award folder replaced by a link to a folder elsewhere is refused too.
#[cfg(unix)]
#[test]
fn guard_refuses_an_award_folder_replaced_by_a_link() {
    let repo = Repo::new("badges");
    let elsewhere = repo.dir.path().join("elsewhere");
    fs::rename(repo.file("awards/first-program"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, repo.file("awards/first-program")).unwrap();
    assert_snapshot("guard_refuses_an_award_folder_replaced_by_a_link", &repo.check());
}

/// Changes that rosette cannot judge (they run or say something on every page) are shown to
/// the reviewer as warnings on their files, committed or not, added, changed or deleted.
#[test]
fn guard_warns_about_every_change_a_reviewer_must_read() {
    let repo = Repo::new("badges");
    repo.edit("site.toml", "title = ", "title = \"Free Badges\"\n# was: ");
    repo.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    fs::create_dir_all(repo.file("templates")).unwrap();
    repo.write("templates/award.html", "<script>steal()</script>\n");
    repo.write("static/app.js", "steal()\n");
    repo.git(&["add", "badges/static/app.js"]);
    repo.write("static/untracked.html", "<p>hi</p>\n");
    assert_snapshot("guard_warns_about_every_change_a_reviewer_must_read", &repo.compare());
}

#[test]
fn guard_works_with_the_site_at_the_repository_root() {
    let repo = Repo::new("");
    assert_eq!(repo.compare(), "");
    fs::remove_file(repo.file("awards/first-program/p8w3n5r1tz.toml")).unwrap();
    assert_snapshot("guard_works_with_the_site_at_the_repository_root", &repo.compare());
}

#[test]
fn guard_reports_every_problem_of_the_site_too() {
    let repo = Repo::new("badges");
    repo.edit(ADA, "status_index = 1007", "status_index = 1008");
    repo.edit("issuers/harbour.toml", "url = \"https://harbour-club.example/\"", "url = \"harbour-club\"");
    // A file that does not parse is not reported as deleted: its syntax error says it all.
    repo.edit("awards/first-program/p8w3n5r1tz.toml", "status_index = 2007", "status_index = [");
    assert_snapshot("guard_reports_every_problem_of_the_site_too", &repo.check());
}

#[test]
fn guard_refuses_a_bad_revision_and_a_folder_outside_git() {
    let repo = Repo::new("badges");
    let error = rosette::guard::check_against(&options(&repo.site), "no-such-branch").unwrap_err().to_string();
    assert!(error.starts_with("`no-such-branch` is not a commit of the repository at "), "{error}");
    let hint = "(Needed a single revision); in GitHub Actions, check out with `fetch-depth: 0` so that the target \
                branch's history is there";
    assert!(error.ends_with(hint), "{error}");
    let error = rosette::guard::check_against(&options(&repo.site), "--output=x").unwrap_err().to_string();
    assert_eq!(error, "`--output=x` is not a git revision");
    let outside = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&repo.site, outside.path());
    let error = rosette::guard::check_against(&options(outside.path()), "main").unwrap_err().to_string();
    assert!(error.contains("is not inside a git repository (not a git repository"), "{error}");
    assert!(error.ends_with("; `check --base` compares the site with a git revision"), "{error}");
}

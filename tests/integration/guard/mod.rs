//! `check --base`: in real temporary git repositories, each forbidden change to a published
//! award is refused with its exact diagnostic, and the allowed ones pass.
//!
//! Every test commits a copy of `tests/fixtures/build_golden_site` (in a sub-folder `badges/`
//! of the repository unless said otherwise, as site-example is here), changes the working tree,
//! and compares with `main`. The rules are in `rules.rs`, the command line (annotations,
//! `init`'s workflows) in `cli.rs`; this file holds the temporary repository.

mod cli;
mod rules;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rosette::Error;

use crate::support::{fixture, options, read_tree};

/// The award of the golden site the tests change most.
pub const ADA: &str = "awards/first-program/h4x9k2m7qa.toml";
/// Its revoked award.
pub const REVOKED: &str = "awards/team-player/r2d2c3po99.toml";

/// A temporary repository with the golden site committed on `main`.
pub struct Repo {
    pub dir: tempfile::TempDir,
    pub site: PathBuf,
}

impl Repo {
    /// The site in `sub` of a new repository (`""`: at its root).
    pub fn new(sub: &str) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let site = if sub.is_empty() { dir.path().to_path_buf() } else { dir.path().join(sub) };
        for (rel, bytes) in read_tree(&fixture("build_golden_site")) {
            if !rel.starts_with("expected/") {
                let path = site.join(rel);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, bytes).unwrap();
            }
        }
        init_repository(dir.path());
        commit_all(dir.path());
        Repo { dir, site }
    }

    pub fn git(&self, args: &[&str]) {
        git(self.dir.path(), args);
    }

    /// The site file `rel`.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    /// Replaces `from` (which must be there) with `to` in the site file `rel`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.file(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        fs::write(self.file(rel), text.replacen(from, to, 1)).unwrap();
    }

    pub fn write(&self, rel: &str, text: &str) {
        fs::write(self.file(rel), text).unwrap();
    }

    /// `check --base main` through the library: the diagnostics as printed, paths relative
    /// to the repository, or "" when the check passes.
    pub fn check(&self) -> String {
        match rosette::guard::check_against(&options(&self.site), "main") {
            Ok((report, comparison)) => {
                assert_eq!(comparison.published, 4);
                assert!(report.warnings.is_empty(), "{:?}", report.warnings);
                String::new()
            }
            Err(Error::Invalid(diagnostics)) => self.show(&diagnostics),
            Err(other) => panic!("{other}"),
        }
    }

    /// Only the comparison with `main` (the rules, without the site's other checks, which
    /// render every page and take most of the time): the diagnostics as [`Repo::check`] shows them.
    pub fn compare(&self) -> String {
        let comparison = rosette::guard::compare(&self.site, "main").unwrap();
        assert_eq!(comparison.published, 4);
        self.show(&comparison.diagnostics.sorted())
    }

    fn show(&self, diagnostics: &[rosette::Diagnostic]) -> String {
        let text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
        text.replace(&format!("{}/", self.dir.path().display()), "")
    }

    /// The `rosette` binary, run in the repository's root.
    pub fn rosette(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rosette"))
            .args(args)
            .current_dir(self.dir.path())
            .env("SOURCE_DATE_EPOCH", "1795737600") // 2026-11-27T00:00:00Z
            .output()
            .unwrap()
    }
}

/// Runs git in `dir`; a machine without git fails the test saying how to install it.
pub fn git(dir: &Path, args: &[&str]) {
    let git = crate::tools::prerequisite(crate::tools::GIT);
    let output = Command::new(git).arg("-C").arg(dir).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// `git init` with a local identity, so the tests do not depend on the machine's settings.
pub fn init_repository(dir: &Path) {
    // `git` fails at once on a machine without git, saying how to get it: a failure, never a
    // skip, since git is a prerequisite of rosette's pull-request workflow.
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["config", "user.name", "Test"]);
    git(dir, &["config", "user.email", "test@example.org"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

pub fn commit_all(dir: &Path) {
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "publish"]);
}

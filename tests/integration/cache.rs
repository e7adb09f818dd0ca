//! The build cache, through the real binary: a cached build makes exactly what a fresh one
//! makes, after every kind of edit; a rebuild with no change writes nothing; `check` reuses
//! what builds made; a damaged, deleted or bypassed cache costs time, never correctness.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{copy_tree, read_tree, repo, rosette_command};

/// A copy of site-example, its output folder and a cache folder of its own.
struct Site {
    _work: tempfile::TempDir,
    dir: PathBuf,
    cache: PathBuf,
}

impl Site {
    fn new() -> Site {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join("site");
        copy_tree(&repo().join("site-example"), &dir);
        let _ = fs::remove_dir_all(dir.join("public"));
        let cache = work.path().join("cache");
        Site { _work: work, dir, cache }
    }

    fn public(&self) -> PathBuf {
        self.dir.join("public")
    }

    /// `rosette <command> --site <site> args…` with this site's cache.
    fn run(&self, command: &str, args: &[&str]) -> Output {
        let output = rosette_command()
            .env_remove("ROSETTE_NO_CACHE")
            .env("ROSETTE_CACHE_DIR", &self.cache)
            .args([command, "--site", self.dir.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{command} {args:?} failed:\n{stderr}");
        output
    }

    /// A signed build with the cache; its summary line.
    fn build(&self) -> String {
        let key = repo().join("tests/keys/site-example-demo.pem");
        let output = self.run("build", &["--key-file", key.to_str().unwrap()]);
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }

    /// The same site built afresh (`--no-cache`) into another folder, as a tree.
    fn fresh(&self) -> BTreeMap<String, Vec<u8>> {
        let key = repo().join("tests/keys/site-example-demo.pem");
        let out = self.dir.parent().unwrap().join("fresh");
        let out_arg = out.to_str().unwrap();
        self.run("build", &["--no-cache", "--key-file", key.to_str().unwrap(), "--out", out_arg]);
        let tree = read_tree(&out);
        fs::remove_dir_all(&out).unwrap();
        tree
    }

    /// The cached build's output must be byte for byte the fresh one.
    fn assert_same_as_fresh(&self, after: &str) {
        let (cached, fresh) = (read_tree(&self.public()), self.fresh());
        let differ: Vec<&String> =
            cached.keys().chain(fresh.keys()).filter(|path| cached.get(*path) != fresh.get(*path)).collect();
        assert!(differ.is_empty(), "after {after}, the cached build differs from a fresh one in {differ:?}");
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Every file of `dir`: (inode, modification time), to tell which files a build rewrote.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// The files whose inode or time changed between two [`stamps`], and the new ones.
fn rewritten(before: &BTreeMap<String, (u64, i64, i64)>, after: &BTreeMap<String, (u64, i64, i64)>) -> Vec<String> {
    after.iter().filter(|(path, stamp)| before.get(*path) != Some(stamp)).map(|(path, _)| path.clone()).collect()
}

const SUMMARY: &str = "2 issuers, 8 badges, 35 awards, 204 files";

#[test]
fn a_rebuild_with_no_change_reuses_every_award_and_writes_nothing() {
    let site = Site::new();
    let first = site.build();
    assert!(first.starts_with(&format!("built {SUMMARY}")), "{first}");
    assert!(!first.contains("unchanged"), "a first build has nothing to reuse: {first}");
    let before = stamps(&site.public());

    let second = site.build();
    assert!(second.ends_with("(35 awards unchanged since the last build)"), "{second}");
    // Only the marker is replaced: it is how the next build knows the folder is this one's.
    assert_eq!(rewritten(&before, &stamps(&site.public())), [".rosette-output"]);
    site.assert_same_as_fresh("a rebuild with no change");

    // The award files are the cache's objects, linked (not copied) and read-only, so nothing
    // can change a published file in place behind the cache's back.
    let credential = fs::metadata(site.public().join("awards/580n7rksss/credential.json")).unwrap();
    assert_eq!(credential.nlink(), 2);
    assert!(credential.permissions().readonly());
}

#[test]
fn after_every_kind_of_edit_a_cached_build_equals_a_fresh_one() {
    let site = Site::new();
    site.build();

    // A new award: it alone is made; the files of the other awards stay as they are.
    let before = stamps(&site.public());
    let award = fs::read_to_string(site.dir.join("awards/algorithms-ta/580n7rksss.toml")).unwrap();
    site.write("awards/algorithms-ta/zz0new0000.toml", &award.replace("119517", "4242"));
    assert!(site.build().ends_with("(35 awards unchanged since the last build)"));
    let changed = rewritten(&before, &stamps(&site.public()));
    let foreign: Vec<&String> =
        changed.iter().filter(|p| p.starts_with("awards/") && !p.starts_with("awards/zz0new0000/")).collect();
    assert!(foreign.is_empty(), "files of other awards were rewritten: {foreign:?}");
    assert!(changed.iter().any(|p| p == "awards/zz0new0000/credential.json"), "{changed:?}");
    assert!(changed.iter().any(|p| p == "badges/algorithms-ta/index.html"), "{changed:?}");
    site.assert_same_as_fresh("a new award");

    // One whose id sorts before the others, and before the award site-example's lecturer
    // endorses (endorsements name awards by id, not by their place in the list).
    site.write("awards/algorithms-ta/000new0000.toml", &award.replace("119517", "4343"));
    assert!(site.build().ends_with("(36 awards unchanged since the last build)"));
    site.assert_same_as_fresh("a new award sorted first");

    // A revocation: the award is made again, its status list too.
    let path = "awards/algorithms-ta/zz0new0000.toml";
    let text = fs::read_to_string(site.dir.join(path)).unwrap();
    site.write(path, &format!("{text}\n[revoked]\ndate = 2026-01-10\nreason = \"Issued in error.\"\n"));
    assert!(site.build().ends_with("(36 awards unchanged since the last build)"));
    site.assert_same_as_fresh("a revocation");

    // A badge renamed: every award's credential embeds its badge.
    let badge = fs::read_to_string(site.dir.join("badges/algorithms-ta/index.md")).unwrap();
    let renamed = badge.replacen("name = \"", "name = \"Senior ", 1);
    assert_ne!(badge, renamed);
    site.write("badges/algorithms-ta/index.md", &renamed);
    let summary = site.build();
    assert!(!summary.contains("unchanged"), "{summary}");
    site.assert_same_as_fresh("a badge renamed");

    // A badge image redrawn, the same size in bytes: its cards and baked image change.
    let image = fs::read_to_string(site.dir.join("badges/rust-fundamentals.svg")).unwrap();
    let recoloured = image.replacen("fill=\"#5a2a12\"", "fill=\"#125a2a\"", 1);
    assert!(recoloured != image && recoloured.len() == image.len());
    site.write("badges/rust-fundamentals.svg", &recoloured);
    site.build();
    site.assert_same_as_fresh("a badge image recoloured");

    // A template override: every page.
    let theme_award = fs::read_to_string(repo().join("theme/templates/award.html")).unwrap();
    site.write(
        "templates/award.html",
        &theme_award.replacen("{% endblock content %}", "<p>Overridden.</p>{% endblock content %}", 1),
    );
    site.build();
    assert!(fs::read_to_string(site.public().join("awards/580n7rksss/index.html")).unwrap().contains("Overridden."));
    site.assert_same_as_fresh("a template override");

    // An award removed: its folder goes.
    fs::remove_file(site.dir.join(path)).unwrap();
    site.build();
    assert!(!site.public().join("awards/zz0new0000").exists());
    site.assert_same_as_fresh("an award removed");
}

#[test]
fn an_award_that_expires_between_two_builds_is_made_again() {
    let site = Site::new();
    let path = "awards/algorithms-ta/580n7rksss.toml";
    let text = fs::read_to_string(site.dir.join(path)).unwrap();
    // 2026-12-01: after the tests' moment (2026-11-27), before the second build's.
    site.write(path, &format!("expires = 2026-12-01T00:00:00Z\n{text}"));
    site.build();
    let page = site.public().join("awards/580n7rksss/index.html");
    assert!(!fs::read_to_string(&page).unwrap().contains("Expired"));

    let key = repo().join("tests/keys/site-example-demo.pem");
    let later = |args: &[&str]| {
        let output = rosette_command()
            .env_remove("ROSETTE_NO_CACHE")
            .env("ROSETTE_CACHE_DIR", &site.cache)
            .env("SOURCE_DATE_EPOCH", "1798761600") // 2027-01-01
            .args(["build", "--site", site.dir.to_str().unwrap(), "--key-file", key.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(later(&[]).contains("(34 awards unchanged since the last build)"));
    assert!(fs::read_to_string(&page).unwrap().contains("Expired"));
    let cached = read_tree(&site.public());
    let fresh_out = site.dir.parent().unwrap().join("fresh-later");
    later(&["--no-cache", "--out", fresh_out.to_str().unwrap()]);
    assert!(cached == read_tree(&fresh_out), "the cached build differs from a fresh one after an expiry");
}

#[test]
fn check_reuses_what_a_build_made_and_still_finds_every_problem() {
    let site = Site::new();
    let check = |site: &Site| String::from_utf8(site.run("check", &[]).stdout).unwrap().trim().to_string();
    assert!(!check(&site).contains("unchanged"), "check writes no cache");
    site.build();
    assert_eq!(check(&site), format!("checked {SUMMARY}: no problems (35 awards unchanged since the last build)"));

    // An award edited into a problem is checked again, and the problem is found.
    let path = "awards/algorithms-ta/580n7rksss.toml";
    let text = fs::read_to_string(site.dir.join(path)).unwrap();
    site.write(path, &text.replace("status_index = 119517", "status_index = \"119517\""));
    let output = rosette_command()
        .env_remove("ROSETTE_NO_CACHE")
        .env("ROSETTE_CACHE_DIR", &site.cache)
        .args(["check", "--site", site.dir.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("580n7rksss.toml"), "{stderr}");
}

#[test]
fn a_damaged_or_deleted_cache_or_output_costs_time_not_correctness() {
    let site = Site::new();
    site.build();
    let site_cache = fs::read_dir(&site.cache).unwrap().next().unwrap().unwrap().path();
    assert!(site_cache.file_name().unwrap().to_string_lossy().starts_with("site-"), "{site_cache:?}");
    assert!(site_cache.join("CACHEDIR.TAG").is_file());

    // A state cut short (a crash, a full disk): a warning, and everything made afresh.
    let state = site_cache.join("v1/state.json");
    let text = fs::read(&state).unwrap();
    fs::write(&state, &text[..text.len() / 2]).unwrap();
    let key = repo().join("tests/keys/site-example-demo.pem");
    let output = site.run("build", &["--key-file", key.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning: the build cache could not be read ("), "{stderr}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("unchanged"));
    site.assert_same_as_fresh("a damaged cache");

    // The output deleted: rebuilt whole from the cache.
    fs::remove_dir_all(site.public()).unwrap();
    assert!(site.build().ends_with("(35 awards unchanged since the last build)"));
    site.assert_same_as_fresh("the output deleted");

    // The output replaced by a copy (another marker): rebuilt whole, not patched.
    let copy = site.dir.parent().unwrap().join("copy");
    copy_tree(&site.public(), &copy);
    fs::remove_dir_all(site.public()).unwrap();
    fs::rename(&copy, site.public()).unwrap();
    fs::remove_file(site.public().join("index.html")).unwrap();
    site.build();
    assert!(site.public().join("index.html").is_file(), "a whole build restores what was removed by hand");
    site.assert_same_as_fresh("a copied output");

    // The cache deleted: a cold build.
    fs::remove_dir_all(&site.cache).unwrap();
    assert!(!site.build().contains("unchanged"));
    site.assert_same_as_fresh("the cache deleted");
}

#[test]
fn award_and_revoke_check_the_site_with_the_cache_and_the_next_build_is_right() {
    let site = Site::new();
    site.build();
    let revoked = site.run("revoke", &["580n7rksss", "--reason", "Issued in error.", "--date", "2026-01-10"]);
    assert!(String::from_utf8_lossy(&revoked.stdout).contains("revoked award 580n7rksss"));
    let awarded = site.run("award", &["algorithms-ta", "--url", "https://github.com/octocat", "--name", "Mona"]);
    assert!(awarded.status.success());
    let summary = site.build();
    assert!(summary.ends_with("(34 awards unchanged since the last build)"), "{summary}");
    site.assert_same_as_fresh("a revocation and an award made with the commands");
}

//! The hostile-input corpus: one fixture per attack a pull request can make on the site
//! folder, each asserting the exact refusal, through `check` and `build` alike (they must
//! agree, and a refused build publishes nothing).
//!
//! A fixture `tests/fixtures/hostile_<attack>/` holds `expected.txt` and, in `site/`, the
//! files of the attack, laid over the valid site `tests/fixtures/hostile_base/` in a temporary
//! folder. What git cannot hold, or should not (symbolic links, FIFOs, 50 MB files), each test
//! makes at run time in that copy. Diagnostics read as paths relative to the temporary
//! folder, so they start with the fixture's name. Re-bless with `ROSETTE_BLESS=1`.

#![cfg(unix)]

mod props;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use crate::support::{assert_golden_text, copy_tree, fixture, options};
use rosette::Error;

/// Builds the fixture's site in a temporary folder, lets `attack` finish it, and asserts that
/// `check` and `build` refuse it with the diagnostics of `expected.txt`. Returns what they
/// said, for further assertions.
fn refused(name: &str, attack: impl FnOnce(&Path)) -> String {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join(name);
    copy_tree(&fixture("hostile_base"), &site);
    if fixture(name).join("site").is_dir() {
        copy_tree(&fixture(name).join("site"), &site);
    }
    attack(&site);
    let render = |result: rosette::Result<rosette::Report>| match result {
        Err(Error::Invalid(diagnostics)) => diagnostics
            .iter()
            .map(|d| {
                let mut d = d.clone();
                if let rosette::error::Subject::File { path, .. } = &mut d.subject
                    && let Ok(inside) = path.strip_prefix(temp.path())
                {
                    *path = inside.to_path_buf();
                }
                format!("{d}\n")
            })
            .collect::<String>(),
        Err(other) => panic!("{name}: expected diagnostics, got {other}"),
        Ok(_) => panic!("{name}: the hostile site was accepted"),
    };
    let checked = render(rosette::check(&options(&site)));
    let out = temp.path().join("public");
    let built = render(rosette::build(&options(&site), &out, None));
    assert_eq!(checked, built, "{name}: check and build disagree");
    assert!(!out.exists(), "{name}: a refused build wrote {}", out.display());
    assert_golden_text(&fixture(name).join("expected.txt"), &checked);
    checked
}

fn link(target: &str, at: &Path) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    symlink(target, at).unwrap();
}

/// A folder beside the site, like a repository's `.git`, with a secret in it.
fn git_folder_beside(site: &Path) {
    let git = site.parent().unwrap().join(".git");
    fs::create_dir_all(&git).unwrap();
    let config = "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LXRva2VuLTQyNDI=\n";
    fs::write(git.join("config"), config).unwrap();
}

fn fifo(at: &Path) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    assert!(Command::new("mkfifo").arg(at).status().unwrap().success());
}

#[test]
fn hostile_static_link_to_git() {
    let said = refused("hostile_static_link_to_git", |site| {
        git_folder_beside(site);
        fs::remove_dir_all(site.join("static")).unwrap();
        link("../.git", &site.join("static"));
    });
    assert!(!said.contains("c2VjcmV0"), "{said}");
}

#[test]
fn hostile_nested_static_links() {
    refused("hostile_nested_static_links", |site| {
        git_folder_beside(site);
        link("../../../.git/config", &site.join("static/sub/config"));
        link("../../../.git", &site.join("static/sub/deeper/git"));
        link("/etc/passwd", &site.join("static/.hidden-but-never-followed"));
    });
}

#[test]
fn hostile_template_links() {
    refused("hostile_template_links", |site| {
        git_folder_beside(site);
        link("../../../.git/config", &site.join("templates/partials/head.html"));
    });
}

#[test]
fn hostile_templates_folder_link() {
    refused("hostile_templates_folder_link", |site| {
        git_folder_beside(site);
        link("../.git", &site.join("templates"));
    });
}

#[test]
fn hostile_award_links() {
    refused("hostile_award_links", |site| {
        let elsewhere = site.parent().unwrap().join("elsewhere");
        copy_tree(&site.join("awards/good-badge"), &elsewhere);
        // PR 1 of the two-step attack: the file moved away, a link left at its path.
        fs::rename(site.join("awards/good-badge/aaaa111111.toml"), elsewhere.join("moved.toml")).unwrap();
        link("../../../elsewhere/moved.toml", &site.join("awards/good-badge/aaaa111111.toml"));
        link("../../elsewhere", &site.join("awards/linked-folder"));
    });
}

#[test]
fn hostile_badge_and_issuer_links() {
    refused("hostile_badge_and_issuer_links", |site| {
        let elsewhere = site.parent().unwrap().join("elsewhere");
        copy_tree(&site.join("badges"), &elsewhere);
        fs::remove_file(site.join("badges/good.svg")).unwrap();
        link("../../elsewhere/good.svg", &site.join("badges/good.svg"));
        link("../../elsewhere", &site.join("badges/bundle"));
        link("../../elsewhere/good-badge.md", &site.join("issuers/club.toml.md"));
        fs::create_dir_all(site.join("badges/packed")).unwrap();
        fs::write(site.join("badges/packed/index.md"), fs::read(elsewhere.join("good-badge.md")).unwrap()).unwrap();
        link("../../../elsewhere/good.svg", &site.join("badges/packed/good.svg"));
        link("../../elsewhere/good-badge.md", &site.join("keys/k.toml"));
        let root_file = fs::read(site.join("site.toml")).unwrap();
        fs::write(elsewhere.join("site.toml"), root_file).unwrap();
        fs::remove_file(site.join("site.toml")).unwrap();
        link("../elsewhere/site.toml", &site.join("site.toml"));
    });
}

#[test]
fn hostile_special_files() {
    if !crate::tools::require(&[crate::tools::MKFIFO]) {
        return;
    }
    refused("hostile_special_files", |site| {
        fifo(&site.join("static/pipe"));
        fifo(&site.join("awards/good-badge/ffff000001.toml"));
        fifo(&site.join("badges/fifo.md"));
    });
}

#[test]
fn hostile_private_keys() {
    refused("hostile_private_keys", |_| {});
}

#[test]
fn hostile_oversized_files() {
    refused("hostile_oversized_files", |site| {
        let sparse = |rel: &str, size: u64| {
            let file = fs::File::create(site.join(rel)).unwrap();
            file.set_len(size).unwrap();
        };
        sparse("awards/good-badge/gggg000001.toml", 50 << 20);
        sparse("static/video.bin", 21 << 20);
        sparse("badges/good.svg", 6 << 20);
    });
}

#[test]
fn hostile_hidden_entries() {
    refused("hostile_hidden_entries", |site| {
        // Finder's file: ignored, never an award (made here: it is in many global gitignores).
        fs::write(site.join("awards/good-badge/.DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    });
}

#[test]
fn hostile_emails_in_awards() {
    refused("hostile_emails_in_awards", |_| {});
}

#[test]
fn hostile_deceptive_names() {
    refused("hostile_deceptive_names", |_| {});
}

#[test]
fn hostile_far_dates() {
    refused("hostile_far_dates", |_| {});
}

#[test]
fn hostile_unknown_keys() {
    refused("hostile_unknown_keys", |_| {});
}

#[test]
fn hostile_truncated_png() {
    refused("hostile_truncated_png", |_| {});
}

/// Names a static file may not have (made at run time: git checkouts on Windows cannot hold
/// them): `check` refuses them as `build` does, on the file, instead of passing what the
/// writer would refuse later.
#[test]
fn hostile_static_names() {
    refused("hostile_static_names", |site| {
        fs::create_dir_all(site.join("static")).unwrap();
        fs::write(site.join("static/a\\..\\b.txt"), "x").unwrap();
        fs::write(site.join("static/tab\there.txt"), "x").unwrap();
    });
}

/// Values that fit in a file but would be copied into every published document: a 100,000
/// character narrative and a 1,000 character badge name.
#[test]
fn hostile_huge_values() {
    refused("hostile_huge_values", |site| {
        let award = fs::read_dir(site.join("awards")).unwrap().next().unwrap().unwrap().path();
        let file = fs::read_dir(award).unwrap().next().unwrap().unwrap().path();
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, format!("narrative = \"{}\"\n{text}", "word ".repeat(20_000))).unwrap();
        let badge = fs::read_dir(site.join("badges"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .unwrap();
        let text = fs::read_to_string(&badge).unwrap();
        let named = text
            .lines()
            .map(|line| {
                if line.starts_with("name = ") { format!("name = \"{}\"", "N".repeat(1000)) } else { line.to_string() }
            })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(&badge, named).unwrap();
    });
}

/// %-escapes that are not UTF-8 text: JSON-LD processors disagree on such identifiers, and
/// json-ld 0.21 panics on them, so they never reach a credential.
#[test]
fn hostile_url_escapes() {
    refused("hostile_url_escapes", |_| {});
}

//! `rosette new badge|issuer`, `rosette init --name --base-url` (and its GitHub Pages
//! default), and the placeholders init leaves: warned about by `check`, refused by a signed
//! build. Driven through the binary, as a user types them (never at a terminal, so nothing is
//! asked, except in the one test that drives a pseudo-terminal).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::rosette_command;
use crate::tools::{self, Tool};

/// Runs rosette in `dir`, without a terminal and without a signing key in the environment.
fn rosette(dir: &Path, args: &[&str]) -> Output {
    rosette_command().args(args).current_dir(dir).stdin(Stdio::null()).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A new site `work/site` made by `init` with a real name and address (no placeholders but
/// the issuer's url, email and description and the starter award, removed here).
fn named_site(work: &Path) -> PathBuf {
    let init =
        rosette(work, &["init", "site", "--name", "Harbour Coding Club", "--base-url", "https://harbour.example/b"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let site = work.join("site");
    let issuer = site.join("issuers/harbour-coding-club.toml");
    let text = fs::read_to_string(&issuer).unwrap();
    let text = text
        .replace("https://example.org/", "https://harbour.example/")
        .replace("badges@example.org", "hello@harbour.example")
        .replace("Replace this with a sentence about your organisation.", "A coding club.");
    fs::write(&issuer, text).unwrap();
    fs::remove_dir_all(site.join("awards")).unwrap();
    site
}

#[test]
fn new_issuer_and_badge_from_flags_write_files_that_check_passes() {
    let work = tempfile::tempdir().unwrap();
    let site = named_site(work.path());
    let issuer = rosette(
        &site,
        &[
            "new",
            "issuer",
            "cs-dept",
            "--name",
            "Computer Science",
            "--url",
            "https://cs.example/",
            "--email",
            "badges@cs.example",
            "--description",
            "The \"CS\" department.",
        ],
    );
    assert!(issuer.status.success(), "{}", stderr(&issuer));
    assert_eq!(stdout(&issuer), "wrote issuers/cs-dept.toml; edit it, then `rosette check`\n");
    let text = fs::read_to_string(site.join("issuers/cs-dept.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(text.starts_with(&format!(
        "# An organisation that awards badges. Every key is documented in\n\
         # https://github.com/rosette-badges/rosette/blob/v{version}/docs/format.md#issuersissuertoml\n"
    )));
    for line in [
        "name = \"Computer Science\"\n",
        "url = \"https://cs.example/\"\n",
        "email = \"badges@cs.example\"\n",
        "description = \"The \\\"CS\\\" department.\"\n",
        "# image = \"cs-dept.svg\"\n",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }

    let badge = rosette(
        &site,
        &[
            "new",
            "badge",
            "rust-101",
            "--issuer",
            "cs-dept",
            "--description",
            "Writes small Rust programs.",
            "--tag",
            "rust",
            "--achievement-type",
            "Course",
        ],
    );
    assert!(badge.status.success(), "{}", stderr(&badge));
    assert_eq!(stdout(&badge), "wrote badges/rust-101.md; edit it, then `rosette check`\n");
    assert_eq!(stderr(&badge), "wrote a starter image badges/rust-101.svg: replace it with the badge's own\n");
    let text = fs::read_to_string(site.join("badges/rust-101.md")).unwrap();
    for line in [
        "+++\n# A badge: this front matter",
        "\nname = \"Rust 101\"\n",
        "\nissuer = \"cs-dept\"\n",
        "\ndescription = \"Writes small Rust programs.\"\n",
        "\nimage = \"rust-101.svg\"\n",
        "\ntags = [\"rust\"]\n",
        "\nachievement_type = \"Course\"\n",
        "\n# [[alignment]]\n",
        "+++\n## How to earn this badge\n",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(fs::read_to_string(site.join("badges/rust-101.svg")).unwrap().starts_with("<svg xmlns="));

    // From outside the site, with --site; the only issuer would be the default, but there are two.
    let check = rosette(work.path(), &["check", "--site", "site"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(stderr(&check), "", "no placeholder is left");
    assert_eq!(stdout(&check), "checked 2 issuers, 2 badges, 0 awards, 31 files: no problems\n");
}

#[test]
fn new_refuses_to_overwrite_bad_ids_and_missing_values() {
    let work = tempfile::tempdir().unwrap();
    let site = named_site(work.path());
    let before = fs::read_to_string(site.join("badges/first-steps.md")).unwrap();
    let again = rosette(&site, &["new", "badge", "first-steps", "--description", "Again."]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        stderr(&again),
        "error: ./badges/first-steps.md already exists; rosette new never overwrites a file: edit it, or choose \
         another id\n"
    );
    assert_eq!(fs::read_to_string(site.join("badges/first-steps.md")).unwrap(), before);

    let bad = rosette(&site, &["new", "issuer", "CS Dept", "--url", "https://cs.example/", "--email", "a@cs.example"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        stderr(&bad),
        "error: `CS Dept` cannot be an issuer id: it contains upper-case letters; ids are 1-64 characters of a-z, \
         0-9 and -, starting with a letter or digit (e.g. `cs-dept`)\n"
    );

    // No terminal to ask at: the flags that are needed are named, all at once.
    let missing = rosette(&site, &["new", "issuer", "cs-dept"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        stderr(&missing),
        "--email: error: is needed (there is no terminal to ask it at)\n  \
         help: give --email name@example.org: a public contact address of the organisation\n\
         --url: error: is needed (there is no terminal to ask it at)\n  \
         help: give --url https://…: the organisation's home page\n\
         error: 2 problems found; nothing was written\n"
    );
    let unknown = rosette(&site, &["new", "badge", "x", "--description", "X.", "--issuer", "harbour-coding"]);
    assert_eq!(
        stderr(&unknown),
        "--issuer: error: there is no issuer `harbour-coding` in this site\n  \
         help: did you mean `harbour-coding-club`?\nerror: 1 problem found; nothing was written\n"
    );
    assert!(!site.join("issuers/cs-dept.toml").exists() && !site.join("badges/x.md").exists());
}

#[test]
fn new_removes_what_it_wrote_when_the_site_no_longer_passes() {
    let work = tempfile::tempdir().unwrap();
    let site = named_site(work.path());
    let output = rosette(&site, &["new", "badge", "b", "--description", "B.", "--image", "missing.svg"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        ".: warning: nothing was added: the site must pass `rosette check` with the new badge, and it does not\n\
         badges/b.md:12:9: error: image `missing.svg` not found (looked for badges/missing.svg)\n  \
         help: paths are relative to the folder of this file\n\
         error: 1 problem found; nothing was written\n"
    );
    assert!(!site.join("badges/b.md").exists());
}

#[test]
fn init_writes_the_name_and_address_it_is_given() {
    let work = tempfile::tempdir().unwrap();
    let init = rosette(
        work.path(),
        &["init", "site", "--name", "Harbour Coding Club", "--base-url", "https://harbour.example/b"],
    );
    assert!(init.status.success(), "{}", stderr(&init));
    assert_eq!(
        stdout(&init),
        "created a new site in site (9 files); next: edit issuers/harbour-coding-club.toml, delete the starter \
         award, then `rosette check --site site`\n"
    );
    let site = work.path().join("site");
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(toml.starts_with(&format!(
        "# Settings of the whole site; every key is documented in\n\
         # https://github.com/rosette-badges/rosette/blob/v{version}/docs/format.md#sitetoml\n\
         title = \"Harbour Coding Club badges\"\n"
    )));
    assert!(toml.contains("\nbase_url = \"https://harbour.example/b/\"\n"), "{toml}");
    let issuer = fs::read_to_string(site.join("issuers/harbour-coding-club.toml")).unwrap();
    assert!(issuer.contains("\nname = \"Harbour Coding Club\"\n"), "{issuer}");
    assert!(
        fs::read_to_string(site.join("badges/first-steps.md"))
            .unwrap()
            .contains("\nissuer = \"harbour-coding-club\"\n")
    );
    // Neither the name nor the address is a placeholder now; the rest still is.
    let check = rosette(&site, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let said = stderr(&check);
    assert!(!said.contains("site.toml") && !said.contains("`name`"), "{said}");
    assert_eq!(said.matches(": warning: ").count(), 4, "{said}");

    let bad = rosette(work.path(), &["init", "other", "--base-url", "harbour.example"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).starts_with("--base-url: error: `harbour.example` is not an absolute URL"),
        "{}",
        stderr(&bad)
    );
    assert!(!work.path().join("other").exists());
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git").args(args).current_dir(dir).stdout(Stdio::null()).status().unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn init_in_a_github_clone_proposes_its_pages_address() {
    if !tools::require(&[tools::GIT]) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    for (remote, folder, wanted) in [
        ("git@github.com:Acme/badges.git", "badges", "https://acme.github.io/badges/"),
        ("https://github.com/acme/acme.github.io", "pages", "https://acme.github.io/"),
    ] {
        let clone = work.path().join(folder);
        fs::create_dir(&clone).unwrap();
        git(&clone, &["init", "--quiet"]);
        git(&clone, &["remote", "add", "origin", remote]);
        // A sub-folder of the clone: the repository is found from the folder above it.
        let init = rosette(&clone, &["init", "site"]);
        assert!(init.status.success(), "{}", stderr(&init));
        assert!(
            stderr(&init).starts_with(&format!("issuer `my-organisation`, base_url {wanted}\n")),
            "{}",
            stderr(&init)
        );
        let toml = fs::read_to_string(clone.join("site/site.toml")).unwrap();
        assert!(toml.contains(&format!("\nbase_url = \"{wanted}\"\n")), "{toml}");
        let check = rosette(&clone, &["check", "-s", "site"]);
        assert!(!stderr(&check).contains("base_url"), "{}", stderr(&check));
    }
}

/// Every placeholder init leaves, as `check` warns about it and a signed build refuses it.
#[test]
fn placeholders_warn_in_check_and_are_refused_by_a_signed_build() {
    let work = tempfile::tempdir().unwrap();
    assert!(rosette(work.path(), &["init", "site"]).status.success());
    let site = work.path().join("site");
    let award = fs::read_dir(site.join("awards/first-steps")).unwrap().next().unwrap().unwrap().path();
    let award = format!("awards/first-steps/{}", award.file_name().unwrap().to_string_lossy());
    let placeholders = |refused: &str| {
        let (kind, why) = if refused.is_empty() { ("warning", "") } else { ("error", refused) };
        [
            format!(
                "{award}:10:7: {kind}: this is the starter award to The Octocat that `rosette init` wrote{why}\n  \
                 help: delete this file before the site is first published: once published, an award can only be revoked\n"
            ),
            format!(
                "issuers/my-organisation.toml:3:8: {kind}: the issuer's `name` is still the example that `rosette init` \
                 wrote{why}\n  help: write the organisation's name\n"
            ),
            format!(
                "issuers/my-organisation.toml:5:7: {kind}: the issuer's `url` is still the example that `rosette init` \
                 wrote{why}\n  help: write the address of the organisation's home page\n"
            ),
            format!(
                "issuers/my-organisation.toml:7:9: {kind}: the issuer's `email` is still the example that `rosette init` \
                 wrote{why}\n  help: write a public contact address of the organisation (never a person's private one)\n"
            ),
            format!(
                "issuers/my-organisation.toml:8:15: {kind}: the issuer's `description` is still the example that \
                 `rosette init` wrote{why}\n  help: write a sentence about the organisation, or delete the line\n"
            ),
            format!(
                "site.toml:7:12: {kind}: `base_url` is still the example that `rosette init` wrote{why}\n  \
                 help: set it to the address the site will be served at (on GitHub Pages: \
                 https://<user>.github.io/<repo>/); it becomes part of every published credential\n"
            ),
        ]
        .concat()
    };
    let check = rosette(&site, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(stderr(&check), placeholders(""));

    let secret = work.path().join("secret.pem");
    let keygen = rosette(&site, &["keygen", "--secret-file", secret.to_str().unwrap()]);
    assert!(keygen.status.success(), "{}", stderr(&keygen));
    // Unsigned (and previews, whose --base-url replaces the example): warned about, built.
    let unsigned = rosette(&site, &["check"]);
    assert_eq!(stderr(&unsigned), placeholders(""));
    let signed = rosette(&site, &["build", "--key-file", secret.to_str().unwrap()]);
    assert_eq!(signed.status.code(), Some(1));
    let refused = "; a signed build is a publication and refuses it";
    assert_eq!(stderr(&signed), format!("{}error: 6 problems found; nothing was written\n", placeholders(refused)));
    assert!(!site.join("public").exists());
}

/// At a terminal, the missing values are asked for, the default in brackets (a pseudo-terminal
/// from util-linux's `script`).
#[test]
#[cfg(target_os = "linux")]
fn init_asks_at_a_terminal() {
    const SCRIPT: Tool = Tool::Program { name: "script", install: "Debian: apt-get install bsdutils" };
    if !tools::require(&[SCRIPT]) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let command = format!("'{}' init site --base-url https://ada.example/", env!("CARGO_BIN_EXE_rosette"));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(work.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"Ada Club\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stdout(&output));
    // Only the name was missing: one question.
    let said = stdout(&output);
    assert_eq!(said.matches("Name of the organisation [My Organisation]: ").count(), 1, "{said}");
    assert!(!said.contains("Address of the site"), "{said}");
    let toml = fs::read_to_string(work.path().join("site/site.toml")).unwrap();
    assert!(toml.contains("\ntitle = \"Ada Club badges\"\n"), "{toml}");
    assert!(work.path().join("site/issuers/ada-club.toml").is_file());
}

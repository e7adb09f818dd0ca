//! `rosette init`: a small site that builds as it is, to start from, with the GitHub workflows
//! that check its pull requests and publish it on GitHub Pages (`src/init/*.yml`; the README's
//! "Publishing with GitHub" explains them).
//!
//! Like `rosette award`, it draws a random award id (ids must not be guessable or derived
//! from a person); it is the one place of the library, with `award`, that uses randomness.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const SITE: &str = r#"# Settings of the whole site; every key is documented in docs/format.md.
title = "My Badges"
# The URL the site will be served at. On GitHub Pages: https://<user>.github.io/<repo>/
base_url = "https://example.github.io/badges/"
language = "en"
description = "Badges awarded by My Organisation."
"#;

const ISSUER: &str = r#"name = "My Organisation"
url = "https://example.org/"
# A public contact address of the organisation (never a recipient's).
email = "badges@example.org"
description = "Replace this with a sentence about your organisation."
image = "my-org.svg"
"#;

const ISSUER_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
  <rect width="256" height="256" rx="48" fill="#1f3b73"/>
  <circle cx="128" cy="112" r="56" fill="none" stroke="#f2c14e" stroke-width="16"/>
  <text x="128" y="214" font-family="sans-serif" font-size="32" font-weight="700" fill="#ffffff" text-anchor="middle">MY ORG</text>
</svg>
"##;

const BADGE: &str = r#"+++
name = "First Steps"
issuer = "my-org"
description = "Took the first steps with our programme."
image = "first-steps.svg"
tags = ["welcome"]
achievement_type = "Badge"

[[alignment]]
target_name = "Digital content creation"
target_url = "https://joint-research-centre.ec.europa.eu/digcomp_en"
target_framework = "DigComp 2.2"
target_code = "3.1"
+++
## How to earn this badge

* Attend the introduction session.
* Complete the first exercise and share it with a mentor.
"#;

const BADGE_IMAGE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3aa17e"/>
      <stop offset="1" stop-color="#1d6b52"/>
    </linearGradient>
  </defs>
  <circle cx="128" cy="128" r="120" fill="url(#g)"/>
  <circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="4"/>
  <path d="M88 136l28 28 56-64" fill="none" stroke="#ffffff" stroke-width="18" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"##;

/// The pull-request check: `rosette check --base <target branch> --format github`.
pub const CHECK_WORKFLOW: &str = include_str!("init/check.yml");

/// The publication on GitHub Pages: build with the signing key secret, upload, deploy.
pub const PUBLISH_WORKFLOW: &str = include_str!("init/publish.yml");

/// Builds are published by the workflow, never committed.
const GITIGNORE: &str = "/public/\n";

const AWARD: &str = r#"# One award per file. `rosette award` writes these: it hashes the recipient's e-mail with a
# random salt, so the address itself is never stored. This example uses a URL identity.
issued = 2025-01-15
# Its place in the signed revocation status list, drawn at random and never changed.
status_index = @STATUS_INDEX@
narrative = "Completed the introduction and the first exercise."

[recipient]
url = "https://github.com/octocat"
name = "The Octocat"
public = true
"#;

/// Creates a new site in `dir` (which must not exist, or be empty but for a `.git` folder: a
/// fresh clone); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() && !empty_but_git(dir)? {
        return Err(Error::Refused(format!(
            "{} is not empty; rosette init only writes into a new or empty folder",
            dir.display()
        )));
    }
    let award = format!("awards/first-steps/{}.toml", crate::award::random_id()?);
    // A status index from the start, so the site still checks once `rosette keygen` adds keys/.
    let index = crate::award::random::random_status_index(&mut std::collections::BTreeSet::new())?;
    let award_text = AWARD.replace("@STATUS_INDEX@", &index.to_string());
    let (check, publish) = (workflow(CHECK_WORKFLOW), workflow(PUBLISH_WORKFLOW));
    let files: [(&str, &str); 9] = [
        ("site.toml", SITE),
        ("issuers/my-org.toml", ISSUER),
        ("issuers/my-org.svg", ISSUER_LOGO),
        ("badges/first-steps.md", BADGE),
        ("badges/first-steps.svg", BADGE_IMAGE),
        (&award, &award_text),
        (".github/workflows/check.yml", &check),
        (".github/workflows/publish.yml", &publish),
        (".gitignore", GITIGNORE),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        let mut file = fs::File::create_new(&path).map_err(|e| Error::io("cannot create", &path, e))?;
        file.write_all(text.as_bytes()).map_err(|e| Error::io("cannot write", &path, e))?;
        written.push(path);
    }
    for folder in ["static", "templates"] {
        let path = dir.join(folder);
        fs::create_dir_all(&path).map_err(|e| Error::io("cannot create", &path, e))?;
    }
    Ok(written)
}

/// A workflow template with this version of rosette, and the repository that publishes its
/// releases and its GitHub Action, filled in.
pub fn workflow(template: &str) -> String {
    template.replace("@REPOSITORY@", action_repository()).replace("@VERSION@", env!("CARGO_PKG_VERSION"))
}

/// `owner/name` of the GitHub repository that hosts rosette (its Action and its release
/// binaries), from `repository` in Cargo.toml: the one place that names it.
pub fn action_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.strip_prefix("https://github.com/").unwrap_or(url).trim_end_matches('/')
}

/// Whether a folder holds nothing, or only a `.git` folder (a repository cloned to start in).
fn empty_but_git(dir: &Path) -> Result<bool> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))? {
        if entry.map_err(|e| Error::io("cannot read", dir, e))?.file_name() != ".git" {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// site-example's workflows are the ones `init` writes, but for where the site is (a
    /// sub-folder of rosette's repository) and how rosette is installed (built from that
    /// checkout, so the example follows the rules of the source beside it).
    #[test]
    fn site_example_has_the_workflows_init_writes() {
        let init_env = "  # The folder that holds site.toml, relative to the repository root.
  SITE_DIR: .
";
        let example_env = "  # The folder that holds site.toml, relative to the repository root. GitHub runs only the
  # workflows of the repository's own .github/workflows/: to run these for site-example,
  # copy them there.
  SITE_DIR: site-example
";
        let init_install =
            "      # The rosette release that wrote this file (a prebuilt binary, its SHA-256 checked), so
      # every run applies the same rules. Without the Action, or where no binary is released
      # for the runner, replace this step by a run of:
      #   cargo install rosette --locked --version @VERSION@
      - name: Install rosette @VERSION@
        uses: @REPOSITORY@@v@VERSION@
        with:
          version: @VERSION@
";
        let example_install =
            "      # This repository is rosette itself: build the checked-out source (cached per source)
      # instead of installing a release, so the example follows the rules of this checkout.
      - name: Restore rosette
        id: rosette
        uses: actions/cache@v4
        with:
          path: ~/.rosette
          key: rosette-${{ runner.os }}-${{ hashFiles('Cargo.lock', 'build.rs', 'src/**', 'theme/**', 'contexts/**') }}
      - name: Install rosette from the checkout
        if: steps.rosette.outputs.cache-hit != 'true'
        run: |
          rustup toolchain install stable --profile minimal --no-self-update
          cargo +stable install --locked --root ~/.rosette --path .
      - run: echo \"$HOME/.rosette/bin\" >> \"$GITHUB_PATH\"
";
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("site-example/.github/workflows");
        for (name, template) in [("check.yml", CHECK_WORKFLOW), ("publish.yml", PUBLISH_WORKFLOW)] {
            assert!(template.contains(init_env), "{name} lost its env block");
            assert!(template.contains(init_install), "{name} lost its install step");
            let wanted = template.replace(init_env, example_env).replace(init_install, example_install);
            if std::env::var_os("ROSETTE_BLESS").is_some() {
                fs::write(folder.join(name), &wanted).unwrap();
            }
            let example = fs::read_to_string(folder.join(name)).unwrap();
            assert_eq!(example, wanted, "site-example/.github/workflows/{name}");
        }
    }

    /// The workflows name the Action by the repository of Cargo.toml and this exact version.
    #[test]
    fn workflows_use_the_action_of_this_release() {
        assert_eq!(action_repository(), "rosette-badges/rosette");
        for template in [CHECK_WORKFLOW, PUBLISH_WORKFLOW] {
            let written = workflow(template);
            let version = env!("CARGO_PKG_VERSION");
            assert!(
                written.contains(&format!(
                    "        uses: rosette-badges/rosette@v{version}\n        with:\n          version: {version}\n"
                )),
                "{written}"
            );
            assert!(written.contains(&format!("cargo install rosette --locked --version {version}\n")), "{written}");
            assert!(!written.contains("@VERSION@") && !written.contains("@REPOSITORY@"), "{written}");
        }
    }
}

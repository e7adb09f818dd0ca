//! `rosette init`: a small site that builds as it is, to start from, with the GitHub workflows
//! that check its pull requests and publish it on GitHub Pages (`src/init/*.yml`; the README's
//! "Publishing with GitHub" explains them).
//!
//! The organisation's name and the site's address come from the caller (flags, or answers at
//! a terminal); without them init writes examples, which `check` and `build` then point out
//! and a signed build refuses ([`crate::model::rules::placeholders`], whose constants these
//! texts use). The default address comes from the clone's GitHub `origin` ([`pages`]).
//!
//! Like `rosette award`, it draws a random award id (ids must not be guessable or derived
//! from a person); it is the one place of the library, with `award`, that uses randomness.

pub mod pages;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::model::rules::{self, placeholders};
use crate::scaffold::{slug, toml_string};

/// The starter badge's logo, with the organisation's initials (`@INITIALS@`).
const ISSUER_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
  <rect width="256" height="256" rx="48" fill="#1f3b73"/>
  <circle cx="128" cy="112" r="56" fill="none" stroke="#f2c14e" stroke-width="16"/>
  <text x="128" y="214" font-family="sans-serif" font-size="32" font-weight="700" fill="#ffffff" text-anchor="middle">@INITIALS@</text>
</svg>
"##;

/// The starter badge (`@ISSUER@`: the issuer id).
const BADGE: &str = r#"+++
name = "First Steps"
issuer = "@ISSUER@"
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

/// A simple badge image, also what `rosette new badge` writes when given no image.
pub const BADGE_IMAGE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
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

/// What init is told about the organisation; `None` leaves init's example in its place.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The organisation's name (default: [`placeholders::EXAMPLE_NAME`]); the issuer id is
    /// derived from it.
    pub name: Option<String>,
    /// The address the site will be served at (default: [`pages::default_base_url`]).
    pub base_url: Option<String>,
}

/// What init wrote.
#[derive(Debug)]
pub struct Created {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// The site's `base_url`.
    pub base_url: String,
    /// The issuer's id (`issuers/<id>.toml`).
    pub issuer: String,
    /// Whether `base_url` is init's example, to be replaced before publishing.
    pub example_base_url: bool,
}

/// Creates a new site in `dir` (which must not exist, or be empty but for a `.git` folder: a
/// fresh clone).
pub fn init(dir: &Path, options: &InitOptions) -> Result<Created> {
    if dir.exists() && !empty_but_git(dir)? {
        return Err(Error::Refused(format!(
            "{} is not empty; rosette init only writes into a new or empty folder",
            dir.display()
        )));
    }
    let (name, base_url) = checked(dir, options)?;
    let issuer = Some(slug(&name)).filter(|id| !id.is_empty()).unwrap_or_else(|| "issuer".into());
    let award = format!("awards/first-steps/{}.toml", crate::award::random_id()?);
    // A status index from the start, so the site still checks once `rosette keygen` adds keys/.
    let index = crate::award::random::random_status_index(&mut std::collections::BTreeSet::new())?;
    let example_base_url = placeholders::base_url(&base_url).is_err();
    let site = site_text(&name, &base_url, example_base_url);
    let (issuer_file, logo_file) = (format!("issuers/{issuer}.toml"), format!("issuers/{issuer}.svg"));
    let (issuer_text, logo) = (issuer_text(&name, &issuer), ISSUER_LOGO.replace("@INITIALS@", &initials(&name)));
    let badge = BADGE.replace("@ISSUER@", &issuer);
    let award_text = award_text(index);
    let (check, publish) = (workflow(CHECK_WORKFLOW), workflow(PUBLISH_WORKFLOW));
    let files: [(&str, &str); 9] = [
        ("site.toml", &site),
        (&issuer_file, &issuer_text),
        (&logo_file, &logo),
        ("badges/first-steps.md", &badge),
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
    Ok(Created { files: written, base_url, issuer, example_base_url })
}

/// The name and normalised base URL, checked by the model's rules; problems name the flag.
fn checked(dir: &Path, options: &InitOptions) -> Result<(String, String)> {
    let mut problems = Diagnostics::default();
    let mut report = |flag: &str, problem: rules::Problem| {
        let diagnostic = Diagnostic::flag_error(flag, problem.message);
        problems.push(match problem.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        });
    };
    let name = options.name.as_deref().unwrap_or(placeholders::EXAMPLE_NAME);
    let name = rules::name(name).map_err(|p| report("name", p)).unwrap_or_default();
    let written = options.base_url.clone().unwrap_or_else(|| pages::default_base_url(dir));
    let base_url = rules::base_url(&written)
        .map_err(|message| {
            let help = "give the address the site will be served at, e.g. https://<user>.github.io/<repo>/";
            report("base-url", rules::Problem { message, help: Some(help.into()) });
        })
        .unwrap_or_default();
    problems.into_result()?;
    Ok((name, base_url))
}

/// The URL of the format reference of this version of rosette: the user's repository has no
/// docs/format.md, rosette's has one per release tag.
pub fn format_reference() -> String {
    format!("{}/blob/v{}/docs/format.md", env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'), env!("CARGO_PKG_VERSION"))
}

fn site_text(name: &str, base_url: &str, example: bool) -> String {
    let example = if example {
        "# This is an example: set the real address before the first publication (a signed build\n\
         # refuses it), and never change it afterwards.\n"
    } else {
        "# Part of every published credential: never change it once the site is published.\n"
    };
    format!(
        "# Settings of the whole site; every key is documented in\n# {reference}#sitetoml\n\
         title = {title}\n\
         # The URL the site will be served at. On GitHub Pages: https://<user>.github.io/<repo>/\n\
         {example}\
         base_url = {base_url}\n\
         language = \"en\"\n\
         description = {description}\n",
        reference = format_reference(),
        title = toml_string(&format!("{name} badges")),
        base_url = toml_string(base_url),
        description = toml_string(&format!("Badges awarded by {name}.")),
    )
}

fn issuer_text(name: &str, id: &str) -> String {
    format!(
        "# The organisation that awards the badges; its keys are documented in\n# {reference}#issuersissuertoml\n\
         name = {name}\n\
         # Its home page.\n\
         url = {url}\n\
         # A public contact address of the organisation (never a recipient's).\n\
         email = {email}\n\
         description = {description}\n\
         image = \"{id}.svg\"\n",
        reference = format_reference(),
        name = toml_string(name),
        url = toml_string(placeholders::EXAMPLE_URL),
        email = toml_string(placeholders::EXAMPLE_EMAIL),
        description = toml_string(placeholders::EXAMPLE_DESCRIPTION),
    )
}

fn award_text(status_index: u32) -> String {
    format!(
        "# One award per file. `rosette award` writes these: it hashes the recipient's e-mail with a\n\
         # random salt, so the address itself is never stored. This example uses a URL identity:\n\
         # delete it before the first publication (a signed build refuses it).\n\
         issued = 2025-01-15\n\
         # Its place in the signed revocation status list, drawn at random and never changed.\n\
         status_index = {status_index}\n\
         narrative = {narrative}\n\n\
         [recipient]\n\
         url = {url}\n\
         name = {name}\n\
         public = true\n",
        narrative = toml_string(placeholders::STARTER_NARRATIVE),
        url = toml_string(placeholders::STARTER_RECIPIENT_URL),
        name = toml_string(placeholders::STARTER_RECIPIENT_NAME),
    )
}

/// Up to three initials of the name, for the starter logo (XML-escaped).
fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .take(3)
        .collect();
    crate::escape::xml(if letters.is_empty() { "ORG" } else { &letters })
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

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

mod files;
pub mod pages;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::model::rules::{self, placeholders};
use crate::scaffold::slug;
use files::{BADGE, ISSUER_LOGO, award_text, initials, issuer_text, site_text};
pub use files::{BADGE_IMAGE, format_reference};

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
          key: rosette-${{ runner.os }}-${{ hashFiles('Cargo.lock', 'Cargo.toml', 'build.rs', 'src/**', 'theme/**', 'crates/**') }}
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

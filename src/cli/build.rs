//! `rosette build` (also `--preview`, a local build with a throwaway key), and where the
//! secret signing key comes from.

use std::path::{Path, PathBuf};

use clap::Args;
use jiff::Timestamp;
use zeroize::Zeroizing;

use super::{Outcome, SiteArgs, describe};
use rosette::error::{Error, Result};
use rosette::proof::SigningKey;

/// `rosette build [--site DIR] [--out DIR] [--base-url URL] [--key-file FILE | --preview]`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site to build.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: the site's public/). Replaced atomically on success.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// File holding the secret signing key (PKCS#8 PEM or Multikey), outside the site folder.
    /// Without it, the key is read from the ROSETTE_SIGNING_KEY environment variable.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Build a local preview without the site's key: credentials are signed with a throwaway
    /// key and every page says it is a preview. Not for publishing (refused in CI).
    #[arg(long, conflicts_with = "key_file")]
    pub preview: bool,
}

/// Environment variable holding the secret signing key itself (e.g. a CI secret).
pub const SIGNING_KEY_VARIABLE: &str = "ROSETTE_SIGNING_KEY";

/// Variables that CI services set to `true` (GitHub Actions sets both): a preview build is
/// refused under them, so that no workflow can publish a site signed with a throwaway key.
const CI_VARIABLES: [&str; 2] = ["CI", "GITHUB_ACTIONS"];

impl BuildArgs {
    /// Builds the site.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        if self.preview {
            refuse_in_ci()?;
        }
        let options = self.site.options(now)?;
        let out = self.out.clone().unwrap_or_else(|| options.site_dir.join("public"));
        if self.preview {
            let throwaway = SigningKey::generate().map_err(|e| Error::failed("cannot make a preview key", e))?;
            let report = rosette::build_preview(&options, &out, &throwaway)?;
            let summary = format!(
                "preview build of {}, {} into {} (throwaway key, not for publishing)",
                describe(&report),
                rosette::size::shown(report.bytes),
                rosette::paths::shown(&out).display()
            );
            return Ok(Outcome { summary, warnings: report.warnings, ..Outcome::default() });
        }
        let key = signing_key(self.key_file.as_deref(), &options.site_dir, &out)?;
        let report = rosette::build(&options, &out, key.as_ref())?;
        let signed = if key.is_some() { ", credentials signed" } else { "" };
        let size = rosette::size::shown(report.bytes);
        let summary = format!(
            "built {}, {size}{signed} into {}{}",
            describe(&report),
            rosette::paths::shown(&out).display(),
            super::from_cache(&report)
        );
        Ok(Outcome { summary, warnings: report.warnings, ..Outcome::default() })
    }
}

/// A preview build is for people, never for a CI job (which could publish it).
fn refuse_in_ci() -> Result<()> {
    for name in CI_VARIABLES {
        if std::env::var(name).is_ok_and(|value| value.trim().eq_ignore_ascii_case("true")) {
            return Err(Error::Refused(format!(
                "a preview build is for local eyes: CI builds with the site's key (refusing --preview because {name}=true)"
            )));
        }
    }
    Ok(())
}

/// The secret key from `key_file` or the environment (`None` if neither is given); files
/// inside the site or output folder are refused, so a key can never be committed or published
/// by accident. Shared with `rosette serve`.
pub(super) fn signing_key(key_file: Option<&Path>, site_dir: &Path, out: &Path) -> Result<Option<SigningKey>> {
    let (text, source) = match key_file {
        Some(path) => {
            rosette::keygen::refuse_inside(path, site_dir)?;
            if out.exists() {
                rosette::keygen::refuse_inside(path, out)?;
            }
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("cannot read the key file", path, e))?;
            (Zeroizing::new(text), path.display().to_string())
        }
        None => match std::env::var(SIGNING_KEY_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => (Zeroizing::new(text), SIGNING_KEY_VARIABLE.to_string()),
            _ => return Ok(None),
        },
    };
    SigningKey::parse(&text)
        .map(Some)
        .map_err(|e| Error::failed(format!("{source} does not hold a usable Ed25519 secret key"), e))
}

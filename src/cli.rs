//! The command line: one argument struct and one `run` per command (clap derive).
//!
//! `run` returns what happened; printing is `main`'s job. The clock is read by `main` too and
//! passed in, so every command is reproducible under test.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;

use zeroize::Zeroizing;

use crate::error::{Diagnostic, Error, Result};
use crate::keygen::SecretDestination;
use crate::proof::SigningKey;
use crate::verify::VerifyOptions;
use crate::{Options, Report};

/// rosette: publish Open Badges from a git repository as a static site.
#[derive(Debug, Parser)]
#[command(name = "rosette", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site folder that builds as it is.
    Init(InitArgs),
    /// Check the site and write the static site (default: DIR/public).
    Build(BuildArgs),
    /// Run every check of a build without writing anything; exit 1 on problems.
    Check(CheckArgs),
    /// Create a signing key: the public part goes into keys/, the secret outside the site.
    Keygen(KeygenArgs),
    /// Verify an Open Badges 3.0 credential or 2.0 assertion (file or URL); exit 1 if invalid.
    Verify(VerifyArgs),
}

/// What a command reports when it ran to the end.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Problems that did not stop the command.
    pub warnings: Vec<Diagnostic>,
    /// What was done, for the terminal (stdout).
    pub summary: String,
    /// False when the command ran but its answer is "no" (an invalid credential): exit 1.
    pub failed: bool,
    /// Information for the person at the terminal (stderr), kept off stdout so that stdout
    /// can be piped (e.g. the secret key into a CI secret).
    pub notes: Vec<String>,
}

impl Command {
    /// Runs the command as of `now`.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        match self {
            Command::Init(args) => args.run(),
            Command::Build(args) => args.run(now),
            Command::Check(args) => args.run(now),
            Command::Keygen(args) => args.run(now),
            Command::Verify(args) => args.run(now),
        }
    }
}

/// `rosette init DIR`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (must not exist, or be empty).
    pub dir: PathBuf,
}

impl InitArgs {
    /// Writes the starter site.
    pub fn run(&self) -> Result<Outcome> {
        let files = crate::init::init(&self.dir)?;
        let summary = format!(
            "created a new site in {} ({} files); next: edit site.toml, then `rosette build {}`",
            self.dir.display(),
            files.len(),
            self.dir.display()
        );
        Ok(Outcome { summary, ..Outcome::default() })
    }
}

/// Options shared by the commands that read a site.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one holding site.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Publish under this URL instead of site.toml's base_url (e.g. for a local preview).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl SiteArgs {
    fn options(&self, now: Timestamp) -> Options {
        Options { site_dir: self.dir.clone(), base_url: self.base_url.clone(), now }
    }
}

/// `rosette build [DIR] [--out DIR] [--base-url URL] [--key-file FILE]`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site to build.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: DIR/public). Replaced atomically on success.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// File holding the secret signing key (PKCS#8 PEM or Multikey), outside the site folder.
    /// Without it, the key is read from the ROSETTE_SIGNING_KEY environment variable.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

/// Environment variable holding the secret signing key itself (e.g. a CI secret).
pub const SIGNING_KEY_VARIABLE: &str = "ROSETTE_SIGNING_KEY";

impl BuildArgs {
    /// Builds the site.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let out = self.out.clone().unwrap_or_else(|| self.site.dir.join("public"));
        let key = self.signing_key(&out)?;
        let report = crate::build(&self.site.options(now), &out, key.as_ref())?;
        let signed = if key.is_some() { ", credentials signed" } else { "" };
        let summary = format!("built {}{signed} into {}", describe(&report), out.display());
        Ok(Outcome { summary, warnings: report.warnings, ..Outcome::default() })
    }

    /// The secret key from --key-file or the environment; files inside the site or output
    /// folder are refused, so a key can never be committed or published by accident.
    fn signing_key(&self, out: &std::path::Path) -> Result<Option<SigningKey>> {
        let (text, source) = match &self.key_file {
            Some(path) => {
                crate::keygen::refuse_inside(path, &self.site.dir)?;
                if out.exists() {
                    crate::keygen::refuse_inside(path, out)?;
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
            .map_err(|e| Error::Refused(format!("{source} does not hold a usable Ed25519 secret key: {e}")))
    }
}

/// `rosette check [DIR]`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site to check.
    #[command(flatten)]
    pub site: SiteArgs,
}

impl CheckArgs {
    /// Checks the site.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let report = crate::check(&self.site.options(now))?;
        Ok(Outcome {
            summary: format!("checked {}: no problems", describe(&report)),
            warnings: report.warnings,
            ..Outcome::default()
        })
    }
}

/// `rosette keygen [DIR] (--secret-file FILE | --print-secret) [--id ID]`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("secret").required(true).args(["secret_file", "print_secret"])))]
pub struct KeygenArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write the secret key (PKCS#8 PEM, mode 0600) to this new file, outside the site folder.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// Print the secret key on standard output, to paste into a CI secret.
    #[arg(long)]
    pub print_secret: bool,
    /// Key id, the name of the public key file (default: key-<date>).
    #[arg(long)]
    pub id: Option<String>,
}

impl KeygenArgs {
    /// Makes the key.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let destination = match &self.secret_file {
            Some(path) => SecretDestination::File(path),
            None => SecretDestination::Return,
        };
        let key = crate::keygen::keygen(&self.dir, self.id.as_deref(), destination, now)?;
        let summary = key.secret_pem.as_deref().map(|pem| pem.trim_end().to_string()).unwrap_or_default();
        let secret = match &self.secret_file {
            Some(path) => format!("the secret key is in {} (mode 0600): keep it safe, never commit it", path.display()),
            None => format!(
                "the secret key was printed on standard output: store it as the {SIGNING_KEY_VARIABLE} secret of your CI"
            ),
        };
        let notes = vec![
            format!("new signing key `{}`: {}", key.id, key.public_multibase),
            format!("public key written to {} (commit it)", key.public_file.display()),
            secret,
        ];
        Ok(Outcome { summary, notes, ..Outcome::default() })
    }
}

/// `rosette verify <FILE|URL> [--map URL=DIR]... [--recipient EMAIL]`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A credential or assertion: a JSON file, or a URL.
    pub input: String,
    /// Answer URLs starting with URL from the folder DIR (e.g. a built site), repeatable.
    #[arg(long, value_name = "URL=DIR", value_parser = parse_map)]
    pub map: Vec<(String, PathBuf)>,
    /// Also check that the badge was awarded to this e-mail address.
    #[arg(long, value_name = "EMAIL")]
    pub recipient: Option<String>,
}

fn parse_map(text: &str) -> std::result::Result<(String, PathBuf), String> {
    let (url, dir) = text.split_once('=').ok_or("expected URL=DIR")?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("`{url}` is not an http(s) URL"));
    }
    Ok((url.to_string(), PathBuf::from(dir)))
}

impl VerifyArgs {
    /// Verifies and reports check by check.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let options = VerifyOptions { maps: self.map.clone(), now, recipient: self.recipient.clone() };
        let verdict = crate::verify::verify(&self.input, &options)?;
        let mut summary = format!(
            "{}
  {}
",
            verdict.kind, verdict.id
        );
        for check in &verdict.checks {
            summary.push_str(&format!("  {} {}\n", if check.ok { "ok  " } else { "FAIL" }, check.label));
        }
        let valid = verdict.valid();
        summary.push_str(if valid { "VALID" } else { "NOT VALID" });
        Ok(Outcome { summary, failed: !valid, ..Outcome::default() })
    }
}

fn describe(report: &Report) -> String {
    let c = report.counts;
    format!("{} issuer(s), {} badge(s), {} award(s), {} files", c.issuers, c.badges, c.awards, report.files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}

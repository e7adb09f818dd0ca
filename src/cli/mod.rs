//! The command line: one argument struct and one `run` per command, one file per command
//! (clap derive). Part of the binary, not of the library: the library returns values and
//! diagnostics, and only the binary decides how they reach the terminal.
//!
//! `run` returns what happened; printing is the [`printer`]'s job (serve, which runs until
//! interrupted, hands it each event as it happens). The clock is read by `main` and passed
//! in, so every command is reproducible under test.

mod award;
mod build;
mod check;
mod init;
mod keygen;
pub mod printer;
mod revoke;
mod serve;
mod unbake;
mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;
use rosette::words::counted;

use award::AwardArgs;
use build::{BuildArgs, SIGNING_KEY_VARIABLE};
use check::CheckArgs;
use init::InitArgs;
use keygen::KeygenArgs;
use printer::Printer;
use revoke::RevokeArgs;
use rosette::error::{Diagnostic, Result};
use rosette::{Options, Report};
use serve::ServeArgs;
use unbake::UnbakeArgs;
use verify::VerifyArgs;

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
    /// Verify an Open Badges credential, assertion or baked PNG/SVG badge (file or URL); exit 1 if invalid, 2 if it could not check.
    Verify(VerifyArgs),
    /// Award a badge: write awards/<badge>/<id>.toml (hashed e-mail, random id), or many from a CSV roster.
    Award(AwardArgs),
    /// Revoke an award (its file stays; the next build publishes the revocation), or --undo it.
    Revoke(RevokeArgs),
    /// Preview the site on 127.0.0.1: rebuilt on every edit, open pages reload.
    Serve(ServeArgs),
    /// Print the Open Badges data baked into a badge image (PNG or SVG).
    Unbake(UnbakeArgs),
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
    /// An exit code other than 0 and 1 that the answer calls for (`verify`: 2, could not check).
    pub code: Option<u8>,
    /// Information for the person at the terminal (stderr), kept off stdout so that stdout
    /// can be piped (e.g. the secret key into a CI secret).
    pub notes: Vec<String>,
}

impl Command {
    /// Runs the command as of `now`. Only serve prints while it runs, through `printer`.
    pub fn run(&self, now: Timestamp, printer: &Printer) -> Result<Outcome> {
        match self {
            Command::Init(args) => args.run(),
            Command::Build(args) => args.run(now),
            Command::Check(args) => args.run(now),
            Command::Keygen(args) => args.run(now),
            Command::Verify(args) => args.run(now),
            Command::Award(args) => args.run(now),
            Command::Revoke(args) => args.run(now),
            Command::Serve(args) => args.run(now, printer),
            Command::Unbake(args) => args.run(),
        }
    }

    /// Whether the command writes files, so that a refusal can say nothing was written
    /// (`check` never writes: saying so would suggest it might have).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Command::Init(_) | Command::Build(_) | Command::Keygen(_) | Command::Award(_) | Command::Revoke(_)
        )
    }

    /// How the command's diagnostics are shown (`check --format github`: annotations).
    pub fn printer(&self) -> Printer {
        match self {
            Command::Check(args) => args.printer(),
            _ => Printer::Human,
        }
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

/// "2 issuers, 8 badges, 35 awards, 233 files" for summaries.
pub(crate) fn describe(report: &Report) -> String {
    let c = report.counts;
    format!(
        "{}, {}, {}, {}",
        counted(c.issuers, "issuer", "issuers"),
        counted(c.badges, "badge", "badges"),
        counted(c.awards, "award", "awards"),
        counted(report.files, "file", "files")
    )
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

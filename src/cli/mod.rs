//! The command line: one argument struct and one `run` per command, one file per command
//! (clap derive). Part of the binary, not of the library: the library returns values and
//! diagnostics, and only the binary decides how they reach the terminal.
//!
//! `run` returns what happened; printing is the [`printer`]'s job (serve, which runs until
//! interrupted, hands it each event as it happens). The clock is read by `main` and passed
//! in, so every command is reproducible under test.
//!
//! The global flags (`--quiet`, `--verbose`, `--color`) are given to the
//! [terminal](terminal) settings by `main` before the command runs.

mod award;
mod build;
mod cache;
mod check;
mod completions;
mod endorse;
mod init;
mod keygen;
mod man;
mod new;
pub mod printer;
mod progress;
mod prompt;
mod revoke;
mod serve;
pub mod terminal;
mod unbake;
mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;
use rosette::words::counted;

use award::AwardArgs;
use build::{BuildArgs, SIGNING_KEY_VARIABLE};
use check::CheckArgs;
use completions::CompletionsArgs;
use endorse::EndorseArgs;
use init::InitArgs;
use keygen::KeygenArgs;
use man::ManArgs;
use new::NewArgs;
use printer::Printer;
use revoke::RevokeArgs;
use rosette::error::{Diagnostic, Error, Result};
use rosette::{Options, Report};
use serve::ServeArgs;
use terminal::{ColorWhen, Verbosity};
use unbake::UnbakeArgs;
use verify::VerifyArgs;

/// rosette: publish Open Badges from a git repository as a static site.
#[derive(Debug, Parser)]
#[command(name = "rosette", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and what the command exists to print (a secret key, JSON, a
    /// verdict): no warnings, notes, summaries or progress.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: each stage of a build or check with its count and time.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to colour messages: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorWhen::Auto, hide_possible_values = true)]
    pub color: ColorWhen,
}

impl Cli {
    /// How much the run says (`--quiet`, `--verbose`).
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site folder that builds as it is.
    Init(InitArgs),
    /// Create a new badge or issuer file, commented, that passes `rosette check`.
    #[command(subcommand_value_name = "KIND")]
    New(NewArgs),
    /// Check the site and write the static site (default: into the site's public/).
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
    /// Endorse a badge, issuer or award of a site: write an EndorsementCredential signed with your own key.
    Endorse(EndorseArgs),
    /// Preview the site on this machine (http://127.0.0.1:4180/): rebuilt on every edit, open pages reload.
    Serve(ServeArgs),
    /// Print the Open Badges data baked into a badge image (PNG or SVG).
    Unbake(UnbakeArgs),
    /// Print the completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (rosette.1), or write it and one page per command with --out DIR.
    Man(ManArgs),
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
            Command::New(args) => args.run(now),
            Command::Build(args) => args.run(now),
            Command::Check(args) => args.run(now),
            Command::Keygen(args) => args.run(now),
            Command::Verify(args) => args.run(now),
            Command::Award(args) => args.run(now),
            Command::Revoke(args) => args.run(now),
            Command::Endorse(args) => args.run(now),
            Command::Serve(args) => args.run(now, printer),
            Command::Unbake(args) => args.run(),
            Command::Completions(args) => args.run(),
            Command::Man(args) => args.run(),
        }
    }

    /// Whether the summary is the data the command exists to print (JSON, a verdict, the
    /// message to send, a script), which `--quiet` keeps, rather than a report of what was done.
    pub fn prints_data(&self) -> bool {
        match self {
            Command::Verify(_) | Command::Unbake(_) | Command::Award(_) | Command::Completions(_) => true,
            Command::Endorse(args) => args.out.is_none(),
            Command::Man(args) => args.out.is_none(),
            _ => false,
        }
    }

    /// Whether the command writes files, so that a refusal can say nothing was written
    /// (`check` never writes: saying so would suggest it might have).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Command::Init(_)
                | Command::New(_)
                | Command::Build(_)
                | Command::Keygen(_)
                | Command::Award(_)
                | Command::Revoke(_)
                | Command::Endorse(_)
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

/// Where the site is, said the same way to every command that reads one: `--site DIR`, or
/// nothing, and the nearest folder holding site.toml from the current folder upwards is used
/// (as cargo finds Cargo.toml). A flag rather than a positional argument, because `award` and
/// `revoke` take a badge or award id in that place (as zola's `--root`, hugo's `--source`).
#[derive(Debug, Args)]
pub struct SiteFolder {
    /// The site folder (the one holding site.toml). Default: the nearest one from the current
    /// folder upwards.
    #[arg(long = "site", short = 's', value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl SiteFolder {
    /// The site folder: the one given (it must hold site.toml), or the nearest one found.
    pub fn locate(&self) -> Result<PathBuf> {
        if let Some(dir) = &self.dir {
            rosette::source::layout::require_site(dir)?;
            return Ok(dir.clone());
        }
        let cwd = std::env::current_dir().map_err(|e| Error::failed("cannot read the current folder", e))?;
        rosette::source::layout::find_site(&cwd).ok_or_else(|| {
            Error::Refused(format!(
                "no site.toml in {} or any folder above it: run rosette inside a site, pass --site DIR, \
                 or create a site with `rosette init <folder>`",
                cwd.display()
            ))
        })
    }
}

/// Options shared by the commands that read a whole site.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Where the site is.
    #[command(flatten)]
    pub folder: SiteFolder,
    /// Publish under this URL instead of site.toml's base_url (e.g. for a local preview).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Make everything afresh: neither read nor update the build cache (in ROSETTE_CACHE_DIR,
    /// by default the user's cache folder).
    #[arg(long)]
    pub no_cache: bool,
}

impl SiteArgs {
    /// The library's options for the located site, as of `now`.
    fn options(&self, now: Timestamp) -> Result<Options> {
        let site_dir = self.folder.locate()?;
        Ok(Options {
            cache: cache::folder(&site_dir, self.no_cache),
            site_dir,
            base_url: self.base_url.clone(),
            now,
            progress: progress::hook(),
        })
    }
}

/// " (34 awards unchanged since the last build)" when the build cache spared work, else "".
pub(crate) fn from_cache(report: &Report) -> String {
    match report.from_cache {
        0 => String::new(),
        n => format!(" ({} unchanged since the last build)", counted(n, "award", "awards")),
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

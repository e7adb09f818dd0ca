//! The command line: one argument struct and one `run` per command (clap derive).
//!
//! `run` returns what happened; printing is `main`'s job. The clock is read by `main` too and
//! passed in, so every command is reproducible under test.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;

use crate::error::{Diagnostic, Result};
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
}

/// What a command reports when it succeeds.
#[derive(Debug)]
pub struct Outcome {
    /// Problems that did not stop the command.
    pub warnings: Vec<Diagnostic>,
    /// One line saying what was done.
    pub summary: String,
}

impl Command {
    /// Runs the command as of `now`.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        match self {
            Command::Init(args) => args.run(),
            Command::Build(args) => args.run(now),
            Command::Check(args) => args.run(now),
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
        Ok(Outcome {
            warnings: Vec::new(),
            summary,
        })
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
        Options {
            site_dir: self.dir.clone(),
            base_url: self.base_url.clone(),
            now,
        }
    }
}

/// `rosette build [DIR] [--out DIR] [--base-url URL]`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site to build.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: DIR/public). Replaced atomically on success.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl BuildArgs {
    /// Builds the site.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let out = self
            .out
            .clone()
            .unwrap_or_else(|| self.site.dir.join("public"));
        let report = crate::build(&self.site.options(now), &out)?;
        Ok(Outcome {
            summary: format!("built {} into {}", describe(&report), out.display()),
            warnings: report.warnings,
        })
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
        })
    }
}

fn describe(report: &Report) -> String {
    let c = report.counts;
    format!(
        "{} issuer(s), {} badge(s), {} award(s), {} files",
        c.issuers, c.badges, c.awards, report.files
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

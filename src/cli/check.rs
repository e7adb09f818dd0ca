//! `rosette check`: every check of a build; with `--base`, also that no published award was
//! lost or altered since that git revision; with `--format github`, problems as annotations.

use clap::{Args, ValueEnum};
use jiff::Timestamp;

use super::printer::Printer;
use super::{Outcome, SiteArgs, describe};
use rosette::error::Result;

/// `rosette check [--site DIR] [--base REV] [--format human|github]`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site to check.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also compare with this git revision (e.g. origin/main): refuse deleting, renaming or
    /// altering a published award, and reusing its status index. Revoking is allowed.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// How problems are printed: `human` (file:line:col, stderr) or `github` (GitHub Actions
    /// annotations on stdout, shown on the pull request's diff).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// How `check` prints problems.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: error: message`, then `  help: …`.
    #[default]
    Human,
    /// `::error file=…,line=…,col=…,title=rosette::message` workflow commands.
    Github,
}

impl CheckArgs {
    /// Checks the site (and compares it with the base revision, when given).
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let options = self.site.options(now)?;
        let Some(base) = &self.base else {
            let report = rosette::check(&options)?;
            return Ok(Outcome {
                summary: format!(
                    "checked {}: {}{}",
                    describe(&report),
                    verdict(&report.warnings),
                    super::from_cache(&report)
                ),
                warnings: report.warnings,
                ..Outcome::default()
            });
        };
        let (report, comparison) = rosette::guard::check_against(&options, base)?;
        let commit: String = comparison.commit.chars().take(12).collect();
        Ok(Outcome {
            summary: format!(
                "checked {}: {}; {} of {base} ({commit}) kept",
                describe(&report),
                verdict(&report.warnings),
                rosette::words::counted(comparison.published, "published award", "published awards")
            ),
            warnings: report.warnings,
            ..Outcome::default()
        })
    }

    /// How this run's problems are shown.
    pub fn printer(&self) -> Printer {
        match self.format {
            Format::Human => Printer::Human,
            Format::Github => Printer::github(&self.site.folder.locate().unwrap_or_else(|_| ".".into())),
        }
    }
}

/// "no problems", or, when there were warnings, "no errors, 3 warnings": a summary that says
/// "no problems" under a screen of warnings reads as if they did not count.
fn verdict(warnings: &[rosette::Diagnostic]) -> String {
    match warnings.len() {
        0 => "no problems".to_string(),
        n => format!("no errors, {}", rosette::words::counted(n, "warning", "warnings")),
    }
}

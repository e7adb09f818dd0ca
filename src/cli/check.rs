//! `rosette check`.

use clap::Args;
use jiff::Timestamp;

use super::{Outcome, SiteArgs, describe};
use crate::error::Result;

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

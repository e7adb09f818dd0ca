//! `rosette revoke`: revoke an award, or undo a mistaken revocation.

use clap::{ArgGroup, Args};
use jiff::Timestamp;

use super::{Outcome, SiteFolder};
use rosette::error::Result;

/// `rosette revoke <AWARD-ID> (--reason TEXT [--date DATE] | --undo)`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("action").required(true).args(["reason", "undo"])))]
pub struct RevokeArgs {
    /// The award's id (its file name awards/<badge>/<AWARD-ID>.toml, the end of its URL).
    pub award: String,
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// Why, in a sentence; published in the revocation list and on the award page.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// When it was revoked (2025-06-01 or 2025-06-01T12:00:00Z); default: now.
    #[arg(long, value_name = "DATE", requires = "reason")]
    pub date: Option<String>,
    /// Remove the award's revocation (a mistake that should not stand).
    #[arg(long, conflicts_with_all = ["reason", "date"])]
    pub undo: bool,
}

impl RevokeArgs {
    /// Changes the award file.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let site = self.site.locate()?;
        // The site is checked after the change: with the build cache, only the changed award is.
        let cache = super::cache::folder(&site, false);
        let next =
            "commit the change; the next build publishes it (OB 2.0 assertion, revocation list, OB 3.0 status bit)";
        match &self.reason {
            Some(reason) => {
                let changed = rosette::award::revoke::revoke(
                    &site,
                    &self.award,
                    reason,
                    self.date.as_deref(),
                    now,
                    cache.as_deref(),
                )?;
                Ok(Outcome {
                    summary: format!("revoked award {} as of {}: \"{}\"", self.award, changed.date, changed.reason),
                    notes: vec![
                        format!("changed {}", rosette::paths::shown(&site.join(&changed.file)).display()),
                        next.into(),
                    ],
                    ..Outcome::default()
                })
            }
            None => {
                let changed = rosette::award::revoke::undo(&site, &self.award, now, cache.as_deref())?;
                Ok(Outcome {
                    summary: format!(
                        "award {} is no longer revoked (the revocation of {}, \"{}\", was removed)",
                        self.award, changed.date, changed.reason
                    ),
                    notes: vec![
                        format!("changed {}", rosette::paths::shown(&site.join(&changed.file)).display()),
                        next.into(),
                        "if the revocation was already deployed, verifiers and wallets may have seen it: \
                         status lists treat revocation as final, so prefer a new award to un-revoking a published one"
                            .into(),
                    ],
                    ..Outcome::default()
                })
            }
        }
    }
}

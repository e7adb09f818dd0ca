//! `rosette award`: one recipient from flags, or many from a CSV roster.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use jiff::Timestamp;

use super::{Outcome, SiteFolder};
use rosette::award::{self, AwardOptions, Request};
use rosette::error::{Diagnostics, Result};

/// `rosette award <BADGE> (--email EMAIL | --url URL | --roster FILE --mailing-list FILE) […]`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("recipient").required(true).args(["email", "url", "roster"])))]
pub struct AwardArgs {
    /// The badge to award (its id: the name of badges/<BADGE>.md).
    pub badge: String,
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// The recipient's e-mail address; only its salted hash is stored.
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// A URL identifying the recipient instead of an e-mail (e.g. a GitHub profile).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The recipient's name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The recipient agreed to show their name on the public pages.
    #[arg(long)]
    pub public: bool,
    /// A link to the work that earned the badge (repeatable).
    #[arg(long, value_name = "URL")]
    pub evidence: Vec<String>,
    /// What the recipient did, in Markdown.
    #[arg(long, value_name = "TEXT")]
    pub narrative: Option<String>,
    /// Issue date (2025-03-14 or 2025-03-14T10:00:00Z); default: now.
    #[arg(long, value_name = "DATE")]
    pub issued: Option<String>,
    /// Expiry date.
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Award everyone in this CSV file (columns: email, name, public, evidence, narrative,
    /// issued, expires), all or nothing. Keep it outside the site folder.
    #[arg(
        long,
        value_name = "FILE",
        requires = "mailing_list",
        conflicts_with_all = ["name", "public", "evidence", "narrative", "issued", "expires"]
    )]
    pub roster: Option<PathBuf>,
    /// With --roster: write each recipient's e-mail, award URL and message to this new CSV
    /// file, outside the site folder.
    #[arg(long, value_name = "FILE", requires = "roster")]
    pub mailing_list: Option<PathBuf>,
    /// Award even to someone who already holds the badge (e.g. a renewal).
    #[arg(long)]
    pub allow_repeat: bool,
}

impl AwardArgs {
    /// Writes the award files and tells the user what to send.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let site = self.site.locate()?;
        let cache = super::cache::folder(&site, false);
        let settings = AwardOptions {
            site_dir: &site,
            badge: &self.badge,
            now,
            allow_repeat: self.allow_repeat,
            mailing_list: self.mailing_list.as_deref(),
            cache: cache.as_deref(),
        };
        let (requests, problems) = match &self.roster {
            Some(path) => {
                let roster = award::roster::read(path, &site)?;
                (roster.requests, roster.problems)
            }
            None => (vec![self.request()], Diagnostics::default()),
        };
        let awarded = award::award(&settings, &requests, problems)?;
        let mut notes: Vec<String> = awarded
            .awards
            .iter()
            .map(|a| {
                format!(
                    "wrote {} (status index {})",
                    rosette::paths::shown(&site.join(&a.file)).display(),
                    a.status_index
                )
            })
            .collect();
        notes.push(format!(
            "the site passes `rosette check`; commit the new {} and open a pull request. \
                 Send the message once the site is deployed: the page does not exist before",
            if awarded.awards.len() == 1 { "file" } else { "files" }
        ));
        let summary = match (&self.mailing_list, awarded.awards.as_slice()) {
            (None, [single]) => format!("{}\n\n{}", single.page_url, award::message(&awarded, single)),
            (Some(list), awards) => {
                notes.push(format!(
                    "{} holds e-mail addresses: keep it out of the repository and delete it once the messages are sent",
                    list.display()
                ));
                format!(
                    "awarded \"{}\" to {}; e-mail, award URL and message of each are in {}",
                    awarded.badge_name,
                    rosette::words::counted(awards.len(), "recipient", "recipients"),
                    list.display()
                )
            }
            (None, awards) => format!(
                "awarded \"{}\" to {}",
                awarded.badge_name,
                rosette::words::counted(awards.len(), "recipient", "recipients")
            ),
        };
        Ok(Outcome { summary, warnings: awarded.warnings, notes, ..Outcome::default() })
    }

    fn request(&self) -> Request {
        Request {
            origin: award::Origin::Flags,
            email: self.email.clone(),
            url: self.url.clone(),
            name: self.name.clone(),
            public: self.public,
            evidence: self.evidence.clone(),
            narrative: self.narrative.clone(),
            issued: self.issued.clone(),
            expires: self.expires.clone(),
        }
    }
}

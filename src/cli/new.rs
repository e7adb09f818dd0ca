//! `rosette new badge <ID>` and `rosette new issuer <ID>`: a new, commented source file.

use std::path::Path;

use clap::{Args, Subcommand};
use jiff::Timestamp;

use super::prompt::Prompt;
use super::{Outcome, SiteFolder};
use rosette::error::Result;
use rosette::scaffold::badge::{BadgeFields, new_badge};
use rosette::scaffold::issuer::{IssuerFields, new_issuer};
use rosette::scaffold::{self, Scaffolded};

/// `rosette new (badge|issuer) <ID> […]`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: What,
}

/// The kinds of file `new` writes.
#[derive(Debug, Subcommand)]
pub enum What {
    /// Write badges/<ID>.md (and a starter image when no --image is given).
    Badge(BadgeArgs),
    /// Write issuers/<ID>.toml.
    Issuer(IssuerArgs),
}

/// `rosette new badge <ID> [--name NAME] [--description TEXT] [--issuer ID] [--image FILE] …`.
#[derive(Debug, Args)]
pub struct BadgeArgs {
    /// The badge id: a-z, 0-9 and -, part of its public URL forever.
    pub id: String,
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// The badge's name. Default: made of the id.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// One sentence: what earners achieved.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// The id of the issuer awarding it. Default: the site's only issuer.
    #[arg(long, value_name = "ID")]
    pub issuer: Option<String>,
    /// The image, a PNG or SVG file in badges/. Default: badges/<ID>.svg, written as a starter.
    #[arg(long, value_name = "FILE")]
    pub image: Option<String>,
    /// A keyword (repeatable).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// The Open Badges 3.0 achievement type (Badge, Certificate, Course, …). Default: Badge.
    #[arg(long, value_name = "TYPE")]
    pub achievement_type: Option<String>,
}

/// `rosette new issuer <ID> [--name NAME] [--url URL] [--email EMAIL] …`.
#[derive(Debug, Args)]
pub struct IssuerArgs {
    /// The issuer id: a-z, 0-9 and -, part of its public URL forever.
    pub id: String,
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// The organisation's name. Default: made of the id.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Its home page.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Its public contact address (never a person's private one).
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// A sentence or two about it.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Its logo, a PNG or SVG file in issuers/.
    #[arg(long, value_name = "FILE")]
    pub image: Option<String>,
}

impl NewArgs {
    /// Asks for what is missing (at a terminal), writes the file, checks the site.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let prompt = Prompt::new();
        let (site, written) = match &self.what {
            What::Badge(args) => {
                let site = args.site.locate()?;
                // A bad or taken id is said before any question is asked.
                scaffold::refuse_badge_id(&site, &args.id)?;
                let issuers = scaffold::issuer_ids(&site)?;
                let only = match issuers.as_slice() {
                    [only] => Some(only.as_str()),
                    _ => None,
                };
                let issuer_question = format!("Issuer ({})", issuers.join(", "));
                let fields = BadgeFields {
                    name: prompt.ask(args.name.as_deref(), "Name", Some(&scaffold::title(&args.id)))?,
                    description: prompt.ask(args.description.as_deref(), "Description (one sentence)", None)?,
                    issuer: match only {
                        Some(_) => args.issuer.clone(),
                        None => prompt.ask(args.issuer.as_deref(), &issuer_question, None)?,
                    },
                    image: args.image.clone(),
                    tags: args.tag.clone(),
                    achievement_type: args.achievement_type.clone(),
                };
                (site.clone(), new_badge(&site, &args.id, &fields, now)?)
            }
            What::Issuer(args) => {
                let site = args.site.locate()?;
                scaffold::refuse_issuer_id(&site, &args.id)?;
                let fields = IssuerFields {
                    name: prompt.ask(args.name.as_deref(), "Name", Some(&scaffold::title(&args.id)))?,
                    url: prompt.ask(args.url.as_deref(), "Home page", None)?,
                    email: prompt.ask(args.email.as_deref(), "Public contact e-mail", None)?,
                    description: args.description.clone(),
                    image: args.image.clone(),
                };
                (site.clone(), new_issuer(&site, &args.id, &fields, now)?)
            }
        };
        Ok(summary(&site, &written))
    }
}

fn summary(site: &Path, written: &Scaffolded) -> Outcome {
    // Paths as the user would type them: `badges/x.md` inside the site, `site/badges/x.md` outside.
    let shown = |rel: &str| if site == Path::new(".") { rel.to_string() } else { site.join(rel).display().to_string() };
    let mut notes = Vec::new();
    if let Some(image) = &written.starter_image {
        notes.push(format!("wrote a starter image {}: replace it with the badge's own", shown(image)));
    }
    let file = written.files.first().map(String::as_str).unwrap_or_default();
    let summary = format!("wrote {}; edit it, then `rosette check`", shown(file));
    Outcome { summary, notes, ..Outcome::default() }
}

//! `rosette init`.

use std::path::PathBuf;

use clap::Args;

use super::Outcome;
use super::prompt::Prompt;
use rosette::error::Result;
use rosette::init::{InitOptions, pages};
use rosette::model::rules::placeholders::EXAMPLE_NAME;

/// `rosette init DIR [--name NAME] [--base-url URL]`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (must not exist, or be empty).
    pub dir: PathBuf,
    /// The organisation's name (the issuer id is made of it). Asked for at a terminal;
    /// otherwise an example, which `check` points out.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The address the site will be served at. Default: the GitHub Pages address of the
    /// clone's GitHub `origin`, else an example, which `check` points out.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl InitArgs {
    /// Writes the starter site.
    pub fn run(&self) -> Result<Outcome> {
        let prompt = Prompt::new();
        let name = prompt.ask(self.name.as_deref(), "Name of the organisation", Some(EXAMPLE_NAME))?;
        let default_url = pages::default_base_url(&self.dir);
        let base_url = prompt.ask(self.base_url.as_deref(), "Address of the site", Some(&default_url))?;
        let created = rosette::init::init(&self.dir, &InitOptions { name, base_url })?;
        let dir = self.dir.display();
        let mut notes = vec![format!("issuer `{}`, base_url {}", created.issuer, created.base_url)];
        if created.example_base_url {
            notes.push("base_url is an example: set the real address in site.toml before publishing".into());
        }
        let summary = format!(
            "created a new site in {dir} ({} files); next: edit issuers/{}.toml, delete the starter award, \
             then `rosette check --site {dir}`",
            created.files.len(),
            created.issuer
        );
        Ok(Outcome { summary, notes, ..Outcome::default() })
    }
}

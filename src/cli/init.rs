//! `rosette init`.

use std::path::PathBuf;

use clap::Args;

use super::Outcome;
use rosette::error::Result;

/// `rosette init DIR`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (must not exist, or be empty).
    pub dir: PathBuf,
}

impl InitArgs {
    /// Writes the starter site.
    pub fn run(&self) -> Result<Outcome> {
        let files = rosette::init::init(&self.dir)?;
        let summary = format!(
            "created a new site in {} ({} files); next: edit site.toml, then `rosette build --site {}`",
            self.dir.display(),
            files.len(),
            self.dir.display()
        );
        Ok(Outcome { summary, ..Outcome::default() })
    }
}

//! `rosette serve`: preview the site on 127.0.0.1, rebuilt and reloaded on every edit.
//!
//! Unlike the other commands, serve runs until it is interrupted, so it cannot hand its output
//! back to `main` at the end: it hands each event of the session to the [printer](super::printer)
//! as it happens.

use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;

use super::build::signing_key;
use super::printer::Printer;
use super::{Outcome, SIGNING_KEY_VARIABLE, SiteFolder};
use rosette::error::{Error, Result};
use rosette::proof::SigningKey;
use rosette::serve::{ServeOptions, Signing};

/// `rosette serve [--site DIR] [--port N] [--key-file FILE]`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// Port on 127.0.0.1 (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// File holding the secret signing key, outside the site folder (or set ROSETTE_SIGNING_KEY).
    /// Without either, credentials are signed with a throwaway preview key and every page says so.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

impl ServeArgs {
    /// Serves the site until interrupted; returns only if the server cannot go on.
    ///
    /// Every rebuild represents `now`, the moment serve started (or `SOURCE_DATE_EPOCH`):
    /// the library never reads the clock, and a preview session is short enough for awards
    /// not to expire during it. Restart serve to move the clock on.
    pub fn run(&self, now: Timestamp, printer: &Printer) -> Result<Outcome> {
        // Before anything is said about keys: a folder that is not a site is the only news.
        let dir = self.site.locate()?;
        let key = signing_key(self.key_file.as_deref(), &dir, &dir.join("public"))?;
        let preview = key.is_none();
        let signing = match key {
            Some(key) => Signing::Key(key),
            None => {
                Signing::Preview(SigningKey::generate().map_err(|e| Error::failed("cannot make a preview key", e))?)
            }
        };
        if preview {
            // Said before the first build, which may take a while.
            printer.note(&format!(
                "note: no signing key given (--key-file or {SIGNING_KEY_VARIABLE}): credentials are signed with a \
                 throwaway preview key, and every page says so"
            ));
        }
        let mut session = printer.session(&dir);
        let options = ServeOptions { site_dir: dir, port: self.port, signing };
        rosette::serve::run(options, move || now, |event| session.event(event))?;
        Ok(Outcome { summary: "stopped serving".into(), ..Outcome::default() })
    }
}

//! `rosette serve`: preview the site on 127.0.0.1, rebuilt and reloaded on every edit.
//!
//! Unlike the other commands, serve runs until it is interrupted, so it cannot hand its output
//! back to `main` at the end: it prints each event of the session as it happens (this is the
//! one place of the command line that prints).

use std::path::{Path, PathBuf};

use clap::Args;
use jiff::Timestamp;

use super::build::signing_key;
use super::{Outcome, SIGNING_KEY_VARIABLE, describe};
use crate::error::{Error, Result};
use crate::proof::SigningKey;
use crate::serve::{Config, Event, Signing};

/// `rosette serve [DIR] [--port N] [--key-file FILE]`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site to preview (the folder holding site.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
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
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let key = signing_key(self.key_file.as_deref(), &self.dir, &self.dir.join("public"))?;
        let preview = key.is_none();
        let signing = match key {
            Some(key) => Signing::Key(key),
            None => Signing::Preview(
                SigningKey::generate().map_err(|e| Error::Refused(format!("cannot make a preview key: {e}")))?,
            ),
        };
        let mut printer = Printer { root: self.dir.canonicalize().unwrap_or_else(|_| self.dir.clone()), first: true };
        printer.start(preview);
        let config = Config { site_dir: self.dir.clone(), port: self.port, signing };
        crate::serve::run(config, move || now, |event| printer.print(event))?;
        Ok(Outcome { summary: "stopped serving".into(), ..Outcome::default() })
    }
}

/// Prints a session's events: the URL on stdout, everything else on stderr.
struct Printer {
    /// The site folder, to show changed files relative to it.
    root: PathBuf,
    /// Whether no build has been reported yet.
    first: bool,
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
impl Printer {
    /// Said before the first build, which may take a while.
    fn start(&self, preview: bool) {
        if preview {
            eprintln!(
                "note: no signing key given (--key-file or {SIGNING_KEY_VARIABLE}): credentials are signed with a \
                 throwaway preview key, and every page says so"
            );
        }
    }

    fn print(&mut self, event: Event) {
        match event {
            Event::Listening { url } => println!("serving {url} (Ctrl-C to stop)"),
            Event::Built { report, changed } => {
                self.changed(&changed);
                for warning in &report.warnings {
                    eprintln!("{warning}");
                }
                let again = if self.first { "built" } else { "rebuilt" };
                eprintln!("{again} {}", describe(&report));
                self.first = false;
            }
            Event::Failed { error, changed } => {
                self.changed(&changed);
                match &error {
                    Error::Invalid(diagnostics) => {
                        for diagnostic in diagnostics {
                            eprintln!("{diagnostic}");
                        }
                        eprintln!("error: {error}");
                    }
                    _ => eprintln!("error: {}", crate::error::cause_chain(&error)),
                }
                let served = if self.first { "nothing to serve yet" } else { "the last good build is still served" };
                eprintln!("the site does not build: {served}; the browser shows the error until it is fixed");
                self.first = false;
            }
            Event::WatchFailed(problem) => eprintln!("warning: watching the site folder: {problem}"),
        }
    }

    fn changed(&self, changed: &[PathBuf]) {
        if changed.is_empty() {
            return;
        }
        let names: Vec<String> = changed.iter().map(|path| relative(&self.root, path)).collect();
        eprintln!("changed: {}", names.join(", "));
    }
}

fn relative(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

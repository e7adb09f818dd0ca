//! `rosette serve`: preview the site, rebuilt and reloaded on every edit; where it listens
//! (`--bind`, `--port`, the default port and the next ones when it is busy, `--base-url`) and
//! `--open`, the home of the webbrowser crate.
//!
//! Unlike the other commands, serve runs until it is interrupted, so it cannot hand its output
//! back to `main` at the end: it hands each event of the session to the [printer](super::printer)
//! as it happens.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;

use super::build::signing_key;
use super::printer::Printer;
use super::{Outcome, SIGNING_KEY_VARIABLE, SiteFolder};
use rosette::error::{Error, Result};
use rosette::proof::SigningKey;
use rosette::serve::{DEFAULT_PORT, Event, Listener, ServeOptions, Signing};

/// `rosette serve [--site DIR] [--port N] [--bind ADDR] [--base-url URL] [--open] [--key-file FILE]`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// Port to listen on [default: 4180, or the next free one when it is busy]. 0: any free port.
    #[arg(long, short, value_name = "N")]
    pub port: Option<u16>,
    /// Address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 (or ::) lets every device
    /// on the network see the preview.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The URL the preview's links use [default: http://<bind address>:<port>/, 127.0.0.1 for 0.0.0.0], e.g.
    /// http://192.168.1.20:4180/ for links that work from other devices with --bind 0.0.0.0.
    /// Without --port, serve then listens on 4180 exactly, so that the links lead to it.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Open the site in the web browser once it is served (the BROWSER environment variable
    /// picks the browser).
    #[arg(long)]
    pub open: bool,
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
        // Links name a port: one given with --base-url must be the one listened on.
        let port = self.port.or(self.base_url.as_ref().map(|_| DEFAULT_PORT));
        let mut listener = rosette::serve::listen(self.bind, port)?;
        if let Some(url) = &self.base_url {
            listener = listener.with_base_url(url)?;
        }
        self.say_where(&listener, printer);
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
        let options = ServeOptions { site_dir: dir, listener, signing };
        rosette::serve::run(
            options,
            move || now,
            |event| {
                let opening = match &event {
                    Event::Listening { url } if self.open => Some(url.clone()),
                    _ => None,
                };
                session.event(event);
                if let Some(url) = opening {
                    open_browser(&url, printer);
                }
            },
        )?;
        Ok(Outcome { summary: "stopped serving".into(), ..Outcome::default() })
    }

    /// Notes on where serve listens: another port than the default, or beyond this machine.
    fn say_where(&self, listener: &Listener, printer: &Printer) {
        let port = listener.address().port();
        if let Some(busy) = listener.busy() {
            printer.note(&format!("note: port {busy} is busy (another rosette serve?); serving on {port}"));
        }
        if self.bind.is_loopback() {
            return;
        }
        printer.note(&format!(
            "warning: listening on {}: everyone who can reach this machine on the network can see the preview",
            listener.address()
        ));
        if self.bind.is_unspecified() && self.base_url.is_none() {
            printer.note(&format!(
                "note: links in the preview lead to {}, on this machine only; for links that work on other \
                 devices, add --base-url http://<this machine's address>:{port}/ --port {port}",
                listener.url()
            ));
        }
    }
}

/// Opens `url` in the browser; serving goes on whether it opens or not.
fn open_browser(url: &str, printer: &Printer) {
    if let Err(e) = webbrowser::open(url) {
        printer.note(&format!("note: could not open a browser ({e}); open {url} yourself"));
    }
}

//! `rosette serve`: a local preview of the site that rebuilds and reloads as the sources change.
//!
//! Three threads share the work. A builder thread rebuilds the whole site whenever the
//! watcher (`watch`) reports a change; a server thread runs a current-thread tokio runtime that
//! answers HTTP from the last good build, kept in memory (nothing is written to disk, so the
//! site's `public/` is never touched); the caller's thread hands [`Event`]s to its callback,
//! because the library never prints. Builds and requests meet in one `tokio::sync::watch`
//! channel holding the latest `State`: requests read it, and the live-reload (`reload`)
//! streams wake up when it changes, so open pages reload or show the error.

mod address;
mod http;
mod reload;
mod watch;

pub use address::{DEFAULT_PORT, Listener, listen};

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use hyper::body::Bytes;
use jiff::Timestamp;

use crate::error::{Error, Result};
use crate::output::OutputFile;
use crate::proof::SigningKey;
use crate::{Options, Report};

/// What to serve and how to sign it.
#[derive(Debug)]
pub struct ServeOptions {
    /// The site folder (holds `site.toml`); watched recursively.
    pub site_dir: PathBuf,
    /// Where to answer, from [`listen`] (bound first, so the caller can say where before the
    /// first build, which may take a while), and the base URL of the links.
    pub listener: Listener,
    /// The key the OB 3.0 credentials are signed with.
    pub signing: Signing,
}

/// How the previewed credentials are signed.
#[derive(Debug)]
pub enum Signing {
    /// With the site's own key, exactly as `rosette build` would.
    Key(SigningKey),
    /// With a key made for this preview only: it replaces the site's keys and every page says
    /// it is a preview, so nobody mistakes the preview's credentials for real ones.
    Preview(SigningKey),
}

/// What happened, for the caller to show.
#[derive(Debug)]
pub enum Event {
    /// A build succeeded and is now served. `changed` lists the files that caused it (empty
    /// for the first build).
    Built {
        /// The build's report (warnings, counts).
        report: Report,
        /// The changed source files, as the watcher reported them.
        changed: Vec<PathBuf>,
    },
    /// A build failed; the last good build (if any) stays served and open pages show the error.
    Failed {
        /// Why the build failed.
        error: Error,
        /// The changed source files, as the watcher reported them.
        changed: Vec<PathBuf>,
    },
    /// The server answers at `url` (sent once, after the first build).
    Listening {
        /// The base URL of every served document (`http://127.0.0.1:<port>/` by default).
        url: String,
    },
    /// The file watcher reported a problem; serving goes on.
    WatchFailed(String),
}

/// Builds the site, serves it on the listener and rebuilds it on every change until the server
/// fails (it does not stop on its own: interrupt the process). `clock` gives the moment each
/// build represents, because the library never reads the clock itself.
pub fn run(
    options: ServeOptions,
    clock: impl Fn() -> Timestamp + Send + 'static,
    mut on_event: impl FnMut(Event),
) -> Result<()> {
    // A folder that is not a site would be served as an error page forever: say so and stop.
    crate::source::layout::require_site(&options.site_dir)?;
    let (url, hosts) = (options.listener.url(), options.listener.hosts());
    let listener = options.listener.socket;
    let builder = Builder { site_dir: options.site_dir, base_url: url.clone(), signing: options.signing, clock };

    let (changes_tx, changes_rx) = mpsc::channel();
    // Started before the first build, so edits made during it are not missed; kept alive for
    // the whole session, since dropping the debouncer stops the watching.
    let _watcher = watch::start(&builder.site_dir, changes_tx)?;
    let (first_state, first_event) = builder.rebuild(&State::default(), Vec::new());
    on_event(first_event);
    let (state_tx, state_rx) = tokio::sync::watch::channel(first_state);
    let (events_tx, events_rx) = mpsc::channel::<Message>();

    let builder_events = events_tx.clone();
    std::thread::Builder::new()
        .name("rosette-build".into())
        .spawn(move || {
            while let Some(batch) = watch::next_batch(&changes_rx) {
                for problem in batch.problems {
                    let _ = builder_events.send(Message::Event(Event::WatchFailed(problem)));
                }
                if batch.changed.is_empty() {
                    continue;
                }
                // Cloned, not borrowed: a borrow holds the channel's lock, which must not last a build.
                let previous = state_tx.borrow().clone();
                let (state, event) = builder.rebuild(&previous, batch.changed);
                state_tx.send_replace(state);
                if builder_events.send(Message::Event(event)).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| Error::failed("cannot start the build thread", e))?;
    std::thread::Builder::new()
        .name("rosette-http".into())
        .spawn(move || {
            let result = http::serve(listener, state_rx, hosts);
            let _ = events_tx.send(Message::Stopped(result));
        })
        .map_err(|e| Error::failed("cannot start the server thread", e))?;

    on_event(Event::Listening { url });
    for message in events_rx {
        match message {
            Message::Event(event) => on_event(event),
            Message::Stopped(result) => return result,
        }
    }
    Ok(())
}

/// What the worker threads tell the caller's thread.
enum Message {
    Event(Event),
    Stopped(Result<()>),
}

/// What is served right now: the last good build, and why the latest build failed if it did.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    /// The last good build; `None` until a build succeeds.
    site: Option<Arc<Site>>,
    /// The latest build's error as plain text, `None` when it succeeded.
    error: Option<Arc<str>>,
}

/// One good build, in memory.
#[derive(Debug)]
struct Site {
    /// Contents by `/`-separated path relative to the site root.
    files: HashMap<String, Bytes>,
    /// Identifies the build's contents: pages reload only when it changes.
    token: String,
}

impl Site {
    fn new(plan: Vec<OutputFile>) -> Site {
        // Not a security measure, only change detection; DefaultHasher::new() is deterministic,
        // so an identical rebuild (a touched file) keeps the token and reloads nothing.
        let mut hasher = DefaultHasher::new();
        for file in &plan {
            file.path.hash(&mut hasher);
            file.bytes.hash(&mut hasher);
        }
        let token = format!("{:016x}", hasher.finish());
        Site { files: plan.into_iter().map(|f| (f.path, Bytes::from(f.bytes))).collect(), token }
    }
}

/// Everything a rebuild needs; owned by the build thread after the first build.
struct Builder<C> {
    site_dir: PathBuf,
    base_url: String,
    signing: Signing,
    clock: C,
}

impl<C: Fn() -> Timestamp> Builder<C> {
    /// Builds the whole site; the new state keeps `previous`'s site when the build fails.
    fn rebuild(&self, previous: &State, changed: Vec<PathBuf>) -> (State, Event) {
        // A panic would be a rosette bug, but it must not end the session: the user fixes or
        // reverts the edit that triggered it and keeps previewing.
        let result = catch_unwind(AssertUnwindSafe(|| self.plan()))
            .unwrap_or_else(|_| Err(Error::Refused("rosette crashed while building this site (a bug)".into())));
        match result {
            Ok((plan, report)) => {
                let state = State { site: Some(Arc::new(Site::new(plan))), error: None };
                (state, Event::Built { report, changed })
            }
            Err(error) => {
                let state = State { site: previous.site.clone(), error: Some(error.report().into()) };
                (state, Event::Failed { error, changed })
            }
        }
    }

    fn plan(&self) -> Result<(Vec<OutputFile>, Report)> {
        let options = Options {
            site_dir: self.site_dir.clone(),
            base_url: Some(self.base_url.clone()),
            now: (self.clock)(),
            progress: Default::default(),
            cache: None,
        };
        match &self.signing {
            Signing::Key(key) => crate::plan(&options, Some(key)),
            Signing::Preview(key) => crate::plan_preview(&options, key),
        }
    }
}

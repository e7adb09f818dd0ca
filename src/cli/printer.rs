//! The one place rosette prints: every line the command line shows goes through [`Printer`].
//!
//! The library never prints: it returns values and diagnostics, and serve hands its session's
//! events to a callback. This module turns them into text. Standard output holds the answer
//! (a summary, a secret key, unbaked JSON, annotations, serve's URL) so that it can be piped;
//! standard error holds everything for the person at the terminal. A failure is said once,
//! by [`Printer::failure`] (or, in a serve session, for each failed rebuild).
//!
//! Diagnostics are shown for people (`path:line:col: error: message`, then `  help: …`, as
//! [`Diagnostic`]'s `Display` writes them), or, for `check --format github`, as GitHub Actions
//! annotations: a workflow step that prints
//! `::error file=<path>,line=<l>,col=<c>,title=<t>::<message>` makes GitHub attach the message
//! to that line of that file. GitHub wants the path relative to the repository root, whatever
//! folder rosette was run on, and values escaped by the rules of `@actions/core` (`%`, CR and
//! LF everywhere; `:` and `,` in properties as well). The escaping is also what keeps a hostile
//! pull request from starting a line of its own with another workflow command through text
//! quoted in a message.
//!
//! Lines are written with `writeln!`, never `println!`: a closed pipe (`rosette … | head`) is
//! no reason to panic, the exit code still tells the result.
//!
//! `--quiet` ([terminal](super::terminal)) keeps errors and data (annotations included).

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use rosette::error::{Diagnostic, Error, Result, Severity, Subject, cause_chain};
use rosette::guard::Repo;
use rosette::serve::Event;

use super::terminal;
use super::{Outcome, describe};

/// How diagnostics are shown; everything else is printed the same way for both.
#[derive(Debug, Clone)]
pub enum Printer {
    /// `path:line:col: error: message` and `  help: …`, on stderr.
    Human,
    /// One annotation per diagnostic, on stdout.
    Github {
        /// The repository root (canonical), when the site is in a repository.
        root: Option<PathBuf>,
    },
}

impl Printer {
    /// Annotations for the repository that holds `site_dir` (paths stay as given outside git).
    pub fn github(site_dir: &Path) -> Printer {
        let root = Repo::discover(site_dir).ok().map(|repo| rosette::paths::resolved(&repo.root));
        Printer::Github { root }
    }

    /// What a command that ran to the end reports: its warnings and notes, then its summary,
    /// which `--quiet` leaves out unless it is the `data` the command exists to print.
    ///
    /// Fails only when the summary cannot be written (other than to a closed pipe): it may be
    /// the only copy of a secret key, so a full disk must not pass for success.
    pub fn outcome(&self, outcome: &Outcome, data: bool) -> Result<()> {
        for warning in &outcome.warnings {
            self.diagnostic(warning);
        }
        for note in &outcome.notes {
            self.note(note);
        }
        if outcome.summary.is_empty() || (terminal::quiet() && !data) {
            return Ok(());
        }
        stdout(&outcome.summary).map_err(|e| Error::failed("cannot write to standard output", e))
    }

    /// Why a command failed, said once: every diagnostic of an invalid site, or the error's
    /// cause chain (also as an annotation, so a failing pull-request check says why). A
    /// command that `writes` adds that it wrote nothing.
    pub fn failure(&self, error: &Error, writes: bool) {
        self.error(error, if writes { "; nothing was written" } else { "" });
    }

    /// A line for the person at the terminal (stderr), unless `--quiet`.
    pub fn note(&self, text: &str) {
        if !terminal::quiet() {
            say(&terminal::line(text));
        }
    }

    /// Prints the events of a `rosette serve` session on the site in `site_dir`.
    pub fn session(&self, site_dir: &Path) -> Session<'_> {
        let root = site_dir.canonicalize().unwrap_or_else(|_| site_dir.to_path_buf());
        Session { printer: self, root, first: true }
    }

    /// A diagnostic: for people on stderr (errors only with `--quiet`), or as an annotation
    /// on stdout.
    fn diagnostic(&self, diagnostic: &Diagnostic) {
        match self.annotation(diagnostic) {
            // A failed annotation loses one line of a report whose exit code still says it all.
            Some(annotation) => drop(stdout(&annotation)),
            None if diagnostic.is_error() || !terminal::quiet() => say(&terminal::diagnostic(diagnostic)),
            None => {}
        }
    }

    /// The one way an error becomes text for the terminal. `invalid` completes the summary
    /// line of an invalid site (what it means for the user's files).
    fn error(&self, error: &Error, invalid: &str) {
        match error {
            Error::Invalid(diagnostics) => {
                for diagnostic in diagnostics {
                    self.diagnostic(diagnostic);
                }
                say(&terminal::line(&format!("{}{invalid}", error.summary())));
            }
            _ => {
                if let Some(annotation) = self.failure_annotation(&cause_chain(error)) {
                    drop(stdout(&annotation));
                }
                say(&terminal::line(&error.summary()));
            }
        }
    }

    /// The annotation line for a diagnostic; `None` when diagnostics are shown to people.
    fn annotation(&self, diagnostic: &Diagnostic) -> Option<String> {
        let Printer::Github { root } = self else { return None };
        let mut properties = Vec::new();
        let mut message = String::new();
        match &diagnostic.subject {
            Subject::File { path, at } => {
                let file = match root {
                    Some(root) => repo_path(path, root),
                    None => slashes(path),
                };
                properties.push(format!("file={}", escape_property(&file)));
                if let Some(at) = at {
                    properties.push(format!("line={}", at.line));
                    properties.push(format!("col={}", at.col));
                }
            }
            // A flag is on no file's line: the annotation names it in its message.
            Subject::Flag(flag) => message = format!("--{flag}: "),
        }
        properties.push("title=rosette".into());
        message.push_str(&diagnostic.message);
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        Some(format!("::{} {}::{}", command(diagnostic.severity), properties.join(","), escape_data(&message)))
    }

    /// The annotation line for a failure that is not about a file (a bad revision…).
    fn failure_annotation(&self, message: &str) -> Option<String> {
        matches!(self, Printer::Github { .. }).then(|| format!("::error title=rosette::{}", escape_data(message)))
    }
}

/// A `rosette serve` session as it goes: the URL on stdout, everything else on stderr.
pub struct Session<'p> {
    printer: &'p Printer,
    /// The site folder, to show changed files relative to it.
    root: PathBuf,
    /// Whether no build has been reported yet.
    first: bool,
}

impl Session<'_> {
    /// Prints what just happened.
    pub fn event(&mut self, event: Event) {
        match event {
            // Nobody left to tell if stdout is gone; the server goes on.
            Event::Listening { url } => drop(stdout(&format!("serving {url} (Ctrl-C to stop)"))),
            Event::Built { report, changed } => {
                self.changed(&changed);
                for warning in &report.warnings {
                    self.printer.diagnostic(warning);
                }
                let again = if self.first { "built" } else { "rebuilt" };
                self.printer.note(&format!("{again} {}", describe(&report)));
                self.first = false;
            }
            Event::Failed { error, changed } => {
                self.changed(&changed);
                self.printer.error(&error, "");
                let served = if self.first { "nothing to serve yet" } else { "the last good build is still served" };
                self.printer
                    .note(&format!("the site does not build: {served}; the browser shows the error until it is fixed"));
                self.first = false;
            }
            Event::WatchFailed(problem) => self.printer.note(&format!("warning: watching the site folder: {problem}")),
        }
    }

    fn changed(&self, changed: &[PathBuf]) {
        if changed.is_empty() {
            return;
        }
        let names: Vec<String> = changed.iter().map(|path| relative(&self.root, path)).collect();
        self.printer.note(&format!("changed: {}", names.join(", ")));
    }
}

/// Writes a line for people on stderr, whatever the verbosity.
fn say(text: &str) {
    // Nowhere left to report a failure to write to stderr.
    let _ = terminal::stderr_line(text);
}

/// Writes a line on stdout; a closed pipe counts as written (the reader wanted no more).
fn stdout(line: &str) -> io::Result<()> {
    match writeln!(io::stdout(), "{line}") {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

fn relative(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Escapes a message (`escapeData` of `@actions/core`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`escapeProperty` of `@actions/core`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `path` relative to the repository `root`, `/`-separated. A file that no longer exists (a
/// deleted award) is placed through its nearest existing folder.
fn repo_path(path: &Path, root: &Path) -> String {
    let absolute = rosette::paths::resolved(path);
    match absolute.strip_prefix(root) {
        Ok(inside) => slashes(inside),
        Err(_) => slashes(path),
    }
}

fn slashes(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: usize, help: Option<&str>) -> Diagnostic {
        let path = "site/awards/a,b/x:1.toml";
        let diagnostic = if line > 0 {
            Diagnostic::error_at(path, line, 7, "100% wrong")
        } else {
            Diagnostic::file_error(path, "100% wrong")
        };
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }

    #[test]
    fn annotations_escape_properties_and_messages() {
        let printer = Printer::Github { root: None };
        assert_eq!(
            printer.annotation(&diagnostic(3, Some("fix it\r\n::stop-commands::x"))).unwrap(),
            "::error file=site/awards/a%2Cb/x%3A1.toml,line=3,col=7,title=rosette::100%25 wrong%0Ahelp: fix it\
             %0D%0A::stop-commands::x"
        );
        assert_eq!(
            printer.annotation(&diagnostic(0, None).as_warning()).unwrap(),
            "::warning file=site/awards/a%2Cb/x%3A1.toml,title=rosette::100%25 wrong"
        );
        assert_eq!(Printer::Human.annotation(&diagnostic(3, None)), None);
        assert_eq!(printer.failure_annotation("bad\nrev").unwrap(), "::error title=rosette::bad%0Arev");
    }

    #[test]
    fn paths_become_relative_to_the_repository() {
        let root = rosette::paths::resolved(Path::new(env!("CARGO_MANIFEST_DIR")));
        let deleted = root.join("site-example/awards/none/gone.toml");
        assert_eq!(repo_path(&deleted, &root), "site-example/awards/none/gone.toml");
        assert_eq!(repo_path(&root.join("site-example/./site.toml"), &root), "site-example/site.toml");
    }
}

//! Problems found in a site, and the library's error type.
//!
//! A [`Diagnostic`] points at the user's file, line and column, says what is wrong and how to
//! fix it. Stages collect every diagnostic they find and fail once with all of them
//! ([`Error::Invalid`]), so a user fixes a whole batch per run instead of one problem at a time.
//! Nothing here prints: `main` decides how to show them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The site builds, but probably not as intended.
    Warning,
    /// The site cannot be built.
    Error,
}

/// One problem, located in the user's source tree (or on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the problem stops the build.
    pub severity: Severity,
    /// What the problem is about: a file (and where in it) or a command-line flag.
    pub subject: Subject,
    /// What is wrong, one sentence, no trailing period.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
}

/// What a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A value given on the command line (`--email`), without the dashes.
    Flag(String),
    /// A file, as the user would type its path (site folder joined with the path).
    File {
        /// The file.
        path: PathBuf,
        /// Where in the file; `None` when the problem concerns the whole file.
        at: Option<Position>,
    },
}

/// A place in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(Subject::File { path: path.into(), at: None }, message)
    }

    /// An error at `line`:`col` (1-based) of a file.
    pub fn error_at(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic::new(Subject::File { path: path.into(), at: Some(Position { line, col }) }, message)
    }

    /// An error about the value of a command-line flag (`flag` without the dashes).
    pub fn flag_error(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::new(Subject::Flag(flag.into()), message)
    }

    fn new(subject: Subject, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, subject, message: message.into(), help: None }
    }

    /// Adds a hint telling the user how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns the diagnostic into a warning.
    #[must_use]
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file the problem is in, if it is about a file.
    pub fn path(&self) -> Option<&Path> {
        match &self.subject {
            Subject::File { path, .. } => Some(path),
            Subject::Flag(_) => None,
        }
    }

    /// Where in its file the problem is, if it is about a place in a file.
    pub fn position(&self) -> Option<Position> {
        match &self.subject {
            Subject::File { at, .. } => *at,
            Subject::Flag(_) => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Flag(flag) => write!(f, "--{flag}"),
            Subject::File { path, at: None } => write!(f, "{}", crate::paths::shown(path).display()),
            Subject::File { path, at: Some(at) } => {
                write!(f, "{}:{}:{}", crate::paths::shown(path).display(), at.line, at.col)
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {severity}: {}", self.subject, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every diagnostic found by a run, in a stable order (by file, then position).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Records one more diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Records all diagnostics of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether any recorded diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Sorted by file and position, so reports are stable whatever the walk or thread order.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| (&a.subject, &a.message).cmp(&(&b.subject, &b.message)));
        self.0.dedup();
        self.0
    }

    /// Fails with every diagnostic if any is an error; otherwise hands back the warnings.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, Error> {
        if self.has_errors() { Err(Error::Invalid(self.sorted())) } else { Ok(self.sorted()) }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// Why a library call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has problems; every one found is listed (warnings included).
    #[error("{} found", crate::words::counted(.0.iter().filter(|d| d.is_error()).count(), "problem", "problems"))]
    Invalid(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("{action} {}", path.display())]
    Io {
        /// What rosette was doing, e.g. "cannot write".
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// Something rosette was doing failed because of another error, kept as the cause.
    #[error("{what}")]
    Failed {
        /// What rosette was doing, e.g. "cannot start the web server".
        what: String,
        /// Why it failed.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// A request that cannot be carried out, explained in one sentence.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    /// Wraps an I/O error with the action and the path it concerns.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }

    /// The line that ends what people are told about this error: `error: ` and the count of
    /// problems, or the error and its causes.
    pub fn summary(&self) -> String {
        match self {
            Error::Invalid(_) => format!("error: {self}"),
            _ => format!("error: {}", cause_chain(self)),
        }
    }

    /// Everything people are told about this error, one line each: its diagnostics (with
    /// their help lines), then [`Error::summary`]. The terminal and `rosette serve`'s browser
    /// overlay both show this text.
    pub fn report(&self) -> String {
        let mut lines: Vec<String> = match self {
            Error::Invalid(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        };
        lines.push(self.summary());
        lines.join("\n")
    }

    /// What failed, with the error that made it fail as its cause (shown after a colon).
    pub fn failed(
        what: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        Error::Failed { what: what.into(), source: source.into() }
    }
}

/// An error followed by its causes, on one line: `cannot write x: Permission denied`.
pub fn cause_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

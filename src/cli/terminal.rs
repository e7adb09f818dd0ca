//! What the terminal is told, and in which colours: the global `--quiet`, `--verbose` and
//! `--color` settings, and the one home of anstream and anstyle.
//!
//! The settings are made once by `main`, before any command runs, and read by the
//! [printer](super::printer) and the [progress display](super::progress): process-wide, like
//! anstream's own colour choice, so that no command's `run` has to pass them along.
//!
//! Colours go to standard error only, through an anstream stream that removes them unless
//! they are wanted: `--color always`, or `auto` on a terminal (where `NO_COLOR` turns them
//! off and `CLICOLOR_FORCE` on, piped output or not). Standard output carries data (a secret
//! key, JSON, annotations) and is never coloured.

use std::io::{self, Write};
use std::sync::OnceLock;

use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use rosette::error::{Diagnostic, Severity};

/// When to colour messages (`--color`), as cargo's flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE: also when piped).
    #[default]
    Auto,
    /// Always, even when piped.
    Always,
    /// Never.
    Never,
}

/// How much is said (`--quiet`, `--verbose`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors and the data a command exists to print; no notes, summaries, warnings or progress.
    Quiet,
    /// Warnings, notes, the summary; a progress bar on a terminal when a run takes long.
    #[default]
    Normal,
    /// Also each stage of a build or check with its count and time.
    Verbose,
}

static VERBOSITY: OnceLock<Verbosity> = OnceLock::new();

/// Applies the global flags; called once by `main` before the command runs.
pub fn configure(verbosity: Verbosity, color: ColorWhen) {
    // A second call (none is made) would keep the first settings.
    let _ = VERBOSITY.set(verbosity);
    let choice = match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

/// How much is said in this run.
pub fn verbosity() -> Verbosity {
    VERBOSITY.get().copied().unwrap_or_default()
}

/// Whether notes, summaries and warnings are left out (`--quiet`).
pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default();

/// Writes a line of text for people on standard error, colours removed unless wanted.
pub fn stderr_line(text: &str) -> io::Result<()> {
    writeln!(anstream::stderr().lock(), "{text}")
}

/// A diagnostic as [`Diagnostic`]'s `Display` writes it, with its severity and `help:` in colour.
pub fn diagnostic(diagnostic: &Diagnostic) -> String {
    let (style, severity) = match diagnostic.severity {
        Severity::Error => (ERROR, "error"),
        Severity::Warning => (WARNING, "warning"),
    };
    let mut text = format!("{}: {style}{severity}{style:#}: {}", diagnostic.subject, diagnostic.message);
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\n  {HELP}help:{HELP:#} {help}"));
    }
    text
}

/// A line for people with its leading `error:` or `warning:` in colour (the summary of a
/// failure, a warning that is not about a file).
pub fn line(text: &str) -> String {
    for (prefix, style) in [("error:", ERROR), ("warning:", WARNING)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return format!("{style}{prefix}{style:#}{rest}");
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    #[test]
    fn colours_add_nothing_but_escape_codes() {
        let with_help = Diagnostic::error_at("site/a.toml", 3, 7, "bad").with_help("fix it");
        let warning = Diagnostic::file_error("site/b.toml", "odd").as_warning();
        for d in [with_help, warning] {
            assert_ne!(diagnostic(&d), d.to_string());
            assert_eq!(plain(&diagnostic(&d)), d.to_string());
        }
        assert_eq!(line("error: 2 problems found"), "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m 2 problems found");
        assert_eq!(plain(&line("warning: watching")), "warning: watching");
        assert_eq!(line("note: x"), "note: x");
    }
}

//! The `rosette` binary: parse the command line, read the clock, run, print, exit.

#![allow(clippy::print_stderr, clippy::print_stdout)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use jiff::Timestamp;
use rosette::cli::Cli;
use rosette::guard::github::Printer;
use rosette::{Diagnostic, Error, Severity};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let now = match build_time() {
        Ok(now) => now,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let printer = cli.command.printer();
    match cli.command.run(now) {
        Ok(outcome) => {
            for warning in &outcome.warnings {
                show(&printer, warning);
            }
            for note in &outcome.notes {
                eprintln!("{note}");
            }
            if !outcome.summary.is_empty() {
                println!("{}", outcome.summary);
            }
            if outcome.failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Err(Error::Invalid(diagnostics)) => {
            for diagnostic in &diagnostics {
                show(&printer, diagnostic);
            }
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            eprintln!("error: {errors} problem(s) found; nothing was written");
            ExitCode::FAILURE
        }
        Err(error) => {
            let message = rosette::error::cause_chain(&error);
            if let Some(annotation) = printer.failure(&message) {
                drop(writeln!(std::io::stdout(), "{annotation}"));
            }
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a diagnostic: for people on stderr, or as a GitHub annotation on stdout.
fn show(printer: &Printer, diagnostic: &Diagnostic) {
    match printer.annotation(diagnostic) {
        // A closed pipe (`| head`) is no reason to panic: the exit code still tells the result.
        Some(annotation) => drop(writeln!(std::io::stdout(), "{annotation}")),
        None => eprintln!("{diagnostic}"),
    }
}

/// The moment the build represents: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn build_time() -> Result<Timestamp, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| Timestamp::from_second(seconds).ok())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH={value} is not a number of seconds since 1970")),
        Err(_) => Ok(Timestamp::now()),
    }
}

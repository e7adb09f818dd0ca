//! The `rosette` binary: parse the command line, read the clock, run, print, exit.
//!
//! The command line ([`cli`]) and its [printer](cli::printer) live here, not in the library:
//! the library returns values and diagnostics, and only the binary prints.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::Cli;
use cli::printer::Printer;
use jiff::Timestamp;
use rosette::{Error, Result};

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::terminal::configure(cli.verbosity(), cli.color);
    // Problems found before the command starts (a bad SOURCE_DATE_EPOCH) are said to people,
    // whatever the command's own output format.
    let mut printer = Printer::Human;
    match run(&cli, &mut printer) {
        Ok(code) => code,
        Err(error) => {
            printer.failure(&error, cli.command.writes());
            ExitCode::FAILURE
        }
    }
}

/// Runs the command and prints what it reports; a failure is left to `main` to print, once.
fn run(cli: &Cli, printer: &mut Printer) -> Result<ExitCode> {
    let now = build_time()?;
    *printer = cli.command.printer();
    let outcome = cli.command.run(now, printer)?;
    printer.outcome(&outcome, cli.command.prints_data())?;
    Ok(match outcome.code {
        Some(code) => ExitCode::from(code),
        None if outcome.failed => ExitCode::FAILURE,
        None => ExitCode::SUCCESS,
    })
}

/// The moment the build represents: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn build_time() -> Result<Timestamp> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            value.trim().parse::<i64>().ok().and_then(|seconds| Timestamp::from_second(seconds).ok()).ok_or_else(|| {
                Error::Refused(format!("SOURCE_DATE_EPOCH={value} is not a number of seconds since 1970"))
            })
        }
        Err(_) => Ok(Timestamp::now()),
    }
}

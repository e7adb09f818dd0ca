//! `rosette completions <SHELL>`: the shell's completion script, made from the command line's
//! own definition (the one home of clap_complete), so it never falls behind a new flag.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome};
use rosette::error::{Error, Result};

/// `rosette completions <bash|zsh|fish|elvish|powershell>`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete rosette's commands and flags in.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl CompletionsArgs {
    /// Returns the script as the summary, for standard output.
    pub fn run(&self) -> Result<Outcome> {
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut Cli::command(), "rosette", &mut script);
        let script = String::from_utf8(script)
            .map_err(|e| Error::failed(format!("the {} completion script is not UTF-8", self.shell), e))?;
        // The printer ends the summary with a newline of its own.
        let summary = script.strip_suffix('\n').unwrap_or(&script).to_string();
        Ok(Outcome { summary, ..Outcome::default() })
    }
}

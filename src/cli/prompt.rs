//! The questions `init` and `new` ask at a terminal: a plain prompt on stderr with the default
//! in brackets, the answer read from stdin (Enter keeps the default). Without a terminal
//! (stdin or stderr redirected: scripts, CI) nothing is asked: the flags and defaults decide,
//! and the library says which flag is missing.

use std::io::{self, BufRead, IsTerminal, Write};

use rosette::error::{Error, Result};

/// Asks for what the flags did not give, when there is someone to ask.
#[derive(Debug, Clone, Copy)]
pub struct Prompt {
    interactive: bool,
}

impl Prompt {
    /// Asks only when both stdin and stderr are terminals.
    pub fn new() -> Prompt {
        Prompt { interactive: io::stdin().is_terminal() && io::stderr().is_terminal() }
    }

    /// `given` when there is one; else, at a terminal, the answer to `question` (`default`
    /// when the answer is empty); else `default`.
    pub fn ask(&self, given: Option<&str>, question: &str, default: Option<&str>) -> Result<Option<String>> {
        if given.is_some() || !self.interactive {
            return Ok(given.or(default).map(str::to_string));
        }
        let mut stderr = io::stderr();
        let shown = default.map(|d| format!(" [{d}]")).unwrap_or_default();
        write!(stderr, "{question}{shown}: ")
            .and_then(|()| stderr.flush())
            .map_err(|e| Error::failed("cannot ask", e))?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer).map_err(|e| Error::failed("cannot read the answer", e))?;
        let answer = answer.trim();
        Ok(if answer.is_empty() { default.map(str::to_string) } else { Some(answer.to_string()) })
    }
}

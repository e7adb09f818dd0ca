//! `rosette man [--out DIR]`: the manual pages, made from the command line's own definition
//! (the one home of clap_mangen): rosette.1 on standard output, or, with `--out`, rosette.1
//! and one page per command (rosette-build.1, …) written into a folder, as `man` expects them.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_mangen::Man;

use super::{Cli, Outcome};
use rosette::error::{Error, Result};
use rosette::words::counted;

/// `rosette man [--out DIR]`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rosette.1 and a page per command (rosette-build.1 and so on) into this folder
    /// (e.g. ~/.local/share/man/man1) instead of printing rosette.1.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl ManArgs {
    /// Prints rosette.1, or writes every page and says where.
    pub fn run(&self) -> Result<Outcome> {
        // Without `help`, which has no page of its own; built once so that each command knows
        // its full name (rosette-build), as in clap_mangen::generate_to, which cannot say
        // what it wrote.
        let mut command = Cli::command().disable_help_subcommand(true);
        command.build();
        let Some(dir) = &self.out else {
            let mut page = Vec::new();
            Man::new(command).render(&mut page).map_err(|e| Error::failed("cannot make the man page", e))?;
            let page = String::from_utf8_lossy(&page);
            let summary = page.strip_suffix('\n').unwrap_or(&page).to_string();
            return Ok(Outcome { summary, ..Outcome::default() });
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        let mut written = Vec::new();
        write_pages(command, dir, &mut written)?;
        Ok(Outcome {
            summary: format!("wrote {} into {}", counted(written.len(), "man page", "man pages"), dir.display()),
            ..Outcome::default()
        })
    }
}

/// Writes the page of `command` and of each of its visible commands, depth first.
fn write_pages(command: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    let man = Man::new(command);
    let path = dir.join(man.get_filename());
    let file = man.generate_to(dir).map_err(|e| Error::io("cannot write", &path, e))?;
    written.push(file);
    Ok(())
}

//! The output stage: where the files a run makes go, one at a time, as they are made.
//!
//! Every file of a run is handed to a [`Sink`] as soon as it is made (from the parallel loop
//! over the awards too), so no run holds the whole site in memory:
//! - [`Staging`] (`build`): writes each file into a staging folder of its own, then swaps it
//!   in atomically ([`publish`]: the lock, the swap, the recovery after a crash);
//! - [`Update`] (`build` with the build cache, into the folder it last wrote): writes only
//!   the files that changed, each replaced atomically;
//! - [`Checker`] (`check`): keeps nothing but the paths;
//! - [`Collector`] (`plan`, `serve`): keeps the files, for callers that serve from memory.
//!
//! All of them check every path the same way when it arrives ([`Ledger`]): inside the output
//! folder, and claimed by one file only, so `check` refuses what `build` would.

mod lock;
mod publish;
mod sink;
mod update;

use std::path::{Component, Path};

use crate::error::{Error, Result};
pub use lock::Lock;
pub use publish::{Contents, OUTPUT_MARKER, Staging, marker_identity, recover, write};
pub use sink::{Checker, Collector, Ledger, Sink, Tally};
pub use update::Update;

/// One file of a run: where it goes (relative, `/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file of the plan.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile { path: path.into(), bytes }
    }
}

/// The marker file, which every build holds so that the next build may replace the folder.
pub fn marker() -> OutputFile {
    OutputFile::new(OUTPUT_MARKER, b"This folder is written by rosette and replaced on every build.\n".to_vec())
}

/// A path must stay inside the output folder: relative, with plain components only.
pub fn validate_path(path: &str) -> Result<()> {
    let normal = !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)));
    if !normal || path.contains('\\') {
        return Err(Error::Refused(format!("refusing to write `{path}`: it would leave the output folder")));
    }
    Ok(())
}

/// Every path of `files` must stay inside the output folder, and no two files may share a
/// path: what every sink checks file by file, for a whole plan at once.
pub fn validate_plan(files: &[OutputFile]) -> Result<()> {
    let checker = Checker::default();
    files.iter().try_for_each(|file| checker.put(file.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_cannot_escape_the_output_folder() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./a"] {
            assert!(validate_plan(&[OutputFile::new(bad, vec![])]).is_err(), "{bad}");
        }
        let twice = [OutputFile::new("a.html", vec![]), OutputFile::new("a.html", vec![])];
        let error = validate_plan(&twice).unwrap_err().to_string();
        assert_eq!(error, "two outputs claim the same path `a.html`");
        assert!(validate_plan(&[OutputFile::new("a/b.html", vec![]), OutputFile::new("a.html", vec![])]).is_ok());
    }
}

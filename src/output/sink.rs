//! Sinks: where a run hands each file it makes, and the [`Ledger`] every sink keeps of them
//! (the paths taken, the files and bytes, by kind).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::{OutputFile, validate_path};
use crate::cache::StoredFile;
use crate::error::{Error, Result};

/// Where the files of a run go, one at a time, from any thread.
pub trait Sink: Sync {
    /// Takes one file; refuses a path outside the output folder or taken by an earlier file.
    fn put(&self, file: OutputFile) -> Result<()>;
    /// Takes one file the build cache holds: its contents are in the file `object`.
    fn put_stored(&self, file: &StoredFile, object: &Path) -> Result<()>;
    /// Whether [`Sink::put_stored`] would read `file`'s object: a sink that keeps nothing,
    /// or an output folder that already holds those contents, does not.
    fn needs_object(&self, file: &StoredFile) -> bool;
    /// What the sink was given so far.
    fn ledger(&self) -> &Ledger;
}

/// The kinds of files a size report names, in this order when they weigh the same.
const KINDS: [&str; 6] =
    ["share cards", "award pages", "award documents", "other pages", "static files", "other files"];

/// Which of [`KINDS`] a path is, by the places `model::urls` gives outputs.
fn kind(path: &str) -> usize {
    let name = path.rsplit('/').next().unwrap_or(path);
    match path.split('/').next() {
        Some("awards") if name == "card.png" => 0,
        // A badge's shared cards: card.png, card-expired.png, card-revoked.png.
        Some("badges") if name.starts_with("card") && name.ends_with(".png") => 0,
        Some("awards") if name.ends_with(".html") => 1,
        Some("awards") if name.ends_with(".json") => 2,
        Some("static") => 4,
        _ if name.ends_with(".html") => 3,
        _ => 5,
    }
}

/// What a sink was given: every path (to refuse a second file at one), the number of files
/// and their bytes by kind. Kept small: the paths, never the bytes.
#[derive(Debug, Default)]
pub struct Ledger {
    paths: Mutex<HashSet<Box<str>>>,
    files: AtomicUsize,
    bytes: [AtomicU64; KINDS.len()],
}

impl Ledger {
    /// Checks `file`'s path and counts it.
    pub fn record(&self, file: &OutputFile) -> Result<()> {
        self.record_path(&file.path, file.bytes.len() as u64)
    }

    /// Checks the path of a file of `len` bytes and counts it.
    pub fn record_path(&self, path: &str, len: u64) -> Result<()> {
        validate_path(path)?;
        // A poisoned lock means another thread panicked; the run fails anyway.
        let mut paths = self.paths.lock().map_err(|_| Error::Refused("a thread of the build failed".into()))?;
        if !paths.insert(path.into()) {
            return Err(Error::Refused(format!("two outputs claim the same path `{path}`")));
        }
        drop(paths);
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes[kind(path)].fetch_add(len, Ordering::Relaxed);
        Ok(())
    }

    /// The counts so far.
    pub fn tally(&self) -> Tally {
        let mut kinds: Vec<(&'static str, u64)> =
            KINDS.iter().zip(&self.bytes).map(|(kind, bytes)| (*kind, bytes.load(Ordering::Relaxed))).collect();
        kinds.retain(|(_, bytes)| *bytes > 0);
        // Stable: equal weights keep the order of KINDS.
        kinds.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
        Tally { files: self.files.load(Ordering::Relaxed), bytes: kinds.iter().map(|(_, b)| b).sum(), kinds }
    }
}

/// How many files and bytes a run made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Number of files.
    pub files: usize,
    /// Their size in bytes.
    pub bytes: u64,
    /// Bytes per kind of file ("share cards", "award pages"…), heaviest first, empty kinds left out.
    pub kinds: Vec<(&'static str, u64)>,
}

/// The sink of `check`: checks and counts every file, keeps none.
#[derive(Debug, Default)]
pub struct Checker {
    ledger: Ledger,
}

impl Sink for Checker {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.ledger.record(&file)
    }

    fn put_stored(&self, file: &StoredFile, _object: &Path) -> Result<()> {
        self.ledger.record_path(&file.path, file.len)
    }

    fn needs_object(&self, _file: &StoredFile) -> bool {
        false
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

/// The sink of `plan` and `serve`: keeps every file, for callers that serve from memory.
#[derive(Debug, Default)]
pub struct Collector {
    ledger: Ledger,
    files: Mutex<Vec<OutputFile>>,
}

impl Collector {
    /// The files, sorted by path, so the plan does not depend on thread scheduling.
    pub fn into_sorted(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collector {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.ledger.record(&file)?;
        let mut files = self.files.lock().map_err(|_| Error::Refused("a thread of the build failed".into()))?;
        files.push(file);
        Ok(())
    }

    fn put_stored(&self, file: &StoredFile, object: &Path) -> Result<()> {
        let bytes = std::fs::read(object).map_err(|e| Error::io("cannot read from the build cache", object, e))?;
        self.put(OutputFile::new(file.path.clone(), bytes))
    }

    fn needs_object(&self, _file: &StoredFile) -> bool {
        true
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

//! Updating an output folder in place: the sink of a build that knows, from the build cache,
//! what the folder holds, and writes only what changed.
//!
//! A file whose contents (digest and length) the folder already holds is not touched: its
//! time of modification stays, and a build with no change writes nothing but the marker.
//! Changed and new files are first written into a staging folder beside the output (so a
//! failed build changes nothing); [`Update::publish`] then moves each into place with a
//! rename (atomic per file: a visitor sees the old file or the new one, never half of one)
//! and removes the files the build no longer makes.
//!
//! Unlike a whole build ([`super::Staging`]) the update is not one atomic step. Before it
//! moves anything, it replaces the marker file, whose identity the cache remembers: a build
//! that dies half-way leaves a marker the cache does not know, so the next build rebuilds the
//! folder whole instead of trusting a record that is no longer true.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::lock::Lock;
use super::publish::{Contents, Places, link_or_copy, remove_leftovers, restore};
use super::sink::{Ledger, Sink};
use super::{OUTPUT_MARKER, OutputFile};
use crate::cache::{Digest, StoredFile};
use crate::error::{Error, Result};

/// A build updating its output folder in place (see the module documentation).
pub struct Update {
    places: Places,
    folder: PathBuf,
    /// What the output folder holds now.
    previous: Contents,
    ledger: Ledger,
    /// What it will hold.
    next: Mutex<Contents>,
    /// Paths written into the staging folder, to move into place.
    changed: Mutex<Vec<String>>,
    _lock: Lock,
}

impl Update {
    /// Takes the lock of `out`, which holds `previous` (as the cache says), and creates the
    /// staging folder of the changed files. `marker` is the identity of the marker file the
    /// cache knows: when another build replaced the folder since (builds of other sites, or
    /// without the cache, into the same folder), there is no update (`None`): the caller
    /// builds the folder whole instead.
    pub fn open(out: &Path, previous: Contents, marker: &str) -> Result<Option<Update>> {
        let places = Places::of(out)?;
        let lock = Lock::acquire(&places.beside("lock"))?;
        restore(&places)?;
        if super::marker_identity(out).as_deref() != Some(marker) {
            return Ok(None);
        }
        remove_leftovers(&places)?;
        let folder = places.staging();
        fs::create_dir(&folder).map_err(|e| Error::io("cannot create", &folder, e))?;
        Ok(Some(Update {
            places,
            folder,
            previous,
            ledger: Ledger::default(),
            next: Mutex::default(),
            changed: Mutex::default(),
            _lock: lock,
        }))
    }

    /// Records `path` in what the folder will hold; says whether the folder holds it already.
    fn remember(&self, path: &str, digest: Digest, len: u64) -> Result<bool> {
        let failed = || Error::Refused("a thread of the build failed".into());
        self.next.lock().map_err(|_| failed())?.insert(path.to_string(), (digest, len));
        let unchanged = self.previous.get(path) == Some(&(digest, len));
        if !unchanged {
            self.changed.lock().map_err(|_| failed())?.push(path.to_string());
        }
        Ok(unchanged)
    }

    /// Moves the changed files into place and removes the files no longer made; returns what
    /// the folder now holds.
    pub fn publish(self) -> Result<Contents> {
        let out = self.places.out.clone();
        let failed = || Error::Refused("a thread of the build failed".into());
        let mut changed = std::mem::take(&mut *self.changed.lock().map_err(|_| failed())?);
        let next = std::mem::take(&mut *self.next.lock().map_err(|_| failed())?);
        // The marker first: from here on the cache's record of the folder is no longer true.
        changed.retain(|path| path != OUTPUT_MARKER);
        replace(&self.folder, &out, OUTPUT_MARKER, true)?;
        for path in &changed {
            replace(&self.folder, &out, path, false)?;
        }
        let mut emptied = HashSet::new();
        for path in self.previous.keys().filter(|path| !next.contains_key(*path)) {
            let file = out.join(path);
            match fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io("cannot remove the stale file", &file, e));
                }
                _ => {}
            }
            emptied.extend(
                Path::new(path).ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).map(Path::to_path_buf),
            );
        }
        // Deepest first; a folder that still holds something stays.
        let mut emptied: Vec<PathBuf> = emptied.into_iter().collect();
        emptied.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        for dir in emptied {
            let _ = fs::remove_dir(out.join(dir));
        }
        fs::remove_dir_all(&self.folder).map_err(|e| Error::io("cannot remove", &self.folder, e))?;
        Ok(next)
    }
}

/// Moves `path` from the staging folder into the output (or, for the marker, writes it anew
/// when the build did not change it, so that its identity changes).
fn replace(staging: &Path, out: &Path, path: &str, marker: bool) -> Result<()> {
    let (from, to) = (staging.join(path), out.join(path));
    if marker && !from.exists() {
        let text = fs::read(&to).map_err(|e| Error::io("cannot read", &to, e))?;
        fs::write(&from, text).map_err(|e| Error::io("cannot write", &from, e))?;
    }
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    }
    fs::rename(&from, &to).map_err(|e| Error::io("cannot move into place", &to, e))
}

impl Sink for Update {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.ledger.record(&file)?;
        if self.remember(&file.path, Digest::of(&file.bytes), file.bytes.len() as u64)? {
            return Ok(());
        }
        let path = self.folder.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io("cannot write", &path, e))
    }

    fn put_stored(&self, file: &StoredFile, object: &Path) -> Result<()> {
        self.ledger.record_path(&file.path, file.len)?;
        if self.remember(&file.path, file.digest, file.len)? {
            return Ok(());
        }
        link_or_copy(object, &self.folder.join(&file.path))
    }

    fn needs_object(&self, file: &StoredFile) -> bool {
        self.previous.get(&file.path) != Some(&(file.digest, file.len))
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

impl Drop for Update {
    /// A build that failed leaves the output as it was and nothing beside it.
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.folder);
    }
}

//! Publishing a build atomically: the staging folder, the lock, the swap and the recovery.
//!
//! The whole site is written to a staging folder beside the target as its files are made
//! ([`Staging`], a [`Sink`]), then swapped in with two
//! renames, so a failed build (or a crash half-way) leaves the previous output untouched and a
//! web server never serves half a site. A folder that rosette did not write (it lacks the
//! marker file) is never replaced: that would silently delete someone's files.
//!
//! Builds into the same folder at once, and builds killed at any moment:
//! - A build holds an exclusive lock (`.<name>.rosette-lock` beside the output, released by
//!   the system when the process ends, however it ends) from before it looks at the folder
//!   until its swap is done. A second build *waits* for it, then writes its own output whole:
//!   the last build to finish wins. The lock is taken once the site has been read and checked
//!   and held while the build makes its files (they stream into the staging folder as they
//!   are made), so a second build waits for the first one's pass over the awards.
//! - Each build stages into a folder of its own (`.<name>.rosette-new-<pid>-<n>`). Under the
//!   lock, any staging folder found is a dead build's and is removed.
//! - The standard library cannot swap two folders in one step (Linux's
//!   `renameat2(RENAME_EXCHANGE)` needs `unsafe` or a new dependency), so there is a window of
//!   microseconds between `out → .<name>.rosette-old` and `staging → out`. A build killed in
//!   it leaves no `out` and a whole `.<name>.rosette-old`: the next build (or [`recover`])
//!   puts that back first, before anything else, and never deletes an old copy that is the
//!   only one.
//!
//! Power loss is another matter: files are not synced one by one (it would make every build
//! many times slower); after a crash of the machine, build again.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::OutputFile;
use super::lock::Lock;
use super::sink::{Ledger, Sink};
use crate::cache::{Digest, StoredFile};
use crate::error::{Error, Result};

/// Name of the file that marks a folder as rosette output: only such a folder is replaced.
pub const OUTPUT_MARKER: &str = ".rosette-output";

/// Numbers the staging folders of one process (several builds may run in one test process).
static STAGING: AtomicU64 = AtomicU64::new(0);

/// What an output folder holds, for the build cache: path → (digest, length).
pub type Contents = HashMap<String, (Digest, u64)>;

/// The output folder and the names rosette uses beside it.
pub(super) struct Places {
    pub(super) out: PathBuf,
    pub(super) parent: PathBuf,
    name: String,
}

impl Places {
    pub(super) fn of(out: &Path) -> Result<Places> {
        let name = out
            .file_name()
            .ok_or_else(|| Error::Refused(format!("{} cannot be an output folder", out.display())))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Places { out: out.to_path_buf(), parent, name })
    }

    pub(super) fn beside(&self, suffix: &str) -> PathBuf {
        self.parent.join(format!(".{}.rosette-{suffix}", self.name))
    }

    /// A staging folder name no other build uses: this process's id and a counter.
    pub(super) fn staging(&self) -> PathBuf {
        self.beside(&format!("new-{}-{}", std::process::id(), STAGING.fetch_add(1, Ordering::Relaxed)))
    }

    /// Whether `file_name` is a staging folder of this output (of any build, or of the
    /// rosette versions that used one shared name).
    fn is_staging(&self, file_name: &str) -> bool {
        let shared = format!(".{}.rosette-new", self.name);
        file_name.strip_prefix(&shared).is_some_and(|rest| {
            rest.is_empty()
                || rest.strip_prefix('-').is_some_and(|id| id.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
        })
    }
}

/// Writes `files` as the new contents of `out`, replacing the previous build atomically.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::open(out)?;
    for file in files {
        staging.put(file.clone())?;
    }
    staging.publish().map(drop)
}

/// A build being written: the files go into a staging folder of its own as they are made
/// ([`Sink::put`], from any thread), and [`Staging::publish`] swaps it in. Dropped without
/// publishing (a failed build), the staging folder is removed and the output is untouched.
///
/// The output's lock is held from [`Staging::open`] to the end: the staging folder of a live
/// build must never look like a dead build's leftovers to another build.
pub struct Staging {
    places: Places,
    folder: PathBuf,
    ledger: Ledger,
    /// Whether the folder was swapped in (then there is nothing to clean up).
    published: bool,
    /// What the folder holds, when the build cache wants to know ([`Staging::recording`]).
    recorded: Option<Mutex<Contents>>,
    _lock: Lock,
}

impl Staging {
    /// Takes the lock of `out`, restores a build a crash left aside, makes sure `out` may be
    /// replaced, removes dead builds' leftovers and creates this build's staging folder.
    pub fn open(out: &Path) -> Result<Staging> {
        let places = Places::of(out)?;
        fs::create_dir_all(&places.parent).map_err(|e| Error::io("cannot create", &places.parent, e))?;
        let lock = Lock::acquire(&places.beside("lock"))?;
        restore(&places)?;
        ensure_replaceable(out)?;
        remove_leftovers(&places)?;
        let folder = places.staging();
        fs::create_dir(&folder).map_err(|e| Error::io("cannot create", &folder, e))?;
        Ok(Staging { places, folder, ledger: Ledger::default(), published: false, recorded: None, _lock: lock })
    }

    /// Also keeps the digest of every file, which [`Staging::publish`] then returns.
    pub fn recording(mut self) -> Staging {
        self.recorded = Some(Mutex::default());
        self
    }

    fn remember(&self, path: &str, digest: impl FnOnce() -> Digest, len: u64) -> Result<()> {
        if let Some(recorded) = &self.recorded {
            let mut recorded = recorded.lock().map_err(|_| Error::Refused("a thread of the build failed".into()))?;
            recorded.insert(path.to_string(), (digest(), len));
        }
        Ok(())
    }

    /// Swaps the staging folder in as the output, the previous build out; returns what the
    /// output holds when [`Staging::recording`].
    pub fn publish(mut self) -> Result<Option<Contents>> {
        let (out, staging) = (&self.places.out, &self.folder);
        let previous = self.places.beside("old");
        let moved_aside = exists(out);
        if moved_aside {
            fs::rename(out, &previous).map_err(|e| Error::io("cannot move the previous build aside", out, e))?;
        }
        // A crash here leaves no output and the whole previous build beside it: see `restore`.
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous build back so the site is not left without output.
            if moved_aside {
                let _ = fs::rename(&previous, out);
            }
            return Err(Error::io("cannot move the new build into place", out, e));
        }
        self.published = true;
        if moved_aside {
            fs::remove_dir_all(&previous).map_err(|e| Error::io("cannot remove the previous build", &previous, e))?;
        }
        let recorded = self.recorded.take().map(|r| r.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()));
        Ok(recorded)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.ledger.record(&file)?;
        let path = self.folder.join(&file.path);
        // Made on demand: creating a folder that exists costs one system call, and the
        // folders other threads make at the same moment are no error.
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        self.remember(&file.path, || Digest::of(&file.bytes), file.bytes.len() as u64)?;
        fs::write(&path, &file.bytes).map_err(|e| Error::io("cannot write", &path, e))
    }

    fn put_stored(&self, file: &StoredFile, object: &Path) -> Result<()> {
        self.ledger.record_path(&file.path, file.len)?;
        self.remember(&file.path, || file.digest, file.len)?;
        link_or_copy(object, &self.folder.join(&file.path))
    }

    fn needs_object(&self, _file: &StoredFile) -> bool {
        true
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

impl Drop for Staging {
    /// A build that did not publish leaves nothing beside the output (before its lock goes).
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// Places the object of the build cache at `path` as a hard link (the same file, no copy),
/// or a copy where links cannot be made (another file system).
pub(super) fn link_or_copy(object: &Path, path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    }
    if fs::hard_link(object, path).is_ok() {
        return Ok(());
    }
    fs::copy(object, path).map(drop).map_err(|e| Error::io("cannot copy from the build cache", object, e))
}

/// Puts back the previous build of `out` if a build died between its two renames (the output
/// is missing and `.<name>.rosette-old` is beside it); says whether it did. Every build does
/// this first; it is public for callers that want the output back without building.
pub fn recover(out: &Path) -> Result<bool> {
    let places = Places::of(out)?;
    if !places.parent.is_dir() {
        return Ok(false);
    }
    let _lock = Lock::acquire(&places.beside("lock"))?;
    restore(&places)
}

/// The restore itself, under the lock. An empty folder in the output's place (made by hand
/// after the crash) does not count as an output: the old copy is the only real one.
pub(super) fn restore(places: &Places) -> Result<bool> {
    let previous = places.beside("old");
    if !previous.is_dir() {
        return Ok(false);
    }
    let out = &places.out;
    if exists(out) && fs::remove_dir(out).is_err() {
        return Ok(false); // a real output is in place: the old copy is a leftover
    }
    fs::rename(&previous, out).map_err(|e| Error::io("cannot restore the previous build", &previous, e))?;
    Ok(true)
}

/// Removes what dead builds left: staging folders, and an old copy the output replaced.
pub(super) fn remove_leftovers(places: &Places) -> Result<()> {
    let entries = fs::read_dir(&places.parent).map_err(|e| Error::io("cannot read", &places.parent, e))?;
    for entry in entries.flatten() {
        if places.is_staging(&entry.file_name().to_string_lossy()) {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(|e| Error::io("cannot remove leftover folder", &path, e))?;
        }
    }
    let previous = places.beside("old");
    // `restore` ran first: an old copy still there sits beside a real output.
    if previous.exists() && exists(&places.out) {
        fs::remove_dir_all(&previous).map_err(|e| Error::io("cannot remove leftover folder", &previous, e))?;
    }
    Ok(())
}

/// The identity of `out`'s marker file: device, inode and time of modification. A build
/// replaces the marker (a new inode); a copy has another. The build cache remembers it to
/// know the folder it last wrote ([`super::Update`]).
pub fn marker_identity(out: &Path) -> Option<String> {
    let metadata = fs::symlink_metadata(out.join(OUTPUT_MARKER)).ok()?;
    let modified = metadata.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(format!("{}:{}:{modified}", metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    Some(format!("{}:{modified}", metadata.len()))
}

/// Whether anything (a folder, a file, a dangling link) is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// An existing output folder may be replaced only if it is empty or rosette wrote it.
fn ensure_replaceable(out: &Path) -> Result<()> {
    if !exists(out) {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Error::Refused(format!("{} exists and is not a folder", out.display())));
    }
    let empty = fs::read_dir(out).map_err(|e| Error::io("cannot read", out, e))?.next().is_none();
    if empty || out.join(OUTPUT_MARKER).is_file() {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "{} exists and was not written by rosette; refusing to replace its contents (choose another --out, or empty it)",
            out.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_folders_are_told_apart_from_other_names() {
        let places = Places::of(Path::new("site/public")).unwrap();
        let own = places.staging();
        assert_ne!(own, places.staging(), "every build of a process stages apart");
        assert!(places.is_staging(&own.file_name().unwrap().to_string_lossy()));
        for staging in [".public.rosette-new", ".public.rosette-new-4242-7"] {
            assert!(places.is_staging(staging), "{staging}");
        }
        for other in
            ["public", ".public.rosette-old", ".public.rosette-new-x", ".public2.rosette-new", ".public.rosette-newer"]
        {
            assert!(!places.is_staging(other), "{other}");
        }
    }
}

//! The build cache: what a build remembers so that an award nothing changed costs neither
//! its making (canonicalising, signing, rendering, drawing) nor, with the output folder
//! already in place, its writing.
//!
//! It lives outside the site folder, in a folder of its own per site ([`site_folder`]; the
//! command line puts them in the user's cache folder, GitHub workflows keep it between runs
//! with actions/cache): a site is a repository that takes pull requests, and a cache a pull
//! request could commit would publish whatever it holds. It holds no secret (public
//! documents, digests, public keys) and may be deleted at any time:
//!
//! ```text
//! <cache root>/<site folder name>-<hash of its path>/
//!   CACHEDIR.TAG          tells backup tools to skip the folder
//!   v1/state.json         per award: its key and files; what the output folder holds
//!   v1/objects/ab/cdef…   each award file's contents, named by their SHA-256, read-only
//!   v1/lock               one build at a time writes the cache
//! ```
//!
//! An award's files are made under a key ([`key`]) that hashes everything they depend on.
//! When the key of an award is the one its files were made under, they are taken from the
//! cache instead. Objects are hard links shared with the output folder (no second copy on
//! disk) and read-only, so nothing can edit a published file in place behind the cache.
//!
//! `check` only reads the cache: an award a build made under the same key (whatever key
//! signed it) passed every check a build makes, and is not checked again.

mod key;
mod state;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

pub use key::Digest;
pub use state::{OutputRecord, StoredFile};

use crate::error::{Diagnostic, Error, Result, Severity, Subject};
use crate::model::{Award, Site};
use crate::output::{Lock, OutputFile, Sink};
use state::{AwardEntry, State};

/// The cache folder of the site in `site_dir` under the cache root `root`: the site folder's
/// name (for people looking) and a hash of its absolute path (two sites never share one).
pub fn site_folder(root: &Path, site_dir: &Path) -> PathBuf {
    let site = crate::paths::resolved(site_dir);
    let name: String = site
        .file_name()
        .map(|n| n.to_string_lossy().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect())
        .unwrap_or_default();
    let hash = Digest::of(site.as_os_str().as_encoded_bytes()).hex();
    root.join(format!("{}-{}", if name.is_empty() { "site" } else { &name }, &hash[..16]))
}

/// How a run uses the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reuse and remember (`build`).
    ReadWrite,
    /// Reuse only (`check`): nothing is written, no lock is taken.
    ReadOnly,
}

/// The file of the remembered state, in the versioned folder.
const STATE: &str = "state.json";

/// Numbers temporary object files, unique within the process.
static TEMPORARY: AtomicU64 = AtomicU64::new(0);

/// The cache of one run.
pub struct Cache {
    dir: PathBuf,
    access: Access,
    previous: State,
    /// Why the remembered state could not be read, for a warning.
    problem: Option<String>,
    site_key: Digest,
    signer: String,
    /// What this run's awards are made of, hits and new ones: the next state.
    made: Mutex<HashMap<String, AwardEntry>>,
    /// How many awards were taken from the cache.
    reused: AtomicU64,
    _lock: Option<Lock>,
}

impl Cache {
    /// Opens the cache folder `root` (creating it for [`Access::ReadWrite`], which also
    /// waits for any other build writing it).
    pub fn open(root: &Path, access: Access) -> Result<Cache> {
        let dir = root.join("v1");
        let lock = match access {
            Access::ReadWrite => {
                fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create the build cache", &dir, e))?;
                let tag = root.join("CACHEDIR.TAG");
                if !tag.exists() {
                    fs::write(&tag, CACHEDIR_TAG).map_err(|e| Error::io("cannot write", &tag, e))?;
                }
                Some(Lock::acquire(&dir.join("lock"))?)
            }
            Access::ReadOnly => None,
        };
        let identity = key::rosette_identity();
        let (previous, problem) = State::load(&dir.join(STATE), &identity);
        if access == Access::ReadWrite && previous.awards.is_empty() {
            // Nothing remembered refers to them: an older rosette's objects, or a damaged state's.
            let objects = dir.join("objects");
            if objects.exists() {
                fs::remove_dir_all(&objects).map_err(|e| Error::io("cannot empty the build cache", &objects, e))?;
            }
        }
        Ok(Cache {
            dir,
            access,
            previous,
            problem,
            site_key: Digest([0; 32]),
            signer: String::new(),
            made: Mutex::default(),
            reused: AtomicU64::new(0),
            _lock: lock,
        })
    }

    /// The warning of a remembered state that was not usable (the run went on without it).
    pub fn warning(&self) -> Option<Diagnostic> {
        let problem = self.problem.as_deref()?;
        Some(Diagnostic {
            severity: Severity::Warning,
            subject: Subject::File { path: self.dir.join(STATE), at: None },
            message: format!("the build cache could not be read ({problem}); everything was made afresh"),
            help: Some("nothing to do: this build rewrites the cache (deleting it is always safe)".into()),
        })
    }

    /// One award's files, into `sink`: taken from the cache when the award's key is the one
    /// they were made under (and the sink has what it needs of them), else made by `make`,
    /// then kept (by a build; `check` keeps nothing).
    pub fn award(&self, sink: &dyn Sink, award: &Award, make: impl FnOnce() -> Result<Vec<OutputFile>>) -> Result<()> {
        let key = self.key(award);
        if let Some(stored) = self.hit(award, &key)
            && stored.iter().all(|file| !sink.needs_object(file) || self.has_object(file))
        {
            for file in &stored {
                sink.put_stored(file, &self.object(&file.digest))?;
            }
            self.keep(award, key, stored);
            return Ok(());
        }
        let files = make()?;
        if !self.writes() {
            return files.into_iter().try_for_each(|file| sink.put(file));
        }
        for file in self.store(award, key, files)? {
            sink.put_stored(&file, &self.object(&file.digest))?;
        }
        Ok(())
    }

    /// Takes the parts of the keys that are the same for every award: the site and the
    /// public key that signs (none for a run that signs nothing).
    pub fn start(&mut self, site: &Site, signer: Option<&[u8]>) {
        self.site_key = key::site_key(&self.previous.identity, site);
        self.signer = key::signer_text(signer);
    }

    /// The key of `award`'s files in this run.
    fn key(&self, award: &Award) -> Digest {
        key::award_key(&self.site_key, award)
    }

    /// The files `award` made under `key`, if it did. A build also needs the same signing
    /// key; `check` takes any build's files.
    fn hit(&self, award: &Award, key: &Digest) -> Option<Vec<StoredFile>> {
        let entry = self.previous.awards.get(&award.id)?;
        let signer_matches = self.access == Access::ReadOnly || entry.signer == self.signer;
        (entry.key == *key && signer_matches).then(|| entry.files.clone())
    }

    /// Whether the contents of `file` are in the cache.
    fn has_object(&self, file: &StoredFile) -> bool {
        self.object(&file.digest).is_file()
    }

    /// Where the contents with `digest` are kept.
    fn object(&self, digest: &Digest) -> PathBuf {
        Objects(self.dir.join("objects")).path(digest)
    }

    /// Remembers that `award`'s files under `key` are `files` (taken from the cache).
    fn keep(&self, award: &Award, key: Digest, files: Vec<StoredFile>) {
        self.reused.fetch_add(1, Ordering::Relaxed);
        self.remember(award, key, files);
    }

    /// How many awards were taken from the cache so far.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed) as usize
    }

    fn remember(&self, award: &Award, key: Digest, files: Vec<StoredFile>) {
        let entry = AwardEntry { key, signer: self.signer.clone(), files };
        if let Ok(mut made) = self.made.lock() {
            made.insert(award.id.clone(), entry);
        }
    }

    /// Puts the files `award` made under `key` into the cache (a build's; `check` keeps
    /// nothing) and gives them back as stored files.
    fn store(&self, award: &Award, key: Digest, files: Vec<OutputFile>) -> Result<Vec<StoredFile>> {
        let stored = files
            .into_iter()
            .map(|file| {
                let digest = Digest::of(&file.bytes);
                self.write_object(&digest, &file.bytes)?;
                Ok(StoredFile { path: file.path, digest, len: file.bytes.len() as u64 })
            })
            .collect::<Result<Vec<_>>>()?;
        self.remember(award, key, stored.clone());
        Ok(stored)
    }

    /// Writes an object unless it is there: through a temporary file, read-only.
    fn write_object(&self, digest: &Digest, bytes: &[u8]) -> Result<()> {
        let path = self.object(digest);
        if path.is_file() {
            return Ok(());
        }
        let Some(folder) = path.parent() else { return Ok(()) };
        fs::create_dir_all(folder).map_err(|e| Error::io("cannot create", folder, e))?;
        let temporary =
            folder.join(format!(".new-{}-{}", std::process::id(), TEMPORARY.fetch_add(1, Ordering::Relaxed)));
        fs::write(&temporary, bytes).map_err(|e| Error::io("cannot write", &temporary, e))?;
        // Read-only, so that nothing edits a published file (the same inode) in place. Not on
        // Windows, where a read-only file cannot be removed, nor its folder.
        #[cfg(unix)]
        {
            let mut permissions =
                fs::metadata(&temporary).map_err(|e| Error::io("cannot read", &temporary, e))?.permissions();
            permissions.set_readonly(true);
            fs::set_permissions(&temporary, permissions).map_err(|e| Error::io("cannot protect", &temporary, e))?;
        }
        fs::rename(&temporary, &path).map_err(|e| Error::io("cannot write", &path, e))
    }

    /// What the output folder `out` holds, if the last build that used the cache wrote it
    /// and nothing replaced it since (taken: the next record is this build's).
    pub fn take_output(&mut self, out: &Path) -> Option<OutputRecord> {
        let record = self.previous.output.take()?;
        let folder = crate::paths::resolved(out);
        (record.folder == folder.to_string_lossy()
            && crate::output::marker_identity(out).as_deref() == Some(&*record.marker))
        .then_some(record)
    }

    /// Whether this run keeps what it makes (a build; `check` only reads).
    fn writes(&self) -> bool {
        self.access == Access::ReadWrite
    }

    /// Saves what this build made, with what `out` now holds (`files`, or nothing known),
    /// and removes the objects no award uses any more. `check` saves nothing.
    pub fn finish(self, out: Option<(&Path, crate::output::Contents)>) -> Result<()> {
        if self.access == Access::ReadOnly {
            return Ok(());
        }
        let made = self.made.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        let live: HashSet<Digest> = made.values().flat_map(|e| e.files.iter().map(|f| f.digest)).collect();
        let dead: HashSet<Digest> = self
            .previous
            .awards
            .values()
            .flat_map(|e| e.files.iter().map(|f| f.digest))
            .filter(|digest| !live.contains(digest))
            .collect();
        let output = match out {
            Some((out, files)) => crate::output::marker_identity(out).map(|marker| OutputRecord {
                folder: crate::paths::resolved(out).to_string_lossy().into_owned(),
                marker,
                files,
            }),
            None => None,
        };
        let objects = Objects(self.dir.join("objects"));
        let state = State { awards: made, output, ..self.previous };
        state.save(&self.dir.join(STATE))?;
        for digest in dead {
            let path = objects.path(&digest);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io("cannot remove from the build cache", &path, e));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The folder of the objects.
struct Objects(PathBuf);

impl Objects {
    /// `ab/cdef…`: 256 folders, so none holds too many files.
    fn path(&self, digest: &Digest) -> PathBuf {
        let hex = digest.hex();
        self.0.join(&hex[..2]).join(&hex[2..])
    }
}

/// The Cache Directory Tagging Specification's tag (bford.info/cachedir).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is rosette's build cache: it may be deleted at any time.\n\
# See https://bford.info/cachedir/\n";

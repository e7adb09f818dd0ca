//! The exclusive lock of a folder rosette writes (an output folder, the build cache): held
//! by one process at a time, released by the system when the process ends, however it ends.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An exclusive lock on the file at a path, held until dropped; the system releases it when
/// the process ends, even on `kill -9`. The file is removed when the lock is dropped.
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    /// Waits until no other build holds the lock of `path`, then takes it.
    pub fn acquire(path: &Path) -> Result<Lock> {
        loop {
            let mut options = OpenOptions::new();
            let file = options.read(true).write(true).create(true).truncate(false).open(path);
            let file = file.map_err(|e| Error::io("cannot open the lock file", path, e))?;
            file.lock().map_err(|e| Error::io("cannot lock", path, e))?;
            // The holder before us removes the file when it is done; if it did so after we
            // opened it, we hold the lock of a file nobody else will ever open: open again.
            if Self::still_at(&file, path) {
                return Ok(Lock { file, path: path.to_path_buf() });
            }
        }
    }

    #[cfg(unix)]
    fn still_at(file: &File, path: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
            _ => false,
        }
    }

    #[cfg(not(unix))]
    fn still_at(_file: &File, _path: &Path) -> bool {
        true // the file is never removed there (an open file cannot be)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so that no lock file stays beside the output (a site's
        // `public/` sits in its repository); `acquire` copes with waiters on the old file.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

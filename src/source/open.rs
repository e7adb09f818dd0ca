//! The only place a file of the site folder is opened: a site is a tree of regular files.
//!
//! Every file of a pull request is hostile input, so before a byte is read:
//! - each component of the path, from the site folder down, is looked at without following
//!   links (`symlink_metadata`): a symbolic link anywhere is refused, never followed, so no
//!   link can publish `.git/config`, a secret or any file from outside the site, and no link
//!   can make the build read something other than what a reviewer sees in the diff;
//! - anything but a regular file (a FIFO, a socket, a device) is refused without being
//!   opened: opening a FIFO would hang the build;
//! - the size is checked against the limit of the file's kind ([`Limit`]) from the metadata,
//!   and the read itself is capped, so a 50 MB file never reaches memory;
//! - the bytes are searched for private key material ([`super::secrets`]).
//!
//! The site folder itself (the one given on the command line) may be a link: only what is
//! inside it is checked.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::secrets;
use crate::error::Diagnostic;

/// The size limits of site files, by kind (documented in `docs/format.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// TOML and Markdown files, templates: 1 MiB.
    Text,
    /// Badge and issuer images: 5 MiB.
    Image,
    /// Files of `static/`: 20 MiB each.
    Static,
    /// Endorsements and their DID documents (`endorsements/`): 64 KiB, several times what a
    /// signed endorsement weighs, because each is embedded in every document it endorses.
    Endorsement,
}

impl Limit {
    /// The largest size allowed, in bytes.
    pub const fn bytes(self) -> u64 {
        match self {
            Limit::Text => 1 << 20,
            Limit::Image => 5 << 20,
            Limit::Static => 20 << 20,
            Limit::Endorsement => 64 << 10,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Limit::Text => "the 1 MiB limit of text files (TOML, Markdown, templates)",
            Limit::Image => "the 5 MiB limit of badge and issuer images",
            Limit::Static => "the 20 MiB limit of static files",
            Limit::Endorsement => "the 64 KiB limit of endorsement files",
        }
    }
}

/// What an entry of the site folder is, looked at without following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link (never followed).
    Symlink,
    /// A FIFO, socket or device (never opened).
    Other,
}

impl Kind {
    /// The kind of a file type from `symlink_metadata` or a directory entry.
    pub fn of(file_type: std::fs::FileType) -> Kind {
        if file_type.is_symlink() {
            Kind::Symlink
        } else if file_type.is_dir() {
            Kind::Dir
        } else if file_type.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

/// Why a file of the site was not read.
#[derive(Debug)]
pub enum Refusal {
    /// `at` (relative to the site folder) is a symbolic link.
    Symlink {
        /// The link, relative to the site folder.
        at: String,
    },
    /// `at` is a FIFO, socket or device.
    NotRegular {
        /// The entry, relative to the site folder.
        at: String,
    },
    /// The file is larger than its limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit it breaks.
        limit: Limit,
    },
    /// It holds a private key.
    PrivateKey(&'static str),
    /// It does not exist (or a folder on its way does not).
    Missing,
    /// Any other failure to read it.
    Io(std::io::Error),
}

impl Refusal {
    /// The refusal as a diagnostic about the file `path` (as shown to the user).
    pub fn diagnostic(&self, path: PathBuf) -> Diagnostic {
        Diagnostic::file_error(path, self.message()).with_help(self.help())
    }

    /// What is wrong, in one sentence.
    pub fn message(&self) -> String {
        match self {
            Refusal::Symlink { at } => format!("{at} is a symbolic link"),
            Refusal::NotRegular { at } => format!("{at} is not a regular file (a FIFO, socket or device)"),
            Refusal::TooLarge { size, limit } => {
                format!("the file is {} ({size} bytes), over {}", mib(*size), limit.what())
            }
            Refusal::PrivateKey(kind) => format!("the file holds private key material ({kind})"),
            Refusal::Missing => "the file does not exist".into(),
            Refusal::Io(error) => format!("cannot read: {error}"),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Symlink { .. } => {
                "a site is a tree of regular files and rosette never follows links: replace the link with the file or folder itself"
            }
            Refusal::NotRegular { .. } => "a site holds only regular files and folders: remove it",
            Refusal::TooLarge { .. } => {
                "site files are small; remove what does not belong, or host large files elsewhere"
            }
            Refusal::PrivateKey(_) => {
                "remove the file: a secret key must never be in the site folder; consider the key leaked (it is in the repository's history) and replace it"
            }
            Refusal::Missing | Refusal::Io(_) => "check the file's name and permissions",
        }
    }
}

/// The kind of `root/rel`, not following links; `None` when it does not exist.
pub fn kind(root: &Path, rel: &str) -> std::io::Result<Option<Kind>> {
    match std::fs::symlink_metadata(root.join(rel)) {
        Ok(metadata) => Ok(Some(Kind::of(metadata.file_type()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads the regular file `root/rel` (`rel` normalised, `/`-separated) within `limit`.
pub fn read(root: &Path, rel: &str, limit: Limit) -> Result<Vec<u8>, Refusal> {
    let mut at = String::new();
    let mut metadata = None;
    for part in rel.split('/') {
        if !at.is_empty() {
            at.push('/');
        }
        at.push_str(part);
        let found = std::fs::symlink_metadata(root.join(&at)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => Refusal::Missing,
            _ => Refusal::Io(e),
        })?;
        match Kind::of(found.file_type()) {
            Kind::Symlink => return Err(Refusal::Symlink { at }),
            Kind::Other => return Err(Refusal::NotRegular { at }),
            Kind::Dir | Kind::File => metadata = Some(found),
        }
    }
    let Some(metadata) = metadata.filter(std::fs::Metadata::is_file) else {
        return Err(Refusal::Missing);
    };
    if metadata.len() > limit.bytes() {
        return Err(Refusal::TooLarge { size: metadata.len(), limit });
    }
    let file = std::fs::File::open(root.join(rel)).map_err(Refusal::Io)?;
    if !same_file(&metadata, &file.metadata().map_err(Refusal::Io)?) {
        // Replaced between the look and the open: refuse rather than read what was not checked.
        return Err(Refusal::Symlink { at: rel.to_string() });
    }
    let mut bytes = Vec::new();
    // The cap holds even if the file grows after its size was checked.
    file.take(limit.bytes() + 1).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit.bytes() {
        return Err(Refusal::TooLarge { size: bytes.len() as u64, limit });
    }
    if let Some(kind) = secrets::private_key(&bytes) {
        return Err(Refusal::PrivateKey(kind));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn same_file(looked: &std::fs::Metadata, opened: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    looked.dev() == opened.dev() && looked.ino() == opened.ino() && opened.is_file()
}

#[cfg(not(unix))]
fn same_file(_looked: &std::fs::Metadata, opened: &std::fs::Metadata) -> bool {
    opened.is_file()
}

/// A size in MiB with one decimal, for messages.
fn mib(size: u64) -> String {
    format!("{:.1} MiB", size as f64 / f64::from(1u32 << 20))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/x.txt"), "hello").unwrap();
        assert_eq!(read(dir.path(), "a/x.txt", Limit::Text).unwrap(), b"hello");
        assert!(matches!(read(dir.path(), "a/y.txt", Limit::Text), Err(Refusal::Missing)));
        assert!(matches!(read(dir.path(), "a", Limit::Text), Err(Refusal::Missing)));
        assert!(matches!(read(dir.path(), "a/x.txt/z", Limit::Text), Err(Refusal::Missing)));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
            let refusal = read(dir.path(), "b/x.txt", Limit::Text).unwrap_err();
            assert_eq!(refusal.message(), "b is a symbolic link");
        }
    }

    #[test]
    fn sizes_are_checked_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let file = std::fs::File::create(dir.path().join("big.toml")).unwrap();
        file.set_len(50 << 20).unwrap();
        let refusal = read(dir.path(), "big.toml", Limit::Text).unwrap_err();
        assert_eq!(
            refusal.message(),
            "the file is 50.0 MiB (52428800 bytes), over the 1 MiB limit of text files (TOML, Markdown, templates)"
        );
    }
}

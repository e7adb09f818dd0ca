//! Listing the site's folders: entries sorted by name, looked at without following links.
//!
//! A symbolic link or a special file (FIFO, socket, device) met in a listing is reported once,
//! here, and left out, so the reader never opens one. Hidden entries (`.DS_Store`, an
//! editor's `.x.swp`) are never read; where a hidden file could pass for an input nobody
//! reviews (`awards/`, `keys/`), they are refused instead ([`Hidden::Refuse`]).

use std::path::Path;
use std::sync::Arc;

use walkdir::WalkDir;

use super::Asset;
use super::layout::slash_path;
use super::open::{self, Kind, Limit, Refusal};
use super::reader::Reader;
use crate::error::Diagnostic;

/// An entry of a site folder.
pub(super) struct Entry {
    /// Path relative to the site folder, `/`-separated.
    pub rel: String,
    /// Its file name.
    pub name: String,
    /// What it is (a link or a special file never gets here).
    pub kind: Kind,
}

/// What a listing does with hidden entries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Hidden {
    /// Leave them out: editor and system files, never read.
    Skip,
    /// Report them: a hidden award or key would be silently left out of the build.
    Refuse,
}

/// Hidden names that system tools leave in folders and that can never pass for an input.
const SYSTEM_FILES: &[&str] = &[".DS_Store", ".gitkeep"];

impl Reader<'_> {
    /// The entries of the folder `sub` (relative to the site folder), sorted by name; none
    /// when it does not exist. `sub` itself and every entry are checked not to be links.
    pub(super) fn entries(&mut self, sub: &str, hidden: Hidden) -> Vec<Entry> {
        match open::kind(self.root, sub) {
            Ok(Some(Kind::Dir)) => {}
            Ok(None) => return Vec::new(),
            Ok(Some(kind)) => {
                self.refuse_kind(sub, kind);
                return Vec::new();
            }
            Err(e) => {
                self.push(Refusal::Io(e).diagnostic(self.root.join(sub)));
                return Vec::new();
            }
        }
        let read = match std::fs::read_dir(self.root.join(sub)) {
            Ok(read) => read,
            Err(e) => {
                self.push(Refusal::Io(e).diagnostic(self.root.join(sub)));
                return Vec::new();
            }
        };
        let mut entries: Vec<(String, std::io::Result<std::fs::FileType>)> = read
            .filter_map(Result::ok)
            .map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry.file_type()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept = Vec::new();
        for (name, file_type) in entries {
            let rel = format!("{sub}/{name}");
            if name.starts_with('.') {
                if hidden == Hidden::Refuse && !SYSTEM_FILES.contains(&name.as_str()) {
                    self.push(
                        Diagnostic::file_error(
                            self.root.join(&rel),
                            format!("{rel} is hidden, so it would never be read"),
                        )
                        .with_help(
                            "hidden files are editor and system files; rename it without the leading dot, or remove it",
                        ),
                    );
                }
                continue;
            }
            match file_type.map(Kind::of) {
                Ok(kind @ (Kind::File | Kind::Dir)) => kept.push(Entry { rel, name, kind }),
                Ok(kind) => self.refuse_kind(&rel, kind),
                Err(e) => self.push(Refusal::Io(e).diagnostic(self.root.join(&rel))),
            }
        }
        kept
    }

    /// The regular files under the folder `sub`, recursively, sorted by path, relative to
    /// `sub`; hidden entries are left out, links and special files refused.
    pub(super) fn tree(&mut self, sub: &str) -> Vec<String> {
        let dir = self.root.join(sub);
        let walk = WalkDir::new(&dir)
            .follow_links(false)
            .follow_root_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        let mut files = Vec::new();
        for entry in walk {
            match entry {
                Ok(entry) => {
                    let inside = slash_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                    let rel = if inside.is_empty() { sub.to_string() } else { format!("{sub}/{inside}") };
                    match Kind::of(entry.file_type()) {
                        Kind::File if entry.depth() > 0 => files.push(inside),
                        Kind::Dir => {}
                        kind => self.refuse_kind(&rel, kind),
                    }
                }
                Err(e) if e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(&dir).to_path_buf();
                    self.push(Diagnostic::file_error(self.display(&path), format!("cannot read: {e}")));
                }
            }
        }
        files
    }

    /// Every regular file under `sub`, read within `limit`.
    pub(super) fn read_tree(&mut self, sub: &str, limit: Limit) -> Vec<Asset> {
        let mut assets = Vec::new();
        for inside in self.tree(sub) {
            let rel = format!("{sub}/{inside}");
            match open::read(self.root, &rel, limit) {
                Ok(bytes) => assets.push(Asset { rel_path: inside, bytes: Arc::new(bytes) }),
                Err(refusal) => self.push(refusal.diagnostic(self.root.join(&rel))),
            }
        }
        assets
    }

    fn refuse_kind(&mut self, rel: &str, kind: Kind) {
        let refusal = match kind {
            Kind::Symlink => Refusal::Symlink { at: rel.to_string() },
            Kind::Other => Refusal::NotRegular { at: rel.to_string() },
            // Only a sub-folder of the site (`static`, `awards`…) can be the wrong kind.
            Kind::File | Kind::Dir => {
                self.push(Diagnostic::file_error(self.root.join(rel), format!("{rel} should be a folder")));
                return;
            }
        };
        self.push(refusal.diagnostic(self.root.join(rel)));
    }

    pub(super) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(super) fn display(&self, path: &Path) -> std::path::PathBuf {
        self.root.join(path.strip_prefix(self.root).unwrap_or(path))
    }
}

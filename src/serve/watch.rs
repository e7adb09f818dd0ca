//! Watching the site folder: notify with a debounce, and only the changes a build depends on.
//!
//! Editors save in bursts (a swap file, a backup, a rename, the file itself), and the
//! debouncer sometimes splits one save into two batches; [`next_batch`] coalesces whatever
//! arrives close together into one rebuild. Reads are ignored too: inotify reports every file
//! the build opens, and rebuilding on those would rebuild forever.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::error::{Error, Result};

/// How long a file must stay quiet before its change is reported.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// How long after a batch more batches are merged into the same rebuild.
const SETTLE: Duration = Duration::from_millis(100);

/// What the watcher reports: changed paths, or a problem of the watcher itself.
pub(super) type Report = std::result::Result<Vec<PathBuf>, String>;

/// Everything reported since the previous rebuild.
#[derive(Debug, Default)]
pub(super) struct Batch {
    /// Changed files the build depends on, without duplicates.
    pub(super) changed: Vec<PathBuf>,
    /// Problems reported by the watcher.
    pub(super) problems: Vec<String>,
}

/// Starts watching `site_dir` recursively; relevant changes are sent to `changes`.
pub(super) fn start(
    site_dir: &Path,
    changes: Sender<Report>,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    // Canonical, so the prefix of the paths notify reports matches (macOS reports /private/var/…).
    let root = site_dir.canonicalize().map_err(|e| Error::io("cannot watch", site_dir, e))?;
    let filter_root = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let report = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|event| is_change(&event.kind) || event.need_rescan())
                    .flat_map(|event| event.paths.iter())
                    .filter(|path| is_relevant(&filter_root, path))
                    .cloned()
                    .collect();
                paths.sort();
                paths.dedup();
                if paths.is_empty() {
                    return;
                }
                Ok(paths)
            }
            Err(errors) => Err(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")),
        };
        // The receiver only goes away when the session ends.
        let _ = changes.send(report);
    })
    .map_err(|e| Error::failed(format!("cannot watch {}", site_dir.display()), e))?;
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| Error::failed(format!("cannot watch {}", site_dir.display()), e))?;
    Ok(debouncer)
}

/// Waits for the next change, then merges whatever follows within [`SETTLE`]. `None` when the
/// watcher is gone.
pub(super) fn next_batch(changes: &Receiver<Report>) -> Option<Batch> {
    let mut batch = Batch::default();
    let mut add = |report: Report| match report {
        Ok(paths) => batch.changed.extend(paths),
        Err(problem) => batch.problems.push(problem),
    };
    add(changes.recv().ok()?);
    while let Ok(report) = changes.recv_timeout(SETTLE) {
        add(report);
    }
    batch.changed.sort();
    batch.changed.dedup();
    Some(batch)
}

/// Writes, creations, removals and renames; not reads or access-time updates.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Whether a change of `path` can change the build: not the output folder, not `target/`,
/// not hidden files (`.git/`, editor locks), not editor backups and temporary files.
fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        // Outside the watched folder (a symlink target?): judge the file name alone.
        return path.file_name().is_none_or(|name| !is_temporary(&name.to_string_lossy()));
    };
    let names: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(first) = names.first()
        && (first == "public" || first == "target")
    {
        return false;
    }
    !names.iter().any(|name| name.starts_with('.') || is_temporary(name))
}

/// Backups and temporary files of common editors (vim, emacs, many others).
fn is_temporary(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp"].iter().any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_relevant_but_output_and_editor_files_are_not() {
        let root = Path::new("/site");
        for path in ["site.toml", "badges/a.md", "badges/target/index.md", "awards/b/c.toml", "templates/x.html", ""] {
            assert!(is_relevant(root, &root.join(path)), "{path}");
        }
        let ignored = [
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "badges/.a.md.swp",
            "badges/.#a.md",
            "badges/a.md~",
            "badges/a.md.swp",
            "badges/a.md.swx",
            "badges/4913",
            "awards/x/y.toml.tmp",
            "issuers/#club.toml#",
            ".public.rosette-new/index.html",
        ];
        for path in ignored {
            assert!(!is_relevant(root, &root.join(path)), "{path}");
        }
    }

    #[test]
    fn reads_do_not_trigger_rebuilds() {
        use notify::event::{AccessKind, CreateKind, DataChange};
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(DataChange::Content))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn bursts_are_coalesced_into_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(Ok(vec![PathBuf::from("/site/a")])).unwrap();
        tx.send(Err("lost events".into())).unwrap();
        tx.send(Ok(vec![PathBuf::from("/site/b"), PathBuf::from("/site/a")])).unwrap();
        let batch = next_batch(&rx).unwrap();
        assert_eq!(batch.changed, [PathBuf::from("/site/a"), PathBuf::from("/site/b")]);
        assert_eq!(batch.problems, ["lost events"]);
        drop(tx);
        assert!(next_batch(&rx).is_none());
    }
}

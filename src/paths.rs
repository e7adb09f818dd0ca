//! Where a path really is: the one place that resolves paths which may not exist yet and
//! says whether one lies inside a folder.
//!
//! Commands refuse to put secrets and personal data inside the site folder, and builds refuse
//! to write into the sources; all of them compare paths that may not exist yet (a file about
//! to be created) and may go through symbolic links. Comparing the paths as typed would let
//! `../site/x` or a link into the site slip through, so both sides are resolved first.

use std::path::{Path, PathBuf};

/// `path` made absolute, with symbolic links resolved as far as the path exists and the part
/// that does not exist yet appended as written.
pub fn resolved(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            // Nothing of it exists (or it ends in `..`): the absolute form is the best guess.
            _ => return joined,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

/// Whether `path` is `folder` or lies inside it, once both are [`resolved`].
pub fn is_inside(path: &Path, folder: &Path) -> bool {
    resolved(path).starts_with(resolved(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_do_not_exist_yet_are_resolved_through_their_existing_part() {
        let here = std::env::current_dir().unwrap().canonicalize().unwrap();
        assert_eq!(resolved(Path::new("no/such/file.txt")), here.join("no/such/file.txt"));
        assert_eq!(resolved(Path::new("src")), here.join("src"));
    }

    #[test]
    fn inside_means_under_the_folder_after_resolving() {
        assert!(is_inside(Path::new("src/new-file"), Path::new("src")));
        assert!(is_inside(Path::new("src"), Path::new("src")));
        assert!(is_inside(Path::new("src/../src/x"), Path::new("./src")));
        assert!(!is_inside(Path::new("srcx/y"), Path::new("src")));
        assert!(!is_inside(Path::new("tests/x"), Path::new("src")));
    }
}

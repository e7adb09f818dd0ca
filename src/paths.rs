//! Where a path really is: the one place that resolves paths which may not exist yet and
//! says whether one lies inside a folder; and how files for secrets are created.
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

/// Creates `path`, which must not exist yet, readable and writable by its owner only (mode
/// 0600 on Unix): for files that hold a secret key or people's e-mail addresses, which other
/// users of the machine must not read even for the moment before the content is written.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// `path` as shown to people: without a leading `./` (`./awards/x.toml` → `awards/x.toml`),
/// which the site folder found in the current folder (`.`) would otherwise put before every
/// path; `.` itself stays.
pub fn shown(path: &Path) -> &Path {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest,
        _ => path,
    }
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

    #[cfg(unix)]
    #[test]
    fn private_files_are_new_and_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        create_private(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(create_private(&path).is_err(), "an existing file is never replaced");
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

//! Where the build cache of a site lives: `ROSETTE_CACHE_DIR`, else the user's cache folder
//! (`~/.cache/rosette` on Linux, `~/Library/Caches/rosette` on macOS, `%LOCALAPPDATA%\rosette`
//! on Windows), one folder per site. The only user of the `dirs` crate.
//!
//! Never inside the site folder: the site is a git repository that takes pull requests from
//! strangers, and a cache committed by a pull request must not be able to put pages, images
//! or documents on the organisation's site that no build made.

use std::path::{Path, PathBuf};

/// The environment variable that moves every site's cache (CI keeps it between runs).
pub const VARIABLE: &str = "ROSETTE_CACHE_DIR";

/// The environment variable that turns the cache off, as `--no-cache` does, for every command
/// (`award` and `revoke` check the site with the cache too): any value but empty, `0`,
/// `false`, `no` or `off`.
pub const OFF_VARIABLE: &str = "ROSETTE_NO_CACHE";

/// The cache folder of the site in `site_dir`, or `None` with `--no-cache`, with
/// `ROSETTE_NO_CACHE`, or when the system has no cache folder (then everything is made
/// afresh).
pub fn folder(site_dir: &Path, no_cache: bool) -> Option<PathBuf> {
    let off = std::env::var(OFF_VARIABLE)
        .is_ok_and(|value| !matches!(value.trim().to_ascii_lowercase().as_str(), "" | "0" | "false" | "no" | "off"));
    if no_cache || off {
        return None;
    }
    let root = match std::env::var_os(VARIABLE) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::cache_dir()?.join("rosette"),
    };
    Some(rosette::cache::site_folder(&root, site_dir))
}

//! The only writer of the output folder: a build plan written atomically.
//!
//! The whole site is written to a fresh staging folder beside the target, then swapped in
//! with two renames, so a failed build (or a crash half-way) leaves the previous output
//! untouched and a web server never serves half a site. A folder that rosette did not write
//! (it lacks the marker file) is never replaced: that would silently delete someone's files.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Name of the file that marks a folder as rosette output: only such a folder is replaced.
pub const OUTPUT_MARKER: &str = ".rosette-output";

/// One file of the plan: where it goes (relative, `/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file of the plan.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile { path: path.into(), bytes }
    }
}

/// The marker file, which every plan holds so that the next build may replace the folder.
pub fn marker() -> OutputFile {
    OutputFile::new(OUTPUT_MARKER, b"This folder is written by rosette and replaced on every build.\n".to_vec())
}

/// Writes `files` as the new contents of `out`, replacing the previous build atomically.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
    check_plan(files)?;
    let name = out
        .file_name()
        .ok_or_else(|| Error::Refused(format!("{} cannot be an output folder", out.display())))?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    ensure_replaceable(out)?;
    fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
    let staging = parent.join(format!(".{name}.rosette-new"));
    let previous = parent.join(format!(".{name}.rosette-old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| Error::io("cannot remove leftover folder", leftover, e))?;
        }
    }
    let written = write_all(&staging, files);
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() {
        fs::rename(out, &previous).map_err(|e| Error::io("cannot move the previous build aside", out, e))?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        // Put the previous build back so the site is not left without output.
        let _ = fs::rename(&previous, out);
        return Err(Error::io("cannot move the new build into place", out, e));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| Error::io("cannot remove the previous build", &previous, e))?;
    }
    Ok(())
}

fn write_all(root: &Path, files: &[OutputFile]) -> Result<()> {
    fs::create_dir_all(root).map_err(|e| Error::io("cannot create", root, e))?;
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    for file in files {
        let path = root.join(&file.path);
        if let Some(dir) = path.parent()
            && made.insert(dir.to_path_buf())
        {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io("cannot write", &path, e))?;
    }
    Ok(())
}

/// Every path must stay inside the output folder, and no two files may share a path.
fn check_plan(files: &[OutputFile]) -> Result<()> {
    let mut seen = BTreeSet::new();
    for file in files {
        let path = Path::new(&file.path);
        let normal = !file.path.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !normal || file.path.contains('\\') {
            return Err(Error::Refused(format!("refusing to write `{}`: it would leave the output folder", file.path)));
        }
        if !seen.insert(file.path.as_str()) {
            return Err(Error::Refused(format!("two outputs claim the same path `{}`", file.path)));
        }
    }
    Ok(())
}

/// An existing output folder may be replaced only if it is empty or rosette wrote it.
fn ensure_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
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
    fn plans_cannot_escape_the_output_folder() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(check_plan(&[OutputFile::new(bad, vec![])]).is_err(), "{bad}");
        }
        let twice = [OutputFile::new("a.html", vec![]), OutputFile::new("a.html", vec![])];
        assert!(check_plan(&twice).is_err());
    }
}

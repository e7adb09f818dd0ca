//! The git command line, as `check --base` needs it: where the repository is, which commit a
//! revision names, and the award and key files of that commit.
//!
//! git is run as a program (it is on every machine that has a clone) rather than linked as a
//! crate. Paths are passed as literal pathspecs and revisions after `--end-of-options`, so a
//! site folder or revision name can never be read as an option or a glob.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::source::layout::{AWARDS, ENDORSEMENTS, KEYS, SourcePath};

/// The repository a site folder is in.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder (the working tree root).
    pub root: PathBuf,
    /// The site folder's path inside the repository, `/`-separated, empty or ending with `/`.
    pub prefix: String,
}

/// One file of a commit.
#[derive(Debug)]
pub struct Blob {
    /// Path relative to the site folder, `/`-separated (`awards/<badge>/<id>.toml`).
    pub rel_path: String,
    /// The file's bytes at that commit.
    pub bytes: Vec<u8>,
}

impl Repo {
    /// Finds the repository that holds `site_dir`.
    pub fn discover(site_dir: &Path) -> Result<Repo> {
        let not_a_repo = |why: String| {
            Error::Refused(format!(
                "{} is not inside a git repository ({why}); `check --base` compares the site with a git revision",
                site_dir.display()
            ))
        };
        let root = git(site_dir, &["rev-parse", "--show-toplevel"]).map_err(not_a_repo)?;
        let prefix = git(site_dir, &["rev-parse", "--show-prefix"]).map_err(not_a_repo)?;
        let root = PathBuf::from(trim_line(&root));
        Ok(Repo { root, prefix: trim_line(&prefix).to_string() })
    }

    /// The URL of the `origin` remote of the repository holding `dir` (or its nearest existing
    /// folder), if there is one: `rosette init` derives the GitHub Pages address from it.
    pub fn origin_url(dir: &Path) -> Option<String> {
        let existing = dir.ancestors().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d });
        let existing = existing.into_iter().find(|d| d.is_dir())?;
        git(existing, &["remote", "get-url", "origin"]).ok().map(|url| trim_line(&url).to_string())
    }

    /// The commit `rev` names (any revision git understands: branch, tag, `origin/main`, hash).
    pub fn commit(&self, rev: &str) -> Result<String> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(Error::Refused(format!("`{rev}` is not a git revision")));
        }
        let spec = format!("{rev}^{{commit}}");
        let out = git(&self.root, &["rev-parse", "--verify", "--end-of-options", &spec]).map_err(|why| {
            Error::Refused(format!(
                "`{rev}` is not a commit of the repository at {} ({why}); in GitHub Actions, check out with \
                 `fetch-depth: 0` so that the target branch's history is there",
                self.root.display()
            ))
        })?;
        Ok(trim_line(&out).to_string())
    }

    /// The award files (`awards/<badge>/<id>.toml`, not hidden) of the site at `commit`, sorted.
    pub fn award_files(&self, commit: &str) -> Result<Vec<Blob>> {
        self.files(commit, AWARDS, |rel| matches!(SourcePath::parse(rel), Some(SourcePath::Award { .. })))
    }

    /// The endorsements (`endorsements/<id>.json`) and withdrawals (`endorsements/<id>.toml`)
    /// of the site at `commit`, sorted.
    pub fn endorsement_files(&self, commit: &str) -> Result<Vec<Blob>> {
        self.files(commit, ENDORSEMENTS, |rel| {
            matches!(SourcePath::parse(rel), Some(SourcePath::Endorsement { .. } | SourcePath::Withdrawal { .. }))
        })
    }

    /// The public key files (`keys/<id>.toml`, not hidden) of the site at `commit`, sorted.
    pub fn key_files(&self, commit: &str) -> Result<Vec<Blob>> {
        self.files(commit, KEYS, |rel| matches!(SourcePath::parse(rel), Some(SourcePath::Key { .. })))
    }

    /// The regular files under the site's `folder` at `commit` that `wanted` accepts (by path
    /// relative to the site: the layout's parser decides, so the guard and the reader never
    /// disagree about what a file is), sorted by path.
    fn files(&self, commit: &str, folder: &str, wanted: impl Fn(&str) -> bool) -> Result<Vec<Blob>> {
        let folder = format!("{}{folder}", self.prefix);
        let listing = git(&self.root, &["ls-tree", "-r", "-z", "--full-name", commit, "--", &folder])
            .map_err(|why| Error::Refused(format!("cannot list {folder} at {commit}: {why}")))?;
        let mut found = Vec::new();
        for entry in listing.split('\0').filter(|e| !e.is_empty()) {
            // `<mode> <type> <object>\t<path>`; only regular files are read.
            let Some((meta, path)) = entry.split_once('\t') else { continue };
            let mut fields = meta.split(' ');
            let (mode, kind, object) = (fields.next(), fields.next(), fields.next());
            let regular = matches!(mode, Some("100644" | "100755")) && kind == Some("blob");
            let Some(rel) = path.strip_prefix(&self.prefix) else { continue };
            if let (true, Some(object)) = (regular && wanted(rel), object) {
                found.push((rel.to_string(), object.to_string()));
            }
        }
        let contents = self.read_objects(found.iter().map(|(_, object)| object.as_str()))?;
        let mut blobs: Vec<Blob> =
            found.into_iter().zip(contents).map(|((rel_path, _), bytes)| Blob { rel_path, bytes }).collect();
        blobs.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        Ok(blobs)
    }

    /// Reads many objects with one `git cat-file --batch`, not one process per award: a site
    /// with thousands of awards would otherwise spend seconds starting processes.
    fn read_objects<'a>(&self, objects: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
        let request: String = objects.map(|object| format!("{object}\n")).collect();
        if request.is_empty() {
            return Ok(Vec::new());
        }
        let mut child = command(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Error::Refused("cannot talk to git cat-file".into()));
        };
        // Write from another thread: git answers while it reads, and both pipes can fill up.
        let mut output = Vec::new();
        let (written, read) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || stdin.write_all(request.as_bytes()));
            let read = stdout.read_to_end(&mut output);
            (writer.join(), read)
        });
        let status = child.wait().map_err(spawn_error)?;
        if !status.success() || !matches!(written, Ok(Ok(()))) || read.is_err() {
            return Err(Error::Refused("git cat-file failed while reading the base revision's files".into()));
        }
        parse_batch(&output)
    }
}

/// Splits `git cat-file --batch` output: per object `<oid> <type> <size>\n<bytes>\n`.
fn parse_batch(mut output: &[u8]) -> Result<Vec<Vec<u8>>> {
    let broken = || Error::Refused("unexpected output from git cat-file".into());
    let mut contents = Vec::new();
    while !output.is_empty() {
        let end = output.iter().position(|b| *b == b'\n').ok_or_else(broken)?;
        let header = std::str::from_utf8(&output[..end]).map_err(|_| broken())?;
        let size: usize = header.rsplit(' ').next().and_then(|s| s.parse().ok()).ok_or_else(broken)?;
        let body = output.get(end + 1..end + 1 + size).ok_or_else(broken)?;
        contents.push(body.to_vec());
        output = output.get(end + 2 + size..).unwrap_or_default();
    }
    Ok(contents)
}

/// Runs git in `dir`; its stdout, or its first line of stderr as the reason it failed.
pub(super) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = command(dir).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout).map_err(|_| "git printed a path that is not UTF-8".to_string())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("git failed").trim();
        Err(reason.trim_start_matches("fatal: ").to_string())
    }
}

fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    // Literal pathspecs: a site folder named `[x]` or `*` is a name, not a pattern.
    command.arg("-C").arg(dir).arg("--literal-pathspecs").env("LC_ALL", "C");
    command
}

fn spawn_error(error: std::io::Error) -> Error {
    Error::failed("cannot run git", error)
}

fn trim_line(text: &str) -> &str {
    text.trim_end_matches(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_output_is_split_by_size_not_by_lines() {
        let output = b"aaaa blob 7\na\nb = 1\nbbbb blob 0\n\n";
        assert_eq!(parse_batch(output).unwrap(), vec![b"a\nb = 1".to_vec(), Vec::new()]);
        assert!(parse_batch(b"cccc missing\n").is_err());
    }
}

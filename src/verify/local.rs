//! Local reads of `verify`: URLs answered from a folder mapped with `--map URL=DIR`, and the
//! file given on the command line, all with a size cap.
//!
//! The URLs come from the credential being verified, which anyone may have written, so a
//! mapped URL must name a file inside its folder and nothing else. The URL path is decoded
//! first and then judged segment by segment (joining first would let `//etc/passwd` replace
//! the folder, since joining an absolute path discards the base); what passes is resolved
//! with its symbolic links and must still lie inside the resolved folder. Reads stop one byte
//! past the cap (`/dev/zero` and a 10 GB file cost the same), and only regular files are read
//! (a FIFO would block forever).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rosette_verify::check::FetchError;

/// The file `rest` names inside `dir`, where `rest` is the part of `url` after the map's
/// prefix (fragment removed): `index.html` for a folder URL; why not, for a path that tries
/// to leave the folder or a link that leads out of it ([`FetchError::Refused`]), or that
/// names nothing ([`FetchError::Unavailable`]).
pub(super) fn mapped_path(url: &str, rest: &str, dir: &Path) -> Result<PathBuf, FetchError> {
    let refuse = |why: &str| {
        FetchError::Refused(format!("refusing {url}: {why}; a mapped URL must name a file inside {}", dir.display()))
    };
    let path = rest.split('?').next().unwrap_or_default();
    let decoded =
        crate::escape::percent_decode(path).ok_or_else(|| refuse("it has a malformed %-escape or is not UTF-8"))?;
    let mut relative = PathBuf::new();
    let segments: Vec<&str> = decoded.split('/').collect();
    for (index, segment) in segments.iter().enumerate() {
        let last = index + 1 == segments.len();
        match *segment {
            "" if last => relative.push("index.html"),
            "" => return Err(refuse("it has an empty path segment (`//`)")),
            "." | ".." => return Err(refuse("it has a `.` or `..` path segment")),
            s if s.contains(['\\', ':', '\0']) => {
                return Err(refuse("a path segment holds a backslash, a colon or a NUL byte"));
            }
            s => relative.push(s),
        }
    }
    let path = dir.join(&relative);
    let root =
        dir.canonicalize().map_err(|e| FetchError::Unavailable(format!("the mapped folder {}: {e}", dir.display())))?;
    let real = path
        .canonicalize()
        .map_err(|e| FetchError::Unavailable(format!("{url} (mapped to {}): {e}", path.display())))?;
    if !real.starts_with(&root) {
        return Err(refuse(&format!(
            "{} is a symbolic link to {}, outside the folder",
            path.display(),
            real.display()
        )));
    }
    Ok(real)
}

/// The bytes of the regular file at `path`, if it holds at most `cap` bytes.
pub(super) fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    // Checked before opening: opening a FIFO waits for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        let message = format!("larger than {} MiB, far more than any credential or image needs", cap >> 20);
        return Err(io::Error::new(io::ErrorKind::FileTooLarge, message));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    const URL: &str = "https://x.example/b/";

    fn refusal(dir: &Path, rest: &str, why: &str) -> FetchError {
        FetchError::Refused(format!(
            "refusing {URL}{rest}: {why}; a mapped URL must name a file inside {}",
            dir.display()
        ))
    }

    #[test]
    fn mapped_urls_stay_inside_the_folder() {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join("public");
        fs::create_dir_all(dir.join("issuers/a")).unwrap();
        fs::write(dir.join("index.html"), "home").unwrap();
        fs::write(dir.join("issuers/a/did.json"), "{}").unwrap();
        fs::write(dir.join("my file.json"), "{}").unwrap();
        fs::write(work.path().join("secret.json"), "{}").unwrap();
        let root = dir.canonicalize().unwrap();
        let get = |rest: &str| mapped_path(&format!("{URL}{rest}"), rest, &dir);
        assert_eq!(get(""), Ok(root.join("index.html")));
        assert_eq!(get("issuers/a/did.json?v=1"), Ok(root.join("issuers/a/did.json")));
        assert_eq!(get("my%20file.json"), Ok(root.join("my file.json")));

        let empty = "it has an empty path segment (`//`)";
        for rest in ["/etc/passwd", "/dev/zero", "issuers//a/did.json", "%2fetc/passwd"] {
            assert_eq!(get(rest), Err(refusal(&dir, rest, empty)), "{rest}");
        }
        let dots = "it has a `.` or `..` path segment";
        for rest in ["../secret.json", "issuers/../../secret.json", "%2e%2e/secret.json", "a%2f..%2fb", "./index.html"]
        {
            assert_eq!(get(rest), Err(refusal(&dir, rest, dots)), "{rest}");
        }
        let odd = "a path segment holds a backslash, a colon or a NUL byte";
        for rest in ["..\\secret.json", "a%5c..%5cb", "C:/x", "a%00b"] {
            assert_eq!(get(rest), Err(refusal(&dir, rest, odd)), "{rest}");
        }
        let malformed = "it has a malformed %-escape or is not UTF-8";
        for rest in ["%zz", "a%2", "%ff"] {
            assert_eq!(get(rest), Err(refusal(&dir, rest, malformed)), "{rest}");
        }
        let missing = get("nothing.json").unwrap_err();
        assert!(matches!(missing, FetchError::Unavailable(_)), "{missing:?}");
        let missing = missing.to_string();
        assert!(missing.starts_with(&format!("{URL}nothing.json (mapped to {}", dir.display())), "{missing}");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_may_not_lead_out_of_the_folder() {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join("public");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("real.json"), "{}").unwrap();
        fs::write(work.path().join("secret.json"), "{}").unwrap();
        std::os::unix::fs::symlink("real.json", dir.join("alias.json")).unwrap();
        std::os::unix::fs::symlink("../secret.json", dir.join("leak.json")).unwrap();
        std::os::unix::fs::symlink(work.path(), dir.join("up")).unwrap();
        let get = |rest: &str| mapped_path(&format!("{URL}{rest}"), rest, &dir);
        assert_eq!(get("alias.json"), Ok(dir.canonicalize().unwrap().join("real.json")));
        let secret = work.path().canonicalize().unwrap().join("secret.json");
        for rest in ["leak.json", "up/secret.json"] {
            let why =
                format!("{} is a symbolic link to {}, outside the folder", dir.join(rest).display(), secret.display());
            assert_eq!(get(rest), Err(refusal(&dir, rest, &why)), "{rest}");
        }
    }

    #[test]
    fn reads_are_capped_and_only_of_regular_files() {
        let work = tempfile::tempdir().unwrap();
        let big = work.path().join("big.json");
        File::create(&big).unwrap().set_len(1024 * 1024 + 1).unwrap();
        assert_eq!(read_capped(&big, 2 * 1024 * 1024).unwrap().len(), 1024 * 1024 + 1);
        let error = read_capped(&big, 1024 * 1024).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(error.to_string(), "larger than 1 MiB, far more than any credential or image needs");
        let folder = read_capped(work.path(), 1024).unwrap_err();
        assert_eq!(folder.to_string(), "not a regular file");
        #[cfg(unix)]
        assert_eq!(read_capped(Path::new("/dev/zero"), 1024).unwrap_err().to_string(), "not a regular file");
    }
}

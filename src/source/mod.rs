//! The only reader of the site folder.
//!
//! It walks the known sub-folders in a sorted, deterministic order, parses every file into
//! its raw struct (keeping spans), loads the images those files reference, and records every
//! problem it meets as a diagnostic instead of stopping. It never resolves references between
//! files: that is the model's job.

pub mod file;
pub mod frontmatter;
pub mod raw;
mod toml;

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::config::RawSite;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
pub use file::SourceFile;
use raw::{RawAward, RawBadge, RawIssuer, RawKey, S};

/// Everything read from a site folder.
#[derive(Debug)]
pub struct SourceTree {
    /// `site.toml`.
    pub site: Option<Parsed<RawSite>>,
    /// `issuers/*.toml`, sorted by id.
    pub issuers: Vec<Parsed<RawIssuer>>,
    /// `badges/*.md` and `badges/*/index.md`, sorted by id.
    pub badges: Vec<Parsed<RawBadge>>,
    /// `awards/<badge>/*.toml`, sorted by badge then id.
    pub awards: Vec<Parsed<RawAward>>,
    /// `keys/*.toml`: the site's public signing keys, sorted by id.
    pub keys: Vec<Parsed<RawKey>>,
    /// `static/**`, sorted by path.
    pub static_files: Vec<Asset>,
    /// `templates/**`: theme overrides, sorted by name.
    pub templates: Vec<Template>,
    /// Ids of issuer and badge files that exist but could not be parsed: references to them
    /// are not reported again, the parse error says it all.
    pub unparsed_ids: Vec<String>,
}

/// A parsed file: its text, its id (file stem), the raw value and what it references.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The file, for diagnostics.
    pub file: Arc<SourceFile>,
    /// The id the file name gives (without extension, or the bundle folder's name).
    pub id: String,
    /// For awards: the name of the badge folder the file is in.
    pub folder: Option<String>,
    /// Byte offset of the TOML text in the file (non-zero for front matter).
    pub toml_offset: usize,
    /// The value as written.
    pub value: T,
    /// The Markdown after the front matter, for badges.
    pub body: String,
    /// The image the file references, when it could be read.
    pub image: Option<Asset>,
}

impl<T> Parsed<T> {
    /// An error pointing at a spanned value of this file.
    pub fn error_at<V>(&self, value: &S<V>, message: impl Into<String>) -> Diagnostic {
        self.file.error_at(&self.shift(value.span()), message)
    }

    /// An error about the file as a whole.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        self.file.error_at(&self.shift(0..0), message)
    }

    fn shift(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.toml_offset..span.end + self.toml_offset
    }
}

/// A file copied or embedded as bytes (images, static files).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to the site folder (or to `static/` for static files), `/`-separated.
    pub rel_path: String,
    /// The file's bytes.
    pub bytes: Arc<Vec<u8>>,
}

/// A theme template override.
#[derive(Debug)]
pub struct Template {
    /// Name relative to `templates/`, `/`-separated (`award.html`, `partials/x.html`).
    pub name: String,
    /// Its text.
    pub text: String,
    /// Where it is, as shown to the user.
    pub display_path: PathBuf,
}

/// Reads the site folder `root`. Problems in files become diagnostics; only a missing or
/// unreadable site folder is an error.
pub fn read(root: &Path, diagnostics: &mut Diagnostics) -> Result<SourceTree> {
    if !root.join("site.toml").is_file() {
        return Err(Error::Refused(format!(
            "{} is not a rosette site: it has no site.toml (create one with `rosette init <folder>`)",
            root.display()
        )));
    }
    let reader = Reader { root, diagnostics, unparsed_ids: Vec::new() };
    reader.read_all()
}

struct Reader<'a> {
    root: &'a Path,
    diagnostics: &'a mut Diagnostics,
    unparsed_ids: Vec<String>,
}

impl Reader<'_> {
    fn read_all(mut self) -> Result<SourceTree> {
        let site = self.parse_toml::<RawSite>("site.toml", "site".into(), None);
        let issuers = self.read_issuers();
        let badges = self.read_badges();
        let awards = self.read_awards();
        let keys = self.read_keys();
        let static_files = self.read_tree("static");
        let templates = self
            .read_tree("templates")
            .into_iter()
            .filter_map(|asset| match String::from_utf8(asset.bytes.to_vec()) {
                Ok(text) => {
                    let display_path = self.root.join("templates").join(&asset.rel_path);
                    Some(Template { name: asset.rel_path, text, display_path })
                }
                Err(_) => {
                    let path = self.root.join("templates").join(&asset.rel_path);
                    self.diagnostics.push(Diagnostic::file_error(path, "template is not valid UTF-8"));
                    None
                }
            })
            .collect();
        Ok(SourceTree { site, issuers, badges, awards, keys, static_files, templates, unparsed_ids: self.unparsed_ids })
    }

    fn read_issuers(&mut self) -> Vec<Parsed<RawIssuer>> {
        let mut issuers = Vec::new();
        for entry in self.entries("issuers") {
            if entry.extension().is_some_and(|e| e == "toml") && entry.is_file() {
                let (rel, id) = (self.rel(&entry), stem(&entry));
                if let Some(mut parsed) = self.parse_toml::<RawIssuer>(&rel, id, None) {
                    parsed.image = self.load_image(&parsed, parsed.value.image.as_ref());
                    issuers.push(parsed);
                }
            }
        }
        issuers
    }

    fn read_badges(&mut self) -> Vec<Parsed<RawBadge>> {
        let mut badges = Vec::new();
        for entry in self.entries("badges") {
            let (file, id) = if entry.is_dir() {
                let index = entry.join("index.md");
                if !index.is_file() {
                    let message = "badge bundle folder has no index.md";
                    self.diagnostics.push(
                        Diagnostic::file_error(self.display(&entry), message)
                            .with_help("add index.md with the badge's front matter, or remove the folder"),
                    );
                    continue;
                }
                (index, file_name(&entry))
            } else if entry.extension().is_some_and(|e| e == "md") {
                let id = stem(&entry);
                (entry, id)
            } else {
                continue; // images beside single-file badges
            };
            if let Some(mut parsed) = self.parse_markdown(&file, id) {
                parsed.image = self.load_image(&parsed, parsed.value.image.as_ref());
                badges.push(parsed);
            }
        }
        badges
    }

    fn read_awards(&mut self) -> Vec<Parsed<RawAward>> {
        let mut awards = Vec::new();
        for folder in self.entries("awards") {
            if !folder.is_dir() {
                let message = "award files belong in a folder named after their badge";
                self.diagnostics.push(
                    Diagnostic::file_error(self.display(&folder), message)
                        .with_help("move it to awards/<badge>/<award-id>.toml"),
                );
                continue;
            }
            let badge = file_name(&folder);
            for entry in self.entries(&format!("awards/{badge}")) {
                if entry.is_file() && entry.extension().is_some_and(|e| e == "toml") {
                    let (rel, id) = (self.rel(&entry), stem(&entry));
                    if let Some(parsed) = self.parse_toml::<RawAward>(&rel, id, Some(badge.clone())) {
                        awards.push(parsed);
                    }
                } else {
                    let message = "unexpected entry in an award folder";
                    self.diagnostics.push(
                        Diagnostic::file_error(self.display(&entry), message)
                            .with_help("award folders hold only <award-id>.toml files"),
                    );
                }
            }
        }
        awards
    }

    fn read_keys(&mut self) -> Vec<Parsed<RawKey>> {
        let mut keys = Vec::new();
        for entry in self.entries("keys") {
            if entry.is_file() && entry.extension().is_some_and(|e| e == "toml") {
                let (rel, id) = (self.rel(&entry), stem(&entry));
                keys.extend(self.parse_toml::<RawKey>(&rel, id, None));
            } else {
                let message = "unexpected entry in keys/: only public keys (<key-id>.toml) belong here";
                self.diagnostics.push(Diagnostic::file_error(self.display(&entry), message).with_help(
                    "never keep a secret key in the site folder; `rosette keygen` writes the public part here",
                ));
            }
        }
        keys
    }

    /// Non-hidden entries of a sub-folder, sorted by name; none when it does not exist.
    fn entries(&mut self, sub: &str) -> Vec<PathBuf> {
        let dir = self.root.join(sub);
        let Ok(read) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut entries: Vec<PathBuf> = read
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| !file_name(path).starts_with('.'))
            .collect();
        entries.sort();
        entries
    }

    /// Every file under a sub-folder, recursively, sorted; hidden files are skipped.
    fn read_tree(&mut self, sub: &str) -> Vec<Asset> {
        let dir = self.root.join(sub);
        let mut assets = Vec::new();
        let walk = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let path = entry.path();
                    match std::fs::read(path) {
                        Ok(bytes) => assets.push(Asset {
                            rel_path: slash_path(path.strip_prefix(&dir).unwrap_or(path)),
                            bytes: Arc::new(bytes),
                        }),
                        Err(e) => self.unreadable(path, &e),
                    }
                }
                Ok(_) => {}
                Err(e) if e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(&dir).to_path_buf();
                    self.diagnostics.push(Diagnostic::file_error(self.display(&path), format!("cannot read: {e}")));
                }
            }
        }
        assets
    }

    fn parse_toml<T: DeserializeOwned>(&mut self, rel: &str, id: String, folder: Option<String>) -> Option<Parsed<T>> {
        let file = self.load_text(rel)?;
        match toml::parse::<T>(&file, &file.text, 0) {
            Ok(value) => Some(Parsed { file, id, folder, toml_offset: 0, value, body: String::new(), image: None }),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                self.unparsed_ids.push(id);
                None
            }
        }
    }

    fn parse_markdown(&mut self, path: &Path, id: String) -> Option<Parsed<RawBadge>> {
        let file = self.load_text(&self.rel(path))?;
        let front = match frontmatter::split(&file.text) {
            Ok(front) => front,
            Err(error) => {
                let (message, help) = match error {
                    frontmatter::FrontMatterError::MissingOpening => (
                        "a badge file must start with a `+++` line opening its TOML front matter",
                        "put the badge's keys between two `+++` lines at the top, then the criteria in Markdown",
                    ),
                    frontmatter::FrontMatterError::MissingClosing => {
                        ("the front matter is not closed", "add a line `+++` after the last key")
                    }
                };
                self.diagnostics.push(file.error(message).with_help(help));
                self.unparsed_ids.push(id);
                return None;
            }
        };
        let (toml_offset, body) = (front.toml_offset, front.body.to_string());
        match toml::parse::<RawBadge>(&file, front.toml, toml_offset) {
            Ok(value) => Some(Parsed { file, id, folder: None, toml_offset, value, body, image: None }),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                self.unparsed_ids.push(id);
                None
            }
        }
    }

    fn load_text(&mut self, rel: &str) -> Option<Arc<SourceFile>> {
        let path = self.root.join(rel);
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(Arc::new(SourceFile { display_path: path, rel_path: rel.to_string(), text })),
                Err(_) => {
                    let message = "file is not valid UTF-8";
                    self.diagnostics.push(Diagnostic::file_error(path, message).with_help("save it as UTF-8 text"));
                    None
                }
            },
            Err(e) => {
                self.unreadable(&path, &e);
                None
            }
        }
    }

    /// Loads the image a file references, relative to that file's folder.
    fn load_image<T>(&mut self, parsed: &Parsed<T>, image: Option<&S<String>>) -> Option<Asset> {
        let image = image?;
        let base = Path::new(&parsed.file.rel_path).parent().unwrap_or(Path::new(""));
        let Some(rel) = inside_site(&base.join(image.get_ref())) else {
            self.diagnostics.push(
                parsed
                    .error_at(image, format!("image path `{}` leaves the site folder", image.get_ref()))
                    .with_help("use a path relative to this file, inside the site folder"),
            );
            return None;
        };
        match std::fs::read(self.root.join(&rel)) {
            Ok(bytes) => Some(Asset { rel_path: rel, bytes: Arc::new(bytes) }),
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    format!("image `{}` not found (looked for {rel})", image.get_ref())
                } else {
                    format!("cannot read image `{}`: {e}", image.get_ref())
                };
                self.diagnostics
                    .push(parsed.error_at(image, message).with_help("paths are relative to the folder of this file"));
                None
            }
        }
    }

    fn unreadable(&mut self, path: &Path, error: &std::io::Error) {
        self.diagnostics.push(Diagnostic::file_error(self.display(path), format!("cannot read: {error}")));
    }

    fn rel(&self, path: &Path) -> String {
        slash_path(path.strip_prefix(self.root).unwrap_or(path))
    }

    fn display(&self, path: &Path) -> PathBuf {
        self.root.join(path.strip_prefix(self.root).unwrap_or(path))
    }
}

/// Normalises a relative path; `None` when it is absolute or climbs out of the site.
fn inside_site(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_must_stay_inside_the_site() {
        assert_eq!(inside_site(Path::new("badges/./x/../a.svg")).as_deref(), Some("badges/a.svg"));
        assert_eq!(inside_site(Path::new("badges/../../etc/passwd")), None);
        assert_eq!(inside_site(Path::new("/etc/passwd")), None);
    }
}

//! The walk of a site folder: each known sub-folder in sorted order, each file parsed into
//! its raw struct (spans kept), the images that files reference loaded, and every problem met
//! recorded as a diagnostic instead of stopping.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::layout::{AWARDS, BADGES, ISSUERS, KEYS, STATIC, SourcePath, TEMPLATES, inside_site, slash_path};
use super::raw::{RawAward, RawBadge, RawIssuer, RawKey, RawSite, Spanned};
use super::{Asset, AwardFile, Parsed, SourceFile, SourceTree, Template, frontmatter, toml};
use crate::error::{Diagnostic, Diagnostics, Result};

pub(super) struct Reader<'a> {
    root: &'a Path,
    diagnostics: &'a mut Diagnostics,
    unparsed_ids: Vec<String>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(root: &'a Path, diagnostics: &'a mut Diagnostics) -> Self {
        Reader { root, diagnostics, unparsed_ids: Vec::new() }
    }

    pub(super) fn read_all(mut self) -> Result<SourceTree> {
        let site = self.parse_toml::<RawSite>("site.toml", "site".into(), None);
        let issuers = self.read_issuers();
        let badges = self.read_badges();
        let awards = self.read_awards();
        let keys = self.read_keys();
        let static_files = self.read_tree(STATIC);
        let templates = self
            .read_tree(TEMPLATES)
            .into_iter()
            .filter_map(|asset| match String::from_utf8(asset.bytes.to_vec()) {
                Ok(text) => {
                    let display_path = self.root.join(TEMPLATES).join(&asset.rel_path);
                    Some(Template { name: asset.rel_path, text, display_path })
                }
                Err(_) => {
                    let path = self.root.join(TEMPLATES).join(&asset.rel_path);
                    self.diagnostics.push(Diagnostic::file_error(path, "template is not valid UTF-8"));
                    None
                }
            })
            .collect();
        Ok(SourceTree { site, issuers, badges, awards, keys, static_files, templates, unparsed_ids: self.unparsed_ids })
    }

    fn read_issuers(&mut self) -> Vec<Parsed<RawIssuer>> {
        let mut issuers = Vec::new();
        for entry in self.entries(ISSUERS) {
            let rel = self.rel(&entry);
            if let (true, Some(SourcePath::Issuer { id })) = (entry.is_file(), SourcePath::parse(&rel))
                && let Some(mut parsed) = self.parse_toml::<RawIssuer>(&rel, id, None)
            {
                parsed.image = self.load_image(&parsed, parsed.value.image.as_ref());
                issuers.push(parsed);
            }
        }
        issuers
    }

    fn read_badges(&mut self) -> Vec<Parsed<RawBadge>> {
        let mut badges = Vec::new();
        for entry in self.entries(BADGES) {
            let rel = if entry.is_dir() {
                let rel = SourcePath::Badge { id: file_name(&entry), bundle: true }.rel_path();
                if !self.root.join(&rel).is_file() {
                    let message = "badge bundle folder has no index.md";
                    self.diagnostics.push(
                        Diagnostic::file_error(self.display(&entry), message)
                            .with_help("add index.md with the badge's front matter, or remove the folder"),
                    );
                    continue;
                }
                rel
            } else {
                self.rel(&entry)
            };
            // Anything else in badges/ is an image beside a single-file badge.
            let Some(SourcePath::Badge { id, .. }) = SourcePath::parse(&rel) else { continue };
            if let Some(mut parsed) = self.parse_markdown(&rel, id) {
                parsed.image = self.load_image(&parsed, parsed.value.image.as_ref());
                badges.push(parsed);
            }
        }
        badges
    }

    fn read_awards(&mut self) -> Vec<Parsed<RawAward>> {
        let mut awards = Vec::new();
        for file in self.award_files() {
            awards.extend(self.parse_toml::<RawAward>(&file.rel_path, file.id, Some(file.badge)));
        }
        awards
    }

    /// The award files, by name; every other entry of `awards/` is reported.
    pub(super) fn award_files(&mut self) -> Vec<AwardFile> {
        let mut files = Vec::new();
        for folder in self.entries(AWARDS) {
            if !folder.is_dir() {
                let message = "award files belong in a folder named after their badge";
                self.diagnostics.push(
                    Diagnostic::file_error(self.display(&folder), message)
                        .with_help("move it to awards/<badge>/<award-id>.toml"),
                );
                continue;
            }
            let folder = self.rel(&folder);
            for entry in self.entries(&folder) {
                let rel_path = self.rel(&entry);
                if let (true, Some(SourcePath::Award { badge, id })) = (entry.is_file(), SourcePath::parse(&rel_path)) {
                    files.push(AwardFile { id, badge, path: self.root.join(&rel_path), rel_path });
                } else {
                    let message = "unexpected entry in an award folder";
                    self.diagnostics.push(
                        Diagnostic::file_error(self.display(&entry), message)
                            .with_help("award folders hold only <award-id>.toml files"),
                    );
                }
            }
        }
        files
    }

    fn read_keys(&mut self) -> Vec<Parsed<RawKey>> {
        let mut keys = Vec::new();
        for entry in self.entries(KEYS) {
            let rel = self.rel(&entry);
            if let (true, Some(SourcePath::Key { id })) = (entry.is_file(), SourcePath::parse(&rel)) {
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

    fn parse_markdown(&mut self, rel: &str, id: String) -> Option<Parsed<RawBadge>> {
        let file = self.load_text(rel)?;
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
    fn load_image<T>(&mut self, parsed: &Parsed<T>, image: Option<&Spanned<String>>) -> Option<Asset> {
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

fn file_name(path: &Path) -> String {
    path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

//! The walk of a site folder: each known sub-folder in sorted order, each file parsed into
//! its raw struct (spans kept), the images that files reference loaded, and every problem met
//! recorded as a diagnostic instead of stopping.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::layout::{AWARDS, BADGES, ISSUERS, KEYS, STATIC, SourcePath, TEMPLATES, inside_site};
use super::open::{self, Kind, Limit, Refusal};
use super::raw::{RawAward, RawBadge, RawIssuer, RawKey, RawSite, Spanned};
use super::walk::Hidden;
use super::{Asset, AwardFile, Parsed, SourceFile, SourceTree, Template, frontmatter, toml};
use crate::error::{Diagnostic, Diagnostics, Result};

pub(super) struct Reader<'a> {
    pub(super) root: &'a Path,
    pub(super) diagnostics: &'a mut Diagnostics,
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
        let endorsements = self.read_endorsements();
        let static_files = self.read_tree(STATIC, Limit::Static);
        let templates = self
            .read_tree(TEMPLATES, Limit::Text)
            .into_iter()
            .filter_map(|asset| {
                let display_path = self.root.join(TEMPLATES).join(&asset.rel_path);
                match String::from_utf8(asset.bytes.to_vec()) {
                    Ok(text) => Some(Template { name: asset.rel_path, text, display_path }),
                    Err(_) => {
                        self.push(Diagnostic::file_error(display_path, "template is not valid UTF-8"));
                        None
                    }
                }
            })
            .collect();
        Ok(SourceTree {
            site,
            issuers,
            badges,
            awards,
            keys,
            static_files,
            templates,
            endorsements,
            unparsed_ids: self.unparsed_ids,
        })
    }

    fn read_issuers(&mut self) -> Vec<Parsed<RawIssuer>> {
        let mut issuers = Vec::new();
        for entry in self.entries(ISSUERS, Hidden::Skip) {
            if let (Kind::File, Some(SourcePath::Issuer { id })) = (entry.kind, SourcePath::parse(&entry.rel))
                && let Some(mut parsed) = self.parse_toml::<RawIssuer>(&entry.rel, id, None)
            {
                parsed.image = self.load_image(&parsed, parsed.value.image.as_ref());
                issuers.push(parsed);
            }
        }
        issuers
    }

    fn read_badges(&mut self) -> Vec<Parsed<RawBadge>> {
        let mut badges = Vec::new();
        for entry in self.entries(BADGES, Hidden::Skip) {
            let rel = if entry.kind == Kind::Dir {
                // A bundle's files are read only when referenced, but none may be a link.
                self.tree(&entry.rel);
                let rel = SourcePath::Badge { id: entry.name, bundle: true }.rel_path();
                if open::kind(self.root, &rel).ok().flatten().is_none() {
                    let message = "badge bundle folder has no index.md";
                    self.push(
                        Diagnostic::file_error(self.root.join(&entry.rel), message)
                            .with_help("add index.md with the badge's front matter, or remove the folder"),
                    );
                    continue;
                }
                rel
            } else {
                entry.rel
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

    /// Award files are read and parsed in parallel (a large site has 100,000 of them); their
    /// problems are then recorded in the order of the files, so reports do not depend on
    /// thread scheduling.
    fn read_awards(&mut self) -> Vec<Parsed<RawAward>> {
        let root = self.root;
        let results: Vec<Result<Parsed<RawAward>, Unparsed>> = self
            .award_files()
            .into_par_iter()
            .map(|file| parse_toml_file(root, &file.rel_path, file.id, Some(file.badge)))
            .collect();
        let mut awards = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(parsed) => awards.push(parsed),
                Err(unparsed) => self.record(unparsed),
            }
        }
        awards
    }

    /// Records why a file could not be parsed.
    fn record(&mut self, unparsed: Unparsed) {
        unparsed.diagnostics.into_iter().for_each(|diagnostic| self.push(diagnostic));
        self.unparsed_ids.extend(unparsed.id);
    }

    /// The award files, by name; every other entry of `awards/` is reported.
    pub(super) fn award_files(&mut self) -> Vec<AwardFile> {
        let mut files = Vec::new();
        for folder in self.entries(AWARDS, Hidden::Refuse) {
            if folder.kind != Kind::Dir {
                let message = "award files belong in a folder named after their badge";
                self.push(
                    Diagnostic::file_error(self.root.join(&folder.rel), message)
                        .with_help("move it to awards/<badge>/<award-id>.toml"),
                );
                continue;
            }
            for entry in self.entries(&folder.rel, Hidden::Refuse) {
                if let (Kind::File, Some(SourcePath::Award { badge, id })) = (entry.kind, SourcePath::parse(&entry.rel))
                {
                    let path = self.root.join(&entry.rel);
                    files.push(AwardFile { id, badge, path, rel_path: entry.rel, site_dir: self.root.to_path_buf() });
                } else {
                    let message = "unexpected entry in an award folder";
                    self.push(
                        Diagnostic::file_error(self.root.join(&entry.rel), message)
                            .with_help("award folders hold only <award-id>.toml files"),
                    );
                }
            }
        }
        files
    }

    fn read_keys(&mut self) -> Vec<Parsed<RawKey>> {
        let mut keys = Vec::new();
        for entry in self.entries(KEYS, Hidden::Refuse) {
            if let (Kind::File, Some(SourcePath::Key { id })) = (entry.kind, SourcePath::parse(&entry.rel)) {
                keys.extend(self.parse_toml::<RawKey>(&entry.rel, id, None));
            } else {
                let message = "unexpected entry in keys/: only public keys (<key-id>.toml) belong here";
                self.push(Diagnostic::file_error(self.root.join(&entry.rel), message).with_help(
                    "never keep a secret key in the site folder; `rosette keygen` writes the public part here",
                ));
            }
        }
        keys
    }

    fn parse_toml<T: DeserializeOwned>(&mut self, rel: &str, id: String, folder: Option<String>) -> Option<Parsed<T>> {
        parse_toml_file(self.root, rel, id, folder).map_err(|unparsed| self.record(unparsed)).ok()
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
                self.push(file.error(message).with_help(help));
                self.unparsed_ids.push(id);
                return None;
            }
        };
        let (toml_offset, body) = (front.toml_offset, front.body.to_string());
        match toml::parse::<RawBadge>(&file, front.toml, toml_offset) {
            Ok(value) => Some(Parsed { file, id, folder: None, toml_offset, value, body, image: None }),
            Err(diagnostics) => {
                diagnostics.into_iter().for_each(|diagnostic| self.push(diagnostic));
                self.unparsed_ids.push(id);
                None
            }
        }
    }

    fn load_text(&mut self, rel: &str) -> Option<Arc<SourceFile>> {
        text_file(self.root, rel).map_err(|diagnostic| self.push(diagnostic)).ok()
    }

    /// Loads the image a file references, relative to that file's folder.
    fn load_image<T>(&mut self, parsed: &Parsed<T>, image: Option<&Spanned<String>>) -> Option<Asset> {
        let image = image?;
        let base = Path::new(&parsed.file.rel_path).parent().unwrap_or(Path::new(""));
        let Some(rel) = inside_site(&base.join(image.get_ref())) else {
            self.push(
                parsed
                    .error_at(image, format!("image path `{}` leaves the site folder", image.get_ref()))
                    .with_help("use a path relative to this file, inside the site folder"),
            );
            return None;
        };
        match open::read(self.root, &rel, Limit::Image) {
            Ok(bytes) => Some(Asset { rel_path: rel, bytes: Arc::new(bytes) }),
            Err(Refusal::Missing) => {
                let written = image.get_ref();
                let message = format!("image `{written}` not found (looked for {rel})");
                let relative = "paths are relative to the folder of this file";
                let help = match self.image_like(&rel, written) {
                    Some(meant) => format!("did you mean `{meant}`? ({relative})"),
                    None => relative.to_string(),
                };
                self.push(parsed.error_at(image, message).with_help(help));
                None
            }
            Err(refusal) => {
                let message = format!("image `{}`: {}", image.get_ref(), refusal.message());
                self.push(parsed.error_at(image, message).with_help(refusal.help()));
                None
            }
        }
    }

    /// The image file beside where `rel` was looked for that `written` most likely meant,
    /// written the way the user wrote theirs. The folder is only listed (nothing is opened),
    /// and links and hidden files are no candidates.
    fn image_like(&self, rel: &str, written: &str) -> Option<String> {
        let folder = Path::new(rel).parent().unwrap_or(Path::new(""));
        let names: Vec<String> = std::fs::read_dir(self.root.join(folder))
            .ok()?
            .filter_map(std::result::Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.') && (name.ends_with(".png") || name.ends_with(".svg")))
            .collect();
        let (prefix, name) = written.rsplit_once('/').map_or(("", written), |(dir, name)| (dir, name));
        let meant = crate::suggest::nearest_file(name, names.iter().map(String::as_str))?;
        Some(if prefix.is_empty() { meant.to_string() } else { format!("{prefix}/{meant}") })
    }
}

/// Why a file gave no parsed value: its problems, and its id when the file was read but did
/// not parse (so that other checks know the id exists).
pub(super) struct Unparsed {
    pub(super) diagnostics: Vec<Diagnostic>,
    id: Option<String>,
}

/// Reads the text file `rel` of the site at `root` (see [`open::read`]).
fn text_file(root: &Path, rel: &str) -> std::result::Result<Arc<SourceFile>, Diagnostic> {
    let path = root.join(rel);
    match open::read(root, rel, Limit::Text) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Arc::new(SourceFile { display_path: path, rel_path: rel.to_string(), text })),
            Err(_) => Err(Diagnostic::file_error(path, "file is not valid UTF-8").with_help("save it as UTF-8 text")),
        },
        Err(refusal) => Err(refusal.diagnostic(path)),
    }
}

/// Reads and parses the TOML file `rel`: no shared state, so files parse in parallel.
pub(super) fn parse_toml_file<T: DeserializeOwned>(
    root: &Path,
    rel: &str,
    id: String,
    folder: Option<String>,
) -> std::result::Result<Parsed<T>, Unparsed> {
    let file = text_file(root, rel).map_err(|diagnostic| Unparsed { diagnostics: vec![diagnostic], id: None })?;
    match toml::parse::<T>(&file, &file.text, 0) {
        Ok(value) => Ok(Parsed { file, id, folder, toml_offset: 0, value, body: String::new(), image: None }),
        Err(diagnostics) => Err(Unparsed { diagnostics, id: Some(id) }),
    }
}

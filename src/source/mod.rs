//! The only reader of the site folder.
//!
//! It walks the known sub-folders in a sorted, deterministic order, parses every file into
//! its raw struct (keeping spans), loads the images those files reference, and records every
//! problem it meets as a diagnostic instead of stopping. It never resolves references between
//! files: that is the model's job.

mod endorsements;
pub mod file;
pub mod frontmatter;
pub mod layout;
pub mod open;
pub mod raw;
mod reader;
mod secrets;
mod toml;
mod walk;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Diagnostics, Result};
pub use file::SourceFile;
use raw::{RawAward, RawBadge, RawIssuer, RawKey, RawSite, Spanned};
use reader::Reader;

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
    /// `endorsements/*.json`, sorted by id.
    pub endorsements: Vec<EndorsementSource>,
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
    pub fn error_at<V>(&self, value: &Spanned<V>, message: impl Into<String>) -> Diagnostic {
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

/// An endorsement file (`endorsements/<id>.json`), parsed, with its endorser's DID document.
#[derive(Debug)]
pub struct EndorsementSource {
    /// The id its file name gives.
    pub id: String,
    /// The endorsement as signed.
    pub document: JsonFile,
    /// `endorsements/<id>.did.json`, for a `did:web` endorser.
    pub did_document: Option<JsonFile>,
    /// `endorsements/<id>.toml`, once the endorser withdrew it.
    pub withdrawal: Option<Parsed<raw::RawWithdrawal>>,
}

/// A JSON file of the site: its text (published as it is) and its parsed value.
#[derive(Debug, Clone)]
pub struct JsonFile {
    /// The file.
    pub file: Arc<SourceFile>,
    /// What it says.
    pub value: Arc<serde_json::Value>,
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
    layout::require_site(root)?;
    let reader = Reader::new(root, diagnostics);
    reader.read_all()
}

/// An award file found by its name, whether or not it parses.
#[derive(Debug, Clone)]
pub struct AwardFile {
    /// The award id (file stem).
    pub id: String,
    /// The badge folder it is in.
    pub badge: String,
    /// Path relative to the site folder, `/`-separated.
    pub rel_path: String,
    /// Path as shown to the user and opened (the site folder joined with `rel_path`).
    pub path: PathBuf,
    /// The site folder it is in.
    pub site_dir: PathBuf,
}

impl AwardFile {
    /// The file's text, for a command that edits it in place (`rosette revoke`).
    /// Read like every site file ([`open::read`]): never through a link, within the size limit.
    pub fn read_text(&self) -> Result<String> {
        let refused = |message: String| crate::error::Error::Refused(format!("{}: {message}", self.path.display()));
        let bytes = open::read(&self.site_dir, &self.rel_path, open::Limit::Text)
            .map_err(|refusal| refused(refusal.message()))?;
        String::from_utf8(bytes).map_err(|_| refused("file is not valid UTF-8".into()))
    }
}

/// Every award file of the site at `root` (`awards/<badge>/<id>.toml`), sorted by badge then
/// id, without reading them: commands that write awards need every id in use, including
/// those of files that do not parse, and where the file of an award id is.
pub fn award_files(root: &Path) -> Result<Vec<AwardFile>> {
    layout::require_site(root)?;
    // Stray entries are reported by `rosette check`; here they are only not award files.
    let mut ignored = Diagnostics::default();
    Ok(Reader::new(root, &mut ignored).award_files())
}

/// The files of award `id` in the site at `root`: one, or several when the id is duplicated
/// across badge folders (which `rosette check` reports), or none.
pub fn find_award(root: &Path, id: &str) -> Result<Vec<AwardFile>> {
    Ok(award_files(root)?.into_iter().filter(|file| file.id == id).collect())
}

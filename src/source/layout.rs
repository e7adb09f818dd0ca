//! The layout of a site folder: the one place that knows where each kind of input lives.
//!
//! [`crate::model::urls`] turns ids into output paths and URLs; this module does the same for
//! input paths, both ways. It names the site's files and folders, builds the relative path of
//! an input from its ids, parses a relative path back into ids (for the reader and for the
//! git guard, which reads the base revision's files by path), and says whether a folder is a
//! site at all. Relative paths are `/`-separated, whatever the platform.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The site's settings file; its presence makes a folder a site.
pub const SITE_FILE: &str = "site.toml";
/// Issuers: `issuers/<id>.toml`.
pub const ISSUERS: &str = "issuers";
/// Badges: `badges/<id>.md`, or a bundle folder `badges/<id>/index.md` with its images.
pub const BADGES: &str = "badges";
/// The file of a badge bundle folder that holds the badge.
pub const BUNDLE_INDEX: &str = "index.md";
/// Awards: `awards/<badge>/<id>.toml`.
pub const AWARDS: &str = "awards";
/// Public signing keys: `keys/<id>.toml`.
pub const KEYS: &str = "keys";
/// Endorsements by others, as they signed them: `endorsements/<id>.json`, for a
/// `did:web` endorser its DID document `endorsements/<id>.did.json`, and once withdrawn
/// `endorsements/<id>.toml` (when and why).
pub const ENDORSEMENTS: &str = "endorsements";
/// Files copied as they are: `static/**`.
pub const STATIC: &str = "static";
/// Theme overrides: `templates/**`.
pub const TEMPLATES: &str = "templates";

/// What a relative path of the site folder holds, with the ids its name gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourcePath {
    /// `site.toml`.
    Site,
    /// `issuers/<id>.toml`.
    Issuer {
        /// The issuer id.
        id: String,
    },
    /// `badges/<id>.md` or `badges/<id>/index.md`.
    Badge {
        /// The badge id.
        id: String,
        /// Whether it is a bundle folder's `index.md`.
        bundle: bool,
    },
    /// `awards/<badge>/<id>.toml`.
    Award {
        /// The badge folder's name.
        badge: String,
        /// The award id.
        id: String,
    },
    /// `keys/<id>.toml`.
    Key {
        /// The key id.
        id: String,
    },
    /// `endorsements/<id>.json`.
    Endorsement {
        /// The endorsement id.
        id: String,
    },
    /// `endorsements/<id>.did.json`: the DID document of a `did:web` endorser.
    EndorserDid {
        /// The id of the endorsement it belongs to.
        id: String,
    },
    /// `endorsements/<id>.toml`: the endorsement was withdrawn (when, why).
    Withdrawal {
        /// The id of the endorsement it withdraws.
        id: String,
    },
}

impl SourcePath {
    /// The path relative to the site folder, `/`-separated.
    pub fn rel_path(&self) -> String {
        match self {
            SourcePath::Site => SITE_FILE.to_string(),
            SourcePath::Issuer { id } => format!("{ISSUERS}/{id}.toml"),
            SourcePath::Badge { id, bundle: false } => format!("{BADGES}/{id}.md"),
            SourcePath::Badge { id, bundle: true } => format!("{BADGES}/{id}/{BUNDLE_INDEX}"),
            SourcePath::Award { badge, id } => format!("{AWARDS}/{badge}/{id}.toml"),
            SourcePath::Key { id } => format!("{KEYS}/{id}.toml"),
            SourcePath::Endorsement { id } => format!("{ENDORSEMENTS}/{id}.json"),
            SourcePath::EndorserDid { id } => format!("{ENDORSEMENTS}/{id}.did.json"),
            SourcePath::Withdrawal { id } => format!("{ENDORSEMENTS}/{id}.toml"),
        }
    }

    /// What `rel` (relative to the site folder, `/`-separated) holds; `None` for anything the
    /// reader does not read as a site file: hidden names, wrong depth or extension, static
    /// files and templates.
    pub fn parse(rel: &str) -> Option<SourcePath> {
        let parts: Vec<&str> = rel.split('/').collect();
        // Hidden files are editor and system files (`.DS_Store`, `.draft.toml`), never inputs.
        if parts.iter().any(|part| part.is_empty() || part.starts_with('.')) {
            return None;
        }
        let id = |name: &str, extension: &str| name.strip_suffix(extension).map(str::to_string);
        match parts.as_slice() {
            [SITE_FILE] => Some(SourcePath::Site),
            [ISSUERS, name] => Some(SourcePath::Issuer { id: id(name, ".toml")? }),
            [BADGES, name] => Some(SourcePath::Badge { id: id(name, ".md")?, bundle: false }),
            [BADGES, folder, BUNDLE_INDEX] => Some(SourcePath::Badge { id: (*folder).to_string(), bundle: true }),
            [AWARDS, badge, name] => Some(SourcePath::Award { badge: (*badge).to_string(), id: id(name, ".toml")? }),
            [KEYS, name] => Some(SourcePath::Key { id: id(name, ".toml")? }),
            [ENDORSEMENTS, name] => match (id(name, ".did.json"), id(name, ".toml")) {
                (Some(did), _) => Some(SourcePath::EndorserDid { id: did }),
                (None, Some(withdrawn)) => Some(SourcePath::Withdrawal { id: withdrawn }),
                (None, None) => Some(SourcePath::Endorsement { id: id(name, ".json")? }),
            },
            _ => None,
        }
    }
}

/// Refuses a folder that is not a rosette site (has no `site.toml`).
pub fn require_site(site_dir: &Path) -> Result<()> {
    if site_dir.join(SITE_FILE).is_file() {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "{} is not a rosette site: it has no {SITE_FILE} (create one with `rosette init <folder>`)",
        site_dir.display()
    )))
}

/// The site the user means when they name none: the nearest folder holding `site.toml`,
/// from `cwd` upwards (as cargo finds `Cargo.toml`), so that `rosette build` works from
/// `badges/` or `awards/`. The answer is relative to `cwd` (`.`, `..`, `../..`): messages stay
/// as short as the paths the user types.
pub fn find_site(cwd: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::from(".");
    for dir in cwd.ancestors() {
        if dir.join(SITE_FILE).is_file() {
            return Some(relative);
        }
        relative = if relative == Path::new(".") { PathBuf::from("..") } else { relative.join("..") };
    }
    None
}

/// Where the public key file of key `id` is (or would be written).
pub fn key_path(site_dir: &Path, id: &str) -> PathBuf {
    site_dir.join(SourcePath::Key { id: id.to_string() }.rel_path())
}

/// Whether key id `id` is taken: something already has its file name in `keys/`.
pub fn key_taken(site_dir: &Path, id: &str) -> bool {
    key_path(site_dir, id).exists()
}

/// Normalises a path relative to the site folder; `None` when it is absolute or climbs out.
pub fn inside_site(path: &Path) -> Option<String> {
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

/// A relative path in the `/`-separated form used everywhere in the site.
pub fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn award(badge: &str, id: &str) -> Option<SourcePath> {
        Some(SourcePath::Award { badge: badge.into(), id: id.into() })
    }

    #[test]
    fn award_paths_are_two_levels_down_and_not_hidden() {
        assert_eq!(SourcePath::parse("awards/rust/k3v9q2m7xa.toml"), award("rust", "k3v9q2m7xa"));
        assert_eq!(SourcePath::parse("awards/k3v9q2m7xa.toml"), None);
        assert_eq!(SourcePath::parse("awards/rust/.draft.toml"), None);
        assert_eq!(SourcePath::parse("awards/.old/x.toml"), None);
        assert_eq!(SourcePath::parse("awards/rust/notes.md"), None);
        assert_eq!(SourcePath::parse("awards/rust/old/x.toml"), None);
        assert_eq!(SourcePath::parse("awards//x.toml"), None);
    }

    #[test]
    fn paths_and_ids_go_both_ways() {
        let all = [
            SourcePath::Site,
            SourcePath::Issuer { id: "club".into() },
            SourcePath::Badge { id: "rust".into(), bundle: false },
            SourcePath::Badge { id: "rust".into(), bundle: true },
            award("rust", "k3v9q2m7xa").unwrap_or(SourcePath::Site),
            SourcePath::Key { id: "key-2026-01-15".into() },
            SourcePath::Endorsement { id: "acme-rust".into() },
            SourcePath::EndorserDid { id: "acme-rust".into() },
            SourcePath::Withdrawal { id: "acme-rust".into() },
        ];
        for path in all {
            assert_eq!(SourcePath::parse(&path.rel_path()), Some(path.clone()), "{path:?}");
        }
        assert_eq!(
            SourcePath::parse("badges/rust/index.md").map(|p| p.rel_path()).as_deref(),
            Some("badges/rust/index.md")
        );
        assert_eq!(SourcePath::parse("static/logo.svg"), None);
        assert_eq!(SourcePath::parse("issuers/club.md"), None);
    }

    #[test]
    fn image_paths_must_stay_inside_the_site() {
        assert_eq!(inside_site(Path::new("badges/./x/../a.svg")).as_deref(), Some("badges/a.svg"));
        assert_eq!(inside_site(Path::new("badges/../../etc/passwd")), None);
        assert_eq!(inside_site(Path::new("/etc/passwd")), None);
    }
}

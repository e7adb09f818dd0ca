//! The resolved site: every reference followed, every value checked, all problems collected.
//!
//! This stage is pure: it gets the raw files from [`crate::source`] and the build time from
//! the caller, and never touches the disk or the clock. Items with problems are reported and
//! left out, so one run lists every problem of the site.

mod award;
mod badge;
pub mod config;
pub mod endorsement;
pub mod field;
mod html;
mod identity;
pub mod image;
mod issuer;
mod key;
pub use rosette_verify::recipient;
pub mod rules;
mod statics;
pub mod svg;
pub mod urls;

use std::sync::Arc;

use jiff::Timestamp;

use crate::error::Diagnostics;
use crate::source::{Asset, SourceTree, Template};
pub use config::{ShareCards, SiteConfig};
pub use endorsement::{Endorsed, Endorsement, Endorser};
pub use urls::{Location, Urls};

/// A site ready to publish.
#[derive(Debug)]
pub struct Site {
    /// Settings from `site.toml`.
    pub config: SiteConfig,
    /// Paths and URLs of everything published.
    pub urls: Urls,
    /// The moment the build represents: decides which awards count as expired.
    pub now: Timestamp,
    /// Issuers, sorted by id.
    pub issuers: Vec<Issuer>,
    /// Badges, sorted by id.
    pub badges: Vec<Badge>,
    /// Awards, sorted by id.
    pub awards: Vec<Award>,
    /// Public signing keys, oldest first. Empty when the site publishes no OB 3.0 credentials.
    pub keys: Vec<Key>,
    /// Endorsements of the site's badges, issuers and awards, checked, sorted by id.
    pub endorsements: Vec<Endorsement>,
    /// Files of the site's `static/` folder.
    pub static_files: Vec<Asset>,
    /// Theme template overrides.
    pub templates: Vec<Template>,
    /// A local preview (`rosette serve`, `rosette build --preview`): pages say so, credentials use a throwaway key.
    pub preview: bool,
}

/// An issuing organisation.
#[derive(Debug)]
pub struct Issuer {
    /// Id (file name).
    pub id: String,
    /// Name.
    pub name: String,
    /// Home page.
    pub url: String,
    /// Contact address.
    pub email: String,
    /// About the issuer.
    pub description: Option<String>,
    /// Logo.
    pub image: Option<Image>,
    /// LinkedIn organization id (digits), when the issuer has a LinkedIn page.
    pub linkedin_organization_id: Option<String>,
}

/// A badge definition (OB 2.0 BadgeClass).
#[derive(Debug)]
pub struct Badge {
    /// Id (file or bundle name).
    pub id: String,
    /// Index into [`Site::issuers`].
    pub issuer: usize,
    /// Name.
    pub name: String,
    /// One-sentence summary.
    pub description: String,
    /// Badge image.
    pub image: Image,
    /// Keywords.
    pub tags: Vec<String>,
    /// Open Badges 3.0 achievement type.
    pub achievement_type: String,
    /// Frameworks the badge aligns to.
    pub alignments: Vec<Alignment>,
    /// Criteria, Markdown.
    pub criteria: String,
}

/// An alignment of a badge to a framework.
#[derive(Debug)]
pub struct Alignment {
    /// Name of the competency or standard.
    pub name: String,
    /// URL describing it.
    pub url: String,
    /// Short description.
    pub description: Option<String>,
    /// Framework name.
    pub framework: Option<String>,
    /// Code in the framework.
    pub code: Option<String>,
}

/// An award of a badge to one recipient (OB 2.0 Assertion).
#[derive(Debug)]
pub struct Award {
    /// Id (file name), unique across the site.
    pub id: String,
    /// Index into [`Site::badges`].
    pub badge: usize,
    /// When it was awarded.
    pub issued: Timestamp,
    /// When it stops being valid.
    pub expires: Option<Timestamp>,
    /// Markdown: what the recipient did.
    pub narrative: Option<String>,
    /// Who received it.
    pub recipient: Recipient,
    /// Evidence.
    pub evidence: Vec<Evidence>,
    /// Valid, expired or revoked, as of [`Site::now`].
    pub status: Status,
    /// Position in the issuer's status list (required when the site signs credentials).
    pub status_index: Option<u32>,
}

/// A public signing key of the site.
#[derive(Debug, Clone)]
pub struct Key {
    /// Id (file name); the verification method is `<issuer DID>#<id>`.
    pub id: String,
    /// The Ed25519 public key.
    pub public_key: crate::proof::PublicKey,
    /// When it was made.
    pub created: Timestamp,
    /// When it was declared compromised; it then verifies nothing.
    pub revoked: Option<Timestamp>,
}

/// Number of entries of every status list (the minimum the Bitstring Status List spec allows,
/// 16 KiB uncompressed, so that one revoked award does not stand out).
pub const STATUS_LIST_SIZE: u32 = 131_072;

/// The recipient of an award.
#[derive(Debug)]
pub struct Recipient {
    /// How verifiers recognise the recipient.
    pub identity: Identity,
    /// The name, only when the recipient agreed to show it publicly.
    pub public_name: Option<String>,
}

/// How verifiers recognise a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Salted SHA-256 of the normalised e-mail address.
    EmailHash {
        /// `sha256$<hex>`.
        hash: String,
        /// The salt appended to the address before hashing.
        salt: String,
    },
    /// A URL that identifies the recipient.
    Url(String),
}

/// Evidence for an award.
#[derive(Debug)]
pub struct Evidence {
    /// Link to the work.
    pub url: Option<String>,
    /// Title.
    pub name: Option<String>,
    /// Short description.
    pub description: Option<String>,
    /// Markdown narrative.
    pub narrative: Option<String>,
    /// Kind of evidence.
    pub genre: Option<String>,
    /// Intended audience.
    pub audience: Option<String>,
}

/// Whether an award is still good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Neither expired nor revoked.
    Valid,
    /// Past its expiry date.
    Expired,
    /// Revoked by the issuer.
    Revoked {
        /// When.
        date: Timestamp,
        /// Why.
        reason: String,
    },
}

/// A checked image.
#[derive(Debug, Clone)]
pub struct Image {
    /// PNG or SVG.
    pub kind: ImageKind,
    /// The file's bytes, published unchanged.
    pub bytes: Arc<Vec<u8>>,
}

/// The image formats badges may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// SVG (checked for scripts and outside references).
    Svg,
}

impl ImageKind {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Svg => "svg",
        }
    }
}

/// Options of the model stage.
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions<'a> {
    /// Replaces `site.toml`'s `base_url`.
    pub base_url: Option<&'a str>,
    /// The moment the build represents.
    pub now: Timestamp,
    /// A local preview (`rosette serve` without the site's key, `rosette build --preview`): this throwaway public key
    /// replaces the site's keys, and every page says it is a preview.
    pub preview_key: Option<crate::proof::PublicKey>,
}

/// Resolves and checks everything read from the site folder. Returns `None` when the site
/// settings themselves are unusable; every problem is in `diagnostics`.
pub fn resolve(source: SourceTree, options: ResolveOptions<'_>, diagnostics: &mut Diagnostics) -> Option<Site> {
    let config = config::resolve(source.site.as_ref(), options.base_url, diagnostics);
    let issuers = issuer::resolve_all(&source.issuers, diagnostics);
    // Ids of files that exist but did not resolve: references to them are not reported again.
    let unparsed = source.unparsed_ids.iter().map(String::as_str);
    let mut failed_issuers: Vec<&str> = failed(&source.issuers, issuers.iter().map(|i| i.id.as_str()));
    failed_issuers.extend(unparsed.clone());
    let badges = badge::resolve_all(&source.badges, &issuers, &failed_issuers, diagnostics);
    let mut failed_badges: Vec<&str> = failed(&source.badges, badges.iter().map(|b| b.id.as_str()));
    failed_badges.extend(unparsed);
    let keys = key::resolve_all(&source.keys, diagnostics);
    let context = award::Context {
        badges: &badges,
        failed_badges: &failed_badges,
        signs: !source.keys.is_empty(),
        now: options.now,
    };
    let awards = award::resolve_all(&source.awards, &context, diagnostics);
    let config = config?;
    if let Some(site_dir) = source.site.as_ref().and_then(|site| site.file.display_path.parent()) {
        statics::check(&source.static_files, site_dir, config.allow_scripts_in_static, diagnostics);
    }
    let urls = Urls::new(&config.base_url);
    // Endorsements name the published site, also when a preview replaces its base URL.
    let written = source.site.as_ref().and_then(|site| site.value.base_url.as_ref());
    let published = written.and_then(|url| rules::base_url(url.get_ref()).ok()).map(|url| Urls::new(&url));
    let endorsement_context = endorsement::Context {
        urls: std::iter::once(&urls).chain(published.as_ref()).collect(),
        issuers: &issuers,
        badges: &badges,
        awards: &awards,
        now: options.now,
    };
    let endorsements = endorsement::resolve_all(&source.endorsements, &endorsement_context, diagnostics);
    let (keys, preview) = match options.preview_key {
        Some(public_key) => (vec![Key { id: "preview".into(), public_key, created: options.now, revoked: None }], true),
        None => (keys, false),
    };
    Some(Site {
        urls,
        config,
        now: options.now,
        issuers,
        badges,
        awards,
        keys,
        endorsements,
        static_files: source.static_files,
        templates: source.templates,
        preview,
    })
}

/// Ids of parsed files that are missing from the resolved ones.
fn failed<'a, T>(parsed: &'a [crate::source::Parsed<T>], resolved: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let resolved: Vec<&str> = resolved.collect();
    parsed.iter().map(|p| p.id.as_str()).filter(|id| !resolved.contains(id)).collect()
}

/// Reports a file whose name is not a safe id; true when the id is usable.
fn usable_id<T>(parsed: &crate::source::Parsed<T>, what: &str, diagnostics: &mut Diagnostics) -> bool {
    if rules::is_safe_id(&parsed.id) {
        return true;
    }
    let problem = rules::id_problem(&parsed.id);
    diagnostics.push(
        parsed
            .error(format!("`{}` cannot be {what} id: {problem}", parsed.id))
            .with_help("rename the file: ids are 1-64 characters of a-z, 0-9 and -, starting with a letter or digit"),
    );
    false
}

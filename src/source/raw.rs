//! The user's files as written: serde structs with spans, one per file kind.
//!
//! Every field is optional here, even required ones: the model reports each missing key on
//! its own, so one run lists all of them instead of stopping at serde's first. Spans point at
//! the value in the user's file (relative to the parsed TOML text; see [`super::Parsed`]).
//! The documentation of every key lives in `docs/format.md`.

use serde::Deserialize;
/// A TOML value with its span: every value of a raw struct is one.
pub use toml::Spanned;

/// `site.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// Name of the site, shown on every page.
    pub title: Option<Spanned<String>>,
    /// Absolute URL the site is served at; every published id starts with it.
    pub base_url: Option<Spanned<String>>,
    /// BCP 47 language tag of the pages; default `en`.
    pub language: Option<Spanned<String>>,
    /// One or two sentences for the home page and link previews.
    pub description: Option<Spanned<String>>,
    /// Whether HTML and SVG files in `static/` may run script; default false. An owner's
    /// decision: script there runs on every page of the site's origin.
    pub allow_scripts_in_static: Option<Spanned<bool>>,
    /// `"block"` (default) or `"allow"`: whether Markdown from contributors may show images
    /// from other sites (which learn who views each page); blocked ones become links.
    pub remote_images: Option<Spanned<String>>,
    /// How large the published site may grow before `build` warns: bytes, or a text such as
    /// `"1 GB"`; default 1 GB (GitHub Pages' limit).
    pub size_budget: Option<Spanned<RawSize>>,
    /// `"badge"` (default): every award's link preview shows its badge's share card;
    /// `"named"`: an award that shows its recipient's public name gets a card of its own.
    pub share_cards: Option<Spanned<String>>,
}

/// A size as written: a number of bytes or a text with a unit (`"500 MB"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawSize {
    /// A number of bytes.
    Bytes(i64),
    /// A number with a unit.
    Text(String),
}

/// `issuers/<issuer>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssuer {
    /// Name of the organisation.
    pub name: Option<Spanned<String>>,
    /// Its home page.
    pub url: Option<Spanned<String>>,
    /// Its public contact address.
    pub email: Option<Spanned<String>>,
    /// A sentence or two about it.
    pub description: Option<Spanned<String>>,
    /// Logo, relative to the issuer file's folder.
    pub image: Option<Spanned<String>>,
    /// LinkedIn organization id, for "Add to profile" links.
    pub linkedin_organization_id: Option<Spanned<String>>,
}

/// The front matter of `badges/<badge>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBadge {
    /// Name of the badge.
    pub name: Option<Spanned<String>>,
    /// Issuer id.
    pub issuer: Option<Spanned<String>>,
    /// One-sentence summary.
    pub description: Option<Spanned<String>>,
    /// Badge image, relative to the badge file's folder.
    pub image: Option<Spanned<String>>,
    /// Keywords.
    pub tags: Option<Vec<Spanned<String>>>,
    /// Open Badges 3.0 achievement type.
    pub achievement_type: Option<Spanned<String>>,
    /// Frameworks the badge aligns to.
    pub alignment: Option<Vec<Spanned<RawAlignment>>>,
}

/// One `[[alignment]]` of a badge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlignment {
    /// Name of the competency or standard.
    pub target_name: Option<Spanned<String>>,
    /// URL of its description.
    pub target_url: Option<Spanned<String>>,
    /// Short description.
    pub target_description: Option<Spanned<String>>,
    /// Framework name.
    pub target_framework: Option<Spanned<String>>,
    /// Code within the framework.
    pub target_code: Option<Spanned<String>>,
}

/// `awards/<badge>/<award-id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAward {
    /// Award date (TOML date-time or date, or a string of one).
    pub issued: Option<Spanned<toml::Value>>,
    /// Expiry date.
    pub expires: Option<Spanned<toml::Value>>,
    /// Markdown: what this recipient did.
    pub narrative: Option<Spanned<String>>,
    /// Who received it.
    pub recipient: Option<Spanned<RawRecipient>>,
    /// Links and notes showing the criteria were met.
    pub evidence: Option<Vec<Spanned<RawEvidence>>>,
    /// Present when the award was revoked.
    pub revoked: Option<Spanned<RawRevocation>>,
    /// Position of the award in its issuer's status list (signed OB 3.0 revocation).
    pub status_index: Option<Spanned<i64>>,
}

/// `[recipient]` of an award.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecipient {
    /// `sha256$<hex>` of the normalised e-mail followed by the salt.
    pub hash: Option<Spanned<String>>,
    /// Per-award salt.
    pub salt: Option<Spanned<String>>,
    /// URL identity instead of a hashed e-mail.
    pub url: Option<Spanned<String>>,
    /// Recipient's name.
    pub name: Option<Spanned<String>>,
    /// Whether the name may be published.
    pub public: Option<Spanned<bool>>,
}

/// One `[[evidence]]` of an award.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// Link to the work.
    pub url: Option<Spanned<String>>,
    /// Title.
    pub name: Option<Spanned<String>>,
    /// Short description.
    pub description: Option<Spanned<String>>,
    /// Markdown narrative.
    pub narrative: Option<Spanned<String>>,
    /// Kind of evidence.
    pub genre: Option<Spanned<String>>,
    /// Intended audience.
    pub audience: Option<Spanned<String>>,
}

/// `keys/<key-id>.toml`: a public signing key of the site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKey {
    /// Multikey `z6Mk…` of the Ed25519 public key.
    pub public_key: Option<Spanned<String>>,
    /// When the key was created.
    pub created: Option<Spanned<toml::Value>>,
    /// When the key was found compromised; it then no longer verifies anything.
    pub revoked: Option<Spanned<toml::Value>>,
    /// The id of the key that vouches for this one (absent only on the site's root key).
    pub signed_by: Option<Spanned<String>>,
    /// The link: `signed_by`'s signature over this key (see [`crate::proof::KeyLink`]).
    pub signature: Option<Spanned<String>>,
}

/// `endorsements/<id>.toml`: the endorser withdrew the endorsement `<id>.json`, which stays
/// published as signed but is no longer embedded in the documents it endorsed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWithdrawal {
    /// When it was withdrawn.
    pub withdrawn: Option<Spanned<toml::Value>>,
    /// Why, shown on the pages.
    pub reason: Option<Spanned<String>>,
}

/// `[revoked]` of an award.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevocation {
    /// When it was revoked.
    pub date: Option<Spanned<toml::Value>>,
    /// Why.
    pub reason: Option<Spanned<String>>,
}

//! The user's files as written: serde structs with spans, one per file kind.
//!
//! Every field is optional here, even required ones: the model reports each missing key on
//! its own, so one run lists all of them instead of stopping at serde's first. Spans point at
//! the value in the user's file (relative to the parsed TOML text; see [`super::Parsed`]).
//! The documentation of every key lives in `docs/format.md`.

use serde::Deserialize;
use toml::Spanned;

/// A TOML value with its span.
pub type S<T> = Spanned<T>;

/// `site.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// Name of the site, shown on every page.
    pub title: Option<S<String>>,
    /// Absolute URL the site is served at; every published id starts with it.
    pub base_url: Option<S<String>>,
    /// BCP 47 language tag of the pages; default `en`.
    pub language: Option<S<String>>,
    /// One or two sentences for the home page and link previews.
    pub description: Option<S<String>>,
}

/// `issuers/<issuer>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssuer {
    /// Name of the organisation.
    pub name: Option<S<String>>,
    /// Its home page.
    pub url: Option<S<String>>,
    /// Its public contact address.
    pub email: Option<S<String>>,
    /// A sentence or two about it.
    pub description: Option<S<String>>,
    /// Logo, relative to the issuer file's folder.
    pub image: Option<S<String>>,
    /// LinkedIn organization id, for "Add to profile" links.
    pub linkedin_organization_id: Option<S<String>>,
}

/// The front matter of `badges/<badge>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBadge {
    /// Name of the badge.
    pub name: Option<S<String>>,
    /// Issuer id.
    pub issuer: Option<S<String>>,
    /// One-sentence summary.
    pub description: Option<S<String>>,
    /// Badge image, relative to the badge file's folder.
    pub image: Option<S<String>>,
    /// Keywords.
    pub tags: Option<Vec<S<String>>>,
    /// Open Badges 3.0 achievement type.
    pub achievement_type: Option<S<String>>,
    /// Frameworks the badge aligns to.
    pub alignment: Option<Vec<S<RawAlignment>>>,
}

/// One `[[alignment]]` of a badge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlignment {
    /// Name of the competency or standard.
    pub target_name: Option<S<String>>,
    /// URL of its description.
    pub target_url: Option<S<String>>,
    /// Short description.
    pub target_description: Option<S<String>>,
    /// Framework name.
    pub target_framework: Option<S<String>>,
    /// Code within the framework.
    pub target_code: Option<S<String>>,
}

/// `awards/<badge>/<award-id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAward {
    /// Award date (TOML date-time or date, or a string of one).
    pub issued: Option<S<toml::Value>>,
    /// Expiry date.
    pub expires: Option<S<toml::Value>>,
    /// Markdown: what this recipient did.
    pub narrative: Option<S<String>>,
    /// Who received it.
    pub recipient: Option<S<RawRecipient>>,
    /// Links and notes showing the criteria were met.
    pub evidence: Option<Vec<S<RawEvidence>>>,
    /// Present when the award was revoked.
    pub revoked: Option<S<RawRevocation>>,
    /// Position of the award in its issuer's status list (signed OB 3.0 revocation).
    pub status_index: Option<S<i64>>,
}

/// `[recipient]` of an award.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecipient {
    /// `sha256$<hex>` of the normalised e-mail followed by the salt.
    pub hash: Option<S<String>>,
    /// Per-award salt.
    pub salt: Option<S<String>>,
    /// URL identity instead of a hashed e-mail.
    pub url: Option<S<String>>,
    /// Recipient's name.
    pub name: Option<S<String>>,
    /// Whether the name may be published.
    pub public: Option<S<bool>>,
}

/// One `[[evidence]]` of an award.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// Link to the work.
    pub url: Option<S<String>>,
    /// Title.
    pub name: Option<S<String>>,
    /// Short description.
    pub description: Option<S<String>>,
    /// Markdown narrative.
    pub narrative: Option<S<String>>,
    /// Kind of evidence.
    pub genre: Option<S<String>>,
    /// Intended audience.
    pub audience: Option<S<String>>,
}

/// `keys/<key-id>.toml`: a public signing key of the site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKey {
    /// Multikey `z6Mk…` of the Ed25519 public key.
    pub public_key: Option<S<String>>,
    /// When the key was created.
    pub created: Option<S<toml::Value>>,
    /// When the key was found compromised; it then no longer verifies anything.
    pub revoked: Option<S<toml::Value>>,
}

/// `[revoked]` of an award.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevocation {
    /// When it was revoked.
    pub date: Option<S<toml::Value>>,
    /// Why.
    pub reason: Option<S<String>>,
}

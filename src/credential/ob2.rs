//! Open Badges 2.0 hosted documents: Profile, RevocationList, BadgeClass, Assertion.
//!
//! Each document's `id` is the URL it is served at ([`crate::model::Urls`]), which hosted
//! verification requires byte for byte. Dates are RFC 3339 UTC with a `Z`.

use serde::Serialize;

use super::vocab::*;
use crate::model::{Award, Badge, Identity, Issuer, Site, Status};

/// An issuer Profile.
#[derive(Debug, Serialize)]
pub struct Profile<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    r#type: &'static str,
    id: String,
    name: &'a str,
    url: &'a str,
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    verification: VerificationPolicy,
    #[serde(rename = "revocationList")]
    revocation_list: String,
}

/// The hosted-verification policy of an issuer: assertions must live on this site.
#[derive(Debug, Serialize)]
struct VerificationPolicy {
    r#type: &'static str,
    #[serde(rename = "allowedOrigins")]
    allowed_origins: String,
    #[serde(rename = "startsWith")]
    starts_with: String,
}

/// The issuer's profile.
pub fn profile<'a>(site: &Site, issuer: &'a Issuer) -> Profile<'a> {
    let urls = &site.urls;
    Profile {
        context: OB2_CONTEXT,
        r#type: OB2_PROFILE,
        id: urls.issuer_profile(&issuer.id).url,
        name: &issuer.name,
        url: &issuer.url,
        email: &issuer.email,
        description: issuer.description.as_deref(),
        image: issuer.image.as_ref().map(|image| urls.issuer_image(&issuer.id, image.kind).url),
        verification: VerificationPolicy {
            r#type: OB2_VERIFICATION_OBJECT,
            allowed_origins: urls.origin(),
            starts_with: urls.base().to_string(),
        },
        revocation_list: urls.issuer_revocations(&issuer.id).url,
    }
}

/// An issuer's list of revoked assertions.
#[derive(Debug, Serialize)]
pub struct RevocationList<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    r#type: &'static str,
    id: String,
    issuer: String,
    #[serde(rename = "revokedAssertions")]
    revoked_assertions: Vec<RevokedAssertion<'a>>,
}

#[derive(Debug, Serialize)]
struct RevokedAssertion<'a> {
    id: String,
    #[serde(rename = "revocationReason")]
    revocation_reason: &'a str,
}

/// The revocation list of issuer number `issuer` (awards in id order).
pub fn revocation_list<'a>(site: &'a Site, issuer: usize) -> RevocationList<'a> {
    let id = &site.issuers[issuer].id;
    let revoked_assertions = site
        .awards
        .iter()
        .filter(|award| site.badges[award.badge].issuer == issuer)
        .filter_map(|award| match &award.status {
            Status::Revoked { reason, .. } => {
                Some(RevokedAssertion { id: site.urls.award_assertion(&award.id).url, revocation_reason: reason })
            }
            _ => None,
        })
        .collect();
    RevocationList {
        context: OB2_CONTEXT,
        r#type: OB2_REVOCATION_LIST,
        id: site.urls.issuer_revocations(id).url,
        issuer: site.urls.issuer_profile(id).url,
        revoked_assertions,
    }
}

/// A badge class.
#[derive(Debug, Serialize)]
pub struct BadgeClass<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    r#type: &'static str,
    id: String,
    name: &'a str,
    description: &'a str,
    image: String,
    criteria: Criteria<'a>,
    issuer: String,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alignment: Vec<Alignment<'a>>,
}

#[derive(Debug, Serialize)]
struct Criteria<'a> {
    id: String,
    narrative: &'a str,
}

#[derive(Debug, Serialize)]
struct Alignment<'a> {
    #[serde(rename = "targetName")]
    target_name: &'a str,
    #[serde(rename = "targetUrl")]
    target_url: &'a str,
    #[serde(rename = "targetDescription", skip_serializing_if = "Option::is_none")]
    target_description: Option<&'a str>,
    #[serde(rename = "targetFramework", skip_serializing_if = "Option::is_none")]
    target_framework: Option<&'a str>,
    #[serde(rename = "targetCode", skip_serializing_if = "Option::is_none")]
    target_code: Option<&'a str>,
}

/// The badge class of a badge.
pub fn badge_class<'a>(site: &Site, badge: &'a Badge) -> BadgeClass<'a> {
    let urls = &site.urls;
    BadgeClass {
        context: OB2_CONTEXT,
        r#type: OB2_BADGE_CLASS,
        id: urls.badge_class(&badge.id).url,
        name: &badge.name,
        description: &badge.description,
        image: urls.badge_image(&badge.id, badge.image.kind).url,
        criteria: Criteria { id: urls.badge_page(&badge.id).url, narrative: &badge.criteria },
        issuer: urls.issuer_profile(&site.issuers[badge.issuer].id).url,
        tags: &badge.tags,
        alignment: badge
            .alignments
            .iter()
            .map(|a| Alignment {
                target_name: &a.name,
                target_url: &a.url,
                target_description: a.description.as_deref(),
                target_framework: a.framework.as_deref(),
                target_code: a.code.as_deref(),
            })
            .collect(),
    }
}

/// A hosted assertion, or the stub that replaces a revoked one.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Assertion<'a> {
    /// A current (or expired) award.
    Hosted(HostedAssertion<'a>),
    /// A revoked award: only what a verifier needs to know it is revoked.
    Revoked(RevokedStub<'a>),
}

/// A published, non-revoked assertion.
#[derive(Debug, Serialize)]
pub struct HostedAssertion<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    r#type: &'static str,
    id: String,
    recipient: IdentityObject<'a>,
    badge: String,
    verification: HostedVerification,
    #[serde(rename = "issuedOn")]
    issued_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    narrative: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<Evidence<'a>>,
}

/// What a revoked assertion's URL serves from then on.
#[derive(Debug, Serialize)]
pub struct RevokedStub<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    r#type: &'static str,
    id: String,
    revoked: bool,
    #[serde(rename = "revocationReason")]
    revocation_reason: &'a str,
}

#[derive(Debug, Serialize)]
struct IdentityObject<'a> {
    r#type: &'static str,
    hashed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    salt: Option<&'a str>,
    identity: &'a str,
}

#[derive(Debug, Serialize)]
struct HostedVerification {
    r#type: &'static str,
}

#[derive(Debug, Serialize)]
struct Evidence<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    narrative: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'a str>,
}

/// The assertion of an award.
pub fn assertion<'a>(site: &Site, award: &'a Award) -> Assertion<'a> {
    let urls = &site.urls;
    let id = urls.award_assertion(&award.id).url;
    if let Status::Revoked { reason, .. } = &award.status {
        return Assertion::Revoked(RevokedStub {
            context: OB2_CONTEXT,
            r#type: OB2_ASSERTION,
            id,
            revoked: true,
            revocation_reason: reason,
        });
    }
    let recipient = match &award.recipient.identity {
        Identity::EmailHash { hash, salt } => {
            IdentityObject { r#type: OB2_IDENTITY_EMAIL, hashed: true, salt: Some(salt), identity: hash }
        }
        Identity::Url(url) => IdentityObject { r#type: OB2_IDENTITY_URL, hashed: false, salt: None, identity: url },
    };
    Assertion::Hosted(HostedAssertion {
        context: OB2_CONTEXT,
        r#type: OB2_ASSERTION,
        id,
        recipient,
        badge: urls.badge_class(&site.badges[award.badge].id).url,
        verification: HostedVerification { r#type: OB2_HOSTED },
        issued_on: award.issued.to_string(),
        expires: award.expires.map(|e| e.to_string()),
        narrative: award.narrative.as_deref(),
        evidence: award
            .evidence
            .iter()
            .map(|e| Evidence {
                id: e.url.as_deref(),
                name: e.name.as_deref(),
                description: e.description.as_deref(),
                narrative: e.narrative.as_deref(),
                genre: e.genre.as_deref(),
                audience: e.audience.as_deref(),
            })
            .collect(),
    })
}

//! Open Badges 3.0 documents: the OpenBadgeCredential of an award and the Achievement of a
//! badge, as typed structs (field order = emitted order).
//!
//! Credentials are built here unsigned (`proof: None`); `signing` canonicalises the
//! unsigned form, signs it and sets the proof, then serialises the same struct again, so the
//! bytes served are the bytes that were signed. Only terms defined by the VC 2.0 and OB 3.0.3
//! contexts are used: an undefined one would be dropped by some verifiers and break the
//! signature (the canonicaliser refuses it anyway).

use serde::Serialize;
use serde_json::Value;

use super::status::StatusEntry;
use super::vocab::*;
use crate::model::{Award, Badge, Endorsed, Identity, Issuer, Site};
use crate::proof::Proof;

/// A signed (or about to be signed) OpenBadgeCredential.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenBadgeCredential<'a> {
    #[serde(rename = "@context")]
    context: [&'static str; 2],
    id: String,
    r#type: [&'static str; 2],
    name: &'a str,
    description: &'a str,
    issuer: Profile<'a>,
    valid_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    credential_subject: AchievementSubject<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<Evidence<'a>>,
    // No `endorsement`: an award's own endorsements are not embedded. Their subject is this
    // credential, and the OB context makes `endorsement` a plain set (no separate graph), so
    // their claims would re-describe the credential's own node in the signed data, which
    // openbadgeslib refuses (docs/format.md). They are published at their URL and shown on the
    // award page.
    credential_status: StatusEntry,
    /// Set once signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<Proof>,
}

/// An issuer as embedded in credentials (the 1EdTech validator wants the object, not an id).
#[derive(Debug, Serialize)]
pub struct Profile<'a> {
    id: String,
    r#type: [&'static str; 1],
    name: &'a str,
    url: &'a str,
    /// Only in the badge's own document (the Achievement's creator); a credential carries the
    /// issuer's name, address, image and endorsements, and points at the rest by its id (~110
    /// bytes less in each of 100,000 credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    endorsement: Vec<&'a Value>,
}

#[derive(Debug, Serialize)]
struct Image {
    id: String,
    r#type: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AchievementSubject<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    r#type: [&'static str; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    identifier: Vec<IdentityObject<'a>>,
    achievement: Achievement<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    narrative: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IdentityObject<'a> {
    r#type: &'static str,
    identity_hash: &'a str,
    identity_type: &'static str,
    hashed: bool,
    salt: &'a str,
}

/// A badge as an OB 3.0 Achievement (embedded in credentials, and published on its own).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Achievement<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<[&'static str; 2]>,
    id: String,
    r#type: [&'static str; 1],
    achievement_type: &'a str,
    name: &'a str,
    description: &'a str,
    criteria: Criteria<'a>,
    image: Image,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alignment: Vec<Alignment<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tag: &'a [String],
    creator: Creator<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    endorsement: Vec<&'a Value>,
}

/// An Achievement's `creator`: its issuer's whole profile in the badge's own document; in a
/// credential, which embeds the same profile as `issuer` already, its id and type only (the
/// schema's minimum): the profile twice would cost ~250 bytes in every credential, and twice
/// the canonicalisation of an endorsed issuer's endorsements.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Creator<'a> {
    Profile(Profile<'a>),
    Reference { id: String, r#type: [&'static str; 1] },
}

#[derive(Debug, Serialize)]
struct Criteria<'a> {
    id: String,
    narrative: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Alignment<'a> {
    r#type: [&'static str; 1],
    target_name: &'a str,
    target_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_framework: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_code: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Evidence<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    r#type: [&'static str; 1],
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

/// The signed endorsements whose subject `is_subject`, as embedded in its documents
/// (`endorsement`); the subject is recognised by address, so this costs one look per
/// endorsement, not per award.
fn endorsements(site: &Site, is_subject: impl Fn(Endorsed) -> bool) -> Vec<&Value> {
    site.endorsements.iter().filter(|e| e.embedded() && is_subject(e.subject)).map(|e| &*e.document).collect()
}

/// The profile of issuer `issuer` as a document embeds it; `whole` adds its e-mail address and
/// description (the badge's own document has them, credentials do not).
pub fn profile<'a>(site: &'a Site, issuer: &'a Issuer, whole: bool) -> Profile<'a> {
    Profile {
        endorsement: endorsements(site, |s| matches!(s, Endorsed::Issuer(i) if std::ptr::eq(&site.issuers[i], issuer))),
        id: site.urls.issuer_did(&issuer.id),
        r#type: ["Profile"],
        name: &issuer.name,
        url: &issuer.url,
        email: whole.then_some(issuer.email.as_str()),
        description: issuer.description.as_deref().filter(|_| whole),
        image: issuer
            .image
            .as_ref()
            .map(|image| Image { id: site.urls.issuer_image(&issuer.id, image.kind).url, r#type: "Image" }),
    }
}

/// The Achievement of a badge; `standalone` adds the `@context` of a published document (and
/// the creator's whole profile, see [`Creator`]).
pub fn achievement<'a>(site: &'a Site, badge: &'a Badge, standalone: bool) -> Achievement<'a> {
    let urls = &site.urls;
    Achievement {
        context: standalone.then_some([VC2_CONTEXT, OB3_CONTEXT]),
        id: urls.badge_achievement(&badge.id).url,
        r#type: ["Achievement"],
        achievement_type: &badge.achievement_type,
        name: &badge.name,
        description: &badge.description,
        criteria: Criteria { id: urls.badge_page(&badge.id).url, narrative: &badge.criteria },
        image: Image { id: urls.badge_image(&badge.id, badge.image.kind).url, r#type: "Image" },
        alignment: badge
            .alignments
            .iter()
            .map(|a| Alignment {
                r#type: ["Alignment"],
                target_name: &a.name,
                target_url: &a.url,
                target_description: a.description.as_deref(),
                target_framework: a.framework.as_deref(),
                target_code: a.code.as_deref(),
            })
            .collect(),
        tag: &badge.tags,
        creator: if standalone {
            Creator::Profile(profile(site, &site.issuers[badge.issuer], true))
        } else {
            Creator::Reference { id: site.urls.issuer_did(&site.issuers[badge.issuer].id), r#type: ["Profile"] }
        },
        endorsement: endorsements(site, |s| matches!(s, Endorsed::Badge(b) if std::ptr::eq(&site.badges[b], badge))),
    }
}

/// The unsigned credential of an award; `None` when the award has no status index (the
/// model guarantees one whenever the site signs).
pub fn credential<'a>(site: &'a Site, award: &'a Award) -> Option<OpenBadgeCredential<'a>> {
    let urls = &site.urls;
    let badge = &site.badges[award.badge];
    let issuer = &site.issuers[badge.issuer];
    let index = award.status_index?;
    let list = urls.issuer_status_list(&issuer.id).url;
    let (id, identifier) = match &award.recipient.identity {
        Identity::EmailHash { hash, salt } => (
            None,
            vec![IdentityObject {
                r#type: "IdentityObject",
                identity_hash: hash,
                identity_type: IDENTITY_TYPE_EMAIL,
                hashed: true,
                salt,
            }],
        ),
        Identity::Url(url) => (Some(url.as_str()), Vec::new()),
    };
    Some(OpenBadgeCredential {
        context: [VC2_CONTEXT, OB3_CONTEXT],
        id: urls.award_credential(&award.id).url,
        r#type: [VERIFIABLE_CREDENTIAL, OPEN_BADGE_CREDENTIAL],
        name: &badge.name,
        description: &badge.description,
        issuer: profile(site, issuer, false),
        valid_from: award.issued.to_string(),
        valid_until: award.expires.map(|e| e.to_string()),
        credential_subject: AchievementSubject {
            id,
            r#type: ["AchievementSubject"],
            identifier,
            achievement: achievement(site, badge, false),
            narrative: award.narrative.as_deref(),
        },
        evidence: award
            .evidence
            .iter()
            .map(|e| Evidence {
                id: e.url.as_deref(),
                r#type: ["Evidence"],
                name: e.name.as_deref(),
                description: e.description.as_deref(),
                narrative: e.narrative.as_deref(),
                genre: e.genre.as_deref(),
                audience: e.audience.as_deref(),
            })
            .collect(),
        credential_status: StatusEntry::revocation(list, u64::from(index)),
        proof: None,
    })
}

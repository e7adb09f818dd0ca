//! The award page's view (`award` in `award.html`): status, dates in words, evidence, and
//! everything a recipient needs to show the award off — LinkedIn's Add-to-profile link, the
//! baked image and credential to download, the wallet QR code, plain share links and an embed
//! snippet — and what a visitor needs to check it: the documents to verify, and the salted
//! hash for "Is this yours?".

use serde::Serialize;

use super::endorsement::{EndorsementView, endorsement_views};
use super::i18n::Strings;
use super::share::{self, Certification, Organization};
use super::social::{ShareLinks, Shared, share_links};
use super::views::{BadgeCard, Catalog, IssuerRef, signed, url_path};
use crate::markdown;
use crate::model::urls::{AWARD_ASSERTION_FILE, AWARD_CREDENTIAL_FILE};
use crate::model::{Award, Endorsed, Identity, Site, Status};

/// The award page's `award`.
#[derive(Debug, Serialize)]
pub struct AwardView {
    id: String,
    page_url: String,
    ob2_url: String,
    credential_url: String,
    credential_name: String,
    issuer_did: String,
    issuer_did_url: String,
    status: &'static str,
    revocation_reason: String,
    revoked: String,
    revoked_iso: String,
    issued: String,
    issued_iso: String,
    expires: String,
    expires_iso: String,
    recipient_name: String,
    recipient_hash: String,
    recipient_salt: String,
    narrative_html: String,
    evidence: Vec<EvidenceView>,
    endorsements: Vec<EndorsementView>,
    share_card_url: String,
    linkedin_url: String,
    /// X, Facebook and e-mail links and the embed snippet (`social.rs`).
    share: ShareLinks,
    /// The badge image's bake plan (`bake::plan`): the download button bakes in the browser.
    bake_plan: String,
    baked_image_name: String,
    /// The address the wallet QR code holds (the credential's), encoded and drawn by the page's
    /// script (static/qr.js); empty when there is no code (no credential, or revoked).
    wallet_qr: String,
    badge: BadgeWithCriteria,
    issuer: IssuerRef,
}

#[derive(Debug, Serialize)]
struct BadgeWithCriteria {
    #[serde(flatten)]
    card: BadgeCard,
    criteria_html: String,
}

#[derive(Debug, Serialize)]
struct EvidenceView {
    url: String,
    name: String,
    description: String,
    narrative_html: String,
    genre: String,
    audience: String,
}

/// The award page's view of an award; `card_url` is the share card it links (its own, or its
/// badge's shared card), `None` if none could be drawn.
pub fn award_view(
    site: &Site,
    catalog: &Catalog,
    strings: &Strings,
    award: &Award,
    card_url: Option<&str>,
) -> AwardView {
    let urls = &site.urls;
    let badge = &site.badges[award.badge];
    let issuer = &site.issuers[badge.issuer];
    let (status, revocation_reason, revoked) = match &award.status {
        Status::Valid => ("valid", String::new(), None),
        Status::Expired => ("expired", String::new(), None),
        Status::Revoked { date, reason } => ("revoked", reason.clone(), Some(*date)),
    };
    let page_url = urls.award_page(&award.id).url;
    let credential_url = signed(site, urls.award_credential(&award.id).url);
    // LinkedIn's form is for credentials the recipient holds now.
    let linkedin_url = if award.status == Status::Valid {
        let organization = match &issuer.linkedin_organization_id {
            Some(id) => Organization::Id(id),
            None => Organization::Name(&issuer.name),
        };
        share::linkedin_url(&Certification {
            name: &badge.name,
            organization,
            issued: award.issued,
            expires: award.expires,
            url: &page_url,
            id: &award.id,
        })
    } else {
        String::new()
    };
    // A revoked award is not something to keep in a wallet.
    let wallet_qr = if credential_url.is_empty() || revoked.is_some() { String::new() } else { credential_url.clone() };
    let (recipient_hash, recipient_salt) = match &award.recipient.identity {
        Identity::EmailHash { hash, salt } if hash.starts_with("sha256$") => (hash.clone(), salt.clone()),
        _ => (String::new(), String::new()),
    };
    let kind = badge.image.kind;
    let share = share_links(
        strings,
        &Shared {
            page_url: &page_url,
            image_url: &urls.badge_image(&badge.id, kind).url,
            badge: &badge.name,
            issuer: &issuer.name,
        },
    );
    AwardView {
        id: award.id.clone(),
        // Beside the page, in its folder: the shortest link (the page's script makes absolute
        // URLs of them with the page's address).
        ob2_url: AWARD_ASSERTION_FILE.to_string(),
        credential_name: if credential_url.is_empty() {
            String::new()
        } else {
            format!("{}-{}.json", badge.id, award.id)
        },
        credential_url: if credential_url.is_empty() { String::new() } else { AWARD_CREDENTIAL_FILE.to_string() },
        issuer_did: signed(site, urls.issuer_did(&issuer.id)),
        issuer_did_url: url_path(&signed(site, urls.issuer_did_document(&issuer.id).url)),
        status,
        revocation_reason,
        revoked: revoked.map(|d| strings.date(d)).unwrap_or_default(),
        revoked_iso: revoked.map(|d| d.to_string()).unwrap_or_default(),
        issued: strings.date(award.issued),
        issued_iso: award.issued.to_string(),
        expires: award.expires.map(|d| strings.date(d)).unwrap_or_default(),
        expires_iso: award.expires.map(|d| d.to_string()).unwrap_or_default(),
        recipient_name: award.recipient.public_name.clone().unwrap_or_default(),
        recipient_hash,
        recipient_salt,
        narrative_html: award
            .narrative
            .as_deref()
            .map(|text| markdown::to_safe_html_with(text, site.config.remote_images))
            .unwrap_or_default(),
        evidence: award
            .evidence
            .iter()
            .map(|e| EvidenceView {
                url: e.url.clone().unwrap_or_default(),
                name: e.name.clone().unwrap_or_default(),
                description: e.description.clone().unwrap_or_default(),
                narrative_html: e
                    .narrative
                    .as_deref()
                    .map(|text| markdown::to_safe_html_with(text, site.config.remote_images))
                    .unwrap_or_default(),
                genre: e.genre.clone().unwrap_or_default(),
                audience: e.audience.clone().unwrap_or_default(),
            })
            .collect(),
        endorsements: endorsement_views(
            site,
            strings,
            |s| matches!(s, Endorsed::Award(index) if std::ptr::eq(&site.awards[index], award)),
        ),
        share_card_url: card_url.unwrap_or_default().to_string(),
        linkedin_url,
        share,
        bake_plan: catalog.bake_plans[award.badge].clone(),
        baked_image_name: format!("{}-{}.{}", badge.id, award.id, kind.extension()),
        wallet_qr,
        page_url,
        badge: BadgeWithCriteria {
            card: catalog.cards[award.badge].for_award_page(),
            criteria_html: catalog.criteria_html[award.badge].clone(),
        },
        issuer: catalog.issuers[badge.issuer].clone(),
    }
}

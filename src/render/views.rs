//! View structs: the theme contract. Templates see exactly these fields (docs/theme.md).
//!
//! Everything a template prints is prepared here: URLs are absolute, dates come both as
//! RFC 3339 and in words, Markdown is already rendered and sanitised (`*_html`), and absent
//! values are empty strings so templates can test them with a plain `{% if %}`.

use jiff::Timestamp;
use serde::Serialize;

use crate::markdown;
use crate::model::{Award, Badge, Issuer, Site, Status};

/// `site`: given to every template.
#[derive(Debug, Serialize)]
pub struct SiteView {
    title: String,
    description: String,
    language: String,
    base_url: String,
    stylesheet_url: String,
    generator: String,
    preview: bool,
}

impl SiteView {
    /// The site-wide variables.
    pub fn new(site: &Site) -> Self {
        SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone().unwrap_or_default(),
            language: site.config.language.clone(),
            base_url: site.urls.base().to_string(),
            stylesheet_url: site.urls.stylesheet().url,
            generator: concat!("rosette ", env!("CARGO_PKG_VERSION")).to_string(),
            preview: site.preview,
        }
    }
}

/// `page`: what every page says about itself.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// Title without the site title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Canonical URL.
    pub url: String,
    /// Preview image URL, or empty.
    pub image_url: String,
}

/// A link to an issuer.
#[derive(Debug, Clone, Serialize)]
pub struct IssuerRef {
    id: String,
    name: String,
    page_url: String,
    image_url: String,
}

impl IssuerRef {
    /// The reference to issuer `issuer`.
    pub fn new(site: &Site, issuer: &Issuer) -> Self {
        IssuerRef {
            id: issuer.id.clone(),
            name: issuer.name.clone(),
            page_url: site.urls.issuer_page(&issuer.id).url,
            image_url: issuer
                .image
                .as_ref()
                .map(|i| site.urls.issuer_image(&issuer.id, i.kind).url)
                .unwrap_or_default(),
        }
    }
}

/// A badge as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct BadgeCard {
    id: String,
    name: String,
    description: String,
    page_url: String,
    image_url: String,
    issuer: IssuerRef,
    award_count: usize,
}

/// What many pages share, computed once per build so that the work stays linear in the
/// number of awards: badge cards, rendered criteria, issuer links, current awards per badge.
#[derive(Debug)]
pub struct Catalog {
    issuers: Vec<IssuerRef>,
    cards: Vec<BadgeCard>,
    criteria_html: Vec<String>,
    /// Per badge: indexes of its awards that are neither revoked nor expired, newest first.
    current: Vec<Vec<usize>>,
}

impl Catalog {
    /// Computes the shared parts of every page.
    pub fn new(site: &Site) -> Self {
        let issuers: Vec<IssuerRef> = site.issuers.iter().map(|i| IssuerRef::new(site, i)).collect();
        let mut current = vec![Vec::new(); site.badges.len()];
        for (index, award) in site.awards.iter().enumerate() {
            if award.status == Status::Valid {
                current[award.badge].push(index);
            }
        }
        for list in &mut current {
            list.sort_by(|&a, &b| {
                let (a, b) = (&site.awards[a], &site.awards[b]);
                b.issued.cmp(&a.issued).then_with(|| a.id.cmp(&b.id))
            });
        }
        let cards = site
            .badges
            .iter()
            .enumerate()
            .map(|(index, badge)| BadgeCard {
                id: badge.id.clone(),
                name: badge.name.clone(),
                description: badge.description.clone(),
                page_url: site.urls.badge_page(&badge.id).url,
                image_url: site.urls.badge_image(&badge.id, badge.image.kind).url,
                issuer: issuers[badge.issuer].clone(),
                award_count: current[index].len(),
            })
            .collect();
        let criteria_html = site.badges.iter().map(|b| markdown::to_safe_html(&b.criteria)).collect();
        Catalog { issuers, cards, criteria_html, current }
    }
}

/// An issuer with its badges, for the home page.
#[derive(Debug, Serialize)]
pub struct IssuerSection {
    #[serde(flatten)]
    issuer: IssuerRef,
    description: String,
    badges: Vec<BadgeCard>,
}

/// The issuer page's `issuer`.
#[derive(Debug, Serialize)]
pub struct IssuerView {
    #[serde(flatten)]
    section: IssuerSection,
    website: String,
    email: String,
    ob2_url: String,
    revocations_url: String,
    did: String,
    did_url: String,
    status_url: String,
}

/// Sections of the home page, one per issuer.
pub fn issuer_section(site: &Site, catalog: &Catalog, issuer: usize) -> IssuerSection {
    IssuerSection {
        issuer: catalog.issuers[issuer].clone(),
        description: site.issuers[issuer].description.clone().unwrap_or_default(),
        badges: (0..site.badges.len())
            .filter(|&b| site.badges[b].issuer == issuer)
            .map(|b| catalog.cards[b].clone())
            .collect(),
    }
}

/// The issuer page's view of issuer number `issuer`.
pub fn issuer_view(site: &Site, catalog: &Catalog, issuer: usize) -> IssuerView {
    let i = &site.issuers[issuer];
    IssuerView {
        section: issuer_section(site, catalog, issuer),
        website: i.url.clone(),
        email: i.email.clone(),
        ob2_url: site.urls.issuer_profile(&i.id).url,
        revocations_url: site.urls.issuer_revocations(&i.id).url,
        did: signed(site, site.urls.issuer_did(&i.id)),
        did_url: signed(site, site.urls.issuer_did_document(&i.id).url),
        status_url: signed(site, site.urls.issuer_status_list(&i.id).url),
    }
}

/// The badge page's `badge`.
#[derive(Debug, Serialize)]
pub struct BadgeView {
    #[serde(flatten)]
    card: BadgeCard,
    ob2_url: String,
    achievement_url: String,
    criteria_html: String,
    tags: Vec<String>,
    achievement_type: String,
    alignments: Vec<AlignmentView>,
    earners: Vec<EarnerView>,
}

#[derive(Debug, Serialize)]
struct AlignmentView {
    name: String,
    url: String,
    description: String,
    framework: String,
    code: String,
}

#[derive(Debug, Serialize)]
struct EarnerView {
    name: String,
    award_url: String,
    issued: String,
    issued_iso: String,
}

/// The badge page's view of badge number `index`.
pub fn badge_view(site: &Site, catalog: &Catalog, index: usize) -> BadgeView {
    let badge: &Badge = &site.badges[index];
    BadgeView {
        card: catalog.cards[index].clone(),
        ob2_url: site.urls.badge_class(&badge.id).url,
        achievement_url: signed(site, site.urls.badge_achievement(&badge.id).url),
        criteria_html: catalog.criteria_html[index].clone(),
        tags: badge.tags.clone(),
        achievement_type: badge.achievement_type.clone(),
        alignments: badge
            .alignments
            .iter()
            .map(|a| AlignmentView {
                name: a.name.clone(),
                url: a.url.clone(),
                description: a.description.clone().unwrap_or_default(),
                framework: a.framework.clone().unwrap_or_default(),
                code: a.code.clone().unwrap_or_default(),
            })
            .collect(),
        earners: catalog.current[index]
            .iter()
            .map(|&a| &site.awards[a])
            .filter_map(|award| {
                Some(EarnerView {
                    name: award.recipient.public_name.clone()?,
                    award_url: site.urls.award_page(&award.id).url,
                    issued: human_date(award.issued),
                    issued_iso: award.issued.to_string(),
                })
            })
            .collect(),
    }
}

/// The award page's `award`.
#[derive(Debug, Serialize)]
pub struct AwardView {
    id: String,
    page_url: String,
    ob2_url: String,
    credential_url: String,
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
    narrative_html: String,
    evidence: Vec<EvidenceView>,
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

/// The award page's view of an award.
pub fn award_view(site: &Site, catalog: &Catalog, award: &Award) -> AwardView {
    let issuer_id = &site.issuers[site.badges[award.badge].issuer].id;
    let (status, revocation_reason, revoked) = match &award.status {
        Status::Valid => ("valid", String::new(), None),
        Status::Expired => ("expired", String::new(), None),
        Status::Revoked { date, reason } => ("revoked", reason.clone(), Some(*date)),
    };
    AwardView {
        id: award.id.clone(),
        page_url: site.urls.award_page(&award.id).url,
        ob2_url: site.urls.award_assertion(&award.id).url,
        credential_url: signed(site, site.urls.award_credential(&award.id).url),
        issuer_did: signed(site, site.urls.issuer_did(issuer_id)),
        issuer_did_url: signed(site, site.urls.issuer_did_document(issuer_id).url),
        status,
        revocation_reason,
        revoked: revoked.map(human_date).unwrap_or_default(),
        revoked_iso: revoked.map(|d| d.to_string()).unwrap_or_default(),
        issued: human_date(award.issued),
        issued_iso: award.issued.to_string(),
        expires: award.expires.map(human_date).unwrap_or_default(),
        expires_iso: award.expires.map(|d| d.to_string()).unwrap_or_default(),
        recipient_name: award.recipient.public_name.clone().unwrap_or_default(),
        narrative_html: award.narrative.as_deref().map(markdown::to_safe_html).unwrap_or_default(),
        evidence: award
            .evidence
            .iter()
            .map(|e| EvidenceView {
                url: e.url.clone().unwrap_or_default(),
                name: e.name.clone().unwrap_or_default(),
                description: e.description.clone().unwrap_or_default(),
                narrative_html: e.narrative.as_deref().map(markdown::to_safe_html).unwrap_or_default(),
                genre: e.genre.clone().unwrap_or_default(),
                audience: e.audience.clone().unwrap_or_default(),
            })
            .collect(),
        badge: BadgeWithCriteria {
            card: catalog.cards[award.badge].clone(),
            criteria_html: catalog.criteria_html[award.badge].clone(),
        },
        issuer: catalog.issuers[site.badges[award.badge].issuer].clone(),
    }
}

/// The value when the site publishes signed OB 3.0 documents, else an empty string.
fn signed(site: &Site, value: String) -> String {
    if site.keys.is_empty() { String::new() } else { value }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `14 March 2025`, in UTC.
pub fn human_date(timestamp: Timestamp) -> String {
    let date = timestamp.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let month = MONTHS[usize::try_from(date.month() - 1).unwrap_or(0)];
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let t: Timestamp = "2025-03-14T23:30:00-02:00".parse().unwrap();
        assert_eq!(human_date(t), "15 March 2025");
    }
}

//! View structs: the theme contract. Templates see exactly these fields (docs/theme.md).
//!
//! Everything a template prints is prepared here: URLs are absolute, dates come both as
//! RFC 3339 and in words of the site's language, Markdown is already rendered and sanitised
//! (`*_html`), JSON-LD is ready for a `<script>` (`*_json`), and absent values are empty
//! strings so templates can test them with a plain `{% if %}`. The award page's view is in
//! `render::award`.

use serde::Serialize;

use super::endorsement::{EndorsementView, endorsement_views};
use super::i18n::Strings;
use crate::markdown;
use crate::model::{Badge, Endorsed, Issuer, Site, Status};

/// `site`: given to every template.
#[derive(Debug, Serialize)]
pub struct SiteView {
    title: String,
    description: String,
    language: String,
    base_url: String,
    stylesheet_url: String,
    /// `static/site.css` of the site, when it has one: small overrides (CSS variables)
    /// without copying the theme's stylesheet.
    extra_stylesheet_url: String,
    script_url: String,
    /// `static/verify.js`: the browser verifier (an ES module), on award pages and /verify/.
    verify_script_url: String,
    /// The page that verifies any badge (`verify/`).
    verify_url: String,
    /// `static/icons.svg`: the icons every page refers to instead of drawing them inline.
    icons_url: String,
    /// `static/favicon.svg`, by path: one cached file instead of a data URL in every page.
    favicon_url: String,
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
            base_url: url_path(site.urls.base()),
            stylesheet_url: url_path(&site.urls.stylesheet().url),
            extra_stylesheet_url: if site.static_files.iter().any(|f| f.rel_path == "site.css") {
                url_path(&site.urls.static_file("site.css").url)
            } else {
                String::new()
            },
            script_url: url_path(&site.urls.static_file("rosette.js").url),
            verify_script_url: url_path(&site.urls.static_file("verify.js").url),
            verify_url: url_path(&site.urls.verify_page().url),
            icons_url: url_path(&site.urls.static_file("icons.svg").url),
            favicon_url: url_path(&site.urls.static_file("favicon.svg").url),
            generator: concat!("rosette ", env!("CARGO_PKG_VERSION")).to_string(),
            preview: site.preview,
        }
    }
}

/// The path of an absolute URL (`https://host/a/b` → `/a/b`): how pages link within the site
/// (a third of the bytes of the whole URL, repeated on every page). Anything else is returned
/// unchanged.
pub(super) fn url_path(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    url[after_scheme..].find('/').map_or_else(|| url.to_string(), |at| url[after_scheme + at..].to_string())
}

/// `page`: what every page says about itself, for `<head>` and link previews.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// Title without the site title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Canonical URL.
    pub url: String,
    /// Preview image URL (PNG), or empty.
    pub image_url: String,
    /// Its size in pixels, 0 when unknown.
    pub image_width: u32,
    /// Its height in pixels, 0 when unknown.
    pub image_height: u32,
    /// Its text alternative.
    pub image_alt: String,
    /// `summary_large_image` for share cards, else `summary`.
    pub twitter_card: &'static str,
    /// schema.org JSON-LD for the page, ready for `<script type="application/ld+json">`, or empty.
    pub jsonld_json: String,
}

impl PageView {
    /// A page without a preview image or JSON-LD.
    pub fn new(title: impl Into<String>, description: impl Into<String>, url: impl Into<String>) -> Self {
        PageView {
            title: title.into(),
            description: description.into(),
            url: url.into(),
            image_url: String::new(),
            image_width: 0,
            image_height: 0,
            image_alt: String::new(),
            twitter_card: "summary",
            jsonld_json: String::new(),
        }
    }

    /// Sets the preview image; wide images get the large preview.
    #[must_use]
    pub fn with_image(mut self, url: String, (width, height): (u32, u32), alt: impl Into<String>) -> Self {
        self.image_url = url;
        (self.image_width, self.image_height) = (width, height);
        self.image_alt = alt.into();
        self.twitter_card = if 2 * width >= 3 * height && height > 0 { "summary_large_image" } else { "summary" };
        self
    }

    /// Sets the JSON-LD.
    #[must_use]
    pub fn with_jsonld(mut self, json: String) -> Self {
        self.jsonld_json = json;
        self
    }
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
            page_url: url_path(&site.urls.issuer_page(&issuer.id).url),
            image_url: issuer
                .image
                .as_ref()
                .map(|i| url_path(&site.urls.issuer_image(&issuer.id, i.kind).url))
                .unwrap_or_default(),
        }
    }
}

/// A badge as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct BadgeCard {
    pub(super) id: String,
    pub(super) name: String,
    description: String,
    page_url: String,
    image_url: String,
    issuer: IssuerRef,
    /// Left out of award pages: an award's files depend on that award alone (other awards
    /// changing do not remake them; see `cache`).
    #[serde(skip_serializing_if = "Option::is_none")]
    award_count: Option<usize>,
}

impl BadgeCard {
    /// The card as an award page shows it: without the count of holders.
    pub(super) fn for_award_page(&self) -> BadgeCard {
        BadgeCard { award_count: None, ..self.clone() }
    }
}

/// What many pages share, computed once per build so that the work stays linear in the
/// number of awards: badge cards, rendered criteria, issuer links, current awards per badge.
#[derive(Debug)]
pub struct Catalog {
    pub(super) issuers: Vec<IssuerRef>,
    pub(super) cards: Vec<BadgeCard>,
    pub(super) criteria_html: Vec<String>,
    /// Per badge: the bake plan of its image (`bake::Baker::plans`), for the award page's download
    /// button.
    pub(super) bake_plans: Vec<String>,
    /// Per badge: indexes of its awards that are neither revoked nor expired, newest first.
    current: Vec<Vec<usize>>,
}

impl Catalog {
    /// Computes the shared parts of every page; `bake_plans` are the bake stage's plans of
    /// the badges' images ([`crate::bake::Baker::plans`]), which award pages carry so that the
    /// browser bakes byte for byte what [`crate::bake::Baker`] would.
    pub fn new(site: &Site, bake_plans: Vec<String>) -> Self {
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
                page_url: url_path(&site.urls.badge_page(&badge.id).url),
                image_url: url_path(&site.urls.badge_image(&badge.id, badge.image.kind).url),
                issuer: issuers[badge.issuer].clone(),
                award_count: Some(current[index].len()),
            })
            .collect();
        let criteria_html =
            site.badges.iter().map(|b| markdown::to_safe_html_with(&b.criteria, site.config.remote_images)).collect();
        Catalog { issuers, cards, criteria_html, bake_plans, current }
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
    endorsements: Vec<EndorsementView>,
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
pub fn issuer_view(site: &Site, catalog: &Catalog, strings: &Strings, issuer: usize) -> IssuerView {
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
        endorsements: endorsement_views(site, strings, |s| s == Endorsed::Issuer(issuer)),
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
    endorsements: Vec<EndorsementView>,
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
pub fn badge_view(site: &Site, catalog: &Catalog, strings: &Strings, index: usize) -> BadgeView {
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
                    award_url: url_path(&site.urls.award_page(&award.id).url),
                    issued: strings.date(award.issued),
                    issued_iso: award.issued.to_string(),
                })
            })
            .collect(),
        endorsements: endorsement_views(site, strings, |s| s == Endorsed::Badge(index)),
    }
}

/// The value when the site publishes signed OB 3.0 documents, else an empty string.
pub(super) fn signed(site: &Site, value: String) -> String {
    if site.keys.is_empty() { String::new() } else { value }
}

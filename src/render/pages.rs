//! The HTML pages of a site (home, issuers, badges, awards, 404, sitemap) and the share
//! cards: one per badge and state for the awards that show no name, drawn once; its own for
//! an award that shows its recipient's name, drawn in the same parallel task as its page.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use serde::Serialize;
use tera::Context;

use super::card::{self, CardArt, CardText};
use super::i18n::Strings;
use super::theme::Theme;
use super::views::{self, Catalog, PageView, SiteView};
use super::{Preview, award, jsonld, raster};
use crate::error::Error;
use crate::model::{Award, ImageKind, ShareCards, Site, Status};
use crate::output::OutputFile;

/// Everything pages share, computed once per build.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub theme: Theme,
    pub catalog: Catalog,
    pub site_view: SiteView,
    /// The strings as templates see them (`t`).
    pub strings_tree: serde_json::Value,
    pub strings: Strings,
    /// Per badge: its image drawn at card size; `None` when images are not drawn
    /// ([`super::Images::Plan`]).
    pub art: Option<Vec<CardArt>>,
    /// Per badge: its PNG preview.
    pub previews: Vec<Preview>,
    /// The shared cards (badge, state) that were drawn, for the award pages that link them;
    /// filled by [`super::Renderer::site_files`] before any award page is made.
    pub shared_drawn: BTreeSet<(usize, &'static str)>,
}

/// The state a card shows: `valid`, `expired` or `revoked`.
fn state(award: &Award) -> &'static str {
    match award.status {
        Status::Valid => "valid",
        Status::Expired => "expired",
        Status::Revoked { .. } => "revoked",
    }
}

impl Pages<'_> {
    /// The site's pages (home, issuers, badges, 404) and the sitemap; the award pages are
    /// [`Pages::award`]'s.
    pub fn site_pages(&self) -> Result<Vec<OutputFile>, Error> {
        let (site, urls, s) = (self.site, &self.site.urls, &self.strings);
        let mut files = Vec::new();
        let mut sitemap = vec![urls.home().url];

        let sections: Vec<_> = (0..site.issuers.len()).map(|i| views::issuer_section(site, &self.catalog, i)).collect();
        let description = match &site.config.description {
            Some(description) => description.clone(),
            None => s.fill("meta.home_description", &[("site", &site.config.title)]),
        };
        let home = PageView::new(&site.config.title, description, urls.home().url);
        files.push(self.page("index.html", urls.home().path, &home, "issuers", &sections)?);

        for (index, issuer) in site.issuers.iter().enumerate() {
            let location = urls.issuer_page(&issuer.id);
            let description = match &issuer.description {
                Some(description) => description.clone(),
                None => s.fill("meta.issuer_description", &[("issuer", &issuer.name)]),
            };
            let mut page =
                PageView::new(&issuer.name, description, &location.url).with_jsonld(jsonld::issuer(site, issuer));
            // Networks ignore SVG previews and images under 200 px, so only such a PNG logo
            // is offered.
            let logo = issuer.image.as_ref().filter(|i| i.kind == ImageKind::Png);
            let logo = logo.map(|i| (i, raster::png_size(&i.bytes).unwrap_or_default()));
            if let Some((image, size)) = logo.filter(|(_, (w, h))| *w >= 200 && *h >= 200) {
                let alt = s.fill("issuer.logo_alt", &[("issuer", &issuer.name)]);
                page = page.with_image(urls.issuer_image(&issuer.id, image.kind).url, size, alt);
            }
            let view = views::issuer_view(site, &self.catalog, s, index);
            files.push(self.page("issuer.html", location.path, &page, "issuer", &view)?);
            sitemap.push(location.url);
        }

        for (index, badge) in site.badges.iter().enumerate() {
            let location = urls.badge_page(&badge.id);
            let image = self.badge_image(index);
            let mut page = PageView::new(&badge.name, &badge.description, &location.url)
                .with_jsonld(jsonld::badge(site, badge, &image));
            if let Some((url, w, h)) = &self.previews[index] {
                page = page.with_image(url.clone(), (*w, *h), &badge.name);
            }
            let view = views::badge_view(site, &self.catalog, s, index);
            files.push(self.page("badge.html", location.path, &page, "badge", &view)?);
            sitemap.push(location.url);
        }

        let verify = urls.verify_page();
        let page = PageView::new(s.text("verify_page.title"), s.text("verify_page.description"), &verify.url);
        files.push(OutputFile::new(verify.path, self.theme.render("verify.html", &self.context(&page))?.into_bytes()));
        sitemap.push(verify.url);
        // Sorted, so the file is the same bytes from build to build.
        let live: BTreeMap<&str, &str> = self.strings_tree["live"]
            .as_object()
            .map(|texts| texts.iter().filter_map(|(key, text)| Some((key.as_str(), text.as_str()?))).collect())
            .unwrap_or_default();
        let strings = serde_json::to_vec(&live).map_err(|e| Error::failed("cannot write the verifier's texts", e))?;
        files.push(OutputFile::new(urls.verify_strings().path, strings));
        // No page of its own (a fragment rosette.js reads): its `page` is empty.
        let tools = self.theme.render("award_tools.html", &self.context(&PageView::new("", "", "")))?;
        files.push(OutputFile::new(urls.award_tools().path, tools.into_bytes()));

        sitemap.extend(site.awards.iter().map(|award| urls.award_page(&award.id).url));

        let title = s.text("meta.not_found_title");
        let not_found = PageView::new(title, s.text("meta.not_found_description"), urls.not_found().url);
        let mut context = self.context(&not_found);
        files.push(OutputFile::new(urls.not_found().path, self.theme.render("404.html", &context)?.into_bytes()));
        context.insert("urls", &sitemap);
        files.push(OutputFile::new(urls.sitemap().path, self.theme.render("sitemap.xml", &context)?.into_bytes()));
        Ok(files)
    }

    /// A PNG of badge `index` when there is one, else its own image.
    fn badge_image(&self, index: usize) -> String {
        let badge = &self.site.badges[index];
        match &self.previews[index] {
            Some((url, _, _)) => url.clone(),
            None => self.site.urls.badge_image(&badge.id, badge.image.kind).url,
        }
    }

    /// The name an award's own share card shows: its public name, when the site draws such
    /// cards (`share_cards = "named"`); `None` when it links its badge's card.
    fn card_name<'a>(&self, award: &'a Award) -> Option<&'a str> {
        match self.site.config.share_cards {
            ShareCards::Named => award.recipient.public_name.as_deref(),
            ShareCards::Badge => None,
        }
    }

    /// The share cards of awards without a card of their own: one per badge and state (valid,
    /// expired, revoked) that such an award has, drawn once and linked by all of them.
    pub fn shared_cards(&self) -> BTreeMap<(usize, &'static str), Option<Vec<u8>>> {
        let wanted: BTreeSet<(usize, &'static str)> = self
            .site
            .awards
            .iter()
            .filter(|award| self.card_name(award).is_none())
            .map(|award| (award.badge, state(award)))
            .collect();
        wanted.into_par_iter().map(|(badge, state)| ((badge, state), self.card(badge, state, None, ""))).collect()
    }

    /// A card of badge `badge` in `state`, naming `recipient`, dated `date` (empty: no date);
    /// planned empty when images are not drawn, `None` when drawing failed.
    fn card(&self, badge: usize, state: &str, recipient: Option<&str>, date: &str) -> Option<Vec<u8>> {
        let (site, s) = (self.site, &self.strings);
        let status = match state {
            "expired" => Some((s.text("card.expired"), false)),
            "revoked" => Some((s.text("card.revoked"), true)),
            _ => None,
        };
        let text = CardText {
            eyebrow: s.text("card.eyebrow"),
            badge: &site.badges[badge].name,
            recipient: recipient.map(|name| (s.text("card.awarded_to"), name)),
            issuer: (s.text("card.issued_by"), &site.issuers[site.badges[badge].issuer].name),
            site: &site.config.title,
            date,
            status,
        };
        // Not drawing (a check): the card is planned empty, so the page is the build's page.
        match &self.art {
            Some(art) => card::render(&art[badge], &text),
            None => Some(Vec::new()),
        }
    }

    /// An award's page, and its own share card when it shows the recipient's name and the site
    /// draws named cards; others link their badge's shared card ([`Pages::shared_drawn`]).
    pub fn award(&self, award: &Award) -> Result<Vec<OutputFile>, Error> {
        let (site, urls, s) = (self.site, &self.site.urls, &self.strings);
        let badge = &site.badges[award.badge];
        let issuer = &site.issuers[badge.issuer];
        let location = urls.award_page(&award.id);
        let issued = s.date(award.issued);
        let (card, card_url) = match self.card_name(award) {
            Some(name) => {
                let date = s.fill("card.issued_on", &[("date", &issued)]);
                let card = self.card(award.badge, state(award), Some(name), &date);
                let url = card.is_some().then(|| urls.award_share_card(&award.id).url);
                (card, url)
            }
            None => {
                let drawn = self.shared_drawn.contains(&(award.badge, state(award)));
                (None, drawn.then(|| urls.badge_share_card(&badge.id, state(award)).url))
            }
        };

        let (name, badge_name, issuer_name) = (award.recipient.public_name.as_deref(), &badge.name, &issuer.name);
        let description = match name {
            Some(name) => s.fill(
                "meta.award_description_named",
                &[("badge", badge_name), ("name", name), ("issuer", issuer_name)],
            ),
            None => {
                s.fill("meta.award_description", &[("badge", badge_name), ("issuer", issuer_name), ("date", &issued)])
            }
        };
        let image = self.badge_image(award.badge);
        let mut page =
            PageView::new(badge_name, description, &location.url).with_jsonld(jsonld::award(site, award, &image));
        if let Some(url) = &card_url {
            let alt = s.fill("meta.card_alt", &[("badge", badge_name), ("issuer", issuer_name)]);
            page = page.with_image(url.clone(), (card::WIDTH, card::HEIGHT), alt);
        } else if let Some((url, w, h)) = &self.previews[award.badge] {
            page = page.with_image(url.clone(), (*w, *h), badge_name);
        }
        let view = award::award_view(site, &self.catalog, s, award, card_url.as_deref());
        let mut files = vec![self.page("award.html", location.path, &page, "award", &view)?];
        files.extend(card.map(|png| OutputFile::new(urls.award_share_card(&award.id).path, png)));
        Ok(files)
    }

    fn context(&self, page: &PageView) -> Context {
        let mut context = Context::new();
        context.insert("site", &self.site_view);
        context.insert("page", page);
        context.insert("t", &self.strings_tree);
        context
    }

    fn page<V: Serialize>(
        &self,
        template: &str,
        path: String,
        page: &PageView,
        key: &'static str,
        view: &V,
    ) -> Result<OutputFile, Error> {
        let mut context = self.context(page);
        context.insert(key, view);
        Ok(OutputFile::new(path, self.theme.render(template, &context)?.into_bytes()))
    }
}

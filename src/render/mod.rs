//! Turns the resolved site into the plan of files to publish: JSON documents, HTML pages,
//! images and static assets, as a `Vec<OutputFile>`. Nothing is written here.
//!
//! Award pages and documents are produced in parallel (rayon); the plan is sorted by path
//! afterwards, so the output does not depend on thread scheduling.

mod theme;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::credential::{ob2, to_json_bytes};
use crate::error::Error;
use crate::model::{Award, Site};
use crate::output::OutputFile;
use theme::Theme;
use views::{Catalog, PageView, SiteView};

/// Name of the file that marks a folder as rosette output (see [`crate::output`]).
pub const OUTPUT_MARKER: &str = ".rosette-output";

/// Everything the site publishes, sorted by path.
pub fn render(site: &Site) -> Result<Vec<OutputFile>, Error> {
    let theme = Theme::load(&site.templates)?;
    let pages = Pages { site, theme: &theme, catalog: Catalog::new(site), site_view: SiteView::new(site) };
    let mut files = documents(site);
    files.extend(images(site));
    files.extend(pages.all()?);
    files.extend(static_files(site));
    files.push(OutputFile::new(".nojekyll", Vec::new()));
    files.push(OutputFile::new(
        OUTPUT_MARKER,
        b"This folder is written by rosette and replaced on every build.\n".to_vec(),
    ));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Open Badges 2.0 JSON documents.
fn documents(site: &Site) -> Vec<OutputFile> {
    let urls = &site.urls;
    let mut files = Vec::new();
    for (index, issuer) in site.issuers.iter().enumerate() {
        files.push(OutputFile::new(urls.issuer_profile(&issuer.id).path, to_json_bytes(&ob2::profile(site, issuer))));
        let list = ob2::revocation_list(site, index);
        files.push(OutputFile::new(urls.issuer_revocations(&issuer.id).path, to_json_bytes(&list)));
    }
    for badge in &site.badges {
        files.push(OutputFile::new(urls.badge_class(&badge.id).path, to_json_bytes(&ob2::badge_class(site, badge))));
    }
    let awards: Vec<OutputFile> = site
        .awards
        .par_iter()
        .map(|award| OutputFile::new(urls.award_assertion(&award.id).path, to_json_bytes(&ob2::assertion(site, award))))
        .collect();
    files.extend(awards);
    files
}

/// Issuer and badge images, published unchanged.
fn images(site: &Site) -> Vec<OutputFile> {
    let issuers = site.issuers.iter().filter_map(|issuer| {
        let image = issuer.image.as_ref()?;
        Some(OutputFile::new(site.urls.issuer_image(&issuer.id, image.kind).path, image.bytes.to_vec()))
    });
    let badges = site.badges.iter().map(|badge| {
        OutputFile::new(site.urls.badge_image(&badge.id, badge.image.kind).path, badge.image.bytes.to_vec())
    });
    issuers.chain(badges).collect()
}

/// The theme's assets, then the site's `static/` files, which replace theme files of the same name.
fn static_files(site: &Site) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = Theme::static_files()
        .into_iter()
        .filter(|(rel, _)| !site.static_files.iter().any(|own| &own.rel_path == rel))
        .map(|(rel, bytes)| OutputFile::new(site.urls.static_file(&rel).path, bytes.to_vec()))
        .collect();
    files.extend(
        site.static_files
            .iter()
            .map(|own| OutputFile::new(site.urls.static_file(&own.rel_path).path, own.bytes.to_vec())),
    );
    files
}

struct Pages<'a> {
    site: &'a Site,
    theme: &'a Theme,
    catalog: Catalog,
    site_view: SiteView,
}

impl Pages<'_> {
    fn all(&self) -> Result<Vec<OutputFile>, Error> {
        let (site, urls) = (self.site, &self.site.urls);
        let mut files = Vec::new();
        let mut sitemap = vec![urls.home().url];

        let sections: Vec<_> = (0..site.issuers.len()).map(|i| views::issuer_section(site, &self.catalog, i)).collect();
        let description = site
            .config
            .description
            .clone()
            .unwrap_or_else(|| format!("Open Badges awarded through {}", site.config.title));
        let home =
            PageView { title: site.config.title.clone(), description, url: urls.home().url, image_url: String::new() };
        files.push(self.page("index.html", urls.home().path, &home, "issuers", &sections)?);

        for (index, issuer) in site.issuers.iter().enumerate() {
            let location = urls.issuer_page(&issuer.id);
            let page = PageView {
                title: issuer.name.clone(),
                description: issuer.description.clone().unwrap_or_else(|| format!("Badges awarded by {}", issuer.name)),
                url: location.url.clone(),
                image_url: issuer.image.as_ref().map(|i| urls.issuer_image(&issuer.id, i.kind).url).unwrap_or_default(),
            };
            let view = views::issuer_view(site, &self.catalog, index);
            files.push(self.page("issuer.html", location.path, &page, "issuer", &view)?);
            sitemap.push(location.url);
        }

        for (index, badge) in site.badges.iter().enumerate() {
            let location = urls.badge_page(&badge.id);
            let page = PageView {
                title: badge.name.clone(),
                description: badge.description.clone(),
                url: location.url.clone(),
                image_url: urls.badge_image(&badge.id, badge.image.kind).url,
            };
            let view = views::badge_view(site, &self.catalog, index);
            files.push(self.page("badge.html", location.path, &page, "badge", &view)?);
            sitemap.push(location.url);
        }

        let awards: Result<Vec<OutputFile>, Error> = site.awards.par_iter().map(|award| self.award(award)).collect();
        files.extend(awards?);
        sitemap.extend(site.awards.iter().map(|award| urls.award_page(&award.id).url));

        let not_found = PageView {
            title: "Page not found".into(),
            description: "There is no page at this address.".into(),
            url: urls.not_found().url,
            image_url: String::new(),
        };
        let mut context = self.context(&not_found);
        files.push(OutputFile::new(urls.not_found().path, self.theme.render("404.html", &context)?.into_bytes()));
        context.insert("urls", &sitemap);
        files.push(OutputFile::new(urls.sitemap().path, self.theme.render("sitemap.xml", &context)?.into_bytes()));
        Ok(files)
    }

    fn award(&self, award: &Award) -> Result<OutputFile, Error> {
        let (site, urls) = (self.site, &self.site.urls);
        let badge = &site.badges[award.badge];
        let issuer = &site.issuers[badge.issuer];
        let location = urls.award_page(&award.id);
        let description = match &award.recipient.public_name {
            Some(name) => format!("{} awarded to {name} by {}", badge.name, issuer.name),
            None => format!("{} awarded by {} on {}", badge.name, issuer.name, views::human_date(award.issued)),
        };
        let page = PageView {
            title: badge.name.clone(),
            description,
            url: location.url.clone(),
            image_url: urls.badge_image(&badge.id, badge.image.kind).url,
        };
        self.page("award.html", location.path, &page, "award", &views::award_view(site, &self.catalog, award))
    }

    fn context(&self, page: &PageView) -> Context {
        let mut context = Context::new();
        context.insert("site", &self.site_view);
        context.insert("page", page);
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

//! The render stage: the site's human side as files: HTML pages, images (issuer and badge
//! images, PNG previews of SVG badges, share cards) and static assets. Machine documents are
//! the credential stage's; nothing is written here.
//!
//! [`Renderer`] is made once per run (theme, strings, badge art, previews), renders the site's
//! own files once ([`Renderer::site_files`]) and each award's page and share card on demand
//! ([`Renderer::award`], from the driver's parallel loop over the awards).

mod award;
mod card;
mod embedded;
mod endorsement;
mod i18n;
mod jsonld;
mod pages;
mod png;
mod raster;
mod share;
mod social;
mod theme;
pub mod views;

use rayon::prelude::*;

use crate::error::Error;
use crate::model::{Award, ImageKind, Site};
use crate::output::OutputFile;
use card::CardArt;
use i18n::Strings;
use pages::Pages;
use theme::Theme;
use views::{Catalog, SiteView};

/// How much to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Images {
    /// Everything a build publishes.
    Draw,
    /// Every file of a build, but the drawn ones (PNG previews of SVG badges, share cards)
    /// are planned empty: `rosette check` renders every page exactly as a build does but
    /// rasterises nothing, the costly part of a build that finds no problem a check reports.
    Plan,
}

/// The render stage of one run.
pub struct Renderer<'a> {
    pages: Pages<'a>,
    /// The PNG previews of SVG badge images, drawn with the rest of what pages share.
    preview_files: Vec<OutputFile>,
}

impl<'a> Renderer<'a> {
    /// Loads the theme and strings (reporting the problems of both in one run), draws each
    /// badge's image at card size and its preview.
    pub fn new(site: &'a Site, images: Images, bake_plans: Vec<String>) -> Result<Renderer<'a>, Error> {
        // Both are the site's own files: report the problems of both in one run.
        let (theme, strings) =
            match (Theme::load(&site.templates), Strings::load(&site.config.language, &site.templates)) {
                (Ok(theme), Ok(strings)) => (theme, strings),
                (Err(Error::Invalid(mut first)), Err(Error::Invalid(second))) => {
                    first.extend(second);
                    return Err(Error::Invalid(first));
                }
                (Err(error), _) | (_, Err(error)) => return Err(error),
            };
        // Each badge image is drawn once at card size, then painted on all its awards' cards.
        let art: Option<Vec<CardArt>> =
            (images == Images::Draw).then(|| site.badges.par_iter().map(|badge| CardArt::new(&badge.image)).collect());
        let (preview_files, previews) = previews(site, images);
        let pages = Pages {
            site,
            theme,
            catalog: Catalog::new(site, bake_plans),
            site_view: SiteView::new(site),
            strings_tree: strings.tree(),
            strings,
            art,
            previews,
            shared_drawn: Default::default(),
        };
        Ok(Renderer { pages, preview_files })
    }

    /// The site's own files: issuer and badge images and previews, the pages of the site,
    /// its issuers and badges, the sitemap, static files. Called once.
    pub fn site_files(&mut self) -> Result<Vec<OutputFile>, Error> {
        let site = self.pages.site;
        let mut files = source_images(site);
        files.append(&mut self.preview_files);
        files.extend(self.pages.site_pages()?);
        // The cards of awards that show no name, one per badge and state, drawn once here;
        // the award pages link the ones that were drawn.
        for ((badge, state), png) in self.pages.shared_cards() {
            if let Some(png) = png {
                files.push(OutputFile::new(site.urls.badge_share_card(&site.badges[badge].id, state).path, png));
                self.pages.shared_drawn.insert((badge, state));
            }
        }
        files.extend(static_files(site));
        files.push(OutputFile::new(".nojekyll", Vec::new()));
        Ok(files)
    }

    /// The page of one award, and its own share card when it shows the recipient's name.
    pub fn award(&self, award: &Award) -> Result<Vec<OutputFile>, Error> {
        self.pages.award(award)
    }
}

/// Issuer and badge images, published unchanged.
fn source_images(site: &Site) -> Vec<OutputFile> {
    let issuers = site.issuers.iter().filter_map(|issuer| {
        let image = issuer.image.as_ref()?;
        Some(OutputFile::new(site.urls.issuer_image(&issuer.id, image.kind).path, image.bytes.to_vec()))
    });
    let badges = site.badges.iter().map(|badge| {
        OutputFile::new(site.urls.badge_image(&badge.id, badge.image.kind).path, badge.image.bytes.to_vec())
    });
    issuers.chain(badges).collect()
}

/// Side of the PNG previews of SVG badge images.
pub const PREVIEW_SIDE: u32 = 512;

/// A PNG of each badge image for link previews — the image itself when it is a PNG, else a
/// rendering of the SVG — as (URL, width, height); `None` when the SVG could not be drawn.
pub type Preview = Option<(String, u32, u32)>;

/// PNG renderings of SVG badge images, and the preview of every badge.
fn previews(site: &Site, images: Images) -> (Vec<OutputFile>, Vec<Preview>) {
    let rendered: Vec<(Option<OutputFile>, Preview)> = site
        .badges
        .par_iter()
        .map(|badge| match badge.image.kind {
            ImageKind::Png => {
                let (w, h) = raster::png_size(&badge.image.bytes).unwrap_or_default();
                (None, Some((site.urls.badge_image(&badge.id, ImageKind::Png).url, w, h)))
            }
            ImageKind::Svg if images == Images::Plan => {
                let location = site.urls.badge_preview_png(&badge.id);
                (Some(OutputFile::new(location.path, Vec::new())), Some((location.url, PREVIEW_SIDE, PREVIEW_SIDE)))
            }
            ImageKind::Svg => {
                let png = raster::badge_pixels(&badge.image, PREVIEW_SIDE).and_then(|p| raster::encode(&p));
                match png {
                    Some(png) => {
                        let location = site.urls.badge_preview_png(&badge.id);
                        (Some(OutputFile::new(location.path, png)), Some((location.url, PREVIEW_SIDE, PREVIEW_SIDE)))
                    }
                    None => (None, None),
                }
            }
        })
        .collect();
    let (files, previews): (Vec<_>, Vec<_>) = rendered.into_iter().unzip();
    (files.into_iter().flatten().collect(), previews)
}

/// The theme's assets, then the site's `static/` files, which replace theme files of the same name.
fn static_files(site: &Site) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = embedded::static_files()
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

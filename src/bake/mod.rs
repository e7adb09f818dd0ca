//! Baked badge images: the badge image with the award's Open Badges data inside, so the image
//! alone is the badge (DIGEST §2). The only PNG/SVG baking code of rosette.
//!
//! PNG: uncompressed `iTXt` chunks `openbadges` (the OB 2.0 assertion) and
//! `openbadgecredential` (the signed OB 3.0 credential), spliced in without re-encoding
//! ([`png`]). SVG: `<openbadges:assertion>` and `<openbadges:credential>` elements
//! ([`svg`]). [`extract`] reads both formats back, for `rosette unbake` and `rosette verify`.
//!
//! In a build, [`Baker`] is the bake stage: its input is what the credential stage
//! produced for each award ([`AwardDocuments`]), so what is inside an image is byte for byte
//! what is published beside it. Revoked awards are baked too: their `ob2.json` is the revoked
//! stub and their credential's status bit is set, so a reader of the image learns the truth,
//! and an image URL handed out before the revocation keeps answering instead of going 404.

mod plan;

use crate::credential::AwardDocuments;
use crate::error::{Error, Result};
use crate::model::{Award, ImageKind, Site};
use crate::output::OutputFile;
pub use plan::plan;
pub use rosette_verify::baked::{
    BakeError, Baked, OB2_KEYWORD, OB2_NAMESPACE, OB3_KEYWORD, OB3_NAMESPACE, PngImage, SvgImage, extract, png, svg,
};

/// A badge image parsed once, for all its awards.
enum Prepared<'a> {
    Png(PngImage<'a>),
    Svg(SvgImage<'a>),
}

/// The bake stage of one run: every badge image parsed once, then each award's image baked
/// on demand (from the driver's parallel loop over the awards).
pub struct Baker<'a> {
    site: &'a Site,
    prepared: Vec<Option<Prepared<'a>>>,
}

impl<'a> Baker<'a> {
    /// Parses the image of every badge that has awards.
    pub fn new(site: &'a Site) -> Result<Baker<'a>> {
        Ok(Baker { site, prepared: prepare(site)? })
    }

    /// The bake plan of every badge's image ([`plan`]), in the order of the badges, for the
    /// award pages' download buttons: the same bytes this baker would write. An image that
    /// cannot be baked fails here, as [`Baker::new`] does.
    pub fn plans(&self) -> Result<Vec<String>> {
        let signed = !self.site.keys.is_empty();
        self.site
            .badges
            .iter()
            .map(|badge| {
                plan(&badge.image, signed)
                    .map_err(|e| Error::failed(format!("cannot bake the image of badge `{}`", badge.id), e))
            })
            .collect()
    }

    /// `awards/<id>/badge.png|svg` of `award`: its badge's image with the bytes of its
    /// assertion and, when the site signs, of its credential, exactly as the credential stage
    /// produced them.
    pub fn award(&self, award: &Award, documents: &AwardDocuments) -> Result<OutputFile> {
        let urls = &self.site.urls;
        let refuse =
            |source: BakeError| Error::failed(format!("cannot bake the image of award `{}`", award.id), source);
        let ob2 = utf8(&documents.assertion).map_err(refuse)?;
        let ob3 = documents.credential.as_ref().map(utf8).transpose().map_err(refuse)?;
        let (bytes, kind) = match &self.prepared[award.badge] {
            Some(Prepared::Png(image)) => {
                let mut chunks = vec![(OB2_KEYWORD, ob2)];
                chunks.extend(ob3.map(|credential| (OB3_KEYWORD, credential)));
                (image.bake(&chunks).map_err(refuse)?, ImageKind::Png)
            }
            Some(Prepared::Svg(image)) => {
                let verify_url = urls.award_assertion(&award.id).url;
                (image.bake(Some((&verify_url, ob2)), ob3).into_bytes(), ImageKind::Svg)
            }
            // `prepare` parses the image of every badge that has an award.
            None => return Err(refuse(BakeError::NotAnImage)),
        };
        Ok(OutputFile::new(urls.award_baked_image(&award.id, kind).path, bytes))
    }
}

fn utf8(file: &OutputFile) -> std::result::Result<&str, BakeError> {
    std::str::from_utf8(&file.bytes).map_err(|_| BakeError::NotUtf8)
}

/// The image of every badge that has awards, parsed once; `None` for the others, so that an
/// unused badge cannot fail a build.
fn prepare(site: &Site) -> Result<Vec<Option<Prepared<'_>>>> {
    let mut used = vec![false; site.badges.len()];
    for award in &site.awards {
        used[award.badge] = true;
    }
    site.badges
        .iter()
        .zip(used)
        .map(|(badge, used)| {
            if !used {
                return Ok(None);
            }
            let refuse =
                |source: BakeError| Error::failed(format!("cannot bake the image of badge `{}`", badge.id), source);
            let image = match badge.image.kind {
                ImageKind::Png => Prepared::Png(PngImage::parse(&badge.image.bytes).map_err(refuse)?),
                ImageKind::Svg => {
                    let text = std::str::from_utf8(&badge.image.bytes).map_err(|_| refuse(BakeError::NotAnImage))?;
                    Prepared::Svg(SvgImage::parse(text).map_err(refuse)?)
                }
            };
            Ok(Some(image))
        })
        .collect()
}

//! `site.toml` resolved: the site's settings as the rest of the build uses them.
//!
//! The file as written is [`crate::source::raw::RawSite`]; every key is documented there and
//! in `docs/format.md`.

use super::field;
use super::rules;
use crate::error::{Diagnostics, Subject};
pub use crate::markdown::RemoteImages;
use crate::size;
use crate::source::Parsed;
use crate::source::raw::{RawSite, RawSize};

/// The resolved site settings.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Base URL, always ending with `/`.
    pub base_url: String,
    /// Language tag.
    pub language: String,
    /// Description, if any.
    pub description: Option<String>,
    /// HTML and SVG files in `static/` may run script (`allow_scripts_in_static = true`).
    pub allow_scripts_in_static: bool,
    /// Whether Markdown may show images from other sites.
    pub remote_images: RemoteImages,
    /// How large the published site may grow before `build` warns.
    pub size_budget: SizeBudget,
    /// Which share card an award that shows a public name links in its previews.
    pub share_cards: ShareCards,
}

/// `share_cards`: whether awards that show a public name get a share card of their own.
///
/// A card of its own costs about 40 kB and 5 ms of CPU per award (the badge's art is drawn
/// and compressed again in every one); at 30 % public names that is more than all other files
/// of an award together, and what keeps a 100,000-award site from fitting GitHub Pages. The
/// badge's card, one per badge and state, says everything but the name, which the preview's
/// description carries. See BENCHMARKS.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareCards {
    /// Every award links its badge's card (in its state: valid, expired, revoked).
    Badge,
    /// Awards that show a public name get their own card, naming them and dated.
    Named,
}

/// `size_budget`: the published size past which a build warns, and where it is set.
#[derive(Debug, Clone)]
pub struct SizeBudget {
    /// Bytes.
    pub bytes: u64,
    /// What a warning about it points at: the value in `site.toml`, or the file.
    pub subject: Subject,
}

/// The budget when `site.toml` sets none: GitHub Pages publishes at most 1 GB.
pub const DEFAULT_SIZE_BUDGET: u64 = 1_000_000_000;

/// Resolves `site.toml`; `base_url_override` (from the command line) wins over the file.
pub fn resolve(
    raw: Option<&Parsed<RawSite>>,
    base_url_override: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<SiteConfig> {
    let raw = raw?;
    let site = &raw.value;
    let title = field::required_name(raw, site.title.as_ref(), "title", diagnostics);
    let base_url = match base_url_override {
        Some(url) => rules::base_url(url).map_err(|message| {
            diagnostics.push(raw.error(format!("--base-url {url}: {message}")));
        }),
        None => match &site.base_url {
            Some(url) => rules::base_url(url.get_ref()).map_err(|message| {
                diagnostics.push(
                    raw.error_at(url, message)
                        .with_help("use the absolute URL the site is served at, e.g. https://acme.github.io/badges/"),
                );
            }),
            None => {
                let help = "add `base_url = \"https://<user>.github.io/<repo>/\"` (the URL the site is served at)";
                field::missing_key::<_, ()>(raw, "base_url", help, diagnostics);
                Err(())
            }
        },
    };
    if let (Ok(url), Some(spanned)) = (&base_url, &site.base_url)
        && base_url_override.is_none()
        && !url.starts_with("https://")
    {
        diagnostics.push(
            raw.error_at(spanned, "base_url is not https")
                .with_help("badge verifiers and wallets expect https; use http only for local previews")
                .as_warning(),
        );
    }
    let language = match &site.language {
        Some(language) if rules::is_language_tag(language.get_ref()) => language.get_ref().clone(),
        Some(language) => {
            diagnostics.push(
                raw.error_at(language, format!("`{}` is not a language tag", language.get_ref()))
                    .with_help("use a BCP 47 tag such as `en`, `fr` or `pt-BR`"),
            );
            String::new()
        }
        None => "en".to_string(),
    };
    let description = field::optional_text(raw, site.description.as_ref(), diagnostics);
    let allow_scripts_in_static = site.allow_scripts_in_static.as_ref().is_some_and(|allow| *allow.get_ref());
    let remote_images = field::choice(
        raw,
        "remote_images",
        site.remote_images.as_ref(),
        &[("block", RemoteImages::Block), ("allow", RemoteImages::Allow)],
        "write \"block\" (images from other sites become links) or \"allow\"",
        diagnostics,
    );
    let size_budget = size_budget(raw, diagnostics);
    let share_cards = field::choice(
        raw,
        "share_cards",
        site.share_cards.as_ref(),
        &[("badge", ShareCards::Badge), ("named", ShareCards::Named)],
        "write \"badge\" (every award previews with its badge's card) or \"named\" (awards that show a name get \
         their own card)",
        diagnostics,
    );
    Some(SiteConfig {
        title: title?,
        base_url: base_url.ok()?,
        language,
        description,
        allow_scripts_in_static,
        remote_images,
        size_budget,
        share_cards,
    })
}

/// `size_budget`: bytes or a size with a unit; the default when absent or wrong.
fn size_budget(raw: &Parsed<RawSite>, diagnostics: &mut Diagnostics) -> SizeBudget {
    let Some(value) = &raw.value.size_budget else {
        return SizeBudget { bytes: DEFAULT_SIZE_BUDGET, subject: raw.error("").subject };
    };
    let bytes = match value.get_ref() {
        RawSize::Bytes(bytes) => u64::try_from(*bytes).map_err(|_| format!("{bytes} is not a size")),
        RawSize::Text(text) => size::parse(text),
    };
    let bytes = bytes.unwrap_or_else(|message| {
        diagnostics.push(
            raw.error_at(value, format!("size_budget: {message}"))
                .with_help("write a number of bytes or a size with its unit, e.g. `size_budget = \"1 GB\"`"),
        );
        DEFAULT_SIZE_BUDGET
    });
    SizeBudget { bytes, subject: raw.error_at(value, "").subject }
}

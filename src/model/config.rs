//! `site.toml` resolved: the site's settings as the rest of the build uses them.
//!
//! The file as written is [`crate::source::raw::RawSite`]; every key is documented there and
//! in `docs/format.md`.

use super::field;
use super::rules;
use crate::error::Diagnostics;
pub use crate::markdown::RemoteImages;
use crate::source::Parsed;
use crate::source::raw::RawSite;

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
}

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
    let remote_images = match site.remote_images.as_ref().map(|value| (value, value.get_ref().as_str())) {
        None | Some((_, "block")) => RemoteImages::Block,
        Some((_, "allow")) => RemoteImages::Allow,
        Some((value, other)) => {
            diagnostics.push(
                raw.error_at(value, format!("`remote_images = \"{other}\"` is not a choice"))
                    .with_help("write \"block\" (images from other sites become links) or \"allow\""),
            );
            RemoteImages::Block
        }
    };
    Some(SiteConfig {
        title: title?,
        base_url: base_url.ok()?,
        language,
        description,
        allow_scripts_in_static,
        remote_images,
    })
}

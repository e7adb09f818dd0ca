//! Issuers: from `issuers/<id>.toml` to [`Issuer`].

use super::{Issuer, field, image, usable_id};
use crate::error::Diagnostics;
use crate::source::Parsed;
use crate::source::raw::RawIssuer;

/// Resolves every issuer file; the ones with problems are reported and left out.
pub fn resolve_all(files: &[Parsed<RawIssuer>], diagnostics: &mut Diagnostics) -> Vec<Issuer> {
    files.iter().filter_map(|parsed| resolve(parsed, diagnostics)).collect()
}

fn resolve(parsed: &Parsed<RawIssuer>, diagnostics: &mut Diagnostics) -> Option<Issuer> {
    let raw = &parsed.value;
    let id_ok = usable_id(parsed, "an issuer", diagnostics);
    let name = field::required_name(parsed, raw.name.as_ref(), "name", diagnostics);
    let url = match &raw.url {
        Some(url) => field::web_url(parsed, url, diagnostics),
        None => field::required_text(parsed, None, "url", diagnostics),
    };
    let email = match &raw.email {
        Some(email) => field::email(parsed, email, diagnostics),
        None => field::missing_key(
            parsed,
            "email",
            "add the organisation's public contact address: Open Badges 2.0 verifiers require it",
            diagnostics,
        ),
    };
    let description = field::optional_text(parsed, raw.description.as_ref(), diagnostics);
    let linkedin_organization_id = match &raw.linkedin_organization_id {
        Some(written) if !written.get_ref().is_empty() && written.get_ref().bytes().all(|b| b.is_ascii_digit()) => {
            Some(Some(written.get_ref().clone()))
        }
        Some(written) => {
            diagnostics.push(
                parsed
                    .error_at(written, "`linkedin_organization_id` must be the number of the issuer's LinkedIn page")
                    .with_help("find it in the page admin URL, linkedin.com/company/<number>/admin"),
            );
            None
        }
        None => Some(None),
    };
    let image = match (&raw.image, &parsed.image) {
        (Some(written), Some(asset)) => match image::load(&asset.rel_path, &asset.bytes) {
            Ok(image) => Some(Some(image)),
            Err(message) => {
                diagnostics.push(parsed.error_at(written, message));
                None
            }
        },
        (Some(_), None) => None, // unreadable: the source stage reported it
        (None, _) => Some(None),
    };
    Some(Issuer {
        id: id_ok.then(|| parsed.id.clone())?,
        name: name?,
        url: url?,
        email: email?,
        description,
        image: image?,
        linkedin_organization_id: linkedin_organization_id?,
    })
}

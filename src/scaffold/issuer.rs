//! `rosette new issuer <id>`: `issuers/<id>.toml`, commented key by key.

use std::path::Path;

use jiff::Timestamp;

use super::{Scaffolded, at_flag, missing, toml_string, write_checked};
use crate::error::{Diagnostics, Error, Result};
use crate::model::rules;
use crate::source::layout::SourcePath;

/// The values of a new issuer, as given (nothing checked yet); `None`: not given.
#[derive(Debug, Clone, Default)]
pub struct IssuerFields {
    /// The organisation's name (default: made of the id).
    pub name: Option<String>,
    /// Its home page. Required.
    pub url: Option<String>,
    /// Its public contact address. Required.
    pub email: Option<String>,
    /// A sentence about it.
    pub description: Option<String>,
    /// Its logo, relative to `issuers/`.
    pub image: Option<String>,
}

/// Writes `issuers/<id>.toml`, checked as described in [`super`].
pub fn new_issuer(site_dir: &Path, id: &str, fields: &IssuerFields, now: Timestamp) -> Result<Scaffolded> {
    super::refuse_issuer_id(site_dir, id)?;
    let mut problems = Diagnostics::default();
    let given = |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let name = rules::name(&given(&fields.name).unwrap_or_else(|| super::title(id)))
        .map_err(|p| problems.push(at_flag("name", p)))
        .ok();
    let url = match given(&fields.url) {
        Some(url) => rules::web_url(&url).map_err(|p| problems.push(at_flag("url", p))).ok(),
        None => {
            problems.push(missing("url", "give --url https://…: the organisation's home page"));
            None
        }
    };
    let email = match given(&fields.email) {
        Some(email) => rules::email(&email).map_err(|p| problems.push(at_flag("email", p))).ok(),
        None => {
            problems
                .push(missing("email", "give --email name@example.org: a public contact address of the organisation"));
            None
        }
    };
    let description = given(&fields.description)
        .and_then(|d| rules::text(&d).map_err(|p| problems.push(at_flag("description", p))).ok());
    problems.into_result()?;
    let (Some(name), Some(url), Some(email)) = (name, url, email) else {
        return Err(Error::Refused("the issuer's values are incomplete".into()));
    };
    let text = text(&name, &url, &email, description.as_deref(), given(&fields.image).as_deref(), id);
    let rel = SourcePath::Issuer { id: id.into() }.rel_path();
    let files = [(rel.clone(), text)];
    write_checked(site_dir, &files, now, "issuer")?;
    Ok(Scaffolded { files: vec![rel], starter_image: None })
}

fn text(name: &str, url: &str, email: &str, description: Option<&str>, image: Option<&str>, id: &str) -> String {
    let description = match description {
        Some(text) => format!("description = {}", toml_string(text)),
        None => "# description = \"A sentence or two about the organisation.\"".into(),
    };
    let image = match image {
        Some(file) => format!("image = {}", toml_string(file)),
        None => format!("# image = \"{id}.svg\""),
    };
    format!(
        "# An organisation that awards badges. Every key is documented in
# {reference}#issuersissuertoml
# Its name, as shown on badge and award pages and in wallets.
name = {name}
# Its home page.
url = {url}
# A public contact address of the organisation (never a recipient's).
email = {email}
# A sentence or two about it (optional).
{description}
# Its logo, a PNG or SVG file beside this one (optional).
{image}
",
        reference = crate::init::format_reference(),
        name = toml_string(name),
        url = toml_string(url),
        email = toml_string(email),
    )
}

//! The texts of the starter site that `rosette init` writes: site.toml, the issuer and its
//! logo, the starter badge and image, the starter award; the examples among their values come
//! from [`crate::model::rules::placeholders`], which recognises them afterwards.

use crate::model::rules::placeholders;
use crate::scaffold::toml_string;

/// The starter badge's logo, with the organisation's initials (`@INITIALS@`).
pub(super) const ISSUER_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
  <rect width="256" height="256" rx="48" fill="#1f3b73"/>
  <circle cx="128" cy="112" r="56" fill="none" stroke="#f2c14e" stroke-width="16"/>
  <text x="128" y="214" font-family="sans-serif" font-size="32" font-weight="700" fill="#ffffff" text-anchor="middle">@INITIALS@</text>
</svg>
"##;

/// The starter badge (`@ISSUER@`: the issuer id).
pub(super) const BADGE: &str = r#"+++
name = "First Steps"
issuer = "@ISSUER@"
description = "Took the first steps with our programme."
image = "first-steps.svg"
tags = ["welcome"]
achievement_type = "Badge"

[[alignment]]
target_name = "Digital content creation"
target_url = "https://joint-research-centre.ec.europa.eu/digcomp_en"
target_framework = "DigComp 2.2"
target_code = "3.1"
+++
## How to earn this badge

* Attend the introduction session.
* Complete the first exercise and share it with a mentor.
"#;

/// A simple badge image, also what `rosette new badge` writes when given no image.
pub const BADGE_IMAGE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3aa17e"/>
      <stop offset="1" stop-color="#1d6b52"/>
    </linearGradient>
  </defs>
  <circle cx="128" cy="128" r="120" fill="url(#g)"/>
  <circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="4"/>
  <path d="M88 136l28 28 56-64" fill="none" stroke="#ffffff" stroke-width="18" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"##;

/// The URL of the format reference of this version of rosette: the user's repository has no
/// docs/format.md, rosette's has one per release tag.
pub fn format_reference() -> String {
    format!("{}/blob/v{}/docs/format.md", env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'), env!("CARGO_PKG_VERSION"))
}

pub(super) fn site_text(name: &str, base_url: &str, example: bool) -> String {
    let example = if example {
        "# This is an example: set the real address before the first publication (a signed build\n\
         # refuses it), and never change it afterwards.\n"
    } else {
        "# Part of every published credential: never change it once the site is published.\n"
    };
    format!(
        "# Settings of the whole site; every key is documented in\n# {reference}#sitetoml\n\
         title = {title}\n\
         # The URL the site will be served at. On GitHub Pages: https://<user>.github.io/<repo>/\n\
         {example}\
         base_url = {base_url}\n\
         language = \"en\"\n\
         description = {description}\n\
         # Link previews show the badge's share card; \"named\" gives each award that shows a public\n\
         # name a card of its own, naming them (about 40 kB each: for sites of a few thousand awards).\n\
         # share_cards = \"named\"\n",
        reference = format_reference(),
        title = toml_string(&format!("{name} badges")),
        base_url = toml_string(base_url),
        description = toml_string(&format!("Badges awarded by {name}.")),
    )
}

pub(super) fn issuer_text(name: &str, id: &str) -> String {
    format!(
        "# The organisation that awards the badges; its keys are documented in\n# {reference}#issuersissuertoml\n\
         name = {name}\n\
         # Its home page.\n\
         url = {url}\n\
         # A public contact address of the organisation (never a recipient's).\n\
         email = {email}\n\
         description = {description}\n\
         image = \"{id}.svg\"\n",
        reference = format_reference(),
        name = toml_string(name),
        url = toml_string(placeholders::EXAMPLE_URL),
        email = toml_string(placeholders::EXAMPLE_EMAIL),
        description = toml_string(placeholders::EXAMPLE_DESCRIPTION),
    )
}

pub(super) fn award_text(status_index: u32) -> String {
    format!(
        "# One award per file. `rosette award` writes these: it hashes the recipient's e-mail with a\n\
         # random salt, so the address itself is never stored. This example uses a URL identity:\n\
         # delete it before the first publication (a signed build refuses it).\n\
         issued = 2025-01-15\n\
         # Its place in the signed revocation status list, drawn at random and never changed.\n\
         status_index = {status_index}\n\
         narrative = {narrative}\n\n\
         [recipient]\n\
         url = {url}\n\
         name = {name}\n\
         public = true\n",
        narrative = toml_string(placeholders::STARTER_NARRATIVE),
        url = toml_string(placeholders::STARTER_RECIPIENT_URL),
        name = toml_string(placeholders::STARTER_RECIPIENT_NAME),
    )
}

/// Up to three initials of the name, for the starter logo (XML-escaped).
pub(super) fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .take(3)
        .collect();
    crate::escape::xml(if letters.is_empty() { "ORG" } else { &letters })
}

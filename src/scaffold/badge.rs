//! `rosette new badge <id>`: `badges/<id>.md`, its front matter commented key by key, and a
//! starter image beside it when none is given.

use std::path::Path;

use jiff::Timestamp;

use super::{Scaffolded, at_flag, missing, toml_string, write_checked};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::model::rules;
use crate::source::layout::{BADGES, SourcePath};

/// The values of a new badge, as given (nothing checked yet); `None`: not given.
#[derive(Debug, Clone, Default)]
pub struct BadgeFields {
    /// Its name (default: made of the id).
    pub name: Option<String>,
    /// One sentence: what earners achieved. Required.
    pub description: Option<String>,
    /// The issuer id (default: the site's only issuer).
    pub issuer: Option<String>,
    /// The image, relative to `badges/` (default: a starter `badges/<id>.svg`).
    pub image: Option<String>,
    /// Keywords.
    pub tags: Vec<String>,
    /// The Open Badges 3.0 achievement type (default `Badge`).
    pub achievement_type: Option<String>,
}

/// Writes `badges/<id>.md` (and the starter image), checked as described in [`super`].
pub fn new_badge(site_dir: &Path, id: &str, fields: &BadgeFields, now: Timestamp) -> Result<Scaffolded> {
    super::refuse_badge_id(site_dir, id)?;
    let mut problems = Diagnostics::default();
    let name = rules::name(fields.name.as_deref().unwrap_or(&super::title(id)))
        .map_err(|p| problems.push(at_flag("name", p)))
        .ok();
    let description = match fields.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(written) => rules::text(written).map_err(|p| problems.push(at_flag("description", p))).ok(),
        None => {
            problems
                .push(missing("description", "give --description \"…\": one sentence saying what earners achieved"));
            None
        }
    };
    let issuer = issuer(site_dir, fields.issuer.as_deref()).map_err(|d| problems.push(d)).ok();
    let tags: Vec<String> = fields
        .tags
        .iter()
        .filter_map(|tag| rules::tag(tag).map_err(|p| problems.push(at_flag("tag", p))).ok())
        .collect();
    problems.into_result()?;
    let (Some(name), Some(description), Some(issuer)) = (name, description, issuer) else {
        return Err(crate::error::Error::Refused("the badge's values are incomplete".into()));
    };
    // An image of the badge's name already beside it is the one meant; else a starter image.
    let beside = ["svg", "png"].map(|ext| format!("{id}.{ext}"));
    let existing = beside.iter().find(|file| site_dir.join(BADGES).join(file).is_file()).cloned();
    let starter = (fields.image.is_none() && existing.is_none()).then(|| format!("{id}.svg"));
    let image = fields.image.clone().or(existing).or_else(|| starter.clone()).unwrap_or_default();
    let kind = fields.achievement_type.as_deref().unwrap_or("Badge");
    let text = text(&name, &issuer, &description, &image, &tags, kind);
    let rel = SourcePath::Badge { id: id.into(), bundle: false }.rel_path();
    let mut files = vec![(rel.clone(), text)];
    let starter_image = starter.map(|file| format!("{BADGES}/{file}"));
    if let Some(image) = &starter_image {
        files.push((image.clone(), crate::init::BADGE_IMAGE.to_string()));
    }
    write_checked(site_dir, &files, now, "badge")?;
    Ok(Scaffolded { files: files.into_iter().map(|(rel, _)| rel).collect(), starter_image })
}

/// The issuer given, which must exist, or the site's only one.
fn issuer(site_dir: &Path, given: Option<&str>) -> Result<String, Diagnostic> {
    let known = super::issuer_ids(site_dir).map_err(|e| Diagnostic::flag_error("issuer", e.to_string()))?;
    let listed = || known.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
    match given.map(str::trim) {
        Some(id) if known.iter().any(|k| k == id) => Ok(id.to_string()),
        Some(id) => {
            let help = match crate::suggest::nearest(id, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None if known.is_empty() => "create it first: `rosette new issuer <id>`".into(),
                None => format!("the site's issuers are {}", listed()),
            };
            Err(Diagnostic::flag_error("issuer", format!("there is no issuer `{id}` in this site")).with_help(help))
        }
        None => match known.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(Diagnostic::flag_error("issuer", "the site has no issuer yet")
                .with_help("create one first: `rosette new issuer <id>`")),
            _ => Err(Diagnostic::flag_error("issuer", format!("the site has several issuers: {}", listed()))
                .with_help("say which one awards the badge: --issuer <id>")),
        },
    }
}

fn text(name: &str, issuer: &str, description: &str, image: &str, tags: &[String], kind: &str) -> String {
    let tags = if tags.is_empty() {
        "# tags = [\"welcome\", \"programming\"]".to_string()
    } else {
        format!("tags = [{}]", tags.iter().map(|t| toml_string(t)).collect::<Vec<_>>().join(", "))
    };
    format!(
        "+++
# A badge: this front matter (TOML) says what it is, the Markdown below the second +++ says
# how to earn it. Every key is documented in
# {reference}#badgesbadgemd-or-badgesbadgeindexmd
# Its name, as shown on its page, in wallets and on LinkedIn.
name = {name}
# The id of the organisation that awards it (issuers/<id>.toml).
issuer = {issuer}
# One sentence: what earners achieved.
description = {description}
# The image, a PNG or SVG file, relative to this file's folder.
image = {image}
# Keywords shown on the badge page (optional).
{tags}
# The Open Badges 3.0 kind: Badge, Certificate, Course, Competency, Membership, …
achievement_type = {kind}

# Frameworks or standards the badge aligns to (optional), one table each:
# [[alignment]]
# target_name = \"Digital content creation\"
# target_url = \"https://joint-research-centre.ec.europa.eu/digcomp_en\"
# target_framework = \"DigComp 2.2\"
# target_code = \"3.1\"
+++
## How to earn this badge

* Write here, in Markdown, what someone must do to earn the badge.
",
        reference = crate::init::format_reference(),
        name = toml_string(name),
        issuer = toml_string(issuer),
        description = toml_string(description),
        image = toml_string(image),
        kind = toml_string(kind),
    )
}

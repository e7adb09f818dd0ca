//! Badges: from `badges/<id>.md` front matter and criteria to [`Badge`].

use std::collections::BTreeMap;

use super::{Alignment, Badge, Issuer, field, image, usable_id};
use crate::error::Diagnostics;
use crate::source::Parsed;
use crate::source::raw::{RawAlignment, RawBadge, Spanned};

/// Achievement types of Open Badges 3.0 (`AchievementType` enumeration); `ext:` names too.
const ACHIEVEMENT_TYPES: &[&str] = &[
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
];

/// Resolves every badge; duplicates and badges with problems are reported and left out.
pub fn resolve_all(
    files: &[Parsed<RawBadge>],
    issuers: &[Issuer],
    failed_issuers: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<Badge> {
    let mut seen: BTreeMap<&str, &Parsed<RawBadge>> = BTreeMap::new();
    let mut badges = Vec::new();
    for parsed in files {
        if let Some(first) = seen.get(parsed.id.as_str()) {
            diagnostics.push(
                parsed
                    .error(format!("duplicate badge id `{}`", parsed.id))
                    .with_help(format!("{} defines it too; rename one of them", first.file.rel_path)),
            );
            continue;
        }
        seen.insert(&parsed.id, parsed);
        if let Some(badge) = resolve(parsed, issuers, failed_issuers, diagnostics) {
            badges.push(badge);
        }
    }
    badges.sort_by(|a, b| a.id.cmp(&b.id));
    badges
}

fn resolve(
    parsed: &Parsed<RawBadge>,
    issuers: &[Issuer],
    failed_issuers: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<Badge> {
    let raw = &parsed.value;
    let id_ok = usable_id(parsed, "a badge", diagnostics);
    let name = field::required_name(parsed, raw.name.as_ref(), "name", diagnostics);
    let description = field::required_text(parsed, raw.description.as_ref(), "description", diagnostics);
    let issuer = resolve_issuer(parsed, raw.issuer.as_ref(), issuers, failed_issuers, diagnostics);
    let image = match (&raw.image, &parsed.image) {
        (Some(written), Some(asset)) => image::load(&asset.rel_path, &asset.bytes)
            .map_err(|message| diagnostics.push(parsed.error_at(written, message)))
            .ok(),
        (Some(_), None) => None, // unreadable: the source stage reported it
        (None, _) => field::missing_key(
            parsed,
            "image",
            "add `image = \"<file>.svg\"` (or .png), relative to this file",
            diagnostics,
        ),
    };
    let tags: Vec<Option<String>> = raw.tags.iter().flatten().map(|tag| field::tag(parsed, tag, diagnostics)).collect();
    let achievement_type = match &raw.achievement_type {
        None => Some("Badge".to_string()),
        Some(kind) => achievement_type(parsed, kind, diagnostics),
    };
    let alignments: Vec<Option<Alignment>> =
        raw.alignment.iter().flatten().map(|a| alignment(parsed, a, diagnostics)).collect();
    let criteria = parsed.body.trim().to_string();
    if criteria.is_empty() {
        diagnostics.push(
            parsed
                .error("the badge has no criteria")
                .with_help("write what someone must do to earn it, in Markdown, after the closing `+++`"),
        );
    }
    Some(Badge {
        id: id_ok.then(|| parsed.id.clone())?,
        issuer: issuer?,
        name: name?,
        description: description?,
        image: image?,
        tags: tags.into_iter().collect::<Option<_>>()?,
        achievement_type: achievement_type?,
        alignments: alignments.into_iter().collect::<Option<_>>()?,
        criteria: (!criteria.is_empty()).then_some(criteria)?,
    })
}

fn resolve_issuer(
    parsed: &Parsed<RawBadge>,
    written: Option<&Spanned<String>>,
    issuers: &[Issuer],
    failed_issuers: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let Some(written) = written else {
        return field::missing_key(
            parsed,
            "issuer",
            "add `issuer = \"<id>\"`, the name of a file in issuers/",
            diagnostics,
        );
    };
    let id = written.get_ref();
    let found = issuers.iter().position(|issuer| &issuer.id == id);
    if found.is_none() && !failed_issuers.contains(&id.as_str()) {
        let declared = issuers.iter().map(|i| i.id.as_str()).chain(failed_issuers.iter().copied());
        let help = match crate::suggest::nearest(id, declared) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("create issuers/{id}.toml, or use one of: {}", ids(issuers)),
        };
        diagnostics.push(parsed.error_at(written, format!("unknown issuer `{id}`")).with_help(help));
    }
    found
}

fn ids(issuers: &[Issuer]) -> String {
    let ids: Vec<&str> = issuers.iter().map(|i| i.id.as_str()).collect();
    if ids.is_empty() { "(no issuers defined)".into() } else { ids.join(", ") }
}

fn achievement_type(
    parsed: &Parsed<RawBadge>,
    kind: &Spanned<String>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let name = kind.get_ref();
    let extension =
        name.strip_prefix("ext:").is_some_and(|rest| !rest.is_empty() && rest.chars().all(char::is_alphanumeric));
    if ACHIEVEMENT_TYPES.contains(&name.as_str()) || extension {
        return Some(name.clone());
    }
    let help = match crate::suggest::nearest(name, ACHIEVEMENT_TYPES.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? (custom types are written `ext:Name`)"),
        None => "use an Open Badges 3.0 type such as Badge, Certificate, Course, Competency, Membership, or `ext:Name`"
            .into(),
    };
    diagnostics.push(parsed.error_at(kind, format!("unknown achievement type `{name}`")).with_help(help));
    None
}

fn alignment(
    parsed: &Parsed<RawBadge>,
    raw: &Spanned<RawAlignment>,
    diagnostics: &mut Diagnostics,
) -> Option<Alignment> {
    let a = raw.get_ref();
    let name = match &a.target_name {
        Some(name) if !name.get_ref().trim().is_empty() => Some(field::name(parsed, name, "target_name", diagnostics)),
        _ => None,
    };
    if name.is_none() {
        diagnostics
            .push(parsed.error_at(raw, "alignment has no `target_name`").with_help("name the competency or standard"));
    }
    let url = match &a.target_url {
        Some(url) => field::web_url(parsed, url, diagnostics),
        None => {
            diagnostics.push(
                parsed
                    .error_at(raw, "alignment has no `target_url`")
                    .with_help("link to the description of the competency or standard"),
            );
            None
        }
    };
    Some(Alignment {
        name: name??,
        url: url?,
        description: field::optional_text(parsed, a.target_description.as_ref(), diagnostics),
        framework: field::optional_text(parsed, a.target_framework.as_ref(), diagnostics),
        code: field::optional_text(parsed, a.target_code.as_ref(), diagnostics),
    })
}

//! Awards: from `awards/<badge>/<award-id>.toml` to [`Award`], including the privacy checks
//! that keep e-mail addresses out of the repository.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::identity::resolve_recipient;
use super::{Award, Badge, Evidence, STATUS_LIST_SIZE, Status, field, rules, usable_id};
use crate::error::Diagnostics;
use crate::source::Parsed;
use crate::source::raw::{RawAward, RawEvidence, RawRevocation, Spanned};

/// What awards are resolved against.
pub struct Context<'a> {
    /// The resolved badges.
    pub badges: &'a [Badge],
    /// Badges that exist but did not resolve (not reported again).
    pub failed_badges: &'a [&'a str],
    /// Whether the site signs OB 3.0 credentials (then every award needs a status index).
    pub signs: bool,
    /// The build time.
    pub now: Timestamp,
}

/// Resolves every award; duplicates and awards with problems are reported and left out.
pub fn resolve_all(files: &[Parsed<RawAward>], context: &Context<'_>, diagnostics: &mut Diagnostics) -> Vec<Award> {
    let mut seen: BTreeMap<&str, &Parsed<RawAward>> = BTreeMap::new();
    let mut indexes: BTreeMap<i64, &Parsed<RawAward>> = BTreeMap::new();
    let mut awards = Vec::new();
    for parsed in files {
        if let Some(first) = seen.get(parsed.id.as_str()) {
            diagnostics.push(
                parsed.error(format!("duplicate award id `{}`", parsed.id)).with_help(format!(
                    "{} has the same id; award ids are unique across the site",
                    first.file.rel_path
                )),
            );
            continue;
        }
        seen.insert(&parsed.id, parsed);
        if let Some(index) = &parsed.value.status_index {
            if let Some(first) = indexes.get(index.get_ref()) {
                diagnostics.push(
                    parsed.error_at(index, format!("status index {} is already used", index.get_ref())).with_help(
                        format!("{} has it; every award needs its own index, never reused", first.file.rel_path),
                    ),
                );
            } else {
                indexes.insert(*index.get_ref(), parsed);
            }
        }
        if let Some(award) = resolve(parsed, context, diagnostics) {
            awards.push(award);
        }
    }
    awards.sort_by(|a, b| a.id.cmp(&b.id));
    awards
}

/// One award: every part is checked (so every problem is reported) before any missing part
/// leaves the award out.
fn resolve(parsed: &Parsed<RawAward>, context: &Context<'_>, diagnostics: &mut Diagnostics) -> Option<Award> {
    let raw = &parsed.value;
    let id_ok = usable_id(parsed, "an award", diagnostics);
    let badge = resolve_badge(parsed, context.badges, context.failed_badges, diagnostics);
    let status_index = resolve_status_index(parsed, context.signs, diagnostics);
    let dates = resolve_dates(parsed, context.now, diagnostics);
    let narrative = award_text(parsed, raw.narrative.as_ref(), diagnostics);
    let recipient = match &raw.recipient {
        Some(recipient) => resolve_recipient(parsed, recipient, diagnostics),
        None => {
            diagnostics.push(
                parsed
                    .error("missing `[recipient]` table")
                    .with_help("add `[recipient]` with `hash` and `salt` (a hashed e-mail) or `url`"),
            );
            None
        }
    };
    let evidence: Vec<Option<Evidence>> =
        raw.evidence.iter().flatten().map(|e| resolve_evidence(parsed, e, diagnostics)).collect();
    let revocation = raw.revoked.as_ref().map(|revoked| resolve_revocation(parsed, revoked, diagnostics));
    let (issued, expires) = dates?;
    let status = match revocation {
        Some(revocation) => {
            let (date, reason) = revocation?;
            Status::Revoked { date, reason }
        }
        None if expires.is_some_and(|e| e <= context.now) => Status::Expired,
        None => Status::Valid,
    };
    Some(Award {
        id: id_ok.then(|| parsed.id.clone())?,
        badge: badge?,
        issued,
        expires,
        narrative,
        recipient: recipient?,
        evidence: evidence.into_iter().collect::<Option<_>>()?,
        status,
        status_index: status_index?,
    })
}

/// The award's place in the status list: `Some(None)` when it has none and needs none.
fn resolve_status_index(parsed: &Parsed<RawAward>, signs: bool, diagnostics: &mut Diagnostics) -> Option<Option<u32>> {
    match &parsed.value.status_index {
        Some(index) => match u32::try_from(*index.get_ref()) {
            Ok(i) if i < STATUS_LIST_SIZE => Some(Some(i)),
            _ => {
                diagnostics.push(
                    parsed
                        .error_at(index, format!("status index {} is out of range", index.get_ref()))
                        .with_help(format!("use a number from 0 to {}", STATUS_LIST_SIZE - 1)),
                );
                None
            }
        },
        None if signs => field::missing_key(
            parsed,
            "status_index",
            "the site signs credentials (it has keys/), so each award needs its own place in the revocation status list; `rosette award` assigns one",
            diagnostics,
        ),
        None => Some(None),
    }
}

/// The issue and expiry dates, checked against each other and against the build time.
fn resolve_dates(
    parsed: &Parsed<RawAward>,
    now: Timestamp,
    diagnostics: &mut Diagnostics,
) -> Option<(Timestamp, Option<Timestamp>)> {
    let raw = &parsed.value;
    let issued = match &raw.issued {
        Some(issued) => field::date(parsed, issued, diagnostics),
        None => field::missing_key(parsed, "issued", "add `issued = 2025-03-14` (the award date)", diagnostics),
    };
    let expires = raw.expires.as_ref().map(|written| (written, field::date(parsed, written, diagnostics)));
    if let (Some(issued_at), Some(written)) = (issued, &raw.issued) {
        if let Err(problem) = rules::issued_by(issued_at, now) {
            diagnostics.push(field::problem_at(parsed, written, problem));
        }
        if let Some((written, Some(expires_at))) = &expires
            && let Err(problem) = rules::expires_after(issued_at, *expires_at)
        {
            diagnostics.push(field::problem_at(parsed, *written, problem));
        }
    }
    let expires = match expires {
        Some((_, date)) => Some(date?),
        None => None,
    };
    Some((issued?, expires))
}

/// The `[revoked]` table: when and why, both required.
fn resolve_revocation(
    parsed: &Parsed<RawAward>,
    revoked: &Spanned<RawRevocation>,
    diagnostics: &mut Diagnostics,
) -> Option<(Timestamp, String)> {
    let raw = revoked.get_ref();
    let date = match &raw.date {
        Some(date) => field::date(parsed, date, diagnostics),
        None => {
            diagnostics.push(parsed.error_at(revoked, "revocation has no `date`").with_help("add `date = 2025-06-01`"));
            None
        }
    };
    // The reason is published in the revocation list: no e-mail address either.
    let reason = award_text(parsed, raw.reason.as_ref(), diagnostics);
    if reason.is_none() {
        diagnostics.push(
            parsed
                .error_at(revoked, "revocation has no `reason`")
                .with_help("say why in a sentence; it is published in the revocation list"),
        );
    }
    Some((date?, reason?))
}

fn resolve_badge(
    parsed: &Parsed<RawAward>,
    badges: &[Badge],
    failed_badges: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let folder = parsed.folder.as_deref().unwrap_or_default();
    let found = badges.iter().position(|badge| badge.id == folder);
    if found.is_none() && !failed_badges.contains(&folder) {
        let declared = badges.iter().map(|b| b.id.as_str()).chain(failed_badges.iter().copied());
        let help = match crate::suggest::nearest(folder, declared) {
            Some(near) => {
                format!("did you mean awards/{near}/? Award folders are named after their badge")
            }
            None => "award folders are named after their badge: move the file to awards/<badge>/".into(),
        };
        diagnostics.push(parsed.error(format!("the folder awards/{folder}/ names no known badge")).with_help(help));
    }
    found
}

fn resolve_evidence(
    parsed: &Parsed<RawAward>,
    written: &Spanned<RawEvidence>,
    diagnostics: &mut Diagnostics,
) -> Option<Evidence> {
    let raw = written.get_ref();
    let url = raw.url.as_ref().map(|url| award_url(parsed, url, diagnostics));
    let name = match &raw.name {
        Some(name) if !name.get_ref().trim().is_empty() => Some(field::name(parsed, name, "name", diagnostics)),
        _ => None,
    };
    if let (Some(Some(name)), Some(written)) = (&name, &raw.name)
        && let Err(problem) = rules::no_email_in_award_text(name)
    {
        diagnostics.push(field::problem_at(parsed, written, problem));
    }
    let mut text = |value: &Option<Spanned<String>>| award_text(parsed, value.as_ref(), diagnostics);
    let evidence = Evidence {
        name: match name {
            Some(name) => Some(name?),
            None => None,
        },
        description: text(&raw.description),
        narrative: text(&raw.narrative),
        genre: text(&raw.genre),
        audience: text(&raw.audience),
        url: match url {
            Some(url) => Some(url?),
            None => None,
        },
    };
    if evidence.url.is_none() && evidence.narrative.is_none() {
        diagnostics.push(
            parsed
                .error_at(written, "evidence needs a `url` or a `narrative`")
                .with_help("link to the work, or describe it"),
        );
        return None;
    }
    Some(evidence)
}

/// A web link of an award: published, so no e-mail address in any part of it.
pub(super) fn award_url(
    parsed: &Parsed<RawAward>,
    written: &Spanned<String>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let url = field::web_url(parsed, written, diagnostics)?;
    match rules::no_email_in_url(&url) {
        Ok(()) => Some(url),
        Err(problem) => {
            diagnostics.push(field::problem_at(parsed, written, problem));
            None
        }
    }
}

/// Optional award text; awards are public, so it must not hold an e-mail address.
fn award_text(
    parsed: &Parsed<RawAward>,
    written: Option<&Spanned<String>>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let text = field::optional_text(parsed, written, diagnostics);
    if let (Some(text), Some(written)) = (&text, written)
        && let Err(problem) = rules::no_email_in_award_text(text)
    {
        diagnostics.push(field::problem_at(parsed, written, problem));
    }
    text
}

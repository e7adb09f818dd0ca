//! What a new award must fit into: the site's base URL, the badge and its issuer, and every
//! award id and status index already taken.
//!
//! It reads through [`crate::source`], the site's only reader, and is lenient on purpose:
//! problems of the site are not reported here but by the full `rosette check` that runs once
//! the award is written (and rolls it back if the site does not pass).

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Diagnostics, Error, Result};
use crate::model::rules;
use crate::source;
use crate::source::layout::BADGES;

/// The site as a new award sees it.
#[derive(Debug)]
pub(crate) struct SiteState {
    /// `site.toml`'s base URL, ending with `/`.
    pub base_url: String,
    /// Whether the site publishes signed OB 3.0 credentials (it has keys/).
    pub signs: bool,
    /// The badge's name, for the recipient's message.
    pub badge_name: String,
    /// Its issuer's name.
    pub issuer_name: String,
    /// Every award id in use, across all badges (file names, whether or not they parse).
    pub award_ids: BTreeSet<String>,
    /// Every status index in use, across the site.
    pub status_indexes: BTreeSet<u32>,
    /// Current (not revoked) holders of the badge: award id and identity.
    pub holders: Vec<(String, Holder)>,
}

/// How an existing award names its recipient.
#[derive(Debug)]
pub(crate) enum Holder {
    /// A salted e-mail hash.
    Hash { hash: String, salt: String },
    /// A URL identity.
    Url(String),
}

/// Reads what `site_dir` holds for an award of `badge`.
pub(crate) fn read(site_dir: &Path, badge: &str) -> Result<SiteState> {
    if !rules::is_safe_id(badge) {
        return Err(Error::Refused(format!("`{badge}` is not a badge id: {}", rules::id_problem(badge))));
    }
    let mut diagnostics = Diagnostics::default();
    let tree = source::read(site_dir, &mut diagnostics)?;
    let mut config_problems = Diagnostics::default();
    let config = crate::model::config::resolve(tree.site.as_ref(), None, &mut config_problems);
    let Some(config) = config.filter(|_| !config_problems.has_errors()) else {
        let mut problems = config_problems.sorted();
        problems.extend(
            diagnostics.sorted().into_iter().filter(|d| d.path().is_some_and(|path| path.ends_with("site.toml"))),
        );
        return Err(Error::Invalid(problems));
    };
    let Some(found) = tree.badges.iter().find(|b| b.id == badge) else {
        let known: Vec<&str> = tree.badges.iter().map(|b| b.id.as_str()).collect();
        let hint = match crate::suggest::nearest(badge, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if known.is_empty() => format!("the site has no badges yet: add {BADGES}/<badge>.md first"),
            None => format!("the site's badges are: {}", known.join(", ")),
        };
        let why = if tree.unparsed_ids.iter().any(|id| id == badge) {
            format!("{BADGES}/{badge} cannot be read; run `rosette check` to see why")
        } else {
            hint
        };
        return Err(Error::Refused(format!("there is no badge `{badge}` in {}: {why}", site_dir.display())));
    };
    let text = |value: &Option<source::raw::Spanned<String>>| value.as_ref().map(|v| v.get_ref().trim().to_string());
    let badge_name = text(&found.value.name).unwrap_or_else(|| badge.to_string());
    let issuer_id = text(&found.value.issuer).unwrap_or_default();
    let issuer_name =
        tree.issuers.iter().find(|i| i.id == issuer_id).and_then(|i| text(&i.value.name)).unwrap_or(issuer_id);
    let mut status_indexes = BTreeSet::new();
    let mut holders = Vec::new();
    for award in &tree.awards {
        let raw = &award.value;
        if let Some(index) = raw.status_index.as_ref().and_then(|i| u32::try_from(*i.get_ref()).ok()) {
            status_indexes.insert(index);
        }
        let Some(recipient) = raw.recipient.as_ref().map(|r| r.get_ref()) else { continue };
        if award.folder.as_deref() != Some(badge) || raw.revoked.is_some() {
            continue;
        }
        let holder = match (&recipient.hash, &recipient.salt, &recipient.url) {
            (Some(hash), Some(salt), _) => {
                Holder::Hash { hash: hash.get_ref().trim().to_string(), salt: salt.get_ref().clone() }
            }
            (_, _, Some(url)) => Holder::Url(url.get_ref().trim().to_string()),
            _ => continue,
        };
        holders.push((award.id.clone(), holder));
    }
    Ok(SiteState {
        base_url: config.base_url,
        signs: !tree.keys.is_empty(),
        badge_name,
        issuer_name,
        // Every file name, including files that do not parse: a new award must not take the
        // name of a broken one either.
        award_ids: source::award_files(site_dir)?.into_iter().map(|file| file.id).collect(),
        status_indexes,
        holders,
    })
}

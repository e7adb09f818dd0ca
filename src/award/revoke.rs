//! `rosette revoke`: marks an award revoked, or undoes a mistaken revocation.
//!
//! The award file stays (its URL, salt and status index are forever); only its `[revoked]`
//! table is added or removed, with `toml_edit`, so the rest of the file (comments, order,
//! formatting) is untouched. The next build turns the OB 2.0 assertion into a revoked stub,
//! lists it in the issuer's revocation list and sets its bit in the signed status list. As
//! for new awards, the site must still pass `rosette check` afterwards, or the file is restored.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use toml_edit::{DocumentMut, Item, Table, value};

use super::validate::{Moment, moment};
use crate::error::{Error, Result};
use crate::model::rules;
use crate::source::{self, AwardFile, layout};

/// What `revoke` changed.
#[derive(Debug)]
pub struct Changed {
    /// The award file, relative to the site folder.
    pub file: String,
    /// The revocation date written (UTC), or the one removed.
    pub date: String,
    /// The reason written, or the one removed.
    pub reason: String,
}

/// Revokes award `id` of the site as of `date` (default: `now`) for `reason`; the site is
/// then checked with the build `cache` when there is one (see [`crate::cache`]).
pub fn revoke(
    site_dir: &Path,
    id: &str,
    reason: &str,
    date: Option<&str>,
    now: Timestamp,
    cache: Option<&Path>,
) -> Result<Changed> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::Refused("the reason is empty: say in a sentence why the award is revoked".into()));
    }
    if let Some(c) = rules::control_char(reason) {
        let code = u32::from(c);
        return Err(Error::Refused(format!("the reason contains the control character U+{code:04X}; remove it")));
    }
    if let Some(address) = rules::find_email(reason) {
        return Err(Error::Refused(format!(
            "the reason contains the e-mail address `{address}`; it is published in the revocation list, so leave it out"
        )));
    }
    let (path, rel, original, mut doc) = open(site_dir, id)?;
    if let Some(revoked) = doc.get("revoked") {
        let (date, reason) = describe(revoked);
        return Err(Error::Refused(format!(
            "award `{id}` is already revoked ({date}: \"{reason}\"); to change the date or reason, undo it first with `rosette revoke {id} --undo`, then revoke it again"
        )));
    }
    // The clock's sub-second digits would only add noise to the file.
    let written =
        date.map_or_else(|| Timestamp::from_second(now.as_second()).unwrap_or(now).to_string(), str::to_string);
    let Moment { at, toml: stamp } = moment(&written)
        .map_err(|m| Error::Refused(format!("--date: {m}; write a date like 2025-03-14 or 2025-03-14T10:00:00Z")))?;
    if at > now {
        return Err(Error::Refused(format!(
            "--date {at} is in the future; a revocation takes effect when it is published, so give today's date or an earlier one"
        )));
    }
    let issued = doc.get("issued").and_then(|i| i.as_value()).and_then(|v| match v {
        toml_edit::Value::Datetime(d) => rules::parse_date(&d.value().to_string()).ok(),
        toml_edit::Value::String(s) => rules::parse_date(s.value().trim()).ok(),
        _ => None,
    });
    // A plain date means the whole day: revoking on the day of issue is fine.
    let day = |t: Timestamp| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let plain = written.trim().len() == 10;
    if let Some(issued) = issued.filter(|issued| if plain { day(at) < day(*issued) } else { at < *issued }) {
        return Err(Error::Refused(format!(
            "--date {at} is before the award was issued ({issued}); give a date on or after it"
        )));
    }
    let mut table = Table::new();
    table["date"] = value(stamp);
    table["reason"] = value(reason);
    doc["revoked"] = Item::Table(table);
    save(site_dir, &path, &original, &doc.to_string(), now, cache)?;
    Ok(Changed { file: rel, date: stamp.to_string(), reason: reason.to_string() })
}

/// Removes the revocation of award `id`: it is valid again at the next build. The site is
/// then checked with the build `cache` when there is one.
pub fn undo(site_dir: &Path, id: &str, now: Timestamp, cache: Option<&Path>) -> Result<Changed> {
    let (path, rel, original, mut doc) = open(site_dir, id)?;
    let Some(revoked) = doc.remove("revoked") else {
        return Err(Error::Refused(format!("award `{id}` is not revoked: there is nothing to undo")));
    };
    let (date, reason) = describe(&revoked);
    save(site_dir, &path, &original, &doc.to_string(), now, cache)?;
    Ok(Changed { file: rel, date, reason })
}

/// Finds (through [`crate::source`]) and parses `awards/*/<id>.toml`: its path, path relative
/// to the site, text, document.
fn open(site_dir: &Path, id: &str) -> Result<(PathBuf, String, String, DocumentMut)> {
    if !rules::is_safe_id(id) {
        return Err(Error::Refused(format!("`{id}` is not an award id: {}", rules::id_problem(id))));
    }
    let mut found = source::find_award(site_dir, id)?;
    let file = match found.len() {
        1 => found.remove(0),
        0 => {
            return Err(Error::Refused(format!(
                "there is no award `{id}` in {}: award ids are the file names awards/<badge>/<id>.toml, also the last part of the award's URL",
                site_dir.join(layout::AWARDS).display()
            )));
        }
        _ => {
            let list: Vec<&str> = found.iter().map(|file| file.rel_path.as_str()).collect();
            return Err(Error::Refused(format!(
                "award id `{id}` is used by several files ({}); ids must be unique: run `rosette check`",
                list.join(", ")
            )));
        }
    };
    let text = file.read_text()?;
    let AwardFile { path, rel_path: rel, .. } = file;
    let doc = text.parse::<DocumentMut>().map_err(|e| {
        Error::Refused(format!("{rel} is not valid TOML ({}); fix it first (`rosette check` shows where)", e.message()))
    })?;
    Ok((path, rel, text, doc))
}

/// The date and reason of a `[revoked]` item, as written.
fn describe(revoked: &Item) -> (String, String) {
    let field = |key: &str| match revoked.get(key).and_then(Item::as_value) {
        Some(toml_edit::Value::String(s)) => s.value().clone(),
        Some(other) => other.to_string().trim().to_string(),
        None => "?".into(),
    };
    (field("date"), field("reason"))
}

/// Writes the changed file, then checks the site; restores the original if the check fails.
fn save(
    site_dir: &Path,
    path: &Path,
    original: &str,
    changed: &str,
    now: Timestamp,
    cache: Option<&Path>,
) -> Result<()> {
    std::fs::write(path, changed).map_err(|e| Error::io("cannot write", path, e))?;
    let what = "the award file was left unchanged: the site must pass `rosette check` with the change, and it does not";
    if let Err(error) = super::must_pass_check(site_dir, now, cache, what) {
        std::fs::write(path, original).map_err(|e| Error::io("cannot restore", path, e))?;
        return Err(error);
    }
    Ok(())
}

//! `credentialStatus` of an endorsement: one `BitstringStatusListEntry`, through which its
//! endorser can revoke it. rosette checks endorsements offline, so the list itself is not
//! read (the model warns about that); only the entry's shape is checked here.

use serde_json::{Map, Value};

use super::locate::{Locator, problem};
use super::shape::{RESIGN_HELP, check_types, optional_string, string};
use crate::error::Diagnostics;
use crate::model::rules;

/// The keys a status entry may have.
pub const KEYS: &[&str] = &["id", "type", "statusPurpose", "statusListIndex", "statusListCredential"];

/// A `BitstringStatusListEntry`: bit `index` of the endorser's list `list`.
#[derive(Debug, Clone)]
pub struct Status {
    /// `statusListCredential`: the endorser's signed status list.
    pub list: String,
    /// `statusListIndex`.
    pub index: String,
    /// `statusPurpose`: `revocation` or `suspension`.
    pub purpose: String,
}

/// `credentialStatus`: one `BitstringStatusListEntry` on a web address.
pub fn read(entry: &Map<String, Value>, at: &Locator<'_>, diagnostics: &mut Diagnostics) -> Option<Status> {
    const PREFIX: &str = "credentialStatus.";
    check_types(entry, PREFIX, &["BitstringStatusListEntry"], at, diagnostics);
    let list = string(entry, PREFIX, "statusListCredential", at, diagnostics)
        .and_then(|url| at.rule("credentialStatus.statusListCredential", rules::web_url(url), diagnostics));
    let index = string(entry, PREFIX, "statusListIndex", at, diagnostics);
    if let Some(index) = index.filter(|i| i.is_empty() || !i.bytes().all(|b| b.is_ascii_digit())) {
        let message = format!("`credentialStatus.statusListIndex` `{index}` is not a number written as a string");
        at.report("credentialStatus.statusListIndex", problem(message, RESIGN_HELP), diagnostics);
    }
    let purpose = string(entry, PREFIX, "statusPurpose", at, diagnostics);
    if let Some(purpose) = purpose.filter(|p| !matches!(*p, "revocation" | "suspension")) {
        let message = format!("`credentialStatus.statusPurpose` `{purpose}` is neither revocation nor suspension");
        at.report("credentialStatus.statusPurpose", problem(message, RESIGN_HELP), diagnostics);
    }
    optional_string(entry, PREFIX, "id", at, diagnostics);
    Some(Status { list: list?, index: index?.to_string(), purpose: purpose?.to_string() })
}

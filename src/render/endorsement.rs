//! The endorsements shown on badge, issuer and award pages ("Endorsed by …"): who, what they
//! said, when, and the link to the signed JSON, which anyone can verify.
//!
//! Everything here is plain text from a signed file of someone outside the organisation:
//! templates print it escaped (tera's autoescape), and the model has already held names,
//! URLs and comments to the rules of the site's own texts.

use serde::Serialize;

use super::i18n::Strings;
use crate::model::{Endorsed, Site};

/// One endorsement as a page shows it (`endorsements` of a badge, issuer or award view).
#[derive(Debug, Clone, Serialize)]
pub struct EndorsementView {
    /// The endorser's name (their DID when they gave none).
    endorser: String,
    /// The endorser's web site, or empty.
    endorser_url: String,
    /// What they said, or empty.
    comment: String,
    /// When, in words.
    issued: String,
    /// When, as a date-time.
    issued_iso: String,
    /// The signed endorsement as published.
    json_url: String,
    /// When the endorser withdrew it, in words; empty while it stands.
    withdrawn: String,
    /// When it was withdrawn, as a date-time, or empty.
    withdrawn_iso: String,
    /// Why it was withdrawn, or empty.
    withdrawn_reason: String,
}

/// The endorsements whose subject `is_subject`, oldest first; withdrawn ones too, which
/// pages show as withdrawn (their signed file stays published, and wallets may hold copies).
pub fn endorsement_views(
    site: &Site,
    strings: &Strings,
    is_subject: impl Fn(Endorsed) -> bool,
) -> Vec<EndorsementView> {
    let mut endorsements: Vec<_> = site.endorsements.iter().filter(|e| is_subject(e.subject)).collect();
    endorsements.sort_by_key(|e| (e.issued, &e.id));
    endorsements
        .into_iter()
        .map(|e| EndorsementView {
            endorser: e.endorser.name.clone().unwrap_or_else(|| e.endorser.did.clone()),
            endorser_url: e.endorser.url.clone().unwrap_or_default(),
            comment: e.comment.clone().unwrap_or_default(),
            issued: strings.date(e.issued),
            issued_iso: e.issued.to_string(),
            json_url: site.urls.endorsement(&e.id).url,
            withdrawn: e.withdrawn.as_ref().map(|w| strings.date(w.date)).unwrap_or_default(),
            withdrawn_iso: e.withdrawn.as_ref().map(|w| w.date.to_string()).unwrap_or_default(),
            withdrawn_reason: e.withdrawn.as_ref().map(|w| w.reason.clone()).unwrap_or_default(),
        })
        .collect()
}

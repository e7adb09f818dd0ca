//! Endorsements: signed statements by others (a professional body, an employer, a lecturer)
//! that one of the site's badges, issuers or awards means what it says.
//!
//! Each `endorsements/<id>.json` is an OB 3.0 `EndorsementCredential` its endorser signed
//! with their own key; the site publishes it unchanged. Resolving one checks, offline, that it
//! is what `rosette endorse` writes ([`shape`]: known keys only, texts under the site's
//! rules, dates as of the build), that its subject is one of this site's badges, issuers or
//! awards, and that its proof verifies with the endorser's key ([`proof`]). A forged or
//! stale endorsement is refused, with the file and the reason.
//!
//! A withdrawn one ([`withdrawal`]) is still checked and published as signed, but it is no
//! longer embedded anywhere and its dates no longer matter. One with a `credentialStatus`
//! (the endorser can revoke it) is accepted with a warning: `check` works offline and does
//! not read the endorser's status list, so the reviewer does.

mod locate;
pub mod proof;
pub mod shape;
pub mod status;
pub mod withdrawal;

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::Value;

use super::{Award, Badge, Issuer, Urls};
use crate::error::Diagnostics;
use crate::proof::Canonicalizer;
use crate::source::EndorsementSource;
use crate::source::layout::SourcePath;
use locate::{Locator, problem};
pub use withdrawal::Withdrawal;

/// A checked endorsement.
#[derive(Debug)]
pub struct Endorsement {
    /// Id (file name): it is published at `endorsements/<id>.json`.
    pub id: String,
    /// What it endorses.
    pub subject: Endorsed,
    /// Who endorses.
    pub endorser: Endorser,
    /// The credential's name.
    pub name: String,
    /// What the endorser says (`endorsementComment`), plain text.
    pub comment: Option<String>,
    /// When it was made (`validFrom`).
    pub issued: Timestamp,
    /// When it stops being valid (`validUntil`).
    pub expires: Option<Timestamp>,
    /// The credential as signed: embedded in the documents it endorses.
    pub document: Arc<Value>,
    /// The file's text, published unchanged.
    pub text: Arc<str>,
    /// `credentialStatus`, not checked (offline).
    pub status: Option<status::Status>,
    /// Set when the endorser withdrew it (`endorsements/<id>.toml`): it is then published
    /// but embedded nowhere, and pages show it as withdrawn.
    pub withdrawn: Option<Withdrawal>,
}

impl Endorsement {
    /// Whether documents embed it: not once withdrawn.
    pub fn embedded(&self) -> bool {
        self.withdrawn.is_none()
    }
}

/// What an endorsement is about: an index into the site's badges, issuers or awards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endorsed {
    /// A badge (its Achievement).
    Badge(usize),
    /// An issuer (its Profile).
    Issuer(usize),
    /// An award (its OpenBadgeCredential).
    Award(usize),
}

/// The endorser, as their signed profile says.
#[derive(Debug, Clone)]
pub struct Endorser {
    /// `did:web:…` or `did:key:…`.
    pub did: String,
    /// Their name, when given.
    pub name: Option<String>,
    /// Their web site, when given.
    pub url: Option<String>,
}

/// What endorsements may refer to.
pub struct Context<'a> {
    /// The site's URLs, and those of `site.toml`'s own `base_url` when a preview replaces it
    /// (endorsements name the published site).
    pub urls: Vec<&'a Urls>,
    /// Resolved issuers, badges and awards.
    pub issuers: &'a [Issuer],
    /// Badges.
    pub badges: &'a [Badge],
    /// Awards.
    pub awards: &'a [Award],
    /// The moment of the build.
    pub now: Timestamp,
}

/// Resolves every endorsement; those with problems are reported and left out.
pub fn resolve_all(
    sources: &[EndorsementSource],
    context: &Context<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<Endorsement> {
    if sources.is_empty() {
        return Vec::new();
    }
    let canon = Canonicalizer::new();
    sources.iter().filter_map(|source| resolve(source, context, &canon, diagnostics)).collect()
}

fn resolve(
    source: &EndorsementSource,
    context: &Context<'_>,
    canon: &Canonicalizer,
    diagnostics: &mut Diagnostics,
) -> Option<Endorsement> {
    let file = &source.document.file;
    let at = Locator { file };
    if !super::rules::is_safe_id(&source.id) {
        let message = format!("`{}` cannot be an endorsement id: {}", source.id, super::rules::id_problem(&source.id));
        at.report(
            "",
            problem(
                message,
                "rename the file: ids are 1-64 characters of a-z, 0-9 and -, starting with a letter or digit",
            ),
            diagnostics,
        );
        return None;
    }
    let document = &source.document.value;
    // The dates of a withdrawn endorsement no longer matter: it is embedded nowhere.
    let now = source.withdrawal.is_none().then_some(context.now);
    let shape = shape::read(document, &at, now, diagnostics);
    let withdrawn = source.withdrawal.as_ref().and_then(|parsed| {
        withdrawal::resolve(parsed, shape.as_ref().map(|shape| shape.issued), context.now, diagnostics)
    });
    let shape = shape?;
    if source.withdrawal.is_some() && withdrawn.is_none() {
        return None;
    }
    let Some(subject) = subject(&shape.subject, context) else {
        let base = context.urls[0].base();
        let message = format!("the endorsed `{}` is not a badge, issuer or award of this site ({base})", shape.subject);
        let help = "credentialSubject.id must be a badge's achievement (…/badges/<badge>/achievement.json), an issuer's DID or an award's credential (…/awards/<award>/credential.json) of this site";
        at.report("credentialSubject.id", problem(message, help), diagnostics);
        return None;
    };
    let did_file = SourcePath::EndorserDid { id: source.id.clone() }.rel_path();
    let did_document = source.did_document.as_ref().map(|did| &*did.value);
    if let Err(problem) = proof::check(canon, document, &shape.endorser.did, &shape.method, did_document, &did_file) {
        at.report("proof", problem, diagnostics);
        return None;
    }
    if let (Some(status), None) = (&shape.status, &withdrawn) {
        let message = format!(
            "the endorser can revoke this endorsement (bit {} of {}), and its status was not checked: rosette checks endorsements offline",
            status.index, status.list
        );
        let help = format!(
            "open {} to see whether the endorser revoked it; if they did, mark it withdrawn in endorsements/{}.toml",
            status.list, source.id
        );
        at.warn("credentialStatus", problem(message, help), diagnostics);
    }
    Some(Endorsement {
        id: source.id.clone(),
        subject,
        endorser: shape.endorser,
        name: shape.name,
        comment: shape.comment,
        issued: shape.issued,
        expires: shape.expires,
        document: Arc::clone(document),
        text: Arc::from(file.text.as_str()),
        status: shape.status,
        withdrawn,
    })
}

/// The badge, issuer or award whose id `id` is.
fn subject(id: &str, context: &Context<'_>) -> Option<Endorsed> {
    context.urls.iter().find_map(|urls| {
        let badge = context.badges.iter().position(|b| urls.badge_achievement(&b.id).url == id).map(Endorsed::Badge);
        let issuer = || context.issuers.iter().position(|i| urls.issuer_did(&i.id) == id).map(Endorsed::Issuer);
        let award = || context.awards.iter().position(|a| urls.award_credential(&a.id).url == id).map(Endorsed::Award);
        badge.or_else(issuer).or_else(award)
    })
}

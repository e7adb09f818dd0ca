//! Signing the OB 3.0 documents: DID documents, signed status lists, Achievements and signed
//! OpenBadgeCredentials, through [`crate::proof`] (the only user of the JSON-LD, RDFC and
//! Ed25519 crates).
//!
//! `proof.created` is the award's issue date (the status list's own date for lists), never
//! the clock, so the same sources and key always give the same bytes. Without a key
//! (`rosette check`), every document is canonicalised anyway, to prove it can be signed.

use serde::Serialize;

use super::{did, ob3, status, to_json_bytes};
use crate::error::{Error, Result};
use crate::model::{Award, Key, Site};
use crate::output::OutputFile;
use crate::proof::{Canonicalizer, Proof, ProofError, ProofOptions, SigningKey};

/// How the credential stage treats OB 3.0 documents.
#[derive(Clone, Copy)]
pub enum Signing<'a> {
    /// Sign with this key, which must be one of the site's published keys.
    Key(&'a SigningKey),
    /// No key (`rosette check`): canonicalise every document to prove it can be signed.
    CanonicaliseOnly,
    /// No key given to a build: fine for a site without keys/, an error otherwise.
    NoKey,
}

/// The OB 3.0 side of the stage for one site: `None` inside when the site publishes no
/// OB 3.0 documents (it has no keys).
pub(super) struct Signer<'a> {
    site: &'a Site,
    active: Option<Active<'a>>,
}

struct Active<'a> {
    canon: Canonicalizer,
    /// The secret key and its published entry; `None` when only canonicalising.
    key: Option<(&'a SigningKey, &'a Key)>,
}

impl<'a> Signer<'a> {
    /// Checks `signing` against the site's keys before anything is built.
    pub fn new(site: &'a Site, signing: Signing<'a>) -> Result<Self> {
        if site.keys.is_empty() {
            return match signing {
                Signing::Key(_) => Err(Error::Refused(
                    "a signing key was given, but the site has no public keys in keys/; run `rosette keygen` to create one"
                        .into(),
                )),
                Signing::CanonicaliseOnly | Signing::NoKey => Ok(Signer { site, active: None }),
            };
        }
        let key = match signing {
            Signing::Key(key) => Some((key, published_entry(site, key)?)),
            Signing::CanonicaliseOnly => None,
            Signing::NoKey => {
                return Err(Error::Refused(
                    "the site signs Open Badges 3.0 credentials (it has keys/), but no signing key was given: \
                     set ROSETTE_SIGNING_KEY to the secret key, or pass --key-file FILE (outside the site folder)\n  \
                     help: to look at the site on this machine without the key: `rosette build --preview` or \
                     `rosette serve`"
                        .into(),
                ));
            }
        };
        // `check` compares the fast canonicaliser with the JSON-LD reference on a sample, so
        // that a PR check fails before a release could publish a signature verifiers reject.
        let canon = if key.is_none() { Canonicalizer::cross_checking() } else { Canonicalizer::new() };
        Ok(Signer { site, active: Some(Active { canon, key }) })
    }

    /// Per issuer its DID document and signed status list; per badge its Achievement.
    pub fn site_documents(&self) -> Result<Vec<OutputFile>> {
        let Some(active) = &self.active else { return Ok(Vec::new()) };
        let (site, urls) = (self.site, &self.site.urls);
        let mut files = Vec::new();
        for (index, issuer) in site.issuers.iter().enumerate() {
            files.push(OutputFile::new(
                urls.issuer_did_document(&issuer.id).path,
                to_json_bytes(&did::document(site, &issuer.id)),
            ));
            let fallback = site.keys[0].created;
            let (mut list, created) = status::status_list(site, index, fallback);
            let what = format!("the status list of issuer `{}`", issuer.id);
            list.proof = active.sign(site, &list, &created.to_string(), &issuer.id, &what)?;
            files.push(OutputFile::new(urls.issuer_status_list(&issuer.id).path, to_json_bytes(&list)));
        }
        for badge in &site.badges {
            let achievement = ob3::achievement(site, badge, true);
            let what = format!("the achievement of badge `{}`", badge.id);
            active.canon.canonicalize(&to_value(&achievement)?).map_err(|e| cannot_sign(&what, e))?;
            files.push(OutputFile::new(urls.badge_achievement(&badge.id).path, to_json_bytes(&achievement)));
        }
        Ok(files)
    }

    /// The signed credential of `award`; `None` when the site does not sign.
    pub fn award_credential(&self, award: &Award) -> Result<Option<OutputFile>> {
        let Some(active) = &self.active else { return Ok(None) };
        let site = self.site;
        let Some(mut credential) = ob3::credential(site, award) else { return Ok(None) };
        let issuer = &site.issuers[site.badges[award.badge].issuer].id;
        let what = format!("the credential of award `{}`", award.id);
        credential.proof = active.sign(site, &credential, &award.issued.to_string(), issuer, &what)?;
        Ok(Some(OutputFile::new(site.urls.award_credential(&award.id).path, to_json_bytes(&credential))))
    }
}

impl Active<'_> {
    /// Signs (or, without a key, canonicalises) one unsigned document.
    fn sign<T: Serialize>(
        &self,
        site: &Site,
        unsigned: &T,
        created: &str,
        issuer_id: &str,
        what: &str,
    ) -> Result<Option<Proof>> {
        let value = to_value(unsigned)?;
        match self.key {
            Some((key, entry)) => {
                let verification_method = did::verification_method(site, issuer_id, &entry.id);
                let options = ProofOptions { created, verification_method: &verification_method };
                crate::proof::sign(&self.canon, &value, &options, key).map(Some).map_err(|e| cannot_sign(what, e))
            }
            None => self.canon.canonicalize(&value).map(|_| None).map_err(|e| cannot_sign(what, e)),
        }
    }
}

fn to_value<T: Serialize>(document: &T) -> Result<serde_json::Value> {
    serde_json::to_value(document).map_err(|e| Error::failed("cannot serialise a credential", e))
}

fn cannot_sign(what: &str, source: ProofError) -> Error {
    Error::failed(format!("cannot sign {what}"), source)
}

/// The published key the secret belongs to; refuses unknown and revoked keys.
fn published_entry<'a>(site: &'a Site, key: &SigningKey) -> Result<&'a Key> {
    let public = key.public_key();
    let Some(entry) = site.keys.iter().find(|k| k.public_key == public) else {
        let published: Vec<String> =
            site.keys.iter().map(|k| format!("{} ({})", k.id, k.public_key.to_multibase())).collect();
        return Err(Error::Refused(format!(
            "the signing key does not match any public key in keys/: its public key is {}, the site publishes {}; \
             use the secret that belongs to one of them (`rosette keygen --rotate` adds a new key, signed by the current one)",
            public.to_multibase(),
            published.join(", ")
        )));
    };
    if let Some(revoked) = entry.revoked {
        return Err(Error::Refused(format!(
            "the signing key `{}` was marked revoked on {revoked}; sign with a current key (`rosette keygen` makes a new one)",
            entry.id
        )));
    }
    Ok(entry)
}

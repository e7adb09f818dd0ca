//! The signing stage: OB 3.0 documents of the site, signed with the site's key.
//!
//! For each issuer: its DID document, and its signed status list; for each badge: its
//! Achievement; for each award: its signed OpenBadgeCredential. Signing is the costly step
//! (JSON-LD canonicalisation), so awards are signed in parallel. `proof.created` is the
//! award's issue date (the status list's own date for lists), never the clock, so the same
//! sources and key always give the same bytes.

use rayon::prelude::*;
use serde::Serialize;

use crate::credential::{did, ob3, status, to_json_bytes};
use crate::error::{Error, Result};
use crate::model::{Key, Site};
use crate::output::OutputFile;
use crate::proof::{Canonicalizer, ProofError, ProofOptions, SigningKey};

/// How the stage treats credentials.
pub enum Mode<'a> {
    /// Sign with this key, which must be one of the site's published keys.
    Sign(&'a SigningKey),
    /// No key (`rosette check`): canonicalise every credential to prove it can be signed,
    /// write nothing.
    CheckOnly,
    /// A local preview: sign with a throwaway key (the only key of the site then).
    Preview(&'a SigningKey),
    /// No key given to a build: fine for a site without keys/, an error otherwise.
    Unsigned,
}

/// The OB 3.0 files of the site; none when the site has no keys.
pub fn documents(site: &Site, mode: Mode<'_>) -> Result<Vec<OutputFile>> {
    if site.keys.is_empty() {
        return match mode {
            Mode::Preview(_) => Ok(Vec::new()),
            Mode::Sign(_) => Err(Error::Refused(
                "a signing key was given, but the site has no public keys in keys/; run `rosette keygen` to create one"
                    .into(),
            )),
            Mode::CheckOnly | Mode::Unsigned => Ok(Vec::new()),
        };
    }
    if let Mode::Unsigned = mode {
        // Refused before any canonicalising or rendering is spent on a build that cannot finish.
        return Err(Error::Refused(
            "the site signs Open Badges 3.0 credentials (it has keys/), but no signing key was given: \
             set ROSETTE_SIGNING_KEY to the secret key, or pass --key-file FILE (outside the site folder)"
                .into(),
        ));
    }
    let canon = Canonicalizer::new();
    let signer = match mode {
        Mode::Sign(key) | Mode::Preview(key) => Some((key, signing_key_id(site, key)?)),
        Mode::CheckOnly | Mode::Unsigned => None,
    };
    let urls = &site.urls;
    let mut files = Vec::new();
    for (index, issuer) in site.issuers.iter().enumerate() {
        files.push(OutputFile::new(
            urls.issuer_did_document(&issuer.id).path,
            to_json_bytes(&did::document(site, &issuer.id)),
        ));
        let fallback = site.keys[0].created;
        let (mut list, created) = status::status_list(site, index, fallback);
        let what = format!("the status list of issuer `{}`", issuer.id);
        list.proof = sign(&canon, &list, signer, &created.to_string(), site, &issuer.id, &what)?;
        files.push(OutputFile::new(urls.issuer_status_list(&issuer.id).path, to_json_bytes(&list)));
    }
    for badge in &site.badges {
        let achievement = ob3::achievement(site, badge, true);
        let value = to_value(&achievement)?;
        canon.canonicalize(&value).map_err(|e| cannot_sign(&format!("the achievement of badge `{}`", badge.id), &e))?;
        files.push(OutputFile::new(urls.badge_achievement(&badge.id).path, to_json_bytes(&achievement)));
    }
    let credentials: Result<Vec<Option<OutputFile>>> = site
        .awards
        .par_iter()
        .map(|award| {
            let Some(mut credential) = ob3::credential(site, award) else { return Ok(None) };
            let issuer = &site.issuers[site.badges[award.badge].issuer].id;
            let what = format!("the credential of award `{}`", award.id);
            credential.proof = sign(&canon, &credential, signer, &award.issued.to_string(), site, issuer, &what)?;
            Ok(Some(OutputFile::new(urls.award_credential(&award.id).path, to_json_bytes(&credential))))
        })
        .collect();
    files.extend(credentials?.into_iter().flatten());
    Ok(files)
}

/// Signs (or, without a key, canonicalises) one unsigned document.
fn sign<T: Serialize>(
    canon: &Canonicalizer,
    unsigned: &T,
    signer: Option<(&SigningKey, &Key)>,
    created: &str,
    site: &Site,
    issuer_id: &str,
    what: &str,
) -> Result<Option<crate::proof::Proof>> {
    let value = to_value(unsigned)?;
    match signer {
        Some((key, key_entry)) => {
            let verification_method = did::verification_method(site, issuer_id, &key_entry.id);
            let options = ProofOptions { created, verification_method: &verification_method };
            crate::proof::sign(canon, &value, &options, key).map(Some).map_err(|e| cannot_sign(what, &e))
        }
        None => canon.canonicalize(&value).map(|_| None).map_err(|e| cannot_sign(what, &e)),
    }
}

fn to_value<T: Serialize>(document: &T) -> Result<serde_json::Value> {
    serde_json::to_value(document).map_err(|e| Error::Refused(format!("cannot serialise a credential: {e}")))
}

fn cannot_sign(what: &str, error: &ProofError) -> Error {
    Error::Refused(format!("cannot sign {what}: {error}"))
}

/// The published key the secret belongs to; refuses unknown and revoked keys.
fn signing_key_id<'a>(site: &'a Site, key: &SigningKey) -> Result<&'a Key> {
    let public = key.public_key();
    let Some(entry) = site.keys.iter().find(|k| k.public_key == public) else {
        let published: Vec<String> =
            site.keys.iter().map(|k| format!("{} ({})", k.id, k.public_key.to_multibase())).collect();
        return Err(Error::Refused(format!(
            "the signing key does not match any public key in keys/: its public key is {}, the site publishes {}; \
             use the secret that belongs to one of them, or add this key with `rosette keygen`",
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

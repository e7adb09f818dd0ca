//! The credential stage: every machine-readable document the site publishes, built from the
//! model as typed serde structs.
//!
//! Per issuer: the OB 2.0 Profile and RevocationList, the `did:web` DID document and the
//! signed Bitstring status list; per badge: the OB 2.0 BadgeClass and the OB 3.0 Achievement;
//! per award: the OB 2.0 Assertion (or revoked stub) and the signed OB 3.0
//! OpenBadgeCredential. OB 3.0 documents are signed through [`crate::proof`] (`signing`).
//!
//! The documents are serialised by rosette itself, never by a template: the bytes published
//! are exactly what these structs produce, in declaration order, compact with a trailing
//! newline so the output is reproducible. What an award
//! publishes is handed on per award ([`AwardDocuments`]), so the bake stage embeds exactly
//! these bytes in the award's image without looking anything up by path.

pub mod did;
pub mod ob2;
pub mod ob3;
mod signing;
pub mod status;
pub mod vocab;

use rayon::prelude::*;

use crate::error::Result;
use crate::model::Site;
use crate::output::OutputFile;
use crate::progress::{Hook, Stage};
pub use signing::Signing;

/// What the credential stage produced.
#[derive(Debug)]
pub struct Documents {
    /// Documents of the issuers and badges.
    pub site: Vec<OutputFile>,
    /// Documents of each award, in the order of [`Site::awards`].
    pub awards: Vec<AwardDocuments>,
}

/// The documents of one award.
#[derive(Debug)]
pub struct AwardDocuments {
    /// The hosted OB 2.0 assertion (`ob2.json`), the revoked stub for a revoked award.
    pub assertion: OutputFile,
    /// The signed OB 3.0 credential (`credential.json`), when the site signs.
    pub credential: Option<OutputFile>,
}

impl Documents {
    /// Every file, to go into the plan.
    pub fn into_files(self) -> impl Iterator<Item = OutputFile> {
        self.site
            .into_iter()
            .chain(self.awards.into_iter().flat_map(|award| std::iter::once(award.assertion).chain(award.credential)))
    }
}

/// Builds (and, per `signing`, signs) every machine-readable document of the site.
pub fn documents(site: &Site, signing: Signing<'_>, progress: &Hook) -> Result<Documents> {
    // Fails before any canonicalising is spent on a build that cannot finish.
    let signer = signing::Signer::new(site, signing)?;
    let mut files = ob2_site_documents(site);
    files.extend(signer.site_documents()?);
    let awards = site
        .awards
        .par_iter()
        .map(|award| {
            progress.item(Stage::Credentials);
            let assertion =
                OutputFile::new(site.urls.award_assertion(&award.id).path, to_json_bytes(&ob2::assertion(site, award)));
            Ok(AwardDocuments { assertion, credential: signer.award_credential(award)? })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Documents { site: files, awards })
}

/// The OB 2.0 Profiles, RevocationLists and BadgeClasses.
fn ob2_site_documents(site: &Site) -> Vec<OutputFile> {
    let urls = &site.urls;
    let mut files = Vec::new();
    for (index, issuer) in site.issuers.iter().enumerate() {
        files.push(OutputFile::new(urls.issuer_profile(&issuer.id).path, to_json_bytes(&ob2::profile(site, issuer))));
        let list = ob2::revocation_list(site, index);
        files.push(OutputFile::new(urls.issuer_revocations(&issuer.id).path, to_json_bytes(&list)));
    }
    for badge in &site.badges {
        files.push(OutputFile::new(urls.badge_class(&badge.id).path, to_json_bytes(&ob2::badge_class(site, badge))));
    }
    files
}

/// Serialises a document the way every JSON file of the site is written.
pub fn to_json_bytes<T: serde::Serialize>(document: &T) -> Vec<u8> {
    // Compact: pretty-printing cost a quarter of every document's bytes, and proofs cover the
    // canonical N-Quads, not the bytes, so whitespace is free. Serialising plain structs of
    // strings, bools and vectors cannot fail.
    let mut bytes = serde_json::to_vec(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

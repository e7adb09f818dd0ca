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
//! newline so the output is reproducible and small. What an award publishes is made per
//! award ([`Credentials::award`], inside the driver's one pass over the awards) and handed on
//! ([`AwardDocuments`]), so the bake stage embeds exactly these bytes in the award's image
//! without looking anything up by path.

pub mod did;
pub mod ob2;
pub mod ob3;
mod signing;
pub mod status;
pub mod vocab;

use crate::error::Result;
use crate::model::{Award, Site};
use crate::output::OutputFile;
pub use signing::Signing;

/// The credential stage of one run: the site's documents once, then each award's on demand
/// (from the parallel loop over the awards), so no award's documents outlive its turn.
pub struct Credentials<'a> {
    site: &'a Site,
    signer: signing::Signer<'a>,
}

/// The documents of one award.
#[derive(Debug)]
pub struct AwardDocuments {
    /// The hosted OB 2.0 assertion (`ob2.json`), the revoked stub for a revoked award.
    pub assertion: OutputFile,
    /// The signed OB 3.0 credential (`credential.json`), when the site signs.
    pub credential: Option<OutputFile>,
}

impl AwardDocuments {
    /// Both files, to publish.
    pub fn into_files(self) -> impl Iterator<Item = OutputFile> {
        std::iter::once(self.assertion).chain(self.credential)
    }
}

impl<'a> Credentials<'a> {
    /// Checks `signing` against the site's keys: fails before any canonicalising is spent
    /// on a build that cannot finish.
    pub fn new(site: &'a Site, signing: Signing<'a>) -> Result<Self> {
        Ok(Credentials { site, signer: signing::Signer::new(site, signing)? })
    }

    /// The documents of the issuers and badges (and, per `signing`, signed): OB 2.0
    /// Profiles, RevocationLists and BadgeClasses, DID documents, status lists, Achievements.
    pub fn site_documents(&self) -> Result<Vec<OutputFile>> {
        let mut files = ob2_site_documents(self.site);
        files.extend(self.signer.site_documents()?);
        Ok(files)
    }

    /// The documents of one award (and, per `signing`, its signed credential).
    pub fn award(&self, award: &Award) -> Result<AwardDocuments> {
        let site = self.site;
        let assertion =
            OutputFile::new(site.urls.award_assertion(&award.id).path, to_json_bytes(&ob2::assertion(site, award)));
        Ok(AwardDocuments { assertion, credential: self.signer.award_credential(award)? })
    }
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
    for endorsement in &site.endorsements {
        // As signed, byte for byte: anyone can check the endorser's proof on this file.
        files.push(OutputFile::new(urls.endorsement(&endorsement.id).path, endorsement.text.as_bytes().to_vec()));
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

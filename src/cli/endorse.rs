//! `rosette endorse`: signs an endorsement of someone else's badge, issuer or award with the
//! endorser's own key (the work is in [`rosette::endorse`]).

use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;
use zeroize::Zeroizing;

use super::Outcome;
use rosette::endorse::{Request, did_document, endorse};
use rosette::error::{Diagnostic, Error, Result};
use rosette::proof::SigningKey;

/// `rosette endorse <URL> --key-file FILE --endorser-did DID [--comment TEXT] [--name NAME] [--url URL] [--out FILE]`.
#[derive(Debug, Args)]
pub struct EndorseArgs {
    /// What to endorse: a badge's achievement URL (…/badges/<badge>/achievement.json), an
    /// issuer's DID (did:web:…) or an award's credential URL (…/awards/<award>/credential.json).
    #[arg(value_name = "URL")]
    pub subject: String,
    /// The endorser's secret key (PKCS#8 PEM, as `rosette keygen` writes it).
    #[arg(long, value_name = "FILE")]
    pub key_file: PathBuf,
    /// The endorser: an organisation's did:web (did:web:example.org) or a person's did:key.
    #[arg(long, value_name = "DID")]
    pub endorser_did: String,
    /// What the endorser says about it.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// The endorser's name, shown on the endorsed pages.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The endorser's web site.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The last moment the endorsement holds (e.g. 2028-12-31T23:59:59Z); default: no end.
    #[arg(long, value_name = "DATE")]
    pub valid_until: Option<String>,
    /// The endorser's Bitstring Status List credential, through which they can revoke it
    /// (with --status-index).
    #[arg(long, value_name = "URL", requires = "status_index")]
    pub status_list: Option<String>,
    /// This endorsement's bit in --status-list.
    #[arg(long, value_name = "N", requires = "status_list")]
    pub status_index: Option<u64>,
    /// With a did:web: the id of the key in the DID document (the part after #).
    #[arg(long, value_name = "ID", default_value = "key-1")]
    pub key_id: String,
    /// Write the endorsement to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With a did:web: also write the DID document to serve (and to send along as <id>.did.json).
    #[arg(long, value_name = "FILE")]
    pub did_document: Option<PathBuf>,
}

impl EndorseArgs {
    /// Signs the endorsement as of `now`; prints it, or writes it to `--out`.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let text = Zeroizing::new(
            std::fs::read_to_string(&self.key_file)
                .map_err(|e| Error::io("cannot read the key file", &self.key_file, e))?,
        );
        let key = SigningKey::parse(&text).map_err(|e| {
            Error::failed(format!("{} does not hold a usable Ed25519 secret key", self.key_file.display()), e)
        })?;
        let valid_until = self
            .valid_until
            .as_deref()
            .map(|written| {
                rosette::model::rules::date(written).map_err(|problem| {
                    let diagnostic = Diagnostic::flag_error("valid-until", problem.message);
                    Error::Invalid(vec![match problem.help {
                        Some(help) => diagnostic.with_help(help),
                        None => diagnostic,
                    }])
                })
            })
            .transpose()?;
        let id = uuid_urn(&rosette::award::random::random_salt()?);
        let request = Request {
            subject: &self.subject,
            endorser: &self.endorser_did,
            key_id: &self.key_id,
            comment: self.comment.as_deref(),
            name: self.name.as_deref(),
            url: self.url.as_deref(),
            valid_until,
            status: self.status_list.as_deref().zip(self.status_index),
            now,
            id: &id,
        };
        let signed = endorse(&request, &key)?;
        let mut notes = Vec::new();
        if let Some(path) = &self.did_document {
            let Some(served) = rosette::model::urls::did_web_document(&self.endorser_did) else {
                return Err(Error::Refused(
                    "--did-document is for a did:web endorser: a did:key needs no document".into(),
                ));
            };
            std::fs::write(path, did_document(&request, &key)?).map_err(|e| Error::io("cannot write", path, e))?;
            notes.push(format!("DID document written to {}: serve it at {served}", path.display()));
        }
        let hand_over = "add it to the endorsed site as endorsements/<id>.json";
        let summary = match &self.out {
            Some(path) => {
                std::fs::write(path, &signed).map_err(|e| Error::io("cannot write", path, e))?;
                notes.push(format!("endorsement {id} written to {}: {hand_over}", path.display()));
                String::new()
            }
            None => String::from_utf8_lossy(signed.strip_suffix(b"\n").unwrap_or(&signed)).into_owned(),
        };
        Ok(Outcome { summary, notes, ..Outcome::default() })
    }
}

/// `urn:uuid:` with a version 4 UUID made of 32 random hex digits.
fn uuid_urn(hex: &str) -> String {
    let mut digits: Vec<char> = hex.chars().collect();
    digits[12] = '4';
    digits[16] = ['8', '9', 'a', 'b'][digits[16].to_digit(16).unwrap_or(0) as usize % 4];
    let text: String = digits.into_iter().collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &text[0..8], &text[8..12], &text[12..16], &text[16..20], &text[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_uuids() {
        assert_eq!(uuid_urn("0123456789abcdef0123456789abcdef"), "urn:uuid:01234567-89ab-4def-8123-456789abcdef");
    }
}

//! `rosette endorse`: the endorser's side. Writes an OB 3.0 `EndorsementCredential` (VC 2.0,
//! `eddsa-rdfc-2022`) about a badge, issuer or award of someone else's site, signed with the
//! endorser's own key, ready to be added to that site as `endorsements/<id>.json`.
//!
//! The endorser is a `did:web` (an organisation, which serves its DID document: [`did_document`]
//! writes it) or a `did:key` (a person: the key is the identifier). The organisation never
//! holds the endorser's key, and the endorser never needs the organisation's. Every value is
//! checked by the rules the organisation's `rosette check` applies
//! ([`crate::model::endorsement`]), so what this writes is accepted there.

use jiff::Timestamp;
use serde::Serialize;

use crate::credential::status::StatusEntry;
use crate::error::{Diagnostic, Error, Result};
use crate::model::endorsement::shape::CONTEXTS;
use crate::model::rules::{self, Problem};
use crate::proof::{Canonicalizer, Proof, ProofOptions, SigningKey};

/// What to endorse, and who endorses.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The id of what is endorsed: a badge's achievement URL, an issuer's DID or an award's
    /// credential URL.
    pub subject: &'a str,
    /// The endorser's DID (`did:web:…` or `did:key:…`).
    pub endorser: &'a str,
    /// The fragment of the key in a `did:web` DID document.
    pub key_id: &'a str,
    /// What the endorser says.
    pub comment: Option<&'a str>,
    /// The endorser's name.
    pub name: Option<&'a str>,
    /// The endorser's web site.
    pub url: Option<&'a str>,
    /// When it stops being valid.
    pub valid_until: Option<Timestamp>,
    /// The endorser's status list (`statusListCredential`) and this endorsement's bit in it,
    /// for an endorser who revokes through a Bitstring Status List.
    pub status: Option<(&'a str, u64)>,
    /// The moment of signing: `validFrom` and the proof's `created`.
    pub now: Timestamp,
    /// The credential's id (`urn:uuid:…`), drawn by the caller.
    pub id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EndorsementCredential<'a> {
    #[serde(rename = "@context")]
    context: [&'static str; 2],
    id: &'a str,
    r#type: [&'static str; 2],
    name: String,
    issuer: Profile<'a>,
    valid_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    credential_subject: Subject<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credential_status: Option<StatusEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    proof: Option<Proof>,
}

#[derive(Serialize)]
struct Profile<'a> {
    id: &'a str,
    r#type: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Subject<'a> {
    id: &'a str,
    r#type: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    endorsement_comment: Option<String>,
}

/// The signed endorsement, as pretty JSON with a final newline.
pub fn endorse(request: &Request<'_>, key: &SigningKey) -> Result<Vec<u8>> {
    let method = verification_method(request, key)?;
    let subject = request.subject.trim();
    if !(rules::is_web_url(subject) || subject.starts_with("did:web:")) {
        return Err(flag(
            "URL",
            problem(
                format!("`{subject}` is not the id of a badge, issuer or award"),
                "give the badge's achievement URL (…/badges/<badge>/achievement.json), the issuer's DID (did:web:…) or the award's credential URL (…/awards/<award>/credential.json)",
            ),
        ));
    }
    let name = request.name.map(|name| rules::name(name).map_err(|p| flag("name", p))).transpose()?;
    let url = request.url.map(|url| checked_url(url).map_err(|p| flag("url", p))).transpose()?;
    let comment =
        request.comment.map(|c| rules::text(c).map_err(|p| flag("comment", p))).transpose()?.filter(|c| !c.is_empty());
    if let Some(until) = request.valid_until.filter(|until| *until <= request.now) {
        return Err(flag(
            "valid-until",
            problem(format!("{until} is not after now ({})", request.now), "give a later date, or none"),
        ));
    }
    let status = request
        .status
        .map(|(list, index)| {
            let list = checked_url(list).map_err(|p| flag("status-list", p))?;
            Ok::<_, Error>(StatusEntry::revocation(list, index))
        })
        .transpose()?;
    let now = request.now.to_string();
    let mut credential = EndorsementCredential {
        context: CONTEXTS,
        id: request.id,
        r#type: ["VerifiableCredential", "EndorsementCredential"],
        name: format!("Endorsement by {}", name.as_deref().unwrap_or(request.endorser)),
        issuer: Profile { id: request.endorser, r#type: ["Profile"], name, url },
        valid_from: now.clone(),
        valid_until: request.valid_until.map(|until| until.to_string()),
        credential_subject: Subject { id: subject, r#type: ["EndorsementSubject"], endorsement_comment: comment },
        credential_status: status,
        proof: None,
    };
    let unsigned =
        serde_json::to_value(&credential).map_err(|e| Error::failed("cannot serialise the endorsement", e))?;
    let options = ProofOptions { created: &now, verification_method: &method };
    let proof = crate::proof::sign(&Canonicalizer::new(), &unsigned, &options, key)
        .map_err(|e| Error::failed("cannot sign the endorsement", e))?;
    credential.proof = Some(proof);
    pretty(&credential)
}

/// The DID document a `did:web` endorser serves (at [`crate::model::urls::did_web_document`])
/// and the organisation bundles as `endorsements/<id>.did.json`.
pub fn did_document(request: &Request<'_>, key: &SigningKey) -> Result<Vec<u8>> {
    let method = verification_method(request, key)?;
    let document = serde_json::json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": request.endorser,
        "verificationMethod": [{
            "id": method,
            "type": "Multikey",
            "controller": request.endorser,
            "publicKeyMultibase": key.public_key().to_multibase(),
        }],
        "assertionMethod": [method],
    });
    pretty(&document)
}

/// The key's id in the endorser's DID: `did:key:z…#z…`, or `did:web:…#<key-id>`.
fn verification_method(request: &Request<'_>, key: &SigningKey) -> Result<String> {
    let did = request.endorser.trim();
    let multibase = key.public_key().to_multibase();
    if let Some(own) = did.strip_prefix("did:key:") {
        if own != multibase {
            return Err(flag(
                "endorser-did",
                problem(
                    format!("{did} is not the DID of the key in --key-file (did:key:{multibase})"),
                    format!("a did:key is the key itself: pass --endorser-did did:key:{multibase}"),
                ),
            ));
        }
        return Ok(format!("{did}#{multibase}"));
    }
    if did.strip_prefix("did:web:").is_some_and(|rest| !rest.is_empty() && !rest.contains(['#', '/', '?', ' '])) {
        if !rules::is_safe_id(request.key_id) {
            return Err(flag(
                "key-id",
                problem(format!("`{}` is not a usable key id", request.key_id), "use letters, digits and -"),
            ));
        }
        return Ok(format!("{did}#{}", request.key_id));
    }
    Err(flag(
        "endorser-did",
        problem(
            format!("`{did}` is neither a did:web nor a did:key"),
            "an organisation uses its did:web (did:web:example.org), a person the did:key of their key",
        ),
    ))
}

fn checked_url(url: &str) -> std::result::Result<String, Problem> {
    let url = rules::web_url(url)?;
    rules::no_email_in_url(&url)?;
    Ok(url)
}

fn problem(message: impl Into<String>, help: impl Into<String>) -> Problem {
    Problem { message: message.into(), help: Some(help.into()) }
}

fn flag(flag: &str, problem: Problem) -> Error {
    let diagnostic = Diagnostic::flag_error(flag, problem.message);
    Error::Invalid(vec![match problem.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }])
}

fn pretty<T: Serialize>(document: &T) -> Result<Vec<u8>> {
    let mut bytes =
        serde_json::to_vec_pretty(document).map_err(|e| Error::failed("cannot serialise the endorsement", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

//! Reading `endorsements/`: each `<id>.json` as the endorser signed it, with the DID document
//! `<id>.did.json` of a `did:web` endorser beside it and, once the endorser withdrew it, the
//! organisation's note `<id>.toml` (when, why).
//!
//! An endorsement arrives in a pull request from someone outside the organisation, so it is
//! read like every site file ([`super::open::read`]: no link followed, no special file opened)
//! under its own small size limit ([`Limit::Endorsement`]), and anything else in the folder is
//! reported rather than ignored. The JSON is parsed here; what it says is the model's to check.

use std::sync::Arc;

use serde_json::Value;

use super::layout::{ENDORSEMENTS, SourcePath};
use super::open::{self, Kind, Limit};
use super::raw::RawWithdrawal;
use super::reader::{Reader, parse_toml_file};
use super::walk::Hidden;
use super::{EndorsementSource, JsonFile, Parsed, SourceFile};
use crate::error::Diagnostic;

impl Reader<'_> {
    /// Every endorsement of the site, sorted by id, each with its DID document and its
    /// withdrawal when there are.
    pub(super) fn read_endorsements(&mut self) -> Vec<EndorsementSource> {
        let mut endorsements: Vec<EndorsementSource> = Vec::new();
        let mut did_documents: Vec<(String, JsonFile)> = Vec::new();
        let mut withdrawals: Vec<Parsed<RawWithdrawal>> = Vec::new();
        for entry in self.entries(ENDORSEMENTS, Hidden::Refuse) {
            let path = SourcePath::parse(&entry.rel).filter(|_| entry.kind == Kind::File);
            match path {
                Some(SourcePath::Endorsement { id }) => {
                    if let Some(document) = self.read_json(&entry.rel) {
                        endorsements.push(EndorsementSource { id, document, did_document: None, withdrawal: None });
                    }
                }
                Some(SourcePath::EndorserDid { id }) => {
                    if let Some(document) = self.read_json(&entry.rel) {
                        did_documents.push((id, document));
                    }
                }
                // Its problems are reported, but its id is not an unparsed award's or key's.
                Some(SourcePath::Withdrawal { id }) => match parse_toml_file(self.root, &entry.rel, id, None) {
                    Ok(parsed) => withdrawals.push(parsed),
                    Err(unparsed) => unparsed.diagnostics.into_iter().for_each(|d| self.push(d)),
                },
                _ => {
                    let message = "unexpected entry in endorsements/";
                    self.push(Diagnostic::file_error(self.root.join(&entry.rel), message).with_help(
                        "endorsements/ holds only <id>.json (an endorsement as signed), <id>.did.json (its endorser's DID document) and <id>.toml (its withdrawal)",
                    ));
                }
            }
        }
        for (id, document) in did_documents {
            match endorsements.iter_mut().find(|endorsement| endorsement.id == id) {
                Some(endorsement) => endorsement.did_document = Some(document),
                None => {
                    let message = format!("DID document without an endorsement: there is no {ENDORSEMENTS}/{id}.json");
                    self.push(Diagnostic::file_error(document.file.display_path.clone(), message).with_help(
                        "a DID document sits beside the endorsement it verifies, with the same name; rename or remove it",
                    ));
                }
            }
        }
        for withdrawal in withdrawals {
            match endorsements.iter_mut().find(|endorsement| endorsement.id == withdrawal.id) {
                Some(endorsement) => endorsement.withdrawal = Some(withdrawal),
                None => {
                    let message =
                        format!("withdrawal without an endorsement: there is no {ENDORSEMENTS}/{}.json", withdrawal.id);
                    self.push(Diagnostic::file_error(withdrawal.file.display_path.clone(), message).with_help(
                        "a withdrawal sits beside the endorsement it withdraws, with the same name; the endorsement stays published",
                    ));
                }
            }
        }
        endorsements
    }

    /// Reads and parses one JSON file of `endorsements/`; problems are recorded.
    fn read_json(&mut self, rel: &str) -> Option<JsonFile> {
        let path = self.root.join(rel);
        let bytes = match open::read(self.root, rel, Limit::Endorsement) {
            Ok(bytes) => bytes,
            Err(refusal) => {
                self.push(refusal.diagnostic(path));
                return None;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            self.push(Diagnostic::file_error(path, "file is not valid UTF-8").with_help("save it as UTF-8 text"));
            return None;
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => {
                let file = Arc::new(SourceFile { display_path: path, rel_path: rel.to_string(), text });
                Some(JsonFile { file, value: Arc::new(value) })
            }
            Err(error) => {
                let message = format!("not valid JSON: {}", json_reason(&error));
                self.push(
                    Diagnostic::error_at(path, error.line().max(1), error.column().max(1), message)
                        .with_help("add the file exactly as the endorser sent it (`rosette endorse` writes it)"),
                );
                None
            }
        }
    }
}

/// serde_json's message without its " at line L column C" tail (the position is the diagnostic's).
fn json_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

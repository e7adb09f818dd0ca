//! Reading `endorsements/`: each `<id>.json` as the endorser signed it, with the DID document
//! `<id>.did.json` of a `did:web` endorser beside it.
//!
//! An endorsement arrives in a pull request from someone outside the organisation, so it is
//! read like every site file ([`super::open::read`]: no link followed, no special file opened)
//! under its own small size limit ([`Limit::Endorsement`]), and anything else in the folder is
//! reported rather than ignored. The JSON is parsed here; what it says is the model's to check.

use std::sync::Arc;

use serde_json::Value;

use super::layout::{ENDORSEMENTS, SourcePath};
use super::open::{self, Kind, Limit};
use super::reader::Reader;
use super::walk::Hidden;
use super::{EndorsementSource, JsonFile, SourceFile};
use crate::error::Diagnostic;

impl Reader<'_> {
    /// Every endorsement of the site, sorted by id, each with its DID document when there is one.
    pub(super) fn read_endorsements(&mut self) -> Vec<EndorsementSource> {
        let mut endorsements: Vec<EndorsementSource> = Vec::new();
        let mut did_documents: Vec<(String, JsonFile)> = Vec::new();
        for entry in self.entries(ENDORSEMENTS, Hidden::Refuse) {
            let path = SourcePath::parse(&entry.rel).filter(|_| entry.kind == Kind::File);
            match path {
                Some(SourcePath::Endorsement { id }) => {
                    if let Some(document) = self.read_json(&entry.rel) {
                        endorsements.push(EndorsementSource { id, document, did_document: None });
                    }
                }
                Some(SourcePath::EndorserDid { id }) => {
                    if let Some(document) = self.read_json(&entry.rel) {
                        did_documents.push((id, document));
                    }
                }
                _ => {
                    let message = "unexpected entry in endorsements/";
                    self.push(Diagnostic::file_error(self.root.join(&entry.rel), message).with_help(
                        "endorsements/ holds only <id>.json (an endorsement as signed) and <id>.did.json (its endorser's DID document)",
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

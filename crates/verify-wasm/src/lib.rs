//! The browser verifier of rosette sites: [`rosette_verify::check`] compiled to WebAssembly,
//! with the page's script (theme `static/verify.js`) as its only source of documents.
//!
//! The core does no I/O, and a browser can only fetch asynchronously, so verification runs in
//! rounds: [`verify`] is called with the documents fetched so far; when a check asks for a URL
//! not among them, the answer lists the URLs still needed (`{"need": [...]}`), the script
//! fetches them all at once and calls again. A credential needs two rounds (its DID document
//! and status list, then the status list's own issuer key, already fetched), an OB 2.0
//! assertion four (hosted copy, badge, issuer, revocation list). The final answer is the
//! verdict, exactly the one `rosette verify` prints for the same documents.

use std::cell::RefCell;
use std::collections::BTreeMap;

use jiff::Timestamp;
use rosette_verify::check::{self, Documents, FetchError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::wasm_bindgen;

/// A document as the script fetched it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
enum Fetched {
    /// The response body (a JSON document).
    Text(String),
    /// Why there is none (HTTP error, network, CORS): the checks needing it could not be made.
    Unavailable(String),
}

/// The documents of this round, and the URLs asked for that were not among them.
struct Round {
    fetched: BTreeMap<String, Fetched>,
    wanted: RefCell<Vec<String>>,
    /// The `http://host:port` origin of a local preview whose own URLs may be fetched over
    /// plain http (`rosette serve`), as `--map` folders may answer http URLs on the command
    /// line; empty on a published site.
    preview: String,
}

impl Round {
    fn is_preview(&self, url: &str) -> bool {
        !self.preview.is_empty()
            && url.strip_prefix(self.preview.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

impl Documents for Round {
    fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let url = url.split('#').next().unwrap_or(url);
        match self.fetched.get(url) {
            Some(Fetched::Text(text)) => Ok(text.as_bytes().to_vec()),
            Some(Fetched::Unavailable(why)) => Err(FetchError::Unavailable(why.clone())),
            None if !url.starts_with("https://") && !self.is_preview(url) => Err(FetchError::plain_http(url)),
            None => {
                let mut wanted = self.wanted.borrow_mut();
                if !wanted.iter().any(|w| w == url) {
                    wanted.push(url.to_string());
                }
                Err(FetchError::Unavailable(format!("{url} is being fetched")))
            }
        }
    }
}

/// The answer of one round, as JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum Answer {
    /// Fetch these and call again.
    Need(Vec<String>),
    /// The verdict and what it concludes.
    Verdict { verdict: check::Verdict, conclusion: check::Conclusion },
    /// The input is nothing to verify, and why (one sentence for people).
    Refused(String),
}

/// One round of verification of `input` (a credential or assertion as JSON, or a baked PNG or
/// SVG) with `documents` (JSON: URL → `{"text": body}` or `{"unavailable": why}`), at `now`
/// (RFC 3339, the visitor's clock), for `recipient` (an e-mail address to check, or empty),
/// on a page served from `preview` (the http origin of a local preview, or empty).
/// Returns the [`Answer`] as JSON.
#[wasm_bindgen]
pub fn verify(input: &[u8], documents: &str, now: &str, recipient: &str, preview: &str) -> String {
    let answer = round(input, documents, now, recipient, preview);
    serde_json::to_string(&answer).unwrap_or_else(|e| format!("{{\"refused\":\"internal error: {e}\"}}"))
}

fn round(input: &[u8], documents: &str, now: &str, recipient: &str, preview: &str) -> Answer {
    let fetched = match serde_json::from_str(documents) {
        Ok(fetched) => fetched,
        Err(e) => return Answer::Refused(format!("the page's script sent malformed documents: {e}")),
    };
    let Ok(now) = now.parse::<Timestamp>() else {
        return Answer::Refused(format!("the page's script sent a malformed time: {now}"));
    };
    let options =
        check::Options { now, recipient: Some(recipient.trim()).filter(|r| !r.is_empty()).map(str::to_string) };
    let round = Round { fetched, wanted: RefCell::new(Vec::new()), preview: preview.to_string() };
    let result = check::verify_bytes(input, &round, &options);
    let wanted = round.wanted.into_inner();
    if !wanted.is_empty() {
        return Answer::Need(wanted);
    }
    match result {
        Ok(verdict) => Answer::Verdict { conclusion: verdict.conclusion(), verdict },
        Err(refusal) => Answer::Refused(refusal.to_string()),
    }
}

/// json-ld's dependency on getrandom 0.2 never draws here; if it ever did, it fails instead of
/// pretending.
#[cfg(target_arch = "wasm32")]
fn no_randomness(_buffer: &mut [u8]) -> Result<(), getrandom::Error> {
    Err(getrandom::Error::UNSUPPORTED)
}

#[cfg(target_arch = "wasm32")]
getrandom::register_custom_getrandom!(no_randomness);

//! `rosette verify`: checks a credential the way a verifier would, and says why it passes or
//! fails, check by check.
//!
//! It accepts an Open Badges 3.0 credential (proof, key resolution through `did:web`, status
//! list, validity dates) or an Open Badges 2.0 hosted assertion (the hosted copy, badge,
//! issuer, verification policy, revocation list, dates), from a file or a URL. URLs are
//! answered from local folders given with `--map URL=DIR`, so a built site can be verified
//! before it is deployed. This is a convenience: the proof of interoperability is the
//! third-party verifiers run by the test suite.

mod fetch;
mod local;
mod ob2;
mod ob3;

use std::path::PathBuf;

use jiff::Timestamp;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::recipient::hash_matches;
pub use fetch::Fetcher;

/// The most a credential file given on the command line may weigh: a baked badge image is
/// larger than a fetched document, but nothing like this.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// What to verify against.
pub struct VerifyOptions {
    /// URL prefix → local folder; fetched URLs under a prefix are read from the folder.
    pub maps: Vec<(String, PathBuf)>,
    /// Whether URLs no map answers may be fetched from the network.
    pub network: bool,
    /// The moment of verification.
    pub now: Timestamp,
    /// An e-mail address to check against the recipient (hashed with the award's salt).
    pub recipient: Option<String>,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Whether it passed.
    pub ok: bool,
    /// What was checked and what was found, one line.
    pub label: String,
}

/// Everything found out about one credential.
#[derive(Debug)]
pub struct Verdict {
    /// "Open Badges 3.0 credential" or "Open Badges 2.0 assertion".
    pub kind: &'static str,
    /// The credential's id.
    pub id: String,
    /// Checks in the order they were made.
    pub checks: Vec<Check>,
}

impl Verdict {
    /// Valid when every check passed.
    pub fn valid(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    fn pass(&mut self, label: impl Into<String>) {
        self.checks.push(Check { ok: true, label: label.into() });
    }

    fn fail(&mut self, label: impl Into<String>) {
        self.checks.push(Check { ok: false, label: label.into() });
    }

    fn check(&mut self, ok: bool, label: impl Into<String>) {
        self.checks.push(Check { ok, label: label.into() });
    }

    /// The validity window of `document` as of `now`: its start (`start.0`, required) is not
    /// in the future, its end (`end.0`, optional) not in the past. The second element of
    /// each pair says what the date means (`issued on`, `valid until`).
    fn window(&mut self, document: &Value, start: (&str, &str), end: (&str, &str), now: Timestamp) {
        match timestamp(&document[start.0]) {
            Some(at) => self.check(at <= now, format!("{} {at}", start.1)),
            None => self.fail(format!("{} is missing or not a date-time", start.0)),
        }
        if let Some(value) = document.get(end.0) {
            match timestamp(value) {
                Some(at) if at > now => self.pass(format!("{} {at}", end.1)),
                Some(at) => self.fail(format!("expired on {at}")),
                None => self.fail(format!("{} is not a date-time", end.0)),
            }
        }
    }
}

/// Verifies a credential given as a file path or a URL.
pub fn verify(input: &str, options: &VerifyOptions) -> Result<Verdict> {
    let fetcher = Fetcher::new(&options.maps, options.network);
    let bytes = if input.starts_with("https://") || input.starts_with("http://") {
        fetcher.get(input).map_err(Error::Refused)?
    } else {
        local::read_capped(std::path::Path::new(input), MAX_INPUT_BYTES)
            .map_err(|e| Error::io("cannot read", input, e))?
    };
    let document = parse(&bytes).map_err(|e| Error::Refused(format!("{input}: {e}")))?;
    if is_ob3(&document) {
        Ok(ob3::verify(&document, &fetcher, options))
    } else if document.get("@context").and_then(Value::as_str).is_some_and(|c| c.contains("openbadges/v2")) {
        Ok(ob2::verify(&document, &fetcher, options))
    } else {
        Err(Error::Refused(format!(
            "{input} is neither an Open Badges 3.0 credential (VC 2.0 context) nor an Open Badges 2.0 assertion"
        )))
    }
}

fn is_ob3(document: &Value) -> bool {
    document["@context"].get(0).and_then(Value::as_str) == Some(crate::credential::vocab::VC2_CONTEXT)
}

/// Parses JSON, or pulls the credential out of a baked PNG or SVG: the OB 3.0 credential when
/// there is one (it verifies on its own), else the OB 2.0 assertion.
fn parse(bytes: &[u8]) -> std::result::Result<Value, String> {
    let baked = match crate::bake::extract(bytes) {
        Ok(baked) => baked,
        Err(crate::bake::BakeError::NotAnImage) => {
            return serde_json::from_slice(bytes).map_err(|e| format!("not JSON, PNG or SVG: {e}"));
        }
        Err(e) => return Err(e.to_string()),
    };
    let text = baked.ob3.or(baked.ob2).ok_or("the image holds no baked Open Badges credential or assertion")?;
    serde_json::from_str(&text).map_err(|e| format!("the baked text is not JSON (a signed JWS or a URL?): {e}"))
}

/// Reads a date-time string of a document.
fn timestamp(value: &Value) -> Option<Timestamp> {
    value.as_str().and_then(|s| s.parse().ok())
}

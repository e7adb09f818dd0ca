//! `rosette verify`: checks a credential the way a verifier would, and says why it passes or
//! fails, check by check.
//!
//! It accepts an Open Badges 3.0 credential (proof, key resolution through `did:web`, status
//! list, validity dates) or an Open Badges 2.0 hosted assertion (the hosted copy, badge,
//! issuer, verification policy, revocation list, dates), from a file or a URL. URLs are
//! answered from local folders given with `--map URL=DIR`, so a built site can be verified
//! before it is deployed. This is a convenience: the proof of interoperability is the
//! third-party verifiers run by the test suite.
//!
//! A check that fails makes the credential invalid; a check that could not be made (a document
//! it needs could not be fetched or read) makes it unverified, not invalid: a verifier offline
//! must not call a good badge bad ([`Conclusion`]).

mod fetch;
mod local;
mod ob2;
mod ob3;
mod sniff;

use std::path::PathBuf;

use jiff::Timestamp;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::recipient::hash_matches;
pub use fetch::{FetchError, Fetcher};

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

/// How one check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The check was made and passed.
    Passed,
    /// The check was made and failed: the credential is invalid.
    Failed,
    /// The check could not be made: a document it needs could not be fetched or read.
    Unchecked,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Whether it passed, failed or could not be made.
    pub status: Status,
    /// What was checked and what was found, one line.
    pub label: String,
}

/// What the checks add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conclusion {
    /// Every check was made and passed.
    Valid,
    /// A check failed (signature, hash, revoked, expired, …).
    Invalid,
    /// No check failed, but some could not be made: nothing is known either way.
    CouldNotCheck,
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
        self.conclusion() == Conclusion::Valid
    }

    /// Invalid as soon as one check failed (a missing document cannot make it valid); else
    /// unverified when a check could not be made; else valid.
    pub fn conclusion(&self) -> Conclusion {
        let has = |status| self.checks.iter().any(|c| c.status == status);
        if has(Status::Failed) {
            Conclusion::Invalid
        } else if has(Status::Unchecked) {
            Conclusion::CouldNotCheck
        } else {
            Conclusion::Valid
        }
    }

    fn push(&mut self, status: Status, label: impl Into<String>) {
        self.checks.push(Check { status, label: label.into() });
    }

    fn pass(&mut self, label: impl Into<String>) {
        self.push(Status::Passed, label);
    }

    fn fail(&mut self, label: impl Into<String>) {
        self.push(Status::Failed, label);
    }

    fn check(&mut self, ok: bool, label: impl Into<String>) {
        self.push(if ok { Status::Passed } else { Status::Failed }, label);
    }

    /// A check that needed a document the fetcher could not give, said by `label` from the
    /// reason. A refused URL fails the check; an unavailable document leaves it unmade.
    fn fetch_failed(&mut self, problem: FetchError, label: impl FnOnce(&str) -> String) {
        match problem {
            FetchError::Refused(why) => self.fail(label(&why)),
            FetchError::Unavailable(why) => self.push(Status::Unchecked, label(&why)),
        }
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

/// Verifies a credential given as a file path or a URL. A file that cannot hold a badge is
/// refused with what it is and what verify takes; a URL that cannot be fetched gives a
/// verdict that could not check.
pub fn verify(input: &str, options: &VerifyOptions) -> Result<Verdict> {
    let fetcher = Fetcher::new(&options.maps, options.network);
    let bytes = if input.starts_with("https://") || input.starts_with("http://") {
        match fetcher.get(input) {
            Ok(bytes) => bytes,
            Err(FetchError::Refused(why)) => return Err(Error::Refused(why)),
            Err(unavailable) => {
                let mut verdict = Verdict { kind: "Open Badges document", id: input.to_string(), checks: Vec::new() };
                verdict.fetch_failed(unavailable, |why| format!("cannot fetch the document to verify: {why}"));
                return Ok(verdict);
            }
        }
    } else {
        local::read_capped(std::path::Path::new(input), MAX_INPUT_BYTES)
            .map_err(|e| Error::io("cannot read", input, e))?
    };
    let document = match sniff::kind(&bytes) {
        sniff::Kind::Other(what) => return Err(sniff::not_a_badge(input, what, &bytes)),
        sniff::Kind::Json => {
            serde_json::from_slice(&bytes).map_err(|e| Error::Refused(format!("{input} is not valid JSON: {e}")))?
        }
        sniff::Kind::Png | sniff::Kind::Svg => unbake(&bytes).map_err(|e| Error::Refused(format!("{input}: {e}")))?,
    };
    if is_ob3(&document) {
        Ok(ob3::verify(&document, &fetcher, options))
    } else if document.get("@context").and_then(Value::as_str).is_some_and(|c| c.contains("openbadges/v2")) {
        Ok(ob2::verify(&document, &fetcher, options))
    } else {
        let what = "JSON that is neither an Open Badges 3.0 credential (VC 2.0 context) nor a 2.0 assertion";
        Err(sniff::not_a_badge(input, what, &bytes))
    }
}

fn is_ob3(document: &Value) -> bool {
    document["@context"].get(0).and_then(Value::as_str) == Some(crate::credential::vocab::VC2_CONTEXT)
}

/// Pulls the credential out of a baked PNG or SVG: the OB 3.0 credential when there is one
/// (it verifies on its own), else the OB 2.0 assertion.
fn unbake(bytes: &[u8]) -> std::result::Result<Value, String> {
    let baked = crate::bake::extract(bytes).map_err(|e| e.to_string())?;
    let text = baked.ob3.or(baked.ob2).ok_or("the image holds no baked Open Badges credential or assertion")?;
    serde_json::from_str(&text).map_err(|e| format!("the baked text is not JSON (a signed JWS or a URL?): {e}"))
}

/// Reads a date-time string of a document.
fn timestamp(value: &Value) -> Option<Timestamp> {
    value.as_str().and_then(|s| s.parse().ok())
}

//! What a verification found: one [`Check`] per thing checked, in order, and the
//! [`Conclusion`] they add up to. Serialisable, because the browser verifier hands it to the
//! page's script as JSON.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::{FetchError, timestamp};

/// How one check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The check was made and passed.
    Passed,
    /// The check was made and failed: the credential is invalid.
    Failed,
    /// The check could not be made: a document it needs could not be fetched or read.
    Unchecked,
}

/// What a check is about, for people: pages show one plain-language line per aspect and the
/// technical labels under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// What the document is (its type, that it is an Open Badge).
    Format,
    /// The signature and the issuer's key, or the hosted copy of an OB 2.0 assertion.
    Signature,
    /// Who issued it: the badge and issuer documents, their policies.
    Issuer,
    /// Not revoked (status list, revocation list).
    Status,
    /// Its validity dates against the verifier's clock.
    Dates,
    /// That it was awarded to a given e-mail address.
    Recipient,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Whether it passed, failed or could not be made.
    pub status: Status,
    /// What it is about.
    pub aspect: Aspect,
    /// What was checked and what was found, one line.
    pub label: String,
}

/// What the checks add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Conclusion {
    /// Every check was made and passed.
    Valid,
    /// A check failed (signature, hash, revoked, expired, …).
    Invalid,
    /// No check failed, but some could not be made: nothing is known either way.
    CouldNotCheck,
}

/// Everything found out about one credential.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// "Open Badges 3.0 credential" or "Open Badges 2.0 assertion".
    pub kind: &'static str,
    /// The credential's id.
    pub id: String,
    /// Checks in the order they were made.
    pub checks: Vec<Check>,
}

impl Verdict {
    /// A verdict with no checks yet.
    pub(super) fn new(kind: &'static str, id: &str) -> Self {
        Verdict { kind, id: id.to_string(), checks: Vec::new() }
    }

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

    pub(super) fn push(&mut self, status: Status, aspect: Aspect, label: impl Into<String>) {
        self.checks.push(Check { status, aspect, label: label.into() });
    }

    pub(super) fn pass(&mut self, aspect: Aspect, label: impl Into<String>) {
        self.push(Status::Passed, aspect, label);
    }

    pub(super) fn fail(&mut self, aspect: Aspect, label: impl Into<String>) {
        self.push(Status::Failed, aspect, label);
    }

    pub(super) fn check(&mut self, ok: bool, aspect: Aspect, label: impl Into<String>) {
        self.push(if ok { Status::Passed } else { Status::Failed }, aspect, label);
    }

    /// A check that needed a document the caller could not give, said by `label` from the
    /// reason. A refused URL fails the check; an unavailable document leaves it unmade.
    pub(super) fn fetch_failed(&mut self, aspect: Aspect, problem: FetchError, label: impl FnOnce(&str) -> String) {
        match problem {
            FetchError::Refused(why) => self.fail(aspect, label(&why)),
            FetchError::Unavailable(why) => self.push(Status::Unchecked, aspect, label(&why)),
        }
    }

    /// The validity window of `document` as of `now`: its start (`start.0`, required) is not
    /// in the future, its end (`end.0`, optional) not in the past. The second element of
    /// each pair says what the date means (`issued on`, `valid until`).
    pub(super) fn window(&mut self, document: &Value, start: (&str, &str), end: (&str, &str), now: Timestamp) {
        let dates = Aspect::Dates;
        match timestamp(&document[start.0]) {
            Some(at) => self.check(at <= now, dates, format!("{} {at}", start.1)),
            None => self.fail(dates, format!("{} is missing or not a date-time", start.0)),
        }
        if let Some(value) = document.get(end.0) {
            match timestamp(value) {
                Some(at) if at > now => self.pass(dates, format!("{} {at}", end.1)),
                Some(at) => self.fail(dates, format!("expired on {at}")),
                None => self.fail(dates, format!("{} is not a date-time", end.0)),
            }
        }
    }
}

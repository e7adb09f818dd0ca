//! `endorsements/<id>.toml`: the endorser withdrew an endorsement.
//!
//! The signed file is someone else's and may already sit, embedded, in credentials people
//! hold, so it is never altered nor deleted (`check --base` refuses a deletion): the
//! organisation adds this small note beside it instead, saying when and why. A withdrawn
//! endorsement stays published at its URL but is no longer embedded in the documents it
//! endorsed, and pages list it as withdrawn (see [`super::Endorsement::withdrawn`]).

use jiff::Timestamp;

use crate::error::Diagnostics;
use crate::model::field;
use crate::source::Parsed;
use crate::source::raw::RawWithdrawal;

/// When and why an endorsement was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Withdrawal {
    /// When (`withdrawn`).
    pub date: Timestamp,
    /// Why (`reason`), plain text shown on the pages.
    pub reason: String,
}

/// Resolves the withdrawal of an endorsement made at `issued`, as of `now`; problems are
/// reported on their lines.
pub fn resolve(
    parsed: &Parsed<RawWithdrawal>,
    issued: Option<Timestamp>,
    now: Timestamp,
    diagnostics: &mut Diagnostics,
) -> Option<Withdrawal> {
    let raw = &parsed.value;
    let date = match &raw.withdrawn {
        Some(written) => field::date(parsed, written, diagnostics).and_then(|date| {
            let problem = if date > now {
                Some(format!("the withdrawal date {date} is in the future"))
            } else {
                issued
                    .filter(|issued| date < *issued)
                    .map(|issued| format!("the endorsement is withdrawn on {date}, before it was made ({issued})"))
            };
            match problem {
                Some(message) => {
                    let help = "write the day the endorser withdrew it, e.g. `withdrawn = 2026-11-02`";
                    diagnostics.push(parsed.error_at(written, message).with_help(help));
                    None
                }
                None => Some(date),
            }
        }),
        None => field::missing_key(
            parsed,
            "withdrawn",
            "add `withdrawn = 2026-11-02`, the day the endorser withdrew it",
            diagnostics,
        ),
    };
    let reason = match &raw.reason {
        Some(_) => field::required_text(parsed, raw.reason.as_ref(), "reason", diagnostics),
        None => field::missing_key(
            parsed,
            "reason",
            "add `reason = \"…\"`: one sentence, shown on the pages beside the withdrawn endorsement",
            diagnostics,
        ),
    };
    Some(Withdrawal { date: date?, reason: reason? })
}

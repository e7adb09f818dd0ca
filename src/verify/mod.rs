//! `rosette verify`: checks a credential the way a verifier would, and says why it passes or
//! fails, check by check.
//!
//! The checks themselves are the verification core ([`rosette_verify::check`]), the same code
//! the browser verifier of every site runs; this module gives it its documents. The input is
//! a file or a URL; URLs are answered from local folders given with `--map URL=DIR`, so a
//! built site can be verified before it is deployed, then from the network unless offline.
//! This is a convenience: the proof of interoperability is the third-party verifiers run by
//! the test suite.

mod fetch;
mod local;
mod refusal;

use std::path::PathBuf;

use jiff::Timestamp;
use rosette_verify::check;

use crate::error::{Error, Result};
pub use check::{Aspect, Check, Conclusion, FetchError, Status, Verdict};
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

/// Verifies a credential given as a file path or a URL. A file that cannot hold a badge is
/// refused with what it is and what verify takes; a URL that cannot be fetched gives a
/// verdict that could not check.
pub fn verify(input: &str, options: &VerifyOptions) -> Result<Verdict> {
    let fetcher = Fetcher::new(&options.maps, options.network);
    let core = check::Options { now: options.now, recipient: options.recipient.clone() };
    if input.starts_with("https://") || input.starts_with("http://") {
        // Fetched once: a refusal (an award page given instead of its credential) is worded
        // from the same bytes.
        let fetched = fetcher.get(input);
        let bytes = fetched.as_deref().map_err(Clone::clone);
        return check::verify_fetched(input, bytes, &fetcher, &core)
            .map_err(|refusal| refusal::refused(input, refusal, fetched.as_deref().unwrap_or_default()));
    }
    let bytes = local::read_capped(std::path::Path::new(input), MAX_INPUT_BYTES)
        .map_err(|e| Error::io("cannot read", input, e))?;
    check::verify_bytes(&bytes, &fetcher, &core).map_err(|refusal| refusal::refused(input, refusal, &bytes))
}

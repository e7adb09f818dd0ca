//! `rosette verify`: runs the library's checks and says the verdict: VALID, NOT VALID (a check
//! failed) or COULD NOT CHECK (a document a check needs could not be fetched or read), each
//! with its own exit code.

use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;

use super::Outcome;
use rosette::error::Result;
use rosette::verify::{Conclusion, Status, VerifyOptions};
use rosette::words::counted;

/// The exit code when a check could not be made (0: valid, 1: invalid).
const COULD_NOT_CHECK: u8 = 2;

/// `rosette verify <FILE|URL> [--map URL=DIR]... [--recipient EMAIL]`.
#[derive(Debug, Args)]
#[command(after_help = "\
Takes an Open Badges 3.0 credential or 2.0 assertion (JSON), or a baked badge image (PNG or
SVG), whatever its file name; the credential baked into an image is verified (else its
assertion).

Exit codes:
  0  VALID: every check passed
  1  NOT VALID: a check failed (signature, hash, revoked, expired, ...), or the input is no badge
  2  COULD NOT CHECK: a document a check needs could not be fetched or read (offline, missing
     from a --map folder); also a mistake on the command line")]
pub struct VerifyArgs {
    /// A credential or assertion (JSON) or a baked badge image (PNG or SVG): a file or a URL.
    pub input: String,
    /// Answer URLs starting with URL from the folder DIR (e.g. a built site), repeatable.
    #[arg(long, value_name = "URL=DIR", value_parser = parse_map)]
    pub map: Vec<(String, PathBuf)>,
    /// Never use the network: URLs must be answered by a --map folder.
    #[arg(long)]
    pub offline: bool,
    /// Also check that the badge was awarded to this e-mail address.
    #[arg(long, value_name = "EMAIL")]
    pub recipient: Option<String>,
}

fn parse_map(text: &str) -> std::result::Result<(String, PathBuf), String> {
    let (url, dir) = text.split_once('=').ok_or("expected URL=DIR")?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("`{url}` is not an http(s) URL"));
    }
    Ok((url.to_string(), PathBuf::from(dir)))
}

impl VerifyArgs {
    /// Verifies and reports check by check, then the verdict.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let options =
            VerifyOptions { maps: self.map.clone(), network: !self.offline, now, recipient: self.recipient.clone() };
        let verdict = rosette::verify::verify(&self.input, &options)?;
        let mut summary = format!("{}\n  {}\n", verdict.kind, verdict.id);
        for check in &verdict.checks {
            let mark = match check.status {
                Status::Passed => "ok  ",
                Status::Failed => "FAIL",
                Status::Unchecked => "??  ",
            };
            summary.push_str(&format!("  {mark} {}\n", check.label));
        }
        let unchecked = verdict.checks.iter().filter(|c| c.status == Status::Unchecked).count();
        let (line, code) = match verdict.conclusion() {
            Conclusion::Valid => ("VALID".to_string(), None),
            Conclusion::Invalid => ("NOT VALID".to_string(), None),
            Conclusion::CouldNotCheck => (self.could_not_check(unchecked), Some(COULD_NOT_CHECK)),
        };
        summary.push_str(&line);
        Ok(Outcome { summary, failed: !verdict.valid(), code, ..Outcome::default() })
    }

    /// The verdict when checks could not be made: how many (marked `??`), that this says
    /// nothing against the badge, and how to check without the network.
    fn could_not_check(&self, unchecked: usize) -> String {
        let checks = counted(unchecked, "check", "checks");
        let help = if self.map.is_empty() {
            "help: to check a site that is built but not (or not yet) online, read its URLs from its \
             published folder: --map URL=DIR, e.g. --map https://acme.github.io/badges/=public"
        } else {
            "help: is a --map folder the right one? It must hold the site as published at its URL \
             (the output of `rosette build`)"
        };
        format!(
            "COULD NOT CHECK: {checks} marked ?? could not be made (a document could not be fetched or read); \
             no check failed\n  {help}"
        )
    }
}

//! `rosette verify`.

use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;

use super::Outcome;
use rosette::error::Result;
use rosette::verify::VerifyOptions;

/// `rosette verify <FILE|URL> [--map URL=DIR]... [--recipient EMAIL]`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A credential or assertion: a JSON file, or a URL.
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
    /// Verifies and reports check by check.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let options =
            VerifyOptions { maps: self.map.clone(), network: !self.offline, now, recipient: self.recipient.clone() };
        let verdict = rosette::verify::verify(&self.input, &options)?;
        let mut summary = format!(
            "{}
  {}
",
            verdict.kind, verdict.id
        );
        for check in &verdict.checks {
            summary.push_str(&format!("  {} {}\n", if check.ok { "ok  " } else { "FAIL" }, check.label));
        }
        let valid = verdict.valid();
        summary.push_str(if valid { "VALID" } else { "NOT VALID" });
        Ok(Outcome { summary, failed: !valid, ..Outcome::default() })
    }
}

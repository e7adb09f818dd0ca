//! `rosette unbake`: prints what a baked badge image (PNG or SVG) holds.
//!
//! Stdout gets exactly the embedded text, so `rosette unbake badge.png > credential.json`
//! gives back the published file byte for byte. When an image holds both an OB 3.0
//! credential and an OB 2.0 assertion, the credential is printed by default: it is the one
//! that verifies on its own, without the issuer's web site.

use std::path::PathBuf;

use clap::Args;

use super::Outcome;
use rosette::bake::{self, Baked};
use rosette::error::{Error, Result};

/// `rosette unbake <FILE> [--ob2 | --ob3]`.
#[derive(Debug, Args)]
pub struct UnbakeArgs {
    /// A baked badge image: PNG or SVG.
    pub file: PathBuf,
    /// Print the Open Badges 2.0 assertion.
    #[arg(long, conflicts_with = "ob3")]
    pub ob2: bool,
    /// Print the Open Badges 3.0 credential (the default when the image holds both).
    #[arg(long)]
    pub ob3: bool,
}

impl UnbakeArgs {
    /// Extracts and returns the chosen text as the summary.
    pub fn run(&self) -> Result<Outcome> {
        let path = self.file.display();
        let bytes = std::fs::read(&self.file).map_err(|e| Error::io("cannot read", &self.file, e))?;
        let baked = bake::extract(&bytes).map_err(|e| Error::failed(path.to_string(), e))?;
        let (text, notes) =
            choose(baked, self.ob2, self.ob3).map_err(|why| Error::Refused(format!("{path}: {why}")))?;
        // `main` prints the summary with a newline of its own; the JSON files end with one.
        let summary = text.strip_suffix('\n').unwrap_or(&text).to_string();
        Ok(Outcome { summary, notes, ..Outcome::default() })
    }
}

/// The text asked for, and a note when another one was left out.
fn choose(baked: Baked, ob2: bool, ob3: bool) -> std::result::Result<(String, Vec<String>), String> {
    match (baked.ob2, baked.ob3) {
        (Some(text), _) if ob2 => Ok((text, Vec::new())),
        (None, _) if ob2 => Err("it holds no Open Badges 2.0 assertion".into()),
        (_, Some(text)) if ob3 => Ok((text, Vec::new())),
        (_, None) if ob3 => Err("it holds no Open Badges 3.0 credential".into()),
        (Some(_), Some(text)) => {
            Ok((text, vec!["note: the image also holds an Open Badges 2.0 assertion; --ob2 prints it".into()]))
        }
        (None, Some(text)) | (Some(text), None) => Ok((text, Vec::new())),
        (None, None) => Err("it holds no Open Badges data (no baked assertion or credential)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baked(ob2: Option<&str>, ob3: Option<&str>) -> Baked {
        Baked { ob2: ob2.map(str::to_string), ob3: ob3.map(str::to_string) }
    }

    #[test]
    fn the_credential_is_the_default_and_flags_pick() {
        let both = || baked(Some("two"), Some("three"));
        let (text, notes) = choose(both(), false, false).unwrap();
        assert_eq!((text.as_str(), notes.len()), ("three", 1));
        assert_eq!(choose(both(), true, false).unwrap().0, "two");
        assert_eq!(choose(both(), false, true).unwrap().0, "three");
        assert_eq!(choose(baked(Some("two"), None), false, false).unwrap(), ("two".into(), vec![]));
        assert!(choose(baked(Some("two"), None), false, true).unwrap_err().contains("3.0"));
        assert!(choose(baked(None, Some("three")), true, false).unwrap_err().contains("2.0"));
        assert!(choose(baked(None, None), false, false).is_err());
    }
}

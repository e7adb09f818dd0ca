//! `rosette keygen`.

use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;

use super::{Outcome, SIGNING_KEY_VARIABLE};
use rosette::error::Result;
use rosette::keygen::SecretDestination;

/// `rosette keygen [DIR] (--secret-file FILE | --print-secret) [--id ID]`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("secret").required(true).args(["secret_file", "print_secret"])))]
pub struct KeygenArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write the secret key (PKCS#8 PEM, mode 0600) to this new file, outside the site folder.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// Print the secret key on standard output, to paste into a CI secret.
    #[arg(long)]
    pub print_secret: bool,
    /// Key id, the name of the public key file (default: key-<date>).
    #[arg(long)]
    pub id: Option<String>,
}

impl KeygenArgs {
    /// Makes the key.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let destination = match &self.secret_file {
            Some(path) => SecretDestination::File(path),
            None => SecretDestination::Return,
        };
        let key = rosette::keygen::keygen(&self.dir, self.id.as_deref(), destination, now)?;
        let summary = key.secret_pem.as_deref().map(|pem| pem.trim_end().to_string()).unwrap_or_default();
        let secret = match &self.secret_file {
            Some(path) => format!("the secret key is in {} (mode 0600): keep it safe, never commit it", path.display()),
            None => format!(
                "the secret key was printed on standard output: store it as the {SIGNING_KEY_VARIABLE} secret of your CI"
            ),
        };
        let notes = vec![
            format!("new signing key `{}`: {}", key.id, key.public_multibase),
            format!("public key written to {} (commit it)", key.public_file.display()),
            secret,
        ];
        Ok(Outcome { summary, notes, ..Outcome::default() })
    }
}

//! `rosette keygen`: the site's first key, or a rotation signed by the current key.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;

use super::build::signing_key;
use super::{Outcome, SIGNING_KEY_VARIABLE, SiteFolder};
use rosette::error::{Error, Result};

/// `rosette keygen [--site DIR] (--secret-file FILE | --print-secret) [--id ID] [--rotate [--key-file FILE]]`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("secret").required(true).args(["secret_file", "print_secret"])))]
pub struct KeygenArgs {
    /// Where the site is.
    #[command(flatten)]
    pub site: SiteFolder,
    /// Write the secret key (PKCS#8 PEM, mode 0600) to this new file, outside the site folder.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// Print the secret key on standard output, to paste into a CI secret.
    #[arg(long)]
    pub print_secret: bool,
    /// Key id, the name of the public key file (default: key-<date>).
    #[arg(long)]
    pub id: Option<String>,
    /// Replace the current key: the new key is signed by it (required once keys/ has a key).
    #[arg(long)]
    pub rotate: bool,
    /// With --rotate: the current secret key (default: the ROSETTE_SIGNING_KEY variable).
    #[arg(long, value_name = "FILE", requires = "rotate")]
    pub key_file: Option<PathBuf>,
}

impl KeygenArgs {
    /// Makes the key: the secret goes out first, the public key file is written last.
    pub fn run(&self, now: Timestamp) -> Result<Outcome> {
        let dir = self.site.locate()?;
        if let Some(path) = &self.secret_file {
            // Said first: whatever else is wrong, a secret never goes into the site.
            rosette::keygen::refuse_inside(path, &dir)?;
        }
        let current = if self.rotate {
            let key = signing_key(self.key_file.as_deref(), &dir, &dir)?;
            Some(key.ok_or_else(|| {
                Error::Refused(format!(
                    "--rotate needs the current secret key: pass --key-file FILE or set {SIGNING_KEY_VARIABLE}"
                ))
            })?)
        } else {
            None
        };
        let pending = rosette::keygen::prepare(&dir, self.id.as_deref(), current.as_ref(), now)?;
        let secret = match &self.secret_file {
            Some(path) => {
                pending.write_secret(path)?;
                format!("the secret key is in {} (mode 0600): keep it safe, never commit it", path.display())
            }
            None => {
                print_secret(pending.secret_pem(), pending.id())?;
                format!(
                    "the secret key was printed on standard output: store it as the {SIGNING_KEY_VARIABLE} secret of your CI"
                )
            }
        };
        let key = pending.write_public()?;
        let mut notes = vec![
            format!("new signing key `{}`: {}", key.id, key.public_multibase),
            format!("public key written to {} (commit it)", rosette::paths::shown(&key.public_file).display()),
            secret,
        ];
        if let Some(signer) = &key.signed_by {
            notes.push(format!(
                "signed by key `{signer}`: build with the new secret from now on, and keep `{signer}`'s file"
            ));
        }
        Ok(Outcome { notes, ..Outcome::default() })
    }
}

/// Prints the secret whole, or fails: unlike other output, a secret that did not reach its
/// reader (a closed pipe) is a failure, and then no public key file is written.
fn print_secret(pem: &str, id: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(pem.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::failed(format!("cannot print the secret key, so key `{id}` was not added to keys/"), e))
}

//! `rosette keygen`: a new Ed25519 signing key for the site.
//!
//! The public half goes into the site as `keys/<key-id>.toml` (with its creation date, so
//! rotations keep a history); the secret half goes once to a file the user names outside the
//! site folder (mode 0600, PKCS#8 v1 PEM, never overwritten) or to standard output for a CI
//! secret. Like `award`, this command draws randomness; the library does nowhere else.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::proof::SigningKey;
use crate::source::layout;

/// Where the secret key goes.
pub enum SecretDestination<'a> {
    /// A new file (must not exist; must be outside the site folder).
    File(&'a Path),
    /// Handed back to the caller, to print for a CI secret.
    Return,
}

/// What keygen made.
pub struct NewKey {
    /// The key id (file name in keys/).
    pub id: String,
    /// The public key file written.
    pub public_file: PathBuf,
    /// The Multikey of the public key.
    pub public_multibase: String,
    /// The secret as PEM, when it was not written to a file.
    pub secret_pem: Option<Zeroizing<String>>,
}

/// Generates a key for the site in `site_dir`; `id` defaults to `key-<date>`.
pub fn keygen(site_dir: &Path, id: Option<&str>, secret: SecretDestination<'_>, now: Timestamp) -> Result<NewKey> {
    layout::require_site(site_dir)?;
    let id = match id {
        Some(id) if crate::model::rules::is_safe_id(id) => id.to_string(),
        Some(id) => {
            return Err(Error::Refused(format!("`{id}` cannot be a key id: {}", crate::model::rules::id_problem(id))));
        }
        None => free_id(site_dir, now),
    };
    let public_file = layout::key_path(site_dir, &id);
    if layout::key_taken(site_dir, &id) {
        return Err(Error::Refused(format!("{} already exists; choose another --id", public_file.display())));
    }
    if let SecretDestination::File(path) = secret {
        refuse_inside(path, site_dir)?;
    }
    let key = SigningKey::generate().map_err(|e| Error::failed("cannot generate a key", e))?;
    let pem = key.to_pkcs8_pem();
    let public_multibase = key.public_key().to_multibase();
    // Write the secret first: if that fails, no public key without its secret is left behind.
    let secret_pem = match secret {
        SecretDestination::File(path) => {
            write_secret(path, &pem)?;
            None
        }
        SecretDestination::Return => Some(pem),
    };
    if let Some(keys_dir) = public_file.parent() {
        fs::create_dir_all(keys_dir).map_err(|e| Error::io("cannot create", keys_dir, e))?;
    }
    let date = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let text = format!(
        "# Public signing key of this site, made by `rosette keygen`. The secret key is not here.\n\
         # Keep this file after rotating keys: credentials signed with it keep verifying.\n\
         # If the secret leaked, add `revoked = <date>`: nothing will verify with it any more.\n\
         public_key = \"{public_multibase}\"\ncreated = {date}\n"
    );
    write_public(&public_file, &text)?;
    Ok(NewKey { id, public_file, public_multibase, secret_pem })
}

/// `key-<date>`, or `key-<date>-2`, `-3`… when a key was already made that day.
fn free_id(site_dir: &Path, now: Timestamp) -> String {
    let date = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let base = format!("key-{date}");
    let mut id = base.clone();
    let mut n = 2;
    while layout::key_taken(site_dir, &id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Refuses a secret-key path inside `folder` (where it could be committed or published).
pub fn refuse_inside(path: &Path, folder: &Path) -> Result<()> {
    if crate::paths::is_inside(path, folder) {
        return Err(Error::Refused(format!(
            "refusing a secret key file inside {}: it could be committed or published; keep it outside the site folder",
            crate::paths::resolved(folder).display()
        )));
    }
    Ok(())
}

fn write_secret(path: &Path, pem: &str) -> Result<()> {
    let mut file = crate::paths::create_private(path).map_err(|e| Error::io("cannot create", path, e))?;
    file.write_all(pem.as_bytes()).map_err(|e| Error::io("cannot write", path, e))
}

fn write_public(path: &Path, text: &str) -> Result<()> {
    let mut file = fs::File::create_new(path).map_err(|e| Error::io("cannot create", path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| Error::io("cannot write", path, e))
}

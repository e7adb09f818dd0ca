//! `rosette keygen`: a new Ed25519 signing key for the site.
//!
//! The public half goes into the site as `keys/<key-id>.toml` (with its creation date, so
//! rotations keep a history); the secret half goes once to a file the user names outside the
//! site folder (mode 0600, PKCS#8 v1 PEM, never overwritten) or to standard output for a CI
//! secret. Like `award`, this command draws randomness; the library does nowhere else.
//!
//! The site's first key is its root. Every later key is a rotation (`--rotate`): the secret
//! of a key of the site signs the new key's link (`signed_by`, `signature`), without which
//! the build refuses the key (see `model::key`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use zeroize::Zeroizing;

use crate::error::{Diagnostics, Error, Result};
use crate::proof::{KeyLink, PublicKey, SigningKey};
use crate::source::layout;

/// A key made and checked, not yet written: the caller puts the secret somewhere safe
/// first (a file, or standard output), and only then commits the public half with
/// [`PendingKey::write_public`]. So a secret that could not be delivered (a closed pipe, a
/// full disk) never leaves a public key in `keys/` that nobody can sign with.
pub struct PendingKey {
    id: String,
    public_file: PathBuf,
    public_multibase: String,
    signed_by: Option<String>,
    secret_pem: Zeroizing<String>,
    text: String,
    site_dir: PathBuf,
}

/// What keygen made.
pub struct NewKey {
    /// The key id (file name in keys/).
    pub id: String,
    /// The public key file written.
    pub public_file: PathBuf,
    /// The Multikey of the public key.
    pub public_multibase: String,
    /// The key that signed its link (`--rotate`); `None` for the site's root key.
    pub signed_by: Option<String>,
}

/// Makes a key for the site in `site_dir`; `id` defaults to `key-<date>`. The site's first key
/// is its root; any later key must be a rotation: `current` is the secret of a key of the
/// site, which signs the new key's link (see [`crate::proof::KeyLink`]). Writes nothing.
pub fn prepare(site_dir: &Path, id: Option<&str>, current: Option<&SigningKey>, now: Timestamp) -> Result<PendingKey> {
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
    let date = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    // The moment the model reads from `created = <date>`: the link signs exactly that.
    let created = crate::model::rules::date(&date.to_string())
        .map_err(|problem| Error::Refused(format!("cannot date the key: {}", problem.message)))?;
    let signer = signer(site_dir, current, created)?;
    let key = SigningKey::generate().map_err(|e| Error::failed("cannot generate a key", e))?;
    let public = key.public_key();
    let public_multibase = public.to_multibase();
    let mut text = String::from(
        "# Public signing key of this site, made by `rosette keygen`. The secret key is not here.\n\
         # Keep this file after rotating keys: credentials signed with it keep verifying.\n\
         # If the secret leaked, add `revoked = <date>`: nothing will verify with it any more.\n",
    );
    if signer.is_some() {
        text.push_str(
            "# `signed_by` and `signature` link it to the key before it; without them the build refuses it.\n",
        );
    }
    text.push_str(&format!("public_key = \"{public_multibase}\"\ncreated = {date}\n"));
    let signed_by = signer.map(|(signer_id, signer_key)| {
        let link = KeyLink { id: &id, public_key: &public, created, signed_by: &signer_id };
        text.push_str(&format!("signed_by = \"{signer_id}\"\nsignature = \"{}\"\n", link.sign(signer_key)));
        signer_id
    });
    Ok(PendingKey {
        id,
        public_file,
        public_multibase,
        signed_by,
        secret_pem: key.to_pkcs8_pem(),
        text,
        site_dir: site_dir.to_path_buf(),
    })
}

impl PendingKey {
    /// The new key's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The secret key as PKCS#8 v1 PEM, to print for a CI secret.
    pub fn secret_pem(&self) -> &str {
        &self.secret_pem
    }

    /// Writes the secret to a new file outside the site folder (mode 0600, never overwritten).
    pub fn write_secret(&self, path: &Path) -> Result<()> {
        refuse_inside(path, &self.site_dir)?;
        let mut file = crate::paths::create_private(path).map_err(|e| Error::io("cannot create", path, e))?;
        file.write_all(self.secret_pem.as_bytes()).map_err(|e| Error::io("cannot write", path, e))
    }

    /// Writes `keys/<id>.toml`: call it once the secret is safe.
    pub fn write_public(self) -> Result<NewKey> {
        let path = &self.public_file;
        if let Some(keys_dir) = path.parent() {
            fs::create_dir_all(keys_dir).map_err(|e| Error::io("cannot create", keys_dir, e))?;
        }
        let mut file = fs::File::create_new(path).map_err(|e| Error::io("cannot create", path, e))?;
        file.write_all(self.text.as_bytes()).map_err(|e| Error::io("cannot write", path, e))?;
        let PendingKey { id, public_file, public_multibase, signed_by, .. } = self;
        Ok(NewKey { id, public_file, public_multibase, signed_by })
    }
}

/// The key that signs the new key's link: none for the site's first key (its root); for any
/// later key, the key of `keys/` whose secret is `current`. Refuses what the build would
/// refuse, so keygen never writes a key the site cannot publish.
fn signer<'k>(
    site_dir: &Path,
    current: Option<&'k SigningKey>,
    created: Timestamp,
) -> Result<Option<(String, &'k SigningKey)>> {
    // Problems of the site's files are `rosette check`'s to report; only the keys matter here.
    let mut ignored = Diagnostics::default();
    let keys = crate::source::read(site_dir, &mut ignored)?.keys;
    let Some(current) = current else {
        if keys.is_empty() {
            return Ok(None);
        }
        let ids: Vec<String> = keys.iter().map(|k| format!("`{}`", k.id)).collect();
        return Err(Error::Refused(format!(
            "the site already has signing keys ({}): a new key must be signed by a key of the site, or the build \
             refuses it; run `rosette keygen --rotate --key-file <current secret key>` (or set ROSETTE_SIGNING_KEY)",
            ids.join(", ")
        )));
    };
    if keys.is_empty() {
        return Err(Error::Refused(
            "--rotate signs the new key with a key of the site, but keys/ has none: make the site's first key \
             without --rotate"
                .into(),
        ));
    }
    let public = current.public_key();
    let written = |raw: &crate::source::raw::RawKey| PublicKey::from_multibase(raw.public_key.as_ref()?.get_ref()).ok();
    let Some(entry) = keys.iter().find(|k| written(&k.value) == Some(public)) else {
        return Err(Error::Refused(format!(
            "the secret key given to --rotate belongs to no key in keys/ (its public key is {}): give the secret \
             of the site's current key",
            public.to_multibase()
        )));
    };
    let id = &entry.id;
    if entry.value.revoked.is_some() {
        return Err(Error::Refused(format!(
            "key `{id}` is revoked, and a revoked key vouches for no new key: rotate with a current key (when a \
             secret leaks, rotate first, then add `revoked` to the old key)"
        )));
    }
    let signer_created = entry.value.created.as_ref().and_then(|c| match c.get_ref() {
        toml::Value::Datetime(datetime) => crate::model::rules::parse_date(&datetime.to_string()).ok(),
        toml::Value::String(text) => crate::model::rules::parse_date(text).ok(),
        _ => None,
    });
    if let Some(signer_created) = signer_created.filter(|c| *c > created) {
        return Err(Error::Refused(format!(
            "key `{id}` was created {signer_created}, after the new key's date ({created}); a key is vouched for \
             by an earlier key: check the clock (and SOURCE_DATE_EPOCH)"
        )));
    }
    Ok(Some((id.clone(), current)))
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

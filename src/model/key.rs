//! Public signing keys: from `keys/<key-id>.toml` to [`Key`].
//!
//! Only public keys live in the site folder. Every key ever used stays listed (with its
//! creation date) so that credentials signed before a rotation keep verifying; a key marked
//! `revoked` (compromised) is kept out of `assertionMethod`, so nothing verifies with it.

use super::{Key, field, usable_id};
use crate::error::Diagnostics;
use crate::proof::PublicKey;
use crate::source::Parsed;
use crate::source::raw::RawKey;

/// Resolves every key file, sorted by creation date (then id).
pub fn resolve_all(files: &[Parsed<RawKey>], diagnostics: &mut Diagnostics) -> Vec<Key> {
    let mut keys: Vec<Key> = files.iter().filter_map(|parsed| resolve(parsed, diagnostics)).collect();
    keys.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    for (i, key) in keys.iter().enumerate() {
        if let Some(twin) = keys[..i].iter().find(|k| k.public_key == key.public_key)
            && let Some(parsed) = files.iter().find(|p| p.id == key.id)
        {
            diagnostics.push(
                parsed
                    .error(format!("key `{}` is the same public key as `{}`", key.id, twin.id))
                    .with_help("remove one of the two files"),
            );
        }
    }
    keys
}

fn resolve(parsed: &Parsed<RawKey>, diagnostics: &mut Diagnostics) -> Option<Key> {
    let raw = &parsed.value;
    let id_ok = usable_id(parsed, "a key", diagnostics);
    let public_key = match &raw.public_key {
        Some(written) => PublicKey::from_multibase(written.get_ref().trim())
            .map_err(|e| {
                diagnostics.push(
                    parsed
                        .error_at(written, format!("`public_key` is not an Ed25519 Multikey: {e}"))
                        .with_help("it looks like z6Mk…; `rosette keygen` writes it"),
                );
            })
            .ok(),
        None => field::missing_key(parsed, "public_key", "`rosette keygen` writes key files", diagnostics),
    };
    let created = match &raw.created {
        Some(date) => field::date(parsed, date, diagnostics),
        None => field::missing_key(
            parsed,
            "created",
            "add the date the key was made, e.g. `created = 2026-01-15`",
            diagnostics,
        ),
    };
    let revoked = match &raw.revoked {
        Some(date) => Some(field::date(parsed, date, diagnostics)?),
        None => None,
    };
    Some(Key { id: id_ok.then(|| parsed.id.clone())?, public_key: public_key?, created: created?, revoked })
}

//! Public signing keys: from `keys/<key-id>.toml` to [`Key`], and the chain that makes them
//! trusted.
//!
//! Only public keys live in the site folder. Every key ever used stays listed (with its
//! creation date) so that credentials signed before a rotation keep verifying; a key marked
//! `revoked` (compromised) is kept out of `assertionMethod`, so nothing verifies with it.
//!
//! Every key listed in a DID document can sign credentials in the organisation's name, so a
//! key file in `keys/` is not enough: it must be vouched for. The first key of a site is its
//! root (trusted because it was there first); every other key carries a link, `signed_by`
//! (an earlier key) and `signature` (that key's signature over this key, see
//! [`crate::proof::KeyLink`]), which `rosette keygen --rotate` writes. A key is trusted when
//! its links lead to the root and every signature verifies; anything else is an error, so a
//! key added without the secret of a trusted key can never be published, even when
//! `check --base` was bypassed. A key revoked on a date vouches for no key created after it.

use super::{Key, field, usable_id};
use crate::error::{Diagnostic, Diagnostics};
use crate::proof::{KeyLink, PublicKey};
use crate::source::Parsed;
use crate::source::raw::RawKey;

/// How later keys are made, for the help texts.
const ROTATE: &str = "a maintainer adds keys with `rosette keygen --rotate --key-file <current secret key>`, which \
                      signs the new key with the current one";

/// Resolves every key file, sorted by creation date (then id); only keys whose chain leads
/// to the root are returned.
pub fn resolve_all(files: &[Parsed<RawKey>], diagnostics: &mut Diagnostics) -> Vec<Key> {
    let mut keys: Vec<(Key, &Parsed<RawKey>)> =
        files.iter().filter_map(|parsed| Some((resolve(parsed, diagnostics)?, parsed))).collect();
    keys.sort_by(|(a, _), (b, _)| (a.created, &a.id).cmp(&(b.created, &b.id)));
    for (i, (key, parsed)) in keys.iter().enumerate() {
        if let Some((twin, _)) = keys[..i].iter().find(|(k, _)| k.public_key == key.public_key) {
            diagnostics.push(
                parsed
                    .error(format!("key `{}` is the same public key as `{}`", key.id, twin.id))
                    .with_help("remove one of the two files"),
            );
        }
    }
    let trusted = Chain { keys: &keys, files, trusted: vec![None; keys.len()] }.judge(diagnostics);
    keys.into_iter().zip(trusted).filter(|(_, trusted)| *trusted).map(|((key, _), _)| key).collect()
}

/// The keys and what is known so far of each: `Some(true)` trusted, `Some(false)` refused.
struct Chain<'a> {
    keys: &'a [(Key, &'a Parsed<RawKey>)],
    files: &'a [Parsed<RawKey>],
    trusted: Vec<Option<bool>>,
}

/// What one key's own file says about it.
enum Link {
    /// The site's one root key.
    Root,
    /// A link that verifies, to the key at this index.
    To(usize),
    /// Refused (reported, unless it depends on a key whose own file is reported).
    Refused(Option<Diagnostic>),
}

impl Chain<'_> {
    /// Follows every key's links to the root; one diagnostic per broken link or circle.
    fn judge(mut self, diagnostics: &mut Diagnostics) -> Vec<bool> {
        for start in 0..self.keys.len() {
            let mut path: Vec<usize> = Vec::new();
            let mut at = start;
            let verdict = loop {
                if let Some(known) = self.trusted[at] {
                    break known;
                }
                if let Some(position) = path.iter().position(|i| *i == at) {
                    diagnostics.push(self.circle(&path[position..]));
                    break false;
                }
                path.push(at);
                match self.link(at) {
                    Link::Root => break true,
                    Link::To(signer) => at = signer,
                    Link::Refused(problem) => {
                        problem.into_iter().for_each(|p| diagnostics.push(p));
                        break false;
                    }
                }
            };
            path.into_iter().for_each(|i| self.trusted[i] = Some(verdict));
        }
        self.trusted.into_iter().map(|t| t == Some(true)).collect()
    }

    /// Checks the link written in key `index`'s own file.
    fn link(&self, index: usize) -> Link {
        let (key, parsed) = &self.keys[index];
        let raw = &parsed.value;
        let (signed_by, signature) = match (&raw.signed_by, &raw.signature) {
            (None, None) => return self.root(index),
            (Some(signed_by), Some(signature)) => (signed_by, signature),
            (Some(signed_by), None) => {
                return refused(
                    parsed
                        .error_at(signed_by, format!("key `{}` has `signed_by` but no `signature`", key.id))
                        .with_help(ROTATE),
                );
            }
            (None, Some(signature)) => {
                return refused(
                    parsed
                        .error_at(signature, format!("key `{}` has a `signature` but no `signed_by`", key.id))
                        .with_help(ROTATE),
                );
            }
        };
        let name = signed_by.get_ref().trim();
        let Some(signer) = self.keys.iter().position(|(k, _)| k.id == name) else {
            if self.files.iter().any(|f| f.id == name) {
                return Link::Refused(None); // its own file is reported
            }
            return refused(
                parsed
                    .error_at(signed_by, format!("key `{}` is signed by `{name}`, which is not a key in keys/", key.id))
                    .with_help(format!("{ROTATE}; a link to a key the site does not have vouches for nothing")),
            );
        };
        let by = &self.keys[signer].0;
        if by.created > key.created {
            let message = format!(
                "key `{}` (created {}) is signed by `{name}`, which was created later ({})",
                key.id, key.created, by.created
            );
            return refused(
                parsed
                    .error_at(signed_by, message)
                    .with_help(format!("a key is vouched for by an earlier key; {ROTATE}")),
            );
        }
        if let Some(revoked) = by.revoked.filter(|revoked| key.created > *revoked) {
            let message = format!(
                "key `{}` (created {}) is signed by `{name}`, which was revoked on {revoked}",
                key.id, key.created
            );
            return refused(parsed.error_at(signed_by, message).with_help(format!(
                "a revoked key vouches for no key created after its revocation (whoever stole it could make such \
                 links); sign the new key with a current key: {ROTATE}"
            )));
        }
        let link = KeyLink { id: &key.id, public_key: &key.public_key, created: key.created, signed_by: name };
        match link.verify(&by.public_key, signature.get_ref()) {
            Ok(()) => Link::To(signer),
            Err(problem) => refused(
                parsed.error_at(signature, format!("the `signature` of key `{}` does not verify: {problem}", key.id)).with_help(format!(
                    "the key file was changed after it was signed, or the link was not made with the secret of `{name}`: \
                     a key nobody trusted vouches for could sign credentials in the organisation's name; {ROTATE}"
                )),
            ),
        }
    }

    /// An unlinked key: the root when it is the only one.
    fn root(&self, index: usize) -> Link {
        let (key, parsed) = &self.keys[index];
        let others: Vec<String> = self
            .keys
            .iter()
            .filter(|(k, p)| k.id != key.id && p.value.signed_by.is_none() && p.value.signature.is_none())
            .map(|(k, _)| format!("`{}`", k.id))
            .collect();
        if others.is_empty() {
            return Link::Root;
        }
        let message = format!(
            "key `{}` has no link (`signed_by`, `signature`), and neither has {}: a site has exactly one root key",
            key.id,
            others.join(", ")
        );
        let diagnostic = match &parsed.value.public_key {
            Some(public_key) => parsed.error_at(public_key, message),
            None => parsed.error(message),
        };
        refused(diagnostic.with_help(format!(
            "{ROTATE}; remove any key file no maintainer made this way: whoever holds its secret could sign \
             credentials in the organisation's name"
        )))
    }

    /// Keys whose links go round without reaching the root (possible only among keys created
    /// the same day, as a link must point to a key no newer than itself).
    fn circle(&self, members: &[usize]) -> Diagnostic {
        let (key, parsed) = &self.keys[members[0]];
        let mut names: Vec<&str> = members.iter().map(|i| self.keys[*i].0.id.as_str()).collect();
        names.push(&key.id);
        let message = format!(
            "the links of key `{}` go round in a circle ({}) and never reach the root key",
            key.id,
            names.join(" → ")
        );
        let diagnostic = match &parsed.value.signed_by {
            Some(signed_by) => parsed.error_at(signed_by, message),
            None => parsed.error(message),
        };
        diagnostic.with_help(ROTATE)
    }
}

fn refused(diagnostic: Diagnostic) -> Link {
    Link::Refused(Some(diagnostic))
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

//! The recipient of an award as its file names them: a salted hash of their e-mail address
//! (the address itself must never be stored) or a URL, and whether their name is shown.

use super::{Identity, Recipient, field, recipient, rules};
use crate::error::Diagnostics;
use crate::source::Parsed;
use crate::source::raw::{RawAward, RawRecipient, Spanned};

/// How to store an e-mail recipient, for every problem with one: the rule of [`recipient`].
const HASH_HELP: &str = "store `hash = \"sha256$<hex>\"`, the SHA-256 of the trimmed, lower-cased address followed by the salt; `rosette award` writes it for you";

/// The `[recipient]` table: a salted e-mail hash or a URL, and the name shown when public.
pub(super) fn resolve_recipient(
    parsed: &Parsed<RawAward>,
    written: &Spanned<RawRecipient>,
    diagnostics: &mut Diagnostics,
) -> Option<Recipient> {
    let raw = written.get_ref();
    let identity = match (&raw.hash, &raw.salt, &raw.url) {
        (Some(hash), salt, None) => email_hash(parsed, hash, salt.as_ref(), diagnostics),
        (None, Some(salt), None) => {
            diagnostics.push(parsed.error_at(salt, "`salt` without `hash`").with_help(HASH_HELP));
            None
        }
        (None, salt, Some(url)) => {
            if let Some(salt) = salt {
                diagnostics.push(parsed.error_at(salt, "`salt` is only used with `hash`").with_help("remove it"));
            }
            if rules::looks_like_email(url.get_ref().trim_start_matches("mailto:")) {
                diagnostics.push(parsed.error_at(url, "`url` holds a plain e-mail address").with_help(HASH_HELP));
                None
            } else {
                super::award::award_url(parsed, url, diagnostics).map(Identity::Url)
            }
        }
        (Some(_), _, Some(url)) => {
            diagnostics.push(
                parsed
                    .error_at(url, "a recipient has either `hash` or `url`, not both")
                    .with_help("keep the one verifiers should check"),
            );
            None
        }
        (None, None, None) => {
            diagnostics.push(
                parsed
                    .error_at(written, "the recipient has no identity")
                    .with_help("add `hash` and `salt` (a hashed e-mail) or `url` (e.g. a GitHub profile)"),
            );
            None
        }
    };
    // Shown on the award page when public: a name people trust, never blank.
    let name = raw.name.as_ref().and_then(|name| field::name(parsed, name, "name", diagnostics));
    if let (Some(name), Some(written_name)) = (&name, &raw.name)
        && rules::looks_like_email(name)
    {
        diagnostics.push(
            parsed
                .error_at(written_name, "`name` holds an e-mail address")
                .with_help("use the recipient's name, or leave it out"),
        );
        return None;
    }
    let public = raw.public.as_ref().is_some_and(|p| *p.get_ref());
    // A name that was written but refused is reported already.
    if public
        && raw.name.is_none()
        && let Some(flag) = &raw.public
    {
        diagnostics.push(
            parsed
                .error_at(flag, "`public = true` but there is no `name` to show")
                .with_help("add `name = \"…\"` or remove `public`")
                .as_warning(),
        );
    }
    Some(Recipient { identity: identity?, public_name: name.filter(|_| public) })
}

/// A hashed e-mail identity: the hash in the form of [`recipient::is_hash`], with a salt.
fn email_hash(
    parsed: &Parsed<RawAward>,
    hash: &Spanned<String>,
    salt: Option<&Spanned<String>>,
    diagnostics: &mut Diagnostics,
) -> Option<Identity> {
    let value = hash.get_ref().trim();
    if rules::looks_like_email(value) {
        diagnostics.push(
            parsed
                .error_at(hash, "`hash` holds a plain e-mail address, which must never be stored")
                .with_help(HASH_HELP),
        );
        return None;
    }
    if !recipient::is_hash(value) {
        diagnostics.push(
            parsed.error_at(hash, "`hash` must be `sha256$` followed by 64 lower-case hex digits").with_help(HASH_HELP),
        );
        return None;
    }
    let Some(salt) = salt else {
        diagnostics.push(parsed.error_at(hash, "a hashed recipient needs a `salt`").with_help(
            "unsalted e-mail hashes can be reversed by guessing addresses; re-create the award with `rosette award`",
        ));
        return None;
    };
    let salt_text = match rules::salt(salt.get_ref()) {
        Ok(salt) => salt,
        Err(problem) => {
            diagnostics.push(field::problem_at(parsed, salt, problem));
            return None;
        }
    };
    if salt_text.len() < rules::SALT_MIN_DIGITS {
        diagnostics.push(
            parsed
                .error_at(salt, format!("`salt` is shorter than {} characters", rules::SALT_MIN_DIGITS))
                .with_help("short salts make the hash easier to reverse")
                .as_warning(),
        );
    }
    Some(Identity::EmailHash { hash: value.to_string(), salt: salt_text.to_string() })
}

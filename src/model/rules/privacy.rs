//! No plain e-mail address anywhere in an award: every published field of an award file is
//! searched, URLs included (their user part, path, query and fragment, percent-decoded, so
//! `?to=ada%40example.org` is found), and a salt must be hex, as the random salt `rosette
//! award` writes is, never something else a contributor chose (an address, a name).
//!
//! A salt shorter than [`SALT_MIN_DIGITS`] is only warned about: a published award's salt
//! cannot change without changing its hash (which `check --base` refuses), so refusing the
//! short hex salts that sites already hold would make them impossible to build.

use super::{Problem, find_email};

/// The fewest hex digits of a salt without a warning; `rosette award` writes 32.
pub const SALT_MIN_DIGITS: usize = 16;

/// A salt: lower-case hex digits (see [`SALT_MIN_DIGITS`] for how many).
pub fn salt(written: &str) -> Result<&str, Problem> {
    let help = "`rosette award` writes a random salt of 32 lower-case hex digits; re-create the award with it";
    if find_email(written).is_some() {
        return Err(Problem::new("`salt` holds an e-mail address, which must never be stored", help));
    }
    if written.is_empty() || !written.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(Problem::new("`salt` must be lower-case hex digits (0-9, a-f)", help));
    }
    Ok(written)
}

/// A URL of an award (evidence, recipient) must not carry an e-mail address anywhere.
pub fn no_email_in_url(url: &str) -> Result<(), Problem> {
    let searched = match url::Url::parse(url) {
        Ok(parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            return Err(Problem::new(
                "the URL has a user part (`…@` before the host)",
                "award pages are public; remove the user name or address from the link",
            ));
        }
        Ok(parsed) => {
            [parsed.path(), parsed.query().unwrap_or_default(), parsed.fragment().unwrap_or_default()].join(" ")
        }
        Err(_) => url.to_string(),
    };
    match email_in(&decoded(&searched)) {
        Some(address) => Err(Problem::new(
            format!("the URL contains the e-mail address `{address}`"),
            "award pages are public; remove the address from the link",
        )),
        None => Ok(()),
    }
}

/// The first e-mail address of text where URL separators also split words.
fn email_in(text: &str) -> Option<&str> {
    text.split(['/', '?', '&', '=', '#', '+', ':', ';', ','].as_slice()).find_map(find_email)
}

/// Percent-decoding, repeated while it changes something (`%2540` is `%40` is `@`), bounded.
fn decoded(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let next = crate::escape::percent_decode_lossy(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salts_are_the_hex_award_writes() {
        assert_eq!(salt("0123456789abcdef0123"), Ok("0123456789abcdef0123"));
        assert_eq!(
            salt("ada@example.org").unwrap_err().message,
            "`salt` holds an e-mail address, which must never be stored"
        );
        assert_eq!(
            salt("0123456789ABCDEF0123").unwrap_err().message,
            "`salt` must be lower-case hex digits (0-9, a-f)"
        );
        assert_eq!(salt("abc123"), Ok("abc123"), "short: a warning of the model, not an error");
        assert!(salt("").is_err());
    }

    #[test]
    fn emails_are_found_anywhere_in_a_url() {
        for url in [
            "https://example.org/?to=ada@example.org",
            "https://example.org/?to=ada%40example.org",
            "https://example.org/?to=ada%2540example.org",
            "https://example.org/#ada@example.org",
            "https://example.org/users/ada@example.org/work",
            "https://ada@example.org/",
            "mailto:ada@example.org",
        ] {
            assert!(no_email_in_url(url).is_err(), "{url}");
        }
        assert_eq!(
            no_email_in_url("https://example.org/?to=ada%40example.org").unwrap_err().message,
            "the URL contains the e-mail address `ada@example.org`"
        );
        assert!(no_email_in_url("https://github.com/ada/engine?tab=readme#usage").is_ok());
        assert!(no_email_in_url("https://example.org/@ada").is_ok());
    }
}

//! What `verify` says of an input that is no badge: what it is, what verify takes, and, for an
//! award page, the command that verifies its credential.

use std::path::Path;

use rosette_verify::check::Refusal;

use crate::error::{Diagnostic, Error};

/// The error for a refused input `input` (a file path or URL) whose bytes are `bytes`.
pub(super) fn refused(input: &str, refusal: Refusal, bytes: &[u8]) -> Error {
    match refusal {
        Refusal::NotABadge { what } => not_a_badge(input, what, bytes),
        Refusal::NotJson(why) => Error::Refused(format!("{input} is not valid JSON: {why}")),
        Refusal::NotJws(why) => Error::Refused(format!("{input} is not a valid JWS: {why}")),
        Refusal::Unbaked(why) => Error::Refused(format!("{input}: {why}")),
        Refusal::Url(why) => Error::Refused(why),
    }
}

/// What verify says of a file that is `what` (see `Kind::Other`) or a JSON document that is
/// no credential: what it is not, what verify takes, and where to go from an award page.
fn not_a_badge(input: &str, what: &'static str, bytes: &[u8]) -> Error {
    let message = Refusal::NotABadge { what }.to_string();
    let help = match credential_of_page(input, bytes) {
        Some(credential) => format!("this is an award page; verify its credential: rosette verify {credential}"),
        None => "give it an award's credential.json or ob2.json, or its badge.png or badge.svg, \
                 e.g. rosette verify public/awards/<id>/credential.json"
            .to_string(),
    };
    Error::Invalid(vec![Diagnostic::file_error(input, message).with_help(help)])
}

/// The credential an award page links to: the `credential.json` beside the page when the page
/// was given as a file and that file exists, else the link as written in the page, made
/// absolute with the page's canonical address (pages link their documents beside them).
fn credential_of_page(input: &str, bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let hrefs = |after: &'static str| text.split(after).skip(1).filter_map(|rest| rest.split('"').next());
    let link = hrefs("href=\"").find(|href| href.ends_with("/credential.json") || *href == "credential.json")?;
    let remote = input.starts_with("https://") || input.starts_with("http://");
    let beside = Path::new(input).with_file_name("credential.json");
    if !remote && beside.is_file() {
        return Some(beside.display().to_string());
    }
    let canonical = hrefs("<link rel=\"canonical\" href=\"").next().and_then(|c| url::Url::parse(c).ok());
    let absolute = match canonical {
        Some(page) => page.join(link).ok()?.to_string(),
        None => link.to_string(),
    };
    (absolute.starts_with("https://") || absolute.starts_with("http://")).then_some(absolute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_links_to_its_credential() {
        let page = b"<a href=\"https://x.example/awards/a/ob2.json\"></a>\
                     <a href=\"https://x.example/awards/a/credential.json\">";
        assert_eq!(
            credential_of_page("https://x.example/awards/a/", page).as_deref(),
            Some("https://x.example/awards/a/credential.json")
        );
        assert_eq!(credential_of_page("index.html", b"<a href=\"about.html\">"), None);
        assert_eq!(credential_of_page("index.html", b"<a href=\"credential.json\">"), None);
        // Award pages link their credential beside them; their canonical link says where.
        let page = b"<link rel=\"canonical\" href=\"https://x.example/awards/a/\"><a href=\"credential.json\">";
        assert_eq!(
            credential_of_page("/nowhere/index.html", page).as_deref(),
            Some("https://x.example/awards/a/credential.json")
        );
    }
}

//! What `rosette init` writes as an example and nobody should publish: the example
//! `base_url`, the example issuer's name, home page, address and description, and the starter
//! award to The Octocat (the README says to delete it before the first push: once published,
//! an award can only be revoked).
//!
//! `check`, `build` and `serve` warn about each, at its line; a signed build is a publication
//! (the publish workflow makes one with the real key), so it refuses them as errors. `init`
//! writes its examples from the constants below, so the two cannot drift apart.
//!
//! Everything is recognised by content, never by a comment (comments get deleted while the
//! values stay): the starter award is an award whose recipient is the Octocat's GitHub
//! profile and that still has init's recipient name or narrative, so a real award to that
//! profile (tests have some) is left alone.

use super::Problem;
use crate::error::Diagnostics;
use crate::source::SourceTree;

/// The `base_url` init writes when it is given none and the folder is not a GitHub clone.
pub const EXAMPLE_BASE_URL: &str = "https://example.github.io/badges/";
/// The issuer name init writes when it is given none.
pub const EXAMPLE_NAME: &str = "My Organisation";
/// The issuer home page init writes.
pub const EXAMPLE_URL: &str = "https://example.org/";
/// The issuer contact address init writes.
pub const EXAMPLE_EMAIL: &str = "badges@example.org";
/// The issuer description init writes.
pub const EXAMPLE_DESCRIPTION: &str = "Replace this with a sentence about your organisation.";
/// The recipient of init's starter award.
pub const STARTER_RECIPIENT_URL: &str = "https://github.com/octocat";
/// Its recipient's name.
pub const STARTER_RECIPIENT_NAME: &str = "The Octocat";
/// Its narrative.
pub const STARTER_NARRATIVE: &str = "Completed the introduction and the first exercise.";

/// Hosts that only ever serve as examples (RFC 2606 and GitHub's `example` account).
const EXAMPLE_HOSTS: [&str; 3] = ["example.org", "example.com", "example.net"];

/// Reports every placeholder of `source`: a warning, or, when `publishing`, an error. The
/// `base_url` of site.toml is left alone when `--base-url` replaces it (`base_url_given`).
pub fn check(source: &SourceTree, base_url_given: bool, publishing: bool, diagnostics: &mut Diagnostics) {
    let report = |diagnostic: crate::error::Diagnostic, problem: Problem| {
        let diagnostic = diagnostic.with_help(problem.help.unwrap_or_default());
        if publishing { diagnostic } else { diagnostic.as_warning() }
    };
    let message = |problem: &Problem| {
        if publishing {
            format!("{}; a signed build is a publication and refuses it", problem.message)
        } else {
            problem.message.clone()
        }
    };
    if let Some(site) = &source.site
        && let Some(url) = site.value.base_url.as_ref().filter(|_| !base_url_given)
        && let Err(problem) = base_url(url.get_ref())
    {
        diagnostics.push(report(site.error_at(url, message(&problem)), problem));
    }
    for issuer in &source.issuers {
        let raw = &issuer.value;
        let fields = [
            (&raw.name, issuer_name as fn(&str) -> Result<(), Problem>),
            (&raw.url, issuer_url),
            (&raw.email, issuer_email),
            (&raw.description, issuer_description),
        ];
        for (value, rule) in fields {
            if let Some(value) = value
                && let Err(problem) = rule(value.get_ref())
            {
                diagnostics.push(report(issuer.error_at(value, message(&problem)), problem));
            }
        }
    }
    for award in &source.awards {
        let raw = &award.value;
        let Some(recipient) = &raw.recipient else { continue };
        let recipient = recipient.get_ref();
        let Some(url) = &recipient.url else { continue };
        let name = recipient.name.as_ref().map(|n| n.get_ref().as_str());
        let narrative = raw.narrative.as_ref().map(|n| n.get_ref().as_str());
        if let Err(problem) = starter_award(url.get_ref(), name, narrative) {
            diagnostics.push(report(award.error_at(url, message(&problem)), problem));
        }
    }
}

/// The example address of init, or any address on `example.github.io`.
pub fn base_url(written: &str) -> Result<(), Problem> {
    let host = url::Url::parse(written.trim()).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    if host.as_deref() != Some("example.github.io") {
        return Ok(());
    }
    Err(Problem::new(
        "`base_url` is still the example that `rosette init` wrote",
        "set it to the address the site will be served at (on GitHub Pages: https://<user>.github.io/<repo>/); \
         it becomes part of every published credential",
    ))
}

fn issuer_name(written: &str) -> Result<(), Problem> {
    example(written.trim() == EXAMPLE_NAME, "name", "write the organisation's name")
}

fn issuer_url(written: &str) -> Result<(), Problem> {
    let host = url::Url::parse(written.trim()).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    example(host.is_some_and(|h| is_example_host(&h)), "url", "write the address of the organisation's home page")
}

fn issuer_email(written: &str) -> Result<(), Problem> {
    let domain = written.trim().rsplit_once('@').map(|(_, domain)| domain.to_ascii_lowercase());
    example(
        domain.is_some_and(|d| is_example_host(&d)),
        "email",
        "write a public contact address of the organisation (never a person's private one)",
    )
}

fn issuer_description(written: &str) -> Result<(), Problem> {
    example(
        written.trim() == EXAMPLE_DESCRIPTION,
        "description",
        "write a sentence about the organisation, or delete the line",
    )
}

/// The starter award: the Octocat's profile, with init's recipient name or narrative.
pub fn starter_award(url: &str, name: Option<&str>, narrative: Option<&str>) -> Result<(), Problem> {
    let profile = url.trim().trim_end_matches('/').to_ascii_lowercase();
    let profile = profile.strip_prefix("https://").or_else(|| profile.strip_prefix("http://")).unwrap_or(&profile);
    let octocat = matches!(profile, "github.com/octocat" | "www.github.com/octocat");
    let named = name.is_some_and(|n| n.trim().eq_ignore_ascii_case(STARTER_RECIPIENT_NAME));
    let told = narrative.is_some_and(|n| n.trim() == STARTER_NARRATIVE);
    if !(octocat && (named || told)) {
        return Ok(());
    }
    Err(Problem::new(
        "this is the starter award to The Octocat that `rosette init` wrote",
        "delete this file before the site is first published: once published, an award can only be revoked",
    ))
}

fn example(is_example: bool, key: &str, help: &str) -> Result<(), Problem> {
    if !is_example {
        return Ok(());
    }
    Err(Problem::new(format!("the issuer's `{key}` is still the example that `rosette init` wrote"), help))
}

fn is_example_host(host: &str) -> bool {
    EXAMPLE_HOSTS.iter().any(|example| host == *example || host.ends_with(&format!(".{example}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_examples_are_placeholders() {
        assert!(base_url(EXAMPLE_BASE_URL).is_err());
        assert!(base_url("https://Example.github.io/other/").is_err());
        assert!(base_url("https://acme.github.io/badges/").is_ok());
        assert!(issuer_name(EXAMPLE_NAME).is_err() && issuer_name("Acme").is_ok());
        assert!(issuer_url(EXAMPLE_URL).is_err() && issuer_url("https://www.example.com/x").is_err());
        assert!(issuer_url("https://club.example/").is_ok() && issuer_url("https://notexample.org/").is_ok());
        assert!(issuer_email(EXAMPLE_EMAIL).is_err() && issuer_email("hello@club.example").is_ok());
        assert!(issuer_description(EXAMPLE_DESCRIPTION).is_err());
    }

    #[test]
    fn the_starter_award_is_known_by_its_recipient_and_its_words() {
        let starter = |url, name, narrative| starter_award(url, name, narrative).is_err();
        assert!(starter(STARTER_RECIPIENT_URL, Some(STARTER_RECIPIENT_NAME), None));
        assert!(starter("https://GitHub.com/octocat/", None, Some(STARTER_NARRATIVE)));
        // A real award to that profile, with words of its own, is not the starter award.
        assert!(!starter(STARTER_RECIPIENT_URL, None, None));
        assert!(!starter(STARTER_RECIPIENT_URL, Some("Mona"), Some("Built a tool.")));
        assert!(!starter("https://github.com/ada", Some(STARTER_RECIPIENT_NAME), Some(STARTER_NARRATIVE)));
    }
}

//! Messages that used to mislead, as a user meets them: `verify` on a file that is no badge,
//! `verify` when a document cannot be fetched ("could not check", not "not valid"), what
//! `verify --help` promises, and the help lines of bad dates and missing images. Each test
//! asserts the exact text.

use std::path::{Path, PathBuf};

use crate::support::{fixture, rosette};

/// (exit code, stdout, stderr) of `rosette args`.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = rosette(args);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

/// The built golden site, published at `https://harbour-club.example/badges/`.
fn public() -> PathBuf {
    fixture("build_golden_site").join("expected")
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

const ACCEPTS: &str = "not a badge: verify takes an Open Badges 3.0 credential (JSON or VC-JWT) or 2.0 \
                       assertion (JSON or signed JWS), or a baked PNG or SVG badge image";
const GENERAL_HELP: &str = "give it an award's credential.json or ob2.json, or its badge.png or badge.svg, \
                            e.g. rosette verify public/awards/<id>/credential.json";

#[test]
fn messages_verify_says_what_a_file_is_when_it_is_no_badge() {
    let home = public().join("index.html");
    let (code, stdout, stderr) = run(&["verify", path(&home)]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    let said =
        format!("{}: error: an HTML page, {ACCEPTS}\n  help: {GENERAL_HELP}\nerror: 1 problem found\n", home.display());
    assert_eq!(stderr, said);

    // An award page: its credential is beside it.
    let award = public().join("awards/h4x9k2m7qa");
    let (code, _, stderr) = run(&["verify", path(&award.join("index.html"))]);
    assert_eq!(code, Some(1));
    let said = format!(
        "{}: error: an HTML page, {ACCEPTS}\n  help: this is an award page; verify its credential: \
         rosette verify {}\nerror: 1 problem found\n",
        award.join("index.html").display(),
        award.join("credential.json").display()
    );
    assert_eq!(stderr, said);

    // Told by content, not by name: a page saved as .svg, an award file saved as .png.
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("badge.svg");
    std::fs::copy(award.join("index.html"), &page).unwrap();
    let (code, _, stderr) = run(&["verify", path(&page)]);
    assert_eq!(code, Some(1));
    let said = format!(
        "{}: error: an HTML page, {ACCEPTS}\n  help: this is an award page; verify its credential: \
         rosette verify https://harbour-club.example/badges/awards/h4x9k2m7qa/credential.json\n\
         error: 1 problem found\n",
        page.display()
    );
    assert_eq!(stderr, said);
    let text = work.path().join("badge.png");
    std::fs::write(&text, "issued = 2025-01-15\n").unwrap();
    let (code, _, stderr) = run(&["verify", path(&text)]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        format!("{}: error: a text file, {ACCEPTS}\n  help: {GENERAL_HELP}\nerror: 1 problem found\n", text.display())
    );
    // JSON of another kind (a DID document) is named as such.
    let did = public().join("issuers/harbour/did.json");
    let (code, _, stderr) = run(&["verify", path(&did)]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(&format!(
            "{}: error: JSON that is neither an Open Badges 3.0 credential (VC 2.0 or 1.1 context) nor a 2.0 assertion, \
             {ACCEPTS}\n",
            did.display()
        )),
        "{stderr}"
    );
}

const OFFLINE_HELP: &str = "  help: to check a site that is built but not (or not yet) online, read its URLs from its \
                            published folder: --map URL=DIR, e.g. --map https://acme.github.io/badges/=public";

#[test]
fn messages_verify_could_not_check_is_not_invalid() {
    let award = |id: &str| public().join("awards").join(id).join("credential.json");
    let base = "https://harbour-club.example/badges";
    let offline = "--offline, and no --map folder answers it";
    let (code, stdout, stderr) = run(&["verify", "--offline", path(&award("h4x9k2m7qa"))]);
    assert_eq!((code, stderr.as_str()), (Some(2), ""), "{stdout}");
    let said = format!(
        "Open Badges 3.0 credential\n  {base}/awards/h4x9k2m7qa/credential.json\n\
         \x20 ok   type [\"VerifiableCredential\",\"OpenBadgeCredential\"]\n\
         \x20 ??   cannot resolve did:web:harbour-club.example:badges:issuers:harbour#harbour-2026: \
         cannot fetch {base}/issuers/harbour/did.json: {offline}\n\
         \x20 ok   valid from 2025-05-10T12:30:00Z\n\
         \x20 ??   cannot read the status list: cannot fetch {base}/issuers/harbour/status.json: {offline}\n\
         COULD NOT CHECK: 2 checks marked ?? could not be made (a document could not be fetched or read); \
         no check failed\n{OFFLINE_HELP}\n"
    );
    assert_eq!(stdout, said);

    // A URL that cannot be fetched at all.
    let url = format!("{base}/awards/h4x9k2m7qa/ob2.json");
    let (code, stdout, _) = run(&["verify", "--offline", &url]);
    assert_eq!(code, Some(2), "{stdout}");
    let said = format!(
        "Open Badges document\n  {url}\n  ??   cannot fetch the document to verify: cannot fetch {url}: {offline}\n\
         COULD NOT CHECK: 1 check marked ?? could not be made (a document could not be fetched or read); \
         no check failed\n{OFFLINE_HELP}\n"
    );
    assert_eq!(stdout, said);

    // A check that failed decides, even with others not made: expired is invalid.
    let (code, stdout, _) = run(&["verify", "--offline", path(&award("p8w3n5r1tz"))]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("\n  FAIL expired on 2025-01-10T00:00:00Z\n"), "{stdout}");
    assert!(stdout.ends_with("\nNOT VALID\n"), "{stdout}");

    // A --map folder that is not the published site.
    let empty = tempfile::tempdir().unwrap();
    let map = format!("{base}/={}", empty.path().display());
    let (code, stdout, _) = run(&["verify", "--offline", path(&award("h4x9k2m7qa")), "--map", &map]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stdout.ends_with(
            "\n  help: is a --map folder the right one? It must hold the site as published at its URL \
             (the output of `rosette build`)\n"
        ),
        "{stdout}"
    );
    let map = format!("{base}/={}", public().display());
    let (code, stdout, _) = run(&["verify", "--offline", path(&award("h4x9k2m7qa")), "--map", &map]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.ends_with("\nVALID\n") && !stdout.contains("??"), "{stdout}");
}

#[test]
fn messages_verify_help_names_baked_images_and_exit_codes() {
    let (code, stdout, _) = run(&["verify", "--help"]);
    assert_eq!(code, Some(0));
    for line in [
        "  <INPUT>  A credential or assertion (JSON) or a baked badge image (PNG or SVG): a file or a URL\n",
        "Takes an Open Badges 3.0 credential or 2.0 assertion (JSON), or a baked badge image (PNG or\n\
         SVG), whatever its file name; the credential baked into an image is verified (else its\n\
         assertion).\n",
        "Exit codes:\n  0  VALID: every check passed\n  1  NOT VALID: a check failed (signature, hash, revoked, \
         expired, ...), or the input is no badge\n  2  COULD NOT CHECK: a document a check needs could not be \
         fetched or read (offline, missing\n     from a --map folder); also a mistake on the command line\n",
    ] {
        assert!(stdout.contains(line), "verify --help lacks\n{line}\n{stdout}");
    }
}

#[test]
fn messages_invalid_dates_and_missing_images_say_how_to_fix_them() {
    let site = fixture("messages_invalid_dates_and_missing_images");
    let (code, stdout, stderr) = run(&["check", "--site", path(&site)]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    let date = "  help: write a date like 2025-03-14 or 2025-03-14T10:00:00Z";
    let relative = "(paths are relative to the folder of this file)";
    let at = |file: &str| site.join(file).display().to_string();
    let said = [
        format!("{}:1:10: error: `2025-13-45` is not a valid date\n{date}", at("awards/first-steps/aaaa111111.toml")),
        format!("{}:2:11: error: `tomorrow` is not a valid date\n{date}", at("awards/first-steps/aaaa111111.toml")),
        format!(
            "{}:1:10: error: invalid date, expected month between 01 and 12\n{date}",
            at("awards/first-steps/bbbb222222.toml")
        ),
        format!(
            "{}:5:9: error: image `first-step.svg` not found (looked for badges/first-step.svg)\n  \
             help: did you mean `first-steps.svg`? {relative}",
            at("badges/first-steps.md")
        ),
        format!(
            "{}:4:9: error: image `images/club-logo.png` not found (looked for issuers/images/club-logo.png)\n  \
             help: did you mean `images/club-logo.svg`? {relative}",
            at("issuers/club.toml")
        ),
        "error: 5 problems found\n".to_string(),
    ]
    .join("\n");
    assert_eq!(stderr, said);
}

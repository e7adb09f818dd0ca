//! `check` on invalid sites: every error class, with its exact text, all reported in one run.
//! Each fixture `tests/fixtures/<test>/` holds a site and `expected.txt`, the diagnostics
//! exactly as `rosette check` prints them.

use crate::support::{assert_golden_text, fixture, options, render_diagnostics};
use rosette::Error;

/// Checks the fixture named like the test and compares every diagnostic with expected.txt.
fn check_fixture(name: &str) {
    let site = fixture(name);
    let text = match rosette::check(&options(&site)) {
        Err(Error::Invalid(diagnostics)) => render_diagnostics(&diagnostics),
        Err(other) => panic!("{name}: expected diagnostics, got {other}"),
        Ok(report) => format!("OK\n{}", render_diagnostics(&report.warnings)),
    };
    assert_golden_text(&site.join("expected.txt"), &text);
}

#[test]
fn check_reports_syntax_and_unknown_keys() {
    check_fixture("check_reports_syntax_and_unknown_keys");
}

#[test]
fn check_reports_missing_keys_and_unknown_references() {
    check_fixture("check_reports_missing_keys_and_unknown_references");
}

#[test]
fn check_reports_invalid_values() {
    check_fixture("check_reports_invalid_values");
}

#[test]
fn check_refuses_plaintext_emails() {
    check_fixture("check_refuses_plaintext_emails");
}

#[test]
fn check_refuses_unsafe_and_duplicate_ids() {
    check_fixture("check_refuses_unsafe_and_duplicate_ids");
}

#[test]
fn check_refuses_unsafe_images() {
    check_fixture("check_refuses_unsafe_images");
}

#[test]
fn check_warns_but_passes() {
    check_fixture("check_warns_but_passes");
}

#[test]
fn check_passes_site_example() {
    let report = rosette::check(&options(&crate::support::repo().join("site-example"))).unwrap();
    assert!(report.warnings.is_empty(), "{}", render_diagnostics(&report.warnings));
    assert_eq!((report.counts.issuers, report.counts.badges), (2, 8));
    assert!(report.counts.awards >= 25);
}

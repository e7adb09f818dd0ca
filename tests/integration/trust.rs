//! Pages people trust and share (issue 12): plain share links (X, Facebook, e-mail), the embed
//! snippet, the printable certificate, the machine documents in one "For verifiers" section
//! after what recipients and employers read, and breadcrumbs that wrap.

use std::fs;
use std::path::Path;

use crate::support::{copy_tree, fixture, golden_key, options};
use rosette::output::OutputFile;

fn plan(site: &Path) -> Vec<OutputFile> {
    rosette::plan(&options(site), Some(&golden_key())).unwrap_or_else(|e| panic!("{e}: {e:?}")).0
}

fn text<'a>(plan: &'a [OutputFile], path: &str) -> &'a str {
    let file = plan.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is not in the output"));
    std::str::from_utf8(&file.bytes).unwrap()
}

/// Where `needle` is in `page` (it must be there).
fn at(page: &str, needle: &str) -> usize {
    page.find(needle).unwrap_or_else(|| panic!("no {needle} in {page}"))
}

/// The text of the `<textarea id="{id}">` of `page`, with tera's escapes undone.
fn textarea(page: &str, id: &str) -> String {
    let start = at(page, &format!("id=\"{id}\""));
    let start = start + page[start..].find('>').unwrap() + 1;
    let end = start + page[start..].find("</textarea>").unwrap();
    page[start..end].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

#[test]
fn trust_share_panel_is_plain_links_made_in_the_page() {
    // The panel is in awards/tools.html, once per site; rosette.js fills it with the award's
    // address, badge and issuer (the exact links, in Chromium: bake::the_share_panel_…).
    let plan = plan(&fixture("build_golden_site"));
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(valid.contains("<i data-tool=\"share\"></i>"));
    assert!(valid.contains("data-badge=\"First Program\" data-issuer=\"Harbour Coding Club\""));
    let tools = text(&plan, "awards/tools.html");
    assert!(tools.contains(
        "<p class=\"share-links\">Share via <a href=\"https://x.com/intent/post?url={page|url}\" rel=\"noopener\">X</a> \
         <a href=\"https://www.facebook.com/sharer/sharer.php?u={page|url}\" rel=\"noopener\">Facebook</a> \
         <a href=\"mailto:?subject={text:subject|url}&amp;body={page|url}\" data-text-subject=\"{badge}, an Open Badge from {issuer}\">\
         E-mail</a></p>"
    ));
    // The address wraps in a field of its own, with its copy button.
    assert_eq!(textarea(tools, "share-link"), "{page}");
    assert!(tools.contains("data-copy=\"share-link\" data-status=\"share-status\" data-done=\"Link copied.\""));
    assert_eq!(
        textarea(tools, "embed-code"),
        "<a href=\"{page}\"><img src=\"{image}\" alt=\"{badge}, an Open Badge issued by {issuer}\" width=\"120\" height=\"120\"></a>"
    );
    assert!(tools.contains(
        "<button class=\"button button-quiet\" type=\"button\" data-copy=\"embed-code\" data-status=\"embed-status\" \
         data-done=\"Code copied.\" data-failed=\"Could not copy: select the text and copy it yourself.\" hidden>"
    ));
    // Nothing from the networks is loaded: no script, no frame, no tracking parameter.
    for page in [valid, tools] {
        for absent in ["platform.twitter", "connect.facebook", "<iframe", "utm_"] {
            assert!(!page.contains(absent), "{absent}");
        }
    }
    // An expired award can still be shown off; a revoked one is not shared at all.
    assert!(text(&plan, "awards/p8w3n5r1tz/index.html").contains("<i data-tool=\"share\"></i>"));
    let revoked = text(&plan, "awards/r2d2c3po99/index.html");
    for absent in ["x.com", "facebook.com", "mailto:", "embed-code", "data-tool=\"share\"", "data-badge="] {
        assert!(!revoked.contains(absent), "a revoked award offers {absent}");
    }
}

#[test]
fn trust_hostile_badge_names_stay_text_in_the_page_data() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let badge = site.join("badges/first-program.md");
    let source = fs::read_to_string(&badge).unwrap();
    fs::write(&badge, source.replacen("name = \"First Program\"", r#"name = "Rock & \"Roll\" <b>+1</b>""#, 1)).unwrap();
    let plan = plan(&site);
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(valid.contains("data-badge=\"Rock &amp; &quot;Roll&quot; &lt;b&gt;+1&lt;/b&gt;\""), "{valid}");
    assert!(!valid.contains("<b>+1"), "the name is never markup on the page");
}

#[test]
fn trust_award_page_prints_as_a_certificate() {
    let plan = plan(&fixture("build_golden_site"));
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    // The button needs the script (window.print()): rosette.js puts it in from awards/tools.html.
    assert!(valid.contains("<i data-tool=\"print\"></i>"));
    assert!(text(&plan, "awards/tools.html").contains(
        "<template data-tool=\"print\"><button class=\"button button-quiet\" type=\"button\" data-print hidden>\
         <i class=\"icon i-file\"></i>\
         Print certificate</button></template>"
    ));
    assert!(valid.contains(
        "<p class=\"print-only\">Check that this certificate is genuine at \
         <strong>https://harbour-club.example/badges/awards/h4x9k2m7qa/</strong></p>"
    ));
    let anonymous = text(&plan, "awards/u7v8w9x0y1/index.html");
    assert!(anonymous.contains("Awarded to a recipient who chose not to be named publicly"));
    assert!(
        !text(&plan, "awards/r2d2c3po99/index.html").contains("data-tool=\"print\""),
        "a revoked award is no certificate"
    );

    let css = text(&plan, "static/rosette.css");
    assert!(css.contains("@page {\n  size: A4 landscape;\n  margin: 12mm;\n}"), "{css}");
    let certificate = &css[at(css, "@media print {\n  html,")..];
    for rule in [
        ".award {\n    position: relative;",
        "height: 180mm;",
        ".award :is(.actions, .layout-main, .verifiers, .status-valid, .share > :not(.wallet))",
        ".award .print-only {\n    display: block;",
    ] {
        assert!(certificate.contains(rule), "no {rule} in the print stylesheet");
    }
    assert!(css.contains(".print-only {\n  display: none;\n}"), "the verify line is for paper only");
    let js = text(&plan, "static/rosette.js");
    assert!(
        js.contains("window.addEventListener(\"beforeprint\", drawQrCodes);"),
        "the QR code is drawn before printing"
    );
    assert!(js.contains("document.querySelectorAll(\"button[data-print]\")") && js.contains("window.print();"));
}

#[test]
fn trust_documents_for_verifiers_come_after_what_people_read() {
    let plan = plan(&fixture("build_golden_site"));
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    let verifiers = at(valid, "<section class=\"block verify verifiers\" aria-labelledby=\"verify-heading\">");
    assert!(valid.contains(
        "For verifiers</h2>\n<p>Employers can check this award without trusting this page: \
         any Open Badges verifier reads these documents. <a href=\"/badges/verify/#documents\">What each document proves</a></p>"
    ));
    // Every document link and the jargon are there, and only there: after the share panel.
    for needle in [
        "<a class=\"json-link\" href=\"credential.json\"><i class=\"icon i-code\"></i>",
        "<a class=\"json-link\" href=\"ob2.json\">",
        "href=\"/badges/issuers/harbour/did.json\"",
        "Open Badges 2.0 assertion",
        "Issuer keys",
        "Award ID <code>h4x9k2m7qa</code>",
    ] {
        assert!(at(valid, needle) > verifiers, "{needle} is above the For verifiers section");
    }
    assert!(at(valid, "<i data-tool=\"share\"></i>") < verifiers && at(valid, "id=\"criteria-heading\"") < verifiers);

    let badge = text(&plan, "badges/first-program/index.html");
    let verifiers = at(badge, "<section class=\"block verify verifiers\" aria-labelledby=\"verify-heading\">");
    assert!(at(badge, "href=\"https://harbour-club.example/badges/badges/first-program/ob2.json\"") > verifiers);
    assert!(at(badge, "id=\"earners-heading\"") < verifiers && at(badge, "id=\"details-heading\"") < verifiers);
    let issuer = text(&plan, "issuers/harbour/index.html");
    let verifiers = at(issuer, "aria-labelledby=\"verify-heading\"");
    assert!(at(issuer, "did:web:harbour-club.example:badges:issuers:harbour") > verifiers);
    // What each document proves is told once, on the verify page, where the award pages link.
    let verify = text(&plan, "verify/index.html");
    assert!(
        verify.contains(
            "<section class=\"block verify-documents\" id=\"documents\" aria-labelledby=\"documents-heading\">"
        )
    );
    assert!(verify.contains(
        "The issuer&#39;s DID document lists its public keys, the ones a credential&#39;s signature must match."
    ));
}

#[test]
fn trust_breadcrumbs_wrap_instead_of_cutting_names() {
    let plan = plan(&fixture("build_golden_site"));
    let valid = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(valid.contains("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">"));
    assert!(valid.contains("<li><span aria-current=\"page\">Award</span></li>"));
    let css = text(&plan, "static/rosette.css");
    let rules = &css[at(css, "---- Breadcrumbs")..at(css, "---- Hero")];
    assert!(rules.contains(".breadcrumbs li {\n  display: inline;\n}"), "{rules}");
    for cut in ["nowrap", "ellipsis", "overflow: hidden"] {
        assert!(!rules.contains(cut), "breadcrumbs are cut short ({cut}): {rules}");
    }
}

//! Building sites: golden output, and the invariants of DESIGN.md §6 (reproducible, private,
//! atomic, safe from hostile input, honest status, ids equal to URLs).

use std::fs;
use std::path::Path;

use crate::support::{assert_golden_tree, copy_tree, example_key, fixture, golden_key, options, read_tree, repo};
use rosette::Error;
use rosette::output::OutputFile;

fn plan(site: &Path) -> Vec<OutputFile> {
    rosette::plan(&options(site), Some(&golden_key())).unwrap_or_else(|e| panic!("{e}: {e:?}")).0
}

fn text<'a>(plan: &'a [OutputFile], path: &str) -> &'a str {
    let file = plan.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is not in the output"));
    std::str::from_utf8(&file.bytes).unwrap()
}

/// The size of the output folder `public` as `build` says it: every file's bytes.
pub(crate) fn published_size(public: &Path) -> String {
    rosette::size::shown(read_tree(public).values().map(|bytes| bytes.len() as u64).sum())
}

fn json(plan: &[OutputFile], path: &str) -> serde_json::Value {
    serde_json::from_str(text(plan, path)).unwrap()
}

#[test]
fn build_golden_site() {
    let site = fixture("build_golden_site");
    let plan = plan(&site);
    assert_golden_tree(&site.join("expected"), &plan);
}

#[test]
fn build_publishes_ids_equal_to_their_urls() {
    let plan = plan(&fixture("build_golden_site"));
    let base = "https://harbour-club.example/badges/";
    let mut documents = 0;
    for file in plan.iter().filter(|f| f.path.ends_with("ob2.json") || f.path.ends_with("revocations.json")) {
        let document: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
        assert_eq!(document["@context"], "https://w3id.org/openbadges/v2", "{}", file.path);
        assert_eq!(document["id"], format!("{base}{}", file.path), "{}", file.path);
        documents += 1;
    }
    // 1 profile + 1 revocation list + 2 badge classes + 4 assertions.
    assert_eq!(documents, 8);
    let profile = json(&plan, "issuers/harbour/ob2.json");
    assert_eq!(profile["verification"]["allowedOrigins"], "harbour-club.example");
    assert_eq!(profile["verification"]["startsWith"], base);
    assert_eq!(profile["revocationList"], format!("{base}issuers/harbour/revocations.json"));
    assert_eq!(profile["image"], format!("{base}issuers/harbour/image.png"));
    let class = json(&plan, "badges/first-program/ob2.json");
    assert_eq!(class["criteria"]["id"], format!("{base}badges/first-program/"));
    assert_eq!(class["issuer"], format!("{base}issuers/harbour/ob2.json"));
    assert_eq!(class["alignment"][0]["targetCode"], "P1");
}

#[test]
fn build_writes_assertions_with_hashed_recipients_and_utc_dates() {
    let plan = plan(&fixture("build_golden_site"));
    let valid = json(&plan, "awards/h4x9k2m7qa/ob2.json");
    assert_eq!(valid["recipient"]["type"], "email");
    assert_eq!(valid["recipient"]["hashed"], true);
    assert_eq!(valid["recipient"]["salt"], "6f1e2d3c4b5a69788796a5b4c3d2e1f0");
    assert_eq!(valid["issuedOn"], "2025-05-10T12:30:00Z");
    assert_eq!(valid["verification"]["type"], "HostedBadge");
    assert_eq!(valid["evidence"].as_array().unwrap().len(), 2);
    let url = json(&plan, "awards/u7v8w9x0y1/ob2.json");
    assert_eq!(
        url["recipient"],
        serde_json::json!({"type": "url", "hashed": false, "identity": "https://github.com/octocat"})
    );
    assert_eq!(url["expires"], "2028-06-01T09:00:00Z");
}

#[test]
fn build_tells_the_truth_about_revoked_and_expired_awards() {
    let plan = plan(&fixture("build_golden_site"));
    let base = "https://harbour-club.example/badges/";
    let stub = json(&plan, "awards/r2d2c3po99/ob2.json");
    assert_eq!(
        stub,
        serde_json::json!({
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Assertion",
            "id": format!("{base}awards/r2d2c3po99/ob2.json"),
            "revoked": true,
            "revocationReason": "Awarded to the wrong member."
        })
    );
    let list = json(&plan, "issuers/harbour/revocations.json");
    assert_eq!(
        list["revokedAssertions"],
        serde_json::json!([{"id": format!("{base}awards/r2d2c3po99/ob2.json"), "revocationReason": "Awarded to the wrong member."}])
    );
    let revoked_page = text(&plan, "awards/r2d2c3po99/index.html");
    assert!(revoked_page.contains("Revoked") && revoked_page.contains("Awarded to the wrong member."));
    let expired = json(&plan, "awards/p8w3n5r1tz/ob2.json");
    assert_eq!(expired["expires"], "2025-01-10T00:00:00Z", "an expired award stays published");
    assert!(text(&plan, "awards/p8w3n5r1tz/index.html").contains("Expired"));
    let valid_page = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(!valid_page.contains("Expired") && !valid_page.contains("Revoked"));
    // The badge page counts and lists only current awards with public names.
    let badge_page = text(&plan, "badges/team-player/index.html");
    assert!(!badge_page.contains("Revoked Recipient"));
}

#[test]
fn build_escapes_and_sanitises_hostile_text() {
    let plan = plan(&fixture("build_golden_site"));
    for file in plan.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&file.bytes).unwrap();
        assert!(!html.contains("<script>alert"), "{} runs contributor script", file.path);
        assert!(!html.contains("javascript:"), "{} links to javascript:", file.path);
        assert!(!html.contains("<img src=x onerror"), "{} has an event handler from contributor text", file.path);
        assert!(!html.contains("<b>Bold</b>"), "{} did not escape a name", file.path);
    }
    let award = text(&plan, "awards/h4x9k2m7qa/index.html");
    assert!(award.contains("Zoë &lt;b&gt;Bold&lt;/b&gt; Example"), "the public name is shown, escaped");
    assert!(award.contains("<em>dice</em>"), "the narrative's Markdown is rendered");
    assert!(award.contains("&lt;img src=x onerror=alert(1)&gt;"), "raw HTML in Markdown is shown as text");
}

#[test]
fn build_never_publishes_private_names() {
    let plan = plan(&fixture("build_golden_site"));
    for file in &plan {
        assert!(
            !String::from_utf8_lossy(&file.bytes).contains("Secret Person Name"),
            "{} leaks a private name",
            file.path
        );
    }
}

#[test]
fn build_is_reproducible() {
    // A second build, compared with the shared one (another process, other thread timing).
    let site = repo().join("site-example");
    let b = tempfile::tempdir().unwrap();
    rosette::build(&options(&site), &b.path().join("public"), Some(&example_key())).unwrap();
    let (tree_a, tree_b) = (read_tree(crate::support::example_output()), read_tree(&b.path().join("public")));
    assert!(tree_a.len() > 100);
    assert!(tree_a == tree_b, "two builds of the same input differ");
}

#[test]
fn build_never_publishes_recipient_emails() {
    let recipients: toml::Table =
        toml::from_str(&fs::read_to_string(repo().join("tests/interop/recipients.toml")).unwrap()).unwrap();
    let emails: Vec<String> = recipients["recipient"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap().trim().to_lowercase())
        .collect();
    assert!(emails.len() >= 20);
    let site_sources = read_tree(&repo().join("site-example"));
    let output = read_tree(crate::support::example_output());
    for (path, bytes) in site_sources.iter().chain(output.iter()) {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for email in &emails {
            assert!(!text.contains(email.as_str()), "{path} contains the recipient address {email}");
        }
    }
}

#[test]
fn build_is_atomic_when_the_site_breaks() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let out = work.path().join("public");
    rosette::build(&options(&site), &out, Some(&golden_key())).unwrap();
    let before = read_tree(&out);
    fs::write(site.join("issuers/harbour.toml"), "name = \"Broken\n").unwrap();
    match rosette::build(&options(&site), &out, Some(&golden_key())) {
        Err(Error::Invalid(diagnostics)) => assert_eq!(diagnostics.len(), 1, "{diagnostics:?}"),
        other => panic!("expected the broken site to fail, got {other:?}"),
    }
    assert!(before == read_tree(&out), "a failed build changed the previous output");
    let leftovers: Vec<_> = fs::read_dir(work.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "staging folders left behind: {leftovers:?}");
}

#[test]
fn build_replaces_only_its_own_output() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("precious");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("thesis.tex"), "years of work").unwrap();
    let error = rosette::build(&options(&fixture("build_golden_site")), &out, Some(&golden_key())).unwrap_err();
    assert!(error.to_string().contains("was not written by rosette"), "{error}");
    assert_eq!(fs::read_to_string(out.join("thesis.tex")).unwrap(), "years of work");
    let inside = rosette::build(
        &options(&fixture("build_golden_site")),
        &fixture("build_golden_site").join("static/out"),
        Some(&golden_key()),
    );
    assert!(inside.unwrap_err().to_string().contains("inside the site's static/ folder"));
}

#[test]
fn build_applies_template_and_static_overrides() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/404.html"), "<p>Lost at sea: {{ page.title }} · {{ site.title }}</p>").unwrap();
    fs::write(site.join("static/rosette.css"), "body { color: teal }").unwrap();
    let plan = plan(&site);
    assert_eq!(text(&plan, "404.html"), "<p>Lost at sea: Page not found · Harbour Coding Club</p>");
    assert_eq!(text(&plan, "static/rosette.css"), "body { color: teal }");
    assert_eq!(text(&plan, "static/robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(text(&plan, "index.html").contains("static/rosette.css"));
}

#[test]
fn build_reports_template_errors_on_the_template() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/404.html"), "{{ page.no_such_field }}").unwrap();
    match rosette::plan(&options(&site), Some(&golden_key())) {
        Err(Error::Invalid(diagnostics)) => {
            assert_eq!(diagnostics[0].path(), Some(site.join("templates/404.html").as_path()), "{diagnostics:?}");
            assert!(diagnostics[0].message.starts_with("template error"), "{diagnostics:?}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
}

/// An award that fails half-way through the pass over the awards (its page's template
/// breaks), after other awards' files were already streamed into the staging folder.
#[test]
fn build_failing_in_the_award_pass_keeps_the_previous_output_whole() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let out = work.path().join("public");
    rosette::build(&options(&site), &out, Some(&golden_key())).unwrap();
    let before = read_tree(&out);
    fs::create_dir_all(site.join("templates")).unwrap();
    let award = fs::read_to_string(repo().join("theme/templates/award.html")).unwrap();
    let broken = award.replacen("{{", "{% if award.status == \"revoked\" %}{{ award.no_such_field }}{% endif %}{{", 1);
    fs::write(site.join("templates/award.html"), broken).unwrap();
    match rosette::build(&options(&site), &out, Some(&golden_key())) {
        Err(Error::Invalid(diagnostics)) => {
            assert_eq!(diagnostics[0].path(), Some(site.join("templates/award.html").as_path()), "{diagnostics:?}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    assert!(before == read_tree(&out), "a build that failed in the award pass changed the previous output");
    let beside: Vec<_> = fs::read_dir(work.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside.len(), 2, "staging folders left behind: {beside:?}");
}

/// A site with `size_budget` in its `site.toml`, built by the binary.
fn build_with_budget(budget: &str) -> (tempfile::TempDir, std::process::Output) {
    build_with_config(&|config| format!("{config}size_budget = {budget}\n"))
}

/// The golden site built by the binary, signed, with its `site.toml` rewritten by `edit`.
fn build_with_config(edit: &dyn Fn(String) -> String) -> (tempfile::TempDir, std::process::Output) {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    let config = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(site.join("site.toml"), edit(config)).unwrap();
    let output = crate::support::rosette_command()
        .args(["build", "--site", site.to_str().unwrap(), "--out", work.path().join("public").to_str().unwrap()])
        .args(["--key-file", repo().join("tests/keys/build-golden.pem").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .output()
        .unwrap();
    (work, output)
}

#[test]
fn build_says_its_size_and_warns_past_its_size_budget() {
    let (work, output) = build_with_budget("\"10 KB\"");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let public = work.path().join("public");
    let tree = read_tree(&public);
    let size = published_size(&public);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout,
        format!(
            "built 1 issuer, 2 badges, 4 awards, {} files, {size}, credentials signed into {}\n",
            tree.len(),
            public.display()
        )
    );
    // The heaviest kinds, weighed here from the folder itself.
    let weigh = |matches: &dyn Fn(&str) -> bool| -> u64 {
        tree.iter().filter(|(path, _)| matches(path)).map(|(_, bytes)| bytes.len() as u64).sum()
    };
    let card = |p: &str| {
        (p.starts_with("awards/") && p.ends_with("/card.png"))
            || (p.starts_with("badges/")
                && p.rsplit('/').next().is_some_and(|n| n.starts_with("card") && n.ends_with(".png")))
    };
    let mut kinds = [
        ("share cards", weigh(&card)),
        ("static files", weigh(&|p| p.starts_with("static/"))),
        ("award pages", weigh(&|p| p.starts_with("awards/") && p.ends_with(".html"))),
        ("award documents", weigh(&|p| p.starts_with("awards/") && p.ends_with(".json"))),
        ("other pages", weigh(&|p| !p.starts_with("awards/") && !p.starts_with("static/") && p.ends_with(".html"))),
    ];
    kinds.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    let heaviest: Vec<String> =
        kinds.iter().take(3).map(|(kind, bytes)| format!("{kind} {}", rosette::size::shown(*bytes))).collect();
    let site_toml = work.path().join("site/site.toml");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "{}:6:15: warning: the site weighs {size}, more than its size_budget of 10 KB (heaviest: {})\n  help: \
             GitHub Pages publishes at most 1 GB: `share_cards = \"badge\"` in site.toml drops the awards' own \
             share cards (about 40 kB each); raise `size_budget` only if your host takes more; docs/format.md \
             (`size_budget`) says what weighs most\n",
            site_toml.display(),
            heaviest.join(", ")
        )
    );
    // Within the budget (here in bytes), nothing to say.
    let (_work, output) = build_with_budget("100000000");
    assert!(output.status.success() && output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn check_refuses_a_size_budget_it_cannot_read() {
    for (budget, message) in [
        ("\"1 GW\"", "size_budget: `1 GW` has an unknown unit `gw`"),
        ("-5", "size_budget: -5 is not a size"),
        ("\"lots\"", "size_budget: `lots` is not a size"),
    ] {
        let work = tempfile::tempdir().unwrap();
        let site = work.path().join("site");
        copy_tree(&fixture("build_golden_site"), &site);
        let config = fs::read_to_string(site.join("site.toml")).unwrap();
        fs::write(site.join("site.toml"), format!("{config}size_budget = {budget}\n")).unwrap();
        match rosette::check(&options(&site)) {
            Err(Error::Invalid(diagnostics)) => {
                assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
                assert_eq!(diagnostics[0].message, message);
                assert_eq!(
                    diagnostics[0].help.as_deref(),
                    Some("write a number of bytes or a size with its unit, e.g. `size_budget = \"1 GB\"`")
                );
            }
            other => panic!("{budget}: expected the budget to be refused, got {other:?}"),
        }
    }
}

#[test]
fn a_site_over_its_budget_with_badge_cards_is_told_to_raise_it_only_if_its_host_allows() {
    let (_work, output) = build_with_config(&|config| {
        format!("{}size_budget = \"10 KB\"\n", config.replace("share_cards = \"named\"\n", ""))
    });
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.ends_with(
            "  help: GitHub Pages publishes at most 1 GB: raise `size_budget` in site.toml only if your host takes \
             more; docs/format.md (`size_budget`) says what weighs most\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("share_cards"), "{stderr}");
}

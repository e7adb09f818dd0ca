//! Property tests of the reader of untrusted files: whatever bytes a pull request puts in a
//! site file (TOML, front matter, Markdown), reading and checking the site never panics and
//! ends quickly. The contents are drawn from TOML-shaped fragments (keys, tables, arrays of
//! tables, dates, strings with escapes and odd characters, fences) mixed with arbitrary text,
//! so that most cases get past the parser into the model's rules.

use std::fs;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::{copy_tree, fixture, options};

/// Cases per property; proptest's default is 256.
const CASES: u32 = 512;
/// The longest a single read and check of a small hostile site may take.
const BOUND: Duration = Duration::from_secs(5);

fn regex(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern).unwrap().boxed()
}

fn fragment() -> impl Strategy<Value = String> {
    let key = "(name|issuer|description|image|tags|issued|expires|narrative|url|hash|salt|public|reason|date|status_index|nmae|[a-z_]{1,8})";
    prop_oneof![
        regex(&format!(r#"{key} = "[^"\\\n]{{0,24}}""#)),
        regex(&format!("{key} = [0-9-]{{1,12}}")),
        regex(&format!("{key} = [0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}Z)?")),
        regex(&format!(r#"{key} = \[("[a-z\x{{200b}}\x{{202e}} @.]{{0,6}}", ){{0,3}}\]"#)),
        regex(&format!(r"{key} = (true|false|\{{\}}|'''[^']{{0,10}}''')")),
        regex(r"\[\[?(recipient|revoked|evidence|alignment|[a-z.]{1,10})\]\]?"),
        Just("+++".to_string()).boxed(),
        regex(".{0,40}"),
    ]
}

fn contents() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(fragment(), 0..16)).prop_map(|(fenced, lines)| {
        let text = lines.join("\n");
        if fenced { format!("+++\n{text}\n+++\nCriteria.\n") } else { text }
    })
}

#[test]
fn reading_any_site_file_never_panics_or_hangs() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    copy_tree(&fixture("hostile_base"), &site);
    let files = ["awards/good-badge/aaaa111111.toml", "badges/good-badge.md", "issuers/club.toml", "site.toml"];
    let mut runner = TestRunner::new(Config { cases: CASES, failure_persistence: None, ..Config::default() });
    let ran = std::cell::Cell::new(0u32);
    runner
        .run(&(0..files.len(), contents()), |(which, text)| {
            ran.set(ran.get() + 1);
            fs::write(site.join(files[which]), &text).unwrap();
            let started = Instant::now();
            let mut diagnostics = rosette::error::Diagnostics::default();
            let read = rosette::source::read(&site, &mut diagnostics);
            let checked = rosette::check(&options(&site));
            prop_assert!(started.elapsed() < BOUND, "{:?} for {text:?}", started.elapsed());
            // Every refusal is a diagnostic with a place, never another kind of error.
            prop_assert!(read.is_ok() || !site.join("site.toml").is_file());
            if let Err(error) = checked {
                prop_assert!(matches!(error, rosette::Error::Invalid(_)), "{error}");
            }
            Ok(())
        })
        .unwrap();
    let ran = ran.get();
    assert!(ran >= CASES, "ran {ran} cases");
    eprintln!("reading_any_site_file_never_panics_or_hangs: {ran} cases");
}

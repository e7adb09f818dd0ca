//! `rosette verify` on badges in the formats other issuers make, made at test time by software
//! we did not write: VC-JWT credentials (RS256, ES256, EdDSA) and OB 2.0 signed assertions by
//! openbadgeslib (PyPI, `tests/interop/openbadgeslib/setup.sh`), and OB 3.0 credentials on
//! VC 1.1 (Ed25519Signature2020 and eddsa-rdfc-2022, did:web, did:key and https URL issuers,
//! StatusList2021) by the Digital Bazaar stack (`tests/interop/vc1/make-fixture.mjs`). Each
//! verifies VALID from its issuer's published files (--map), and a copy with one character of
//! its subject changed is NOT VALID with the exact label. The /verify/ page of a rosette site,
//! in Chromium, then gives the same verdict on every one of these files, check for check (the
//! browser verifier is the same core). Without the tools a test is skipped with one line
//! saying so, or fails in CI: see `tools.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::support::{copy_tree, fixture, repo, rosette_command};
use crate::tools::{Tool, install, require};

/// The label of a JOSE signature that does not match (VC-JWT and OB 2.0 alike).
const JOSE_ALTERED: &str =
    "  FAIL the signature is invalid: the credential was altered after signing or signed with another key\n";

fn interop_dir() -> PathBuf {
    std::env::var_os("ROSETTE_INTEROP_DIR").map_or_else(|| repo().join("target/interop"), Into::into)
}

/// Every verification the command line made in a test: a copy of each file as it was verified
/// (tests tamper with files in place), its --map folder and what the command printed.
struct Seen {
    copies: tempfile::TempDir,
    runs: Vec<(PathBuf, PathBuf, String)>,
}

impl Seen {
    fn new() -> Self {
        Seen { copies: tempfile::tempdir().unwrap(), runs: Vec::new() }
    }

    /// `rosette verify --offline --map URL=DIR FILE` at the real clock (openbadgeslib dates its
    /// badges now): exit code and standard output.
    fn verify(&mut self, map: &str, folder: &Path, file: &Path) -> (Option<i32>, String) {
        let run = rosette_command()
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["verify", "--offline", "--map", &format!("{map}={}", folder.display())])
            .arg(file)
            .output()
            .unwrap();
        let stdout = String::from_utf8(run.stdout).unwrap();
        let copy =
            self.copies.path().join(format!("{}-{}", self.runs.len(), file.file_name().unwrap().to_string_lossy()));
        std::fs::copy(file, &copy).unwrap();
        self.runs.push((folder.to_path_buf(), copy, stdout.clone()));
        (run.status.code(), stdout)
    }

    /// The /verify/ page of site-example, in Chromium, gives each file the verdict the command
    /// line gave, check for check, with `map` answered from the same folders.
    fn browser_agrees(&self, map: &str) {
        use crate::verifier::{assert_same_verdict, has_tools, live};
        if !has_tools() {
            return;
        }
        let mut folders: Vec<&PathBuf> = self.runs.iter().map(|(folder, _, _)| folder).collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            let runs: Vec<_> = self.runs.iter().filter(|(f, _, _)| f == folder).collect();
            let targets: Vec<String> = runs.iter().map(|(_, copy, _)| format!("file:{}", copy.display())).collect();
            let report = live(crate::support::example_output(), &[(map, folder.as_path())], None, &targets);
            for ((_, copy, cli), target) in runs.iter().zip(&targets) {
                assert_same_verdict(&report[target], cli, &copy.display().to_string());
            }
        }
    }
}

/// Runs openbadgeslib's `openbadges` command in `work`, which must succeed.
fn openbadges(work: &Path, args: &[&str]) {
    let program = interop_dir().join("openbadgeslib-venv/bin/openbadges");
    let run = Command::new(program)
        .current_dir(work)
        .arg(args[0])
        .args(["-c", "config.ini"])
        .args(&args[1..])
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "openbadges {args:?} failed:\n{said}");
}

/// The compact JWS baked in an openbadgeslib SVG (its `verify` attribute).
fn baked_jws(svg: &Path) -> String {
    let text = std::fs::read_to_string(svg).unwrap();
    let start = text.find("verify=\"").unwrap() + "verify=\"".len();
    text[start..].split('"').next().unwrap().to_owned()
}

/// `jws` with `from` replaced by `to` (one character apart) in its payload, signature kept.
fn tampered(jws: &str, from: &str, to: &str) -> String {
    let parts: Vec<&str> = jws.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert!(payload.contains(from), "{from} is not in {payload}");
    let changed = payload.replacen(from, to, 1);
    format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(changed), parts[2])
}

#[test]
fn formats_openbadgeslib_credentials_verify() {
    let python = Tool::Program { name: "python3", install: "Debian: apt-get install python3 python3-venv" };
    if !require(&[python]) || !install("openbadgeslib", "openbadgeslib (PyPI)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    copy_tree(&fixture("formats_openbadgeslib_credentials_verify"), work);
    for folder in ["keys", "log", "status"] {
        std::fs::create_dir_all(work.join(folder)).unwrap();
    }
    let badges = [("rsa", "RS256"), ("ec", "ES256"), ("ed", "EdDSA")];
    for (badge, _) in badges {
        openbadges(work, &["keygen", "-g", badge]);
        for (version, out) in [("3", "ob3"), ("2", "ob2")] {
            openbadges(work, &["sign", "-b", badge, "-r", "alice@example.org", "-o", out, "-V", version, "-E"]);
        }
    }
    // A credential on the status list of badge_ed, revoked before the lists are published.
    openbadges(work, &["sign", "-b", "ed", "-r", "bob@example.org", "-o", "revoked", "-V", "3", "-E"]);
    openbadges(work, &["publish", "-o", "scratch", "--revoke", "bob@example.org"]);
    openbadges(work, &["publish", "-V", "3", "-o", "pub3"]);
    openbadges(work, &["publish", "-V", "2", "-o", "pub2"]);
    let map = "https://issuer.example/ob/";
    let (pub3, pub2) = (work.join("pub3"), work.join("pub2"));
    let mut seen = Seen::new();

    for (badge, alg) in badges {
        let svg = work.join(format!("ob3/badge_{badge}_alice@example.org.svg"));
        let (code, stdout) = seen.verify(map, &pub3, &svg);
        assert_eq!(code, Some(0), "{stdout}");
        assert!(stdout.starts_with("Open Badges 3.0 credential (VC-JWT)\n"), "{stdout}");
        let signed = format!("  ok   VC-JWT {alg} signature verifies with did:web:issuer.example:ob#badge_{badge}\n");
        assert!(stdout.contains(&signed), "{stdout}");
        assert!(stdout.ends_with("VALID\n"), "{stdout}");
        // The same JWT as a text file, with one character of its subject changed.
        let jwt = work.join(format!("{badge}.jwt"));
        std::fs::write(&jwt, tampered(&baked_jws(&svg), "mailto:alice@", "mailto:alicf@")).unwrap();
        let (code, stdout) = seen.verify(map, &pub3, &jwt);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains(JOSE_ALTERED) && stdout.ends_with("NOT VALID\n"), "{stdout}");

        let svg = work.join(format!("ob2/badge_{badge}_alice@example.org.svg"));
        let (code, stdout) = seen.verify(map, &pub2, &svg);
        assert_eq!(code, Some(0), "{stdout}");
        assert!(stdout.starts_with("Open Badges 2.0 signed assertion\n"), "{stdout}");
        let key = format!("  ok   JWS {alg} signature verifies with the issuer's key {map}badge_{badge}/key.json\n");
        assert!(stdout.contains(&key), "{stdout}");
        assert!(stdout.contains("  ok   not in the issuer's revocation list\n"), "{stdout}");
        let jws = baked_jws(&svg);
        let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(jws.split('.').nth(1).unwrap()).unwrap()).unwrap();
        let hash = payload.split("sha256$").nth(1).unwrap()[..8].to_owned();
        let changed = format!("{}{}", &hash[..7], if hash.ends_with('0') { '1' } else { '0' });
        let signed_assertion = work.join(format!("{badge}-ob2.jws"));
        std::fs::write(&signed_assertion, tampered(&jws, &hash, &changed)).unwrap();
        let (code, stdout) = seen.verify(map, &pub2, &signed_assertion);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains(JOSE_ALTERED) && stdout.ends_with("NOT VALID\n"), "{stdout}");
    }

    let (code, stdout) = seen.verify(map, &pub3, &work.join("ob3/badge_ed_alice@example.org.svg"));
    assert_eq!(code, Some(0));
    assert!(stdout.contains(&format!("  ok   status list {map}badge_ed/revocation.jwt is signed by the issuer\n")));
    assert!(stdout.contains("  ok   not revoked (status bit "), "{stdout}");
    let (code, stdout) = seen.verify(map, &pub3, &work.join("revoked/badge_ed_bob@example.org.svg"));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("  FAIL REVOKED: status bit ") && stdout.ends_with("NOT VALID\n"), "{stdout}");
    seen.browser_agrees(map);
}

/// The credentials and documents `tests/interop/vc1/make-fixture.mjs` makes, in `dir/issuer`
/// for the base URL https://legacy-issuer.example/ob/.
fn vc1_fixture(dir: &Path) -> PathBuf {
    let out = dir.join("issuer");
    let run = Command::new("node")
        .arg(repo().join("tests/interop/vc1/make-fixture.mjs"))
        .args(["--out", out.to_str().unwrap(), "--base-url", "https://legacy-issuer.example/ob/"])
        .output()
        .unwrap();
    assert!(run.status.success(), "make-fixture.mjs failed:\n{}", String::from_utf8_lossy(&run.stderr));
    out
}

/// The label of an embedded proof that does not match its document.
const PROOF_ALTERED: &str = "  FAIL the proof does not verify: the signature is invalid: the document was altered \
                             after signing or signed with another key\n";

#[test]
fn formats_digital_bazaar_url_issuer_credentials_verify() {
    if !require(&[Tool::Node(18)]) || !install("vc1", "the Digital Bazaar VC 1.1 signers") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = vc1_fixture(dir.path());
    let map = "https://legacy-issuer.example/ob/";
    let issuer = format!("{map}issuer.json");
    let mut seen = Seen::new();
    let dates = "  ok   issued on 2025-03-14T10:00:00Z\n  ok   expires on 2030-01-01T00:00:00Z\n";
    let head = |name: &str| {
        format!(
            "Open Badges 3.0 credential (VC 1.1)\n  {map}credentials/{name}.json\n  ok   type [\"VerifiableCredential\",\"OpenBadgeCredential\"]\n"
        )
    };
    let valid = [
        ("url-2020", format!("  ok   Ed25519Signature2020 proof verifies with {map}keys/url-1.json\n")),
        ("url-eddsa", format!("  ok   eddsa-rdfc-2022 proof verifies with {issuer}#key-2\n")),
    ];
    for (name, signature) in valid {
        let file = out.join(format!("credentials/{name}.json"));
        let (code, stdout) = seen.verify(map, &out, &file);
        assert_eq!(stdout, format!("{}{signature}{dates}VALID\n", head(name)));
        assert_eq!(code, Some(0));
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("did:example:ada", "did:example:adb", 1)).unwrap();
        let (code, stdout) = seen.verify(map, &out, &file);
        assert_eq!(stdout, format!("{}{PROOF_ALTERED}{dates}NOT VALID\n", head(name)));
        assert_eq!(code, Some(1));
    }
    let refused = [
        (
            "url-other",
            format!(
                "the key {map}keys/other.json is controlled by \"https://someone-else.example/issuer.json\", not {issuer}"
            ),
        ),
        (
            "url-unlisted",
            format!(
                "the key {map}keys/unlisted.json is not authorised for assertions (revoked or not in assertionMethod)"
            ),
        ),
        (
            "url-moved",
            format!(
                "the key document at {map}keys/moved.json is for \"{map}keys/elsewhere.json\", not {map}keys/moved.json"
            ),
        ),
    ];
    for (name, why) in refused {
        let (code, stdout) = seen.verify(map, &out, &out.join(format!("credentials/{name}.json")));
        assert_eq!(stdout, format!("{}  FAIL {why}\n{dates}NOT VALID\n", head(name)));
        assert_eq!(code, Some(1));
    }
    // Offline and unmapped, the key cannot be fetched: could not check, not invalid.
    let run =
        rosette_command().args(["verify", "--offline"]).arg(out.join("credentials/url-2020.json")).output().unwrap();
    let stdout = String::from_utf8(run.stdout).unwrap();
    let key = format!("{map}keys/url-1.json");
    let unavailable =
        format!("  ??   cannot resolve {key}: cannot fetch {key}: --offline, and no --map folder answers it\n");
    assert!(stdout.contains(&unavailable), "{stdout}");
    assert_eq!(run.status.code(), Some(2), "{stdout}");
    seen.browser_agrees(map);
}

#[test]
fn formats_digital_bazaar_vc1_credentials_verify() {
    if !require(&[Tool::Node(18)]) || !install("vc1", "the Digital Bazaar VC 1.1 signers") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = vc1_fixture(dir.path());
    let map = "https://legacy-issuer.example/ob/";
    let mut seen = Seen::new();
    let web = "did:web:legacy-issuer.example:ob#key-1";
    let key =
        "did:key:z6MkqGxhEQeTKpU1FgXrnyy2BzVLNx2ojcmyXhpreGUMCFnU#z6MkqGxhEQeTKpU1FgXrnyy2BzVLNx2ojcmyXhpreGUMCFnU";
    let dates = "  ok   issued on 2025-03-14T10:00:00Z\n  ok   expires on 2030-01-01T00:00:00Z\n";
    let status = format!("  ok   status list {map}status.json is signed by the issuer\n");
    let expected = [
        (
            "web-2020",
            format!(
                "  ok   Ed25519Signature2020 proof verifies with {web}\n{dates}{status}  ok   not revoked (status bit 11 is 0)\nVALID\n"
            ),
        ),
        (
            "web-2020-revoked",
            format!(
                "  ok   Ed25519Signature2020 proof verifies with {web}\n{dates}{status}  FAIL REVOKED: status bit 12 is set\nNOT VALID\n"
            ),
        ),
        ("key-2020", format!("  ok   Ed25519Signature2020 proof verifies with {key}\n{dates}VALID\n")),
        ("key-eddsa", format!("  ok   eddsa-rdfc-2022 proof verifies with {key}\n{dates}VALID\n")),
    ];
    for (name, checks) in expected {
        let file = out.join(format!("credentials/{name}.json"));
        let (code, stdout) = seen.verify(map, &out, &file);
        let head = format!(
            "Open Badges 3.0 credential (VC 1.1)\n  {map}credentials/{name}.json\n  ok   type [\"VerifiableCredential\",\"OpenBadgeCredential\"]\n"
        );
        assert_eq!(stdout, format!("{head}{checks}"));
        assert_eq!(code, Some(if name.ends_with("revoked") { 1 } else { 0 }));
        // One character of the subject changed after signing.
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("did:example:ada", "did:example:adb", 1)).unwrap();
        let (code, stdout) = seen.verify(map, &out, &file);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains(PROOF_ALTERED) && stdout.ends_with("NOT VALID\n"), "{stdout}");
    }
    seen.browser_agrees(map);
}

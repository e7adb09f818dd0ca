//! The tool checks themselves: each real test that needs an outside tool is run in a child
//! process of this very test binary (filtered to that one test) with the tool taken away —
//! an empty `PATH`, a fake program that is too old, a setup script that cannot reach its
//! registry — and must pass with its one skip line on stderr outside CI, and fail with the
//! same words when `ROSETTE_REQUIRE_TOOLS=1` or `CI=true`.

use std::path::Path;
use std::process::{Command, Output};

use super::{Missing, strict_switch, verdict};

const PYTHON: &str = "Python 3.9–3.11 (Debian 12: apt-get install python3 python3-venv python3-dev gcc; \
                      elsewhere set ROSETTE_PYTHON=/path/to/python3.11)";
const NODE_INSTALL: &str = "(Debian 13: apt-get install nodejs npm; others: https://nodejs.org)";
const OB2: &str = "interop::ob2_validator_accepts_site_example";
const OB3: &str = "interop::ob3_digital_bazaar_verifies_site_example";

/// Runs the one test `name` of this binary with `env` (`None`: removed) on top of a clean
/// slate: no CI switch, no chosen Python or Chromium.
fn run(name: &str, env: &[(&str, Option<&str>)]) -> Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args(["--exact", name, "--test-threads=1"]);
    for var in ["CI", "ROSETTE_REQUIRE_TOOLS", "ROSETTE_PYTHON", "ROSETTE_CHROMIUM"] {
        command.env_remove(var);
    }
    for (var, value) in env {
        match value {
            Some(value) => command.env(var, value),
            None => command.env_remove(var),
        };
    }
    command.output().unwrap()
}

/// `name` run with `env` passes, with exactly the skip line `skipped: <name> needs <needs>`
/// on stderr, and fails saying `<name> needs <needs>` in CI (both switches).
fn skips_then_fails_in_ci(name: &str, env: &[(&str, Option<&str>)], needs: &str) {
    let out = run(name, env);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{name} did not pass without its tool:\n{stdout}{stderr}");
    assert!(stdout.contains("1 passed"), "{name} did not run:\n{stdout}");
    let skips: Vec<&str> = stderr.lines().filter(|l| l.starts_with("skipped: ")).collect();
    assert_eq!(skips, [format!("skipped: {name} needs {needs}")], "{stderr}");

    let cases = [
        ("ROSETTE_REQUIRE_TOOLS=1", vec![("ROSETTE_REQUIRE_TOOLS", Some("1"))]),
        ("CI=true", vec![("CI", Some("true"))]),
        ("", vec![("CI", Some("true")), ("ROSETTE_REQUIRE_TOOLS", Some("0"))]),
    ];
    for (switch, settings) in cases {
        let out = run(name, &[env, &settings].concat());
        let stdout = String::from_utf8_lossy(&out.stdout);
        if switch.is_empty() {
            // ROSETTE_REQUIRE_TOOLS=0 allows the skip even where CI is set.
            assert!(out.status.success(), "{name} failed with CI=true and ROSETTE_REQUIRE_TOOLS=0:\n{stdout}");
            continue;
        }
        assert!(!out.status.success(), "{name} passed without its tool with {switch}:\n{stdout}");
        let said = format!("{name} needs {needs}; with {switch} a missing tool fails the test");
        assert!(stdout.contains(&said), "{name} with {switch} did not say\n{said}\n{stdout}");
    }
}

#[test]
fn tools_verdict_says_skip_or_fail() {
    let git = Missing { what: "git".into(), install: "Debian: apt-get install git".into() };
    assert_eq!(
        verdict("guard::x", &git, None),
        Ok("skipped: guard::x needs git (Debian: apt-get install git)\n".into())
    );
    assert_eq!(
        verdict("guard::x", &git, Some("CI=true")),
        Err("guard::x needs git (Debian: apt-get install git); with CI=true a missing tool fails the test".into())
    );
    assert_eq!(strict_switch(None, None), None);
    assert_eq!(strict_switch(Some("1"), None).as_deref(), Some("ROSETTE_REQUIRE_TOOLS=1"));
    assert_eq!(strict_switch(None, Some("true")).as_deref(), Some("CI=true"));
    assert_eq!(strict_switch(None, Some("false")), None);
    assert_eq!(strict_switch(Some("0"), Some("true")), None);
    assert_eq!(strict_switch(Some(""), Some("true")), None);
}

#[test]
fn tools_missing_from_path_skip_outside_ci_and_fail_in_ci() {
    let none = [("PATH", Some("/nonexistent"))];
    skips_then_fails_in_ci(OB2, &none, PYTHON);
    skips_then_fails_in_ci(OB3, &none, &format!("Node.js 18+ with npm {NODE_INSTALL}"));
    skips_then_fails_in_ci(
        "quality::html_checker_rejects_known_defects",
        &[("PATH", Some("/nonexistent")), ("ROSETTE_CHROMIUM", Some("/nonexistent/chromium"))],
        &format!(
            "Node.js 20+ with npm {NODE_INSTALL} and Java 11+ (Debian: apt-get install openjdk-17-jre-headless){}",
            if Path::new("/usr/bin/chromium").is_file() {
                ""
            } else {
                " and chromium (Debian: apt-get install chromium)"
            }
        ),
    );
    #[cfg(unix)]
    skips_then_fails_in_ci("hostile::hostile_special_files", &none, "mkfifo (Debian: apt-get install coreutils)");
}

/// git is a prerequisite of rosette, not a tool of the tests: without it a test that needs it
/// fails outside CI too, saying what to install.
#[test]
fn git_missing_fails_even_outside_ci() {
    let name = "guard::cli::cli_check_base_passes_and_says_what_it_compared";
    for switch in [None, Some("0")] {
        let out = run(name, &[("PATH", Some("/nonexistent")), ("ROSETTE_REQUIRE_TOOLS", switch)]);
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!out.status.success(), "{name} passed without git:\n{stdout}{stderr}");
        let said = format!(
            "{name} needs git (Debian: apt-get install git); rosette cannot work without it, so its absence \
             fails the test"
        );
        assert!(stdout.contains(&said), "{name} did not say\n{said}\n{stdout}");
        assert!(!stderr.contains("skipped: "), "{stderr}");
    }
}

/// A tool that is there but too old counts as missing, and the line says what was found.
#[cfg(unix)]
#[test]
fn tools_too_old_skip_and_say_what_was_found() {
    let dir = tempfile::tempdir().unwrap();
    let fake = |name: &str, says: &str| {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\necho {says}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let python = fake("python3.12", "3.12");
    let node = fake("node", "v16.20.2");
    fake("npm", "9.0.0");
    let path = dir.path().to_str().unwrap();

    let python_312 = PYTHON.replacen("3.11 (", &format!("3.11 (found 3.12 at {python}) ("), 1);
    skips_then_fails_in_ci(OB2, &[("PATH", Some("/nonexistent")), ("ROSETTE_PYTHON", Some(&python))], &python_312);
    let node_16 = format!("Node.js 18+ with npm (found v16.20.2 at {node}) {NODE_INSTALL}");
    skips_then_fails_in_ci(OB3, &[("PATH", Some(path))], &node_16);
}

/// A setup script that cannot install (here: a Python whose venv never appears, and an npm
/// registry that does not answer, as without network) is a skip too, quoting the script.
#[cfg(unix)]
#[test]
fn tools_failed_install_skips_outside_ci_and_fails_in_ci() {
    let dir = tempfile::tempdir().unwrap();
    let interop = dir.path().join("interop");
    let interop = interop.to_str().unwrap();
    let python = dir.path().join("python");
    {
        use std::os::unix::fs::PermissionsExt;
        // Says it is 3.11 and succeeds at everything, creating nothing.
        std::fs::write(&python, "#!/bin/sh\necho 3.11\n").unwrap();
        std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let ob2 = format!(
        "the OB 2.0 validator, which tests/interop/ob2/setup.sh could not install: ob2-setup: error: venv creation \
         failed: no {interop}/ob2-venv/bin/python (run `bash tests/interop/ob2/setup.sh` to see why)"
    );
    let env = [("ROSETTE_INTEROP_DIR", Some(interop)), ("ROSETTE_PYTHON", python.to_str())];
    skips_then_fails_in_ci(OB2, &env, &ob2);

    // The offline npm case needs node itself (a skip line, or a failure in CI, when it is missing).
    if super::require(&[super::Tool::Node(18)]) {
        let cache = dir.path().join("npm-cache");
        let offline = [
            ("ROSETTE_INTEROP_DIR", Some(interop)),
            ("npm_config_registry", Some("http://127.0.0.1:9/")),
            ("npm_config_cache", cache.to_str()),
            ("npm_config_fetch_retries", Some("0")),
        ];
        let ob3 = "the Digital Bazaar verifier, which tests/interop/ob3/setup.sh could not install: ob3-setup: error: \
                   npm ci failed (registry access is needed on the first run) (run `bash tests/interop/ob3/setup.sh` \
                   to see why)";
        skips_then_fails_in_ci(OB3, &offline, ob3);
    }
}

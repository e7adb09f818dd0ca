//! Outside tools the integration tests need (Python for the OB 2.0 validator, Node.js for the
//! Digital Bazaar verifier and the HTML gates, Java, Chromium, git, mkfifo, actionlint…): the
//! one place that finds them before a test attempts anything, and decides what a missing one
//! means.
//!
//! `cargo test` must pass on a machine with only Rust. A test that needs a tool starts with
//!
//! ```ignore
//! if !tools::require(&[Tool::Node(20), Tool::Java]) || !tools::install("html", "the HTML tools") {
//!     return;
//! }
//! ```
//!
//! When a tool is missing (or too old), or a setup script cannot install what it installs into
//! `target/interop` (no network, no compiler), the test returns early and passes after writing
//! ONE line to the process's real standard error:
//!
//! ```text
//! skipped: quality::html_pages_pass_vnu_and_axe needs chromium (Debian: apt-get install chromium)
//! ```
//!
//! Why the real standard error: libtest captures only what `print!`/`eprint!` write (through
//! its output-capture hook); a write to `std::io::stderr()` goes straight to file descriptor 2,
//! so the line shows in plain `cargo test` output, without `--nocapture`, next to the test's
//! `ok`, on a terminal, in a pipe and in a CI log alike. (Stable libtest has no "skipped"
//! outcome, and a helper cannot end its caller's test: the early return is the caller's.)
//!
//! Where nothing may be skipped — CI — the same condition fails the test with the same text:
//! `ROSETTE_REQUIRE_TOOLS=1` (set by `.ci/run`), or, when that variable is unset, `CI` set to
//! anything but `false`/`0` (GitHub Actions sets `CI=true`). `ROSETTE_REQUIRE_TOOLS=0` allows
//! skips even there. The behaviour is proved end to end in `tools/selftest.rs`.
//!
//! git is different: rosette itself runs it (`check --base`, the pull-request workflow), so it
//! is a prerequisite, not a tool of the tests. A test that needs it gets its path from
//! [`prerequisite`], which fails the test when it is missing, in CI or not, with the same words.

mod selftest;

use std::ffi::OsStr;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::repo;

/// A program a test needs, found the way the tool that runs it finds it.
#[derive(Clone, Copy, Debug)]
pub enum Tool {
    /// Python 3.9–3.11 (openbadges 1.1.2's pins do not install on 3.12+): `$ROSETTE_PYTHON`,
    /// else the first of python3.11, python3.10, python3.9, python3 on `PATH` that is one, as
    /// `tests/interop/ob2/setup.sh` picks it.
    Python,
    /// Node.js of at least this major version, and npm.
    Node(u32),
    /// Java 11 or newer (`java` on `PATH`), for vnu.jar.
    Java,
    /// Chromium where `tests/interop/html/check.mjs` looks: `$ROSETTE_CHROMIUM`,
    /// `/usr/bin/chromium`, `chromium` or `chromium-browser` on `PATH`.
    Chromium,
    /// Any other program that only has to be on `PATH`, and how to install it (for example
    /// `Tool::Program { name: "actionlint", install: "go install …" }`).
    Program { name: &'static str, install: &'static str },
}

/// git, for the `check --base` tests.
pub const GIT: Tool = Tool::Program { name: "git", install: "Debian: apt-get install git" };
/// mkfifo, for the hostile special-file test.
pub const MKFIFO: Tool = Tool::Program { name: "mkfifo", install: "Debian: apt-get install coreutils" };
/// bash, which runs the setup scripts.
const BASH: Tool = Tool::Program { name: "bash", install: "Debian: apt-get install bash" };

/// Why a test cannot run: what it needs, and how to get it.
#[derive(Debug, PartialEq)]
pub struct Missing {
    pub what: String,
    pub install: String,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.what, self.install)
    }
}

impl Tool {
    /// The program to run, or what is missing.
    pub fn find(self) -> Result<PathBuf, Missing> {
        let missing = |what: String, install: &str| Missing { what, install: install.to_owned() };
        match self {
            Tool::Python => {
                const INSTALL: &str = "Debian 12: apt-get install python3 python3-venv python3-dev gcc; \
                                       elsewhere set ROSETTE_PYTHON=/path/to/python3.11";
                let candidates: Vec<PathBuf> = match std::env::var_os("ROSETTE_PYTHON") {
                    Some(chosen) => vec![chosen.into()],
                    None => {
                        ["python3.11", "python3.10", "python3.9", "python3"].iter().filter_map(|n| which(n)).collect()
                    }
                };
                let mut found = Vec::new();
                for python in candidates {
                    let script = "import sys; print('%d.%d' % sys.version_info[:2])";
                    let Some(version) = output_of(&python, &["-c", script]) else { continue };
                    let version = version.trim().to_owned();
                    if matches!(version.as_str(), "3.9" | "3.10" | "3.11") {
                        return Ok(python);
                    }
                    found.push(format!("{version} at {}", python.display()));
                }
                let found = if found.is_empty() { String::new() } else { format!(" (found {})", found.join(", ")) };
                Err(missing(format!("Python 3.9–3.11{found}"), INSTALL))
            }
            Tool::Node(major) => {
                let install = "Debian 13: apt-get install nodejs npm; others: https://nodejs.org";
                let wanted = format!("Node.js {major}+ with npm");
                let node = which("node").ok_or_else(|| missing(wanted.clone(), install))?;
                let version = output_of(&node, &["--version"]).unwrap_or_default();
                let number = version.trim().trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok());
                if number.is_none_or(|n: u32| n < major) {
                    return Err(missing(format!("{wanted} (found {} at {})", version.trim(), node.display()), install));
                }
                which("npm").ok_or_else(|| missing(format!("{wanted} (found node but no npm)"), install))?;
                Ok(node)
            }
            Tool::Java => {
                let install = "Debian: apt-get install openjdk-17-jre-headless";
                let java = which("java").ok_or_else(|| missing("Java 11+".into(), install))?;
                // `java -version` says `version "17.0.15"`, or `"1.8.0_292"` for Java 8.
                let text = output_of(&java, &["-version"]).unwrap_or_default();
                let version = text.split('"').nth(1).unwrap_or("");
                let major = version.strip_prefix("1.").unwrap_or(version).split(['.', '_', '-']).next();
                match major.and_then(|m| m.parse::<u32>().ok()) {
                    Some(m) if m >= 11 => Ok(java),
                    _ => Err(missing(format!("Java 11+ (found {version:?} at {})", java.display()), install)),
                }
            }
            Tool::Chromium => {
                let chosen = std::env::var_os("ROSETTE_CHROMIUM").map(PathBuf::from);
                let fixed = chosen.into_iter().chain([PathBuf::from("/usr/bin/chromium")]).find(|p| p.is_file());
                fixed
                    .or_else(|| which("chromium"))
                    .or_else(|| which("chromium-browser"))
                    .ok_or_else(|| missing("chromium".into(), "Debian: apt-get install chromium"))
            }
            Tool::Program { name, install } => which(name).ok_or_else(|| missing(name.into(), install)),
        }
    }
}

/// Whether the test may go on: every tool is there. Otherwise (outside CI) writes the skip
/// line and returns `false`, or (in CI) fails the test; see the module doc.
pub fn require(tools: &[Tool]) -> bool {
    let missing: Vec<Missing> = tools.iter().filter_map(|t| t.find().err()).collect();
    if missing.is_empty() {
        return true;
    }
    let what = missing.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and ");
    unavailable(&Missing { what, install: String::new() }, "")
}

/// Runs `tests/interop/<folder>/setup.sh` (idempotent: it returns at once when its stamp says
/// the tools are there), which installs `what` into `target/interop`. Whether the test may go
/// on; a failed install is treated as a missing tool, with the script's error as the reason.
pub fn install(folder: &str, what: &str) -> bool {
    let Ok(bash) = BASH.find() else { return require(&[BASH]) };
    let script = format!("tests/interop/{folder}/setup.sh");
    let (reason, output) = match Command::new(bash).arg(repo().join(&script)).output() {
        Ok(run) if run.status.success() => return true,
        Ok(run) => {
            let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
            // The scripts end with `<name>-setup: error: <why>`; else the last thing said.
            let lines = || stderr.lines().rev().map(str::trim).filter(|l| !l.is_empty());
            let reason = lines().find(|l| l.contains("error: ")).or_else(|| lines().next());
            let reason = reason.map_or_else(|| format!("it ended with {}", run.status), str::to_owned);
            (reason, format!("{}{stderr}", String::from_utf8_lossy(&run.stdout)))
        }
        Err(e) => (format!("it did not start: {e}"), String::new()),
    };
    let missing = Missing {
        what: format!("{what}, which {script} could not install: {reason}"),
        install: format!("run `bash {script}` to see why"),
    };
    unavailable(&missing, &output)
}

/// The path of `tool`, which rosette itself needs (git): a missing one fails the test
/// everywhere, saying what to install.
pub fn prerequisite(tool: Tool) -> PathBuf {
    tool.find().unwrap_or_else(|missing| {
        panic!("{} needs {missing}; rosette cannot work without it, so its absence fails the test", test_name())
    })
}

/// The running test's name, as libtest names its thread.
fn test_name() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_owned(),
        _ => "this test".to_owned(),
    }
}

/// A test cannot run: skip (the line, `false`) or fail, by [`strict_switch`].
fn unavailable(missing: &Missing, detail: &str) -> bool {
    let test = test_name();
    let switch =
        strict_switch(std::env::var("ROSETTE_REQUIRE_TOOLS").ok().as_deref(), std::env::var("CI").ok().as_deref());
    match verdict(&test, missing, switch.as_deref()) {
        Ok(line) => {
            // Straight to fd 2, past libtest's capture: see the module doc.
            let _ = std::io::stderr().lock().write_all(line.as_bytes());
            false
        }
        Err(failure) => panic!("{failure}\n{detail}"),
    }
}

/// The skip line (`Ok`) or the failure (`Err`) for `test`, which cannot have `missing`, given
/// the switch that makes missing tools failures (`None`: not set).
pub fn verdict(test: &str, missing: &Missing, switch: Option<&str>) -> Result<String, String> {
    let needs = if missing.install.is_empty() { missing.what.clone() } else { missing.to_string() };
    match switch {
        None => Ok(format!("skipped: {test} needs {needs}\n")),
        Some(switch) => Err(format!("{test} needs {needs}; with {switch} a missing tool fails the test")),
    }
}

/// The setting that makes a missing tool a failure, as `NAME=value`, from the values of
/// `ROSETTE_REQUIRE_TOOLS` and `CI` (the first, when set, decides).
pub fn strict_switch(require_tools: Option<&str>, ci: Option<&str>) -> Option<String> {
    let on = |value: &str| !matches!(value, "" | "0" | "false");
    match (require_tools, ci) {
        (Some(value), _) => on(value).then(|| format!("ROSETTE_REQUIRE_TOOLS={value}")),
        (None, Some(value)) => on(value).then(|| format!("CI={value}")),
        (None, None) => None,
    }
}

/// `name` as the shell finds it: a path (when it has a `/`) or the first executable file of
/// that name in the folders of `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Some(PathBuf::from(name)).filter(|p| executable(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| executable(p))
}

fn executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// What `program args` printed (stdout then stderr) when it ran and succeeded.
fn output_of(program: &Path, args: &[&str]) -> Option<String> {
    let run = Command::new(program).args(args.iter().map(OsStr::new)).output().ok()?;
    run.status
        .success()
        .then(|| format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr)))
}

//! The command line's output conventions as a user meets them: shell completions and man pages
//! made from the command line, `--quiet`, `--verbose`, `--color` and `NO_COLOR`, progress
//! (nothing extra when piped); and the library's progress hook, called stage by stage.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use rosette::progress::{Hook, Progress, Stage};

use crate::support::{fixture, golden_key, options, rosette_command};
use crate::tools::{self, Tool};

/// Runs rosette with `args` and extra environment variables, stdout and stderr piped.
fn rosette_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = rosette_command();
    command.args(args);
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied()).output().unwrap()
}

fn rosette(args: &[&str]) -> Output {
    rosette_env(args, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The commands every completion script and man page must know.
const COMMANDS: [&str; 11] =
    ["init", "build", "check", "keygen", "verify", "award", "revoke", "serve", "unbake", "completions", "man"];

#[test]
fn completions_for_every_shell_know_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = rosette(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {}", text(&output.stderr));
        let script = text(&output.stdout);
        assert!(output.stderr.is_empty(), "{shell}: {}", text(&output.stderr));
        for command in COMMANDS.iter().chain(&["quiet", "verbose", "color", "key-file"]) {
            assert!(script.contains(command), "the {shell} script does not mention {command}");
        }
    }
    let refused = rosette(&["completions", "tcsh"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("[possible values: bash, elvish, fish, powershell, zsh]"));
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    if !tools::require(&[Tool::Program { name: "bash", install: "apt-get install bash" }]) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("rosette.bash");
    std::fs::write(&script, rosette(&["completions", "bash"]).stdout).unwrap();
    let checked = Command::new("bash").arg("-n").arg(&script).output().unwrap();
    assert!(checked.status.success(), "bash -n: {}", text(&checked.stderr));
}

/// A man page's structure, and that groff renders it without a warning.
fn assert_man_page(page: &str, name: &str) {
    assert!(page.contains(&format!(".TH {name} 1 ")), "{name}: no .TH line");
    assert!(page.contains(".SH NAME\n"), "{name}: no NAME section");
    assert!(page.contains(".SH SYNOPSIS\n"), "{name}: no SYNOPSIS section");
    // The rendering needs groff: its absence is said (one skip line per page) and fails in CI,
    // as every missing tool does; the structure above is checked either way.
    const GROFF: Tool = Tool::Program { name: "groff", install: "Debian: apt-get install groff-base" };
    if !tools::require(&[GROFF]) {
        return;
    }
    let groff = GROFF.find().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join(format!("{name}.1"));
    std::fs::write(&file, page).unwrap();
    // -k: the page is UTF-8 (preconv, as man does); -ww: every warning; -z: no output.
    let rendered = Command::new(groff).args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(&file).output().unwrap();
    assert!(rendered.status.success() && rendered.stderr.is_empty(), "{name}: {}", text(&rendered.stderr));
}

#[test]
fn the_man_page_is_printed_and_names_every_command() {
    let output = rosette(&["man"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page = text(&output.stdout);
    assert_man_page(&page, "rosette");
    for command in COMMANDS {
        assert!(page.contains(&format!("\nrosette\\-{command}(1)\n")), "rosette.1 does not list `{command}`");
    }
    assert!(page.contains("\\-\\-quiet"), "{page}");
}

#[test]
fn man_out_writes_a_page_per_command() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("man1");
    let output = rosette(&["man", "--out", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut pages: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into()).collect();
    pages.sort();
    assert_eq!(text(&output.stdout), format!("wrote {} man pages into {}\n", pages.len(), dir.display()));
    assert!(pages.contains(&"rosette.1".to_string()), "{pages:?}");
    for command in COMMANDS {
        let name = format!("rosette-{command}");
        let page = std::fs::read_to_string(dir.join(format!("{name}.1"))).unwrap();
        assert_man_page(&page, &name);
    }
    // Quiet: the files are the answer, the summary goes.
    let quiet = rosette(&["man", "-q", "--out", dir.to_str().unwrap()]);
    assert!(quiet.status.success() && quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

/// Every call of the progress hook, in order.
#[derive(Default)]
struct Recorder(Mutex<Vec<(Stage, usize, usize)>>, Mutex<usize>);

impl Progress for Recorder {
    fn stage(&self, stage: Stage, count: usize) {
        self.0.lock().unwrap().push((stage, count, 0));
    }
    fn item(&self, stage: Stage) {
        let mut calls = self.0.lock().unwrap();
        let current = calls.last_mut().unwrap();
        assert_eq!(current.0, stage, "an item of {stage:?} during {:?}", current.0);
        current.2 += 1;
    }
    fn finished(&self) {
        *self.1.lock().unwrap() += 1;
    }
}

fn recorded(run: impl FnOnce(&rosette::Options)) -> (Vec<(Stage, usize, usize)>, usize) {
    let recorder = Arc::new(Recorder::default());
    let mut options = options(&fixture("build_golden_site"));
    options.progress = Hook::new(recorder.clone());
    run(&options);
    let calls = recorder.0.lock().unwrap().clone();
    (calls, *recorder.1.lock().unwrap())
}

#[test]
fn the_progress_hook_hears_every_stage_in_order_and_every_award_once() {
    let work = tempfile::tempdir().unwrap();
    let (calls, finished) = recorded(|options| {
        rosette::build(options, &work.path().join("public"), Some(&golden_key())).unwrap();
    });
    let awards = rosette::check(&options(&fixture("build_golden_site"))).unwrap().counts.awards;
    let files = crate::support::read_tree(&work.path().join("public")).len();
    assert_eq!(
        calls,
        [
            (Stage::Read, 0, 0),
            (Stage::Resolve, awards, 0),
            (Stage::Site, 0, 0),
            (Stage::Awards, awards, awards),
            (Stage::Write, files, 0),
        ]
    );
    assert!(awards > 1);
    assert_eq!(finished, 1);
    let (calls, finished) = recorded(|options| drop(rosette::check(options).unwrap()));
    let stages: Vec<Stage> = calls.iter().map(|call| call.0).collect();
    assert_eq!(stages, [Stage::Read, Stage::Resolve, Stage::Site, Stage::Awards]);
    assert!(calls.iter().all(|&(stage, count, items)| items == if stage.reports_items() { count } else { 0 }));
    assert_eq!(finished, 1);
    // A failed run is not finished.
    let (_, finished) =
        recorded(|options| assert!(rosette::build(options, &work.path().join("public"), None).is_err()));
    assert_eq!(finished, 0);
}

/// A new site from `rosette init`, in `work`, with init's placeholders filled in as a user
/// would before publishing (so that a build has nothing to warn about).
fn new_site(work: &Path) -> String {
    let site = work.join("site");
    let init =
        ["init", "-q", site.to_str().unwrap(), "--name", "Harbour Club", "--base-url", "https://harbour.example/"];
    assert!(rosette(&init).status.success());
    let filled = |rel: &str, pairs: &[(&str, &str)]| {
        let path = site.join(rel);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in pairs {
            assert!(text.contains(from), "{rel} no longer holds {from}");
            text = text.replace(from, to);
        }
        std::fs::write(&path, text).unwrap();
    };
    filled(
        "issuers/harbour-club.toml",
        &[
            ("https://example.org/", "https://harbour.example/"),
            ("badges@example.org", "hello@harbour.example"),
            ("Replace this with a sentence about your organisation.", "A coding club."),
        ],
    );
    let award = std::fs::read_dir(site.join("awards/first-steps")).unwrap().next().unwrap().unwrap().path();
    let award = award.strip_prefix(&site).unwrap().to_str().unwrap().to_string();
    filled(&award, &[("https://github.com/octocat", "https://github.com/ada")]);
    site.to_str().unwrap().to_string()
}

#[test]
fn a_piped_build_prints_its_summary_and_no_progress() {
    let work = tempfile::tempdir().unwrap();
    let site = new_site(work.path());
    let build = rosette(&["build", "--site", &site]);
    assert!(build.status.success());
    assert_eq!(text(&build.stderr), "");
    let size = crate::build::published_size(&Path::new(&site).join("public"));
    assert_eq!(text(&build.stdout), format!("built 1 issuer, 1 badge, 1 award, 27 files, {size} into {site}/public\n"));
}

#[test]
fn verbose_says_each_stage_with_its_count_and_time() {
    let work = tempfile::tempdir().unwrap();
    let site = new_site(work.path());
    let build = rosette(&["build", "-v", "--site", &site]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let stages = [
        "read the site folder in ",
        "checked the site (1 award file) in ",
        "made the site's pages and documents in ",
        "made the documents, pages and images of 1 award in ",
        "published 27 files in ",
    ];
    let err = text(&build.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), stages.len(), "{err}");
    for (line, stage) in lines.iter().zip(stages) {
        assert!(line.starts_with(stage) && (line.ends_with(" ms") || line.ends_with(" s")), "{line}");
    }
    let check = rosette(&["check", "--site", &site, "--verbose"]);
    assert_eq!(text(&check.stderr).lines().count(), 4, "{}", text(&check.stderr));
    assert_eq!(text(&check.stdout), "checked 1 issuer, 1 badge, 1 award, 27 files: no problems\n");
}

#[test]
fn quiet_keeps_errors_and_data_only() {
    let work = tempfile::tempdir().unwrap();
    let site = new_site(work.path());
    let build = rosette(&["build", "--quiet", "--site", &site]);
    assert!(build.status.success());
    assert_eq!((text(&build.stdout), text(&build.stderr)), (String::new(), String::new()));
    // Warnings and the summary go; the exit code says it passed.
    let warns = rosette(&["-q", "check", "--site", fixture("check_warns_but_passes").to_str().unwrap()]);
    assert!(warns.status.success() && warns.stdout.is_empty() && warns.stderr.is_empty());
    // Errors stay, every one.
    let failing =
        rosette(&["check", "-q", "--site", fixture("check_reports_syntax_and_unknown_keys").to_str().unwrap()]);
    assert_eq!(failing.status.code(), Some(1));
    let err = text(&failing.stderr);
    assert!(err.contains("issuers/club.toml:3:1: error: unknown key `emial`\n  help: did you mean `email`?"), "{err}");
    assert!(err.ends_with("error: 5 problems found\n"), "{err}");
    // The data a command exists to print stays: the secret key of keygen --print-secret.
    let keygen = rosette(&["keygen", "-q", "--site", &site, "--print-secret", "--id", "k1"]);
    assert!(keygen.status.success(), "{}", text(&keygen.stderr));
    assert!(text(&keygen.stdout).starts_with("-----BEGIN PRIVATE KEY-----"), "{}", text(&keygen.stdout));
    assert_eq!(text(&keygen.stderr), "");
    assert_eq!(rosette(&["-q", "-v", "check"]).status.code(), Some(2));
}

const RED_ERROR: &str =
    "\u{1b}[1m\u{1b}[31merror\u{1b}[0m: unknown key `emial`\n  \u{1b}[36mhelp:\u{1b}[0m did you mean";

#[test]
fn colours_only_when_asked_or_forced_and_never_with_no_color() {
    let site = fixture("check_reports_syntax_and_unknown_keys");
    let site = site.to_str().unwrap();
    let coloured = |args: &[&str], env: &[(&str, &str)]| {
        let output = rosette_env(&[&["check", "--site", site], args].concat(), env);
        assert_eq!(output.status.code(), Some(1));
        assert!(!output.stdout.contains(&0x1b), "escape codes on stdout: {}", text(&output.stdout));
        let err = text(&output.stderr);
        let plain = err.contains("issuers/club.toml:3:1: error: unknown key `emial`\n  help: did you mean");
        assert!(plain || err.contains(RED_ERROR), "{err:?}");
        assert_eq!(err.contains('\u{1b}'), !plain, "{err:?}");
        !plain
    };
    assert!(!coloured(&[], &[]), "piped output is not coloured");
    assert!(coloured(&["--color", "always"], &[]));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]), "the flag overrides the variable, as cargo's");
    let github = rosette(&["check", "--site", site, "--format", "github", "--color", "always"]);
    let annotations = text(&github.stdout);
    assert!(annotations.contains("::error file=") && !annotations.contains('\u{1b}'), "{annotations:?}");
}

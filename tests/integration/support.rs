//! Helpers shared by the integration tests: fixture paths, a fixed clock, golden files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use jiff::Timestamp;
use rosette::Options;
use rosette::output::OutputFile;

/// The rosette binary as every command-line test runs it: at the clock of [`now`]
/// (`SOURCE_DATE_EPOCH`), and without a signing key from the environment of whoever runs the
/// tests. Callers add arguments, a folder, more variables.
pub fn rosette_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rosette"));
    command.env("SOURCE_DATE_EPOCH", "1795737600").env_remove("ROSETTE_SIGNING_KEY");
    // Every run makes everything afresh, whatever ran before: the build cache has its own
    // tests (cache.rs), which give it a folder of their own.
    command.env("ROSETTE_NO_CACHE", "1").env_remove("ROSETTE_CACHE_DIR");
    command
}

/// `rosette args`, run to the end ([`rosette_command`]).
pub fn rosette(args: &[&str]) -> Output {
    rosette_command().args(args).output().unwrap()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The fixed moment fixture builds represent, so "expired" does not drift with the calendar.
pub fn now() -> Timestamp {
    "2026-11-27T00:00:00Z".parse().unwrap()
}

/// Options to build `site_dir` as of [`now`].
pub fn options(site_dir: &Path) -> Options {
    Options { site_dir: site_dir.to_path_buf(), base_url: None, now: now(), progress: Default::default(), cache: None }
}

/// Whether expected files should be rewritten instead of compared.
pub fn blessing() -> bool {
    std::env::var_os("ROSETTE_BLESS").is_some()
}

/// Compares `actual` with the file `expected` (or rewrites it when blessing).
pub fn assert_golden_text(expected: &Path, actual: &str) {
    if blessing() {
        fs::create_dir_all(expected.parent().unwrap()).unwrap();
        fs::write(expected, actual).unwrap();
        return;
    }
    let wanted = fs::read_to_string(expected)
        .unwrap_or_else(|_| panic!("{} is missing; run with ROSETTE_BLESS=1 to create it", expected.display()));
    assert!(
        wanted == actual,
        "output differs from {}\n--- expected\n{wanted}\n--- actual\n{actual}\n(re-bless with ROSETTE_BLESS=1 if the change is intended)",
        expected.display()
    );
}

/// What a golden tree keeps of the file `path`: its bytes, or for the browser verifier's
/// files (built WebAssembly, checked by tests/integration/verifier.rs) their SHA-256, so the
/// fixtures do not hold a second copy of a megabyte of binary.
fn golden_bytes(path: &str, bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    if path.starts_with("static/verifier/") {
        format!("sha256:{}\n", rosette::hex::encode(&sha2::Sha256::digest(bytes))).into_bytes()
    } else {
        bytes.to_vec()
    }
}

/// Compares a build plan with the golden tree `expected` (or rewrites the tree when blessing).
pub fn assert_golden_tree(expected: &Path, plan: &[OutputFile]) {
    if blessing() {
        let _ = fs::remove_dir_all(expected);
        for file in plan {
            let path = expected.join(&file.path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, golden_bytes(&file.path, &file.bytes)).unwrap();
        }
        return;
    }
    let golden = read_tree(expected);
    let actual: BTreeMap<String, Vec<u8>> =
        plan.iter().map(|f| (f.path.clone(), golden_bytes(&f.path, &f.bytes))).collect();
    let golden_paths: Vec<&String> = golden.keys().collect();
    let actual_paths: Vec<&String> = actual.keys().collect();
    assert_eq!(
        golden_paths, actual_paths,
        "the set of output files changed (re-bless with ROSETTE_BLESS=1 if intended)"
    );
    for (path, bytes) in &actual {
        if golden[path] != *bytes {
            panic!(
                "{path} differs from the golden copy in {}\n--- expected\n{}\n--- actual\n{}",
                expected.display(),
                String::from_utf8_lossy(&golden[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// Every file under `root`, by `/`-separated relative path.
pub fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Diagnostics as the CLI prints them, with paths relative to `tests/fixtures`.
pub fn render_diagnostics(diagnostics: &[rosette::Diagnostic]) -> String {
    let base = repo().join("tests/fixtures");
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let rosette::error::Subject::File { path, .. } = &mut d.subject
                && let Ok(inside) = path.strip_prefix(&base)
            {
                *path = inside.to_path_buf();
            }
            format!("{d}\n")
        })
        .collect()
}

/// Copies a folder (for tests that modify a site).
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// The secret key of `tests/keys/<name>.pem` (test keys only, published on purpose).
pub fn key(name: &str) -> rosette::proof::SigningKey {
    let text = fs::read_to_string(repo().join("tests/keys").join(format!("{name}.pem"))).unwrap();
    rosette::proof::SigningKey::parse(&text).unwrap()
}

/// The key of `tests/fixtures/build_golden_site`.
pub fn golden_key() -> rosette::proof::SigningKey {
    key("build-golden")
}

/// The demo key of `site-example` (public: the example is not a real organisation).
pub fn example_key() -> rosette::proof::SigningKey {
    key("site-example-demo")
}

/// `site-example` built once per test binary (as of [`now`], signed with its demo key):
/// the output folder, shared by every test that only reads it. A test that changes files
/// works on [`example_output_copy`].
pub fn example_output() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        // One folder per process: test runners that start a process per test must not share it.
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("site-example-{}", std::process::id()));
        let public = out.join("public");
        rosette::build(&options(&repo().join("site-example")), &public, Some(&example_key())).unwrap();
        public
    })
}

/// A private copy of [`example_output`] for a test that tampers with files: (the folder that
/// holds it, the copy of `public/`).
pub fn example_output_copy() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let public = work.path().join("public");
    copy_tree(example_output(), &public);
    (work, public)
}

/// The files of [`example_output`] as a plan, sorted by path.
pub fn example_plan() -> Vec<OutputFile> {
    read_tree(example_output()).into_iter().map(|(path, bytes)| OutputFile::new(path, bytes)).collect()
}

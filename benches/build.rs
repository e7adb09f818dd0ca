//! Benchmark: how the build scales with the number of awards.
//!
//! Generates synthetic sites (a corpus of 1 issuer, 10 badges and N awards) in a temporary
//! folder, then times `rosette::plan` (read, resolve, render; everything but the disk write)
//! and `rosette::build` (with the atomic write), and `rosette::check` (every check of a build,
//! images planned but not drawn: what a pull request waits for). Run with
//! `cargo bench --bench build`.
//! Per-award cost staying flat as N grows is what "linear" means here.
//!
//! `cargo bench --bench build -- --generate DIR N` only writes a site of N awards to DIR, for
//! measuring the release binary on it (peak memory: see BENCHMARKS.md).

#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use rosette::Options;

fn generate(root: &Path, awards: usize) {
    fs::create_dir_all(root.join("issuers")).unwrap();
    fs::create_dir_all(root.join("badges")).unwrap();
    fs::write(root.join("site.toml"), "title = \"Bench\"\nbase_url = \"https://bench.example/badges/\"\n").unwrap();
    fs::write(
        root.join("issuers/org.toml"),
        "name = \"Org\"\nurl = \"https://org.example/\"\nemail = \"b@org.example\"\n",
    )
    .unwrap();
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>"#;
    for b in 0..10 {
        let badge = format!(
            "+++\nname = \"Badge {b}\"\nissuer = \"org\"\ndescription = \"Badge number {b}.\"\nimage = \"b{b}.svg\"\ntags = [\"bench\"]\n+++\n## Criteria\n\n* Do thing {b}.\n* Then **another** thing.\n"
        );
        fs::write(root.join(format!("badges/b{b}.md")), badge).unwrap();
        fs::write(root.join(format!("badges/b{b}.svg")), svg).unwrap();
        fs::create_dir_all(root.join(format!("awards/b{b}"))).unwrap();
    }
    for a in 0..awards {
        let mut text = String::new();
        writeln!(text, "issued = 2025-01-{:02}T10:00:00Z", 1 + a % 28).unwrap();
        if a % 5 == 0 {
            writeln!(text, "expires = 2026-01-01").unwrap();
        }
        writeln!(text, "narrative = \"Did *great* work on project {a}.\"").unwrap();
        writeln!(text, "\n[recipient]\nhash = \"sha256${:064x}\"\nsalt = \"{:032x}\"", a, a * 7919).unwrap();
        if a % 2 == 0 {
            writeln!(text, "name = \"Person {a}\"\npublic = true").unwrap();
        }
        if a % 3 == 0 {
            writeln!(text, "\n[[evidence]]\nurl = \"https://example.org/work/{a}\"\nname = \"Work {a}\"").unwrap();
        }
        if a % 50 == 0 {
            writeln!(text, "\n[revoked]\ndate = 2025-06-01\nreason = \"Issued in error.\"").unwrap();
        }
        fs::write(root.join(format!("awards/b{}/a{a:09}.toml", a % 10)), text).unwrap();
    }
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--generate") {
        let (dir, awards) = (Path::new(&args[at + 1]), args[at + 2].parse().unwrap());
        generate(dir, awards);
        println!("wrote a site of {awards} awards to {}", dir.display());
        return;
    }
    let now = "2026-11-27T00:00:00Z".parse().unwrap();
    println!(
        "{:>8} {:>12} {:>14} {:>12} {:>14} {:>12} {:>14}",
        "awards", "plan (ms)", "plan/award (µs)", "build (ms)", "build/award (µs)", "check (ms)", "check/award (µs)"
    );
    for awards in [250, 1_000, 4_000] {
        let work = tempfile::tempdir().unwrap();
        let site = work.path().join("site");
        generate(&site, awards);
        let options =
            Options { site_dir: site.clone(), base_url: None, now, progress: Default::default(), cache: None };
        let plan = best_of(2, || {
            rosette::plan(&options, None).unwrap();
        });
        let out = work.path().join("public");
        let build = best_of(2, || {
            rosette::build(&options, &out, None).unwrap();
        });
        let check = best_of(2, || {
            rosette::check(&options).unwrap();
        });
        let per = |d: Duration| d.as_secs_f64() * 1e6 / awards as f64;
        println!(
            "{awards:>8} {:>12.1} {:>14.1} {:>12.1} {:>14.1} {:>12.1} {:>14.1}",
            plan.as_secs_f64() * 1e3,
            per(plan),
            build.as_secs_f64() * 1e3,
            per(build),
            check.as_secs_f64() * 1e3,
            per(check)
        );
    }
}

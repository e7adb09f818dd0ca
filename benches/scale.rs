//! Benchmark: rosette at scale, run as a user runs it (the binary, in its own process), each
//! figure beside `cp -a` of the same output in the same run.
//!
//! ```text
//! cargo bench --bench scale                 # 1,000 and 10,000 awards
//! cargo bench --bench scale -- 100000       # any sizes, e.g. the 100k target of issue 10
//! cargo bench --bench scale -- --cold 100000  # only the cold build, cp -a and check
//! cargo bench --bench scale -- --generate DIR 10000  # only write the corpus (and its key)
//! ```
//!
//! `--generate` writes the site to `DIR/site` and its secret key to `DIR/secret.pem`, and
//! measures nothing: a corpus to profile a build of (`perf record -g` on the bench binary).
//!
//! For each size it writes a synthetic site in rosette's own source format (the corpus of
//! issue 10: 2 issuers, 20 badges with PNG and SVG images, 30 % public names, 3 % revoked, 3 %
//! expired, evidence on a third, one signing key made by `rosette keygen`), then measures, each
//! in a fresh process: a cold signed build (empty build cache), `cp -a` of its output, a cold
//! `check` (`--no-cache`), a rebuild with no change, a rebuild after one new award, and a
//! `check` after it (both with the build cache, in a folder of the bench's own). Wall time, CPU time (user + system) and peak RSS
//! come from the kernel: the bench runs itself as a small parent of each command
//! (`--measure`) and reads `getrusage(RUSAGE_CHILDREN)` after waiting for it, so every figure
//! is that one command's. On this noisy shared machine the ratios to `cp -a` are the figures
//! to compare across runs.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use nix::sys::resource::{UsageWho, getrusage};

/// What one measured command cost.
struct Cost {
    wall: f64,
    cpu: f64,
    peak_rss_mb: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("--measure") {
        measure_child(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("--generate") {
        let [_, dir, awards] = &args[..] else { panic!("usage: --generate DIR AWARDS") };
        let dir = Path::new(dir);
        make_corpus(&dir.join("site"), &dir.join("secret.pem"), awards.parse().expect("a number of awards"));
        return;
    }
    let cold_only = args.iter().any(|a| a == "--cold");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--cold").collect();
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args.iter().map(|a| a.parse().expect("sizes are numbers of awards")).collect()
    };
    println!(
        "{:>8} {:<22} {:>9} {:>9} {:>10} {:>9} {:>10} {:>8}",
        "awards", "step", "wall (s)", "CPU (s)", "peak RSS", "× cp -a", "output", "files"
    );
    for awards in sizes {
        bench(awards, cold_only);
    }
}

fn bench(awards: usize, cold_only: bool) {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let secret = work.path().join("secret.pem");
    make_corpus(&site, &secret, awards);

    let out = work.path().join("public");
    let cache = work.path().join("cache");
    let run = |command: &[&str]| run(command, &cache);
    let build = [rosette(), "build", "--site", path(&site), "--key-file", path(&secret), "--out", path(&out), "-q"];
    let cold = run(&build);
    let (bytes, files) = size_of(&out);
    let copy = run(&["cp", "-a", path(&out), path(&work.path().join("copy"))]);
    let cold_check = run(&[rosette(), "check", "--site", path(&site), "--no-cache", "-q"]);
    let warm = (!cold_only).then(|| run(&build));
    let one = (!cold_only).then(|| {
        fs::write(site.join("awards/b0/zz-one-more.toml"), award_text(awards, awards + 1)).unwrap();
        run(&build)
    });
    let check = (!cold_only).then(|| run(&[rosette(), "check", "--site", path(&site), "-q"]));

    let row = |step: &str, cost: &Cost| {
        println!(
            "{awards:>8} {step:<22} {:>9.2} {:>9.2} {:>7.0} MB {:>9.1} {:>7.0} MB {files:>8}",
            cost.wall,
            cost.cpu,
            cost.peak_rss_mb,
            cost.wall / copy.wall,
            bytes as f64 / 1e6
        );
    };
    row("build (cold)", &cold);
    row("cp -a of the output", &copy);
    row("check (no cache)", &cold_check);
    if let (Some(warm), Some(one), Some(check)) = (&warm, &one, &check) {
        row("build (no change)", warm);
        row("build (one new award)", one);
        row("check (after it)", check);
    }
}

/// Writes the corpus of `awards` awards to `site` and a signing key for it to `secret`.
fn make_corpus(site: &Path, secret: &Path, awards: usize) {
    generate(site, awards);
    let keygen = Command::new(rosette())
        .args(["keygen", "--site", path(site), "--secret-file", path(secret), "--id", "bench"])
        .output()
        .unwrap();
    assert!(keygen.status.success(), "{}", String::from_utf8_lossy(&keygen.stderr));
}

/// The rosette binary this bench was built with.
fn rosette() -> &'static str {
    env!("CARGO_BIN_EXE_rosette")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `command` under this bench as `--measure` parent and reads its cost; rosette keeps
/// its build cache in `cache`.
fn run(command: &[&str], cache: &Path) -> Cost {
    let output = Command::new(std::env::current_exe().unwrap())
        .arg("--measure")
        .args(command)
        .env("ROSETTE_CACHE_DIR", cache)
        .env_remove("ROSETTE_NO_CACHE")
        .output()
        .unwrap();
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let numbers: Vec<f64> = text.split_whitespace().map(|n| n.parse().unwrap()).collect();
    Cost { wall: numbers[0], cpu: numbers[1], peak_rss_mb: numbers[2] }
}

/// The `--measure` side: runs the command, waits, prints "wall cpu peak-rss-MB". The only
/// child of this process is the command, so RUSAGE_CHILDREN is exactly its usage.
fn measure_child(command: &[String]) {
    let start = Instant::now();
    let status = Command::new(&command[0]).args(&command[1..]).status().unwrap();
    let wall = start.elapsed().as_secs_f64();
    if !status.success() {
        eprintln!("{command:?} failed: {status}");
        std::process::exit(1);
    }
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap();
    let seconds = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let cpu = seconds(usage.user_time()) + seconds(usage.system_time());
    // Linux reports ru_maxrss in KiB.
    println!("{wall} {cpu} {}", usage.max_rss() as f64 / 1024.0);
}

/// Bytes and files under `dir`.
fn size_of(dir: &Path) -> (u64, usize) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(bytes, files), e| (bytes + e.metadata().unwrap().len(), files + 1))
}

/// The synthetic site of issue 10, in rosette's source format.
fn generate(root: &Path, awards: usize) {
    for dir in ["issuers", "badges", "keys"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    fs::write(root.join("site.toml"), "title = \"Scale bench\"\nbase_url = \"https://bench.example/badges/\"\n")
        .unwrap();
    for (id, name) in [("north", "Northfield Coding School"), ("harbour", "Harbour Robotics Club")] {
        let issuer = format!(
            "name = \"{name}\"\nurl = \"https://{id}.example/\"\nemail = \"badges@{id}.example\"\n\
             description = \"{name} runs courses and awards badges for them.\"\n"
        );
        fs::write(root.join(format!("issuers/{id}.toml")), issuer).unwrap();
    }
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="45" fill="#2a6f97"/><path d="M30 52l14 14 26-30" stroke="#fff" stroke-width="8" fill="none"/></svg>"##;
    for b in 0..20 {
        let issuer = if b < 10 { "north" } else { "harbour" };
        let image = if b % 2 == 0 { format!("b{b}.svg") } else { format!("b{b}.png") };
        let badge = format!(
            "+++\nname = \"Badge {b}: Practical Skills\"\nissuer = \"{issuer}\"\n\
             description = \"Awarded for completing the practical skills module number {b}.\"\n\
             image = \"{image}\"\ntags = [\"bench\", \"skills\"]\n+++\n## Criteria\n\n\
             * Complete the exercises of module {b}.\n* Pass the **final** review with a mentor.\n"
        );
        fs::write(root.join(format!("badges/b{b}.md")), badge).unwrap();
        if b % 2 == 0 {
            fs::write(root.join(format!("badges/{image}")), svg).unwrap();
        } else {
            fs::write(root.join(format!("badges/{image}")), png_badge(b)).unwrap();
        }
        fs::create_dir_all(root.join(format!("awards/b{b}"))).unwrap();
    }
    for a in 0..awards {
        let file = root.join(format!("awards/b{}/a{a:09}.toml", a % 20));
        fs::write(file, award_text(a, a)).unwrap();
    }
}

/// Award number `a`, with status index `index` (unique per award).
fn award_text(a: usize, index: usize) -> String {
    let mut text = String::new();
    writeln!(text, "issued = 2025-{:02}-{:02}T10:00:00Z", 1 + a % 12, 1 + a % 28).unwrap();
    writeln!(text, "status_index = {}", 1000 + index).unwrap();
    if a % 100 < 3 {
        writeln!(text, "expires = 2026-01-01").unwrap();
    }
    writeln!(text, "narrative = \"Completed the module with project number {a}, reviewed by two mentors.\"").unwrap();
    writeln!(text, "\n[recipient]\nhash = \"sha256${:064x}\"\nsalt = \"{:032x}\"", a, a * 7919 + 1).unwrap();
    if a % 10 < 3 {
        writeln!(text, "name = \"Learner Number {a}\"\npublic = true").unwrap();
    }
    if a.is_multiple_of(3) {
        writeln!(text, "\n[[evidence]]\nurl = \"https://example.org/work/{a}\"\nname = \"Project {a}\"").unwrap();
    }
    if a % 100 >= 97 {
        writeln!(text, "\n[revoked]\ndate = 2025-06-01\nreason = \"Issued in error.\"").unwrap();
    }
    text
}

/// A 128×128 RGBA PNG badge, different per badge.
fn png_badge(seed: usize) -> Vec<u8> {
    let size = 128u32;
    let mut pixels = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (dx, dy) = (x as i32 - 64, y as i32 - 64);
            let inside = dx * dx + dy * dy < 60 * 60;
            let shade = ((x + y) as usize * 2 + seed * 37) as u8;
            let pixel = if inside { [shade, 90, 160, 255] } else { [0, 0, 0, 0] };
            pixels.extend_from_slice(&pixel);
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, size, size);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header().unwrap().write_image_data(&pixels).unwrap();
    bytes
}

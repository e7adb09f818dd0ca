//! Faults of the output stage, with the real binary: builds killed with `kill -9` at many
//! moments of a rebuild, builds racing into the same `--out`, and the state a build killed
//! between its two renames leaves. Whatever happens, the output folder is a whole build —
//! the old one or the new one, compared file by file with reference builds — at once or
//! after the next build's recovery, and nothing is left beside it.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rosette::output::{OutputFile, recover, write};

use crate::support::{fixture, read_tree, repo};

type Tree = BTreeMap<String, Vec<u8>>;

/// Upper bound of every wait (polled): a loaded machine runs several test binaries at once.
const PATIENCE: Duration = Duration::from_secs(120);

/// Sites that differ in every way a partial output would show (a badge name on every page,
/// bulk static files in different numbers and contents), their reference builds, and one
/// output folder they all build into.
struct Bench {
    _work: tempfile::TempDir,
    sites: Vec<PathBuf>,
    trees: Vec<Tree>,
    out: PathBuf,
    /// How long the reference build of the second site took.
    took: Duration,
}

impl Bench {
    fn new(variants: usize) -> Bench {
        let work = tempfile::tempdir().unwrap();
        let (mut sites, mut trees, mut took) = (Vec::new(), Vec::new(), Duration::ZERO);
        for variant in 0..variants {
            let site = work.path().join(format!("sites/{variant}"));
            make_site(&site, variant);
            let reference = work.path().join(format!("references/{variant}/public"));
            let start = Instant::now();
            let status = build(&site, &reference).wait().unwrap();
            assert!(status.success(), "reference build {variant}: {status}");
            if variant == 1 {
                took = start.elapsed();
            }
            trees.push(read_tree(&reference));
            sites.push(site);
        }
        let out = work.path().join("live/public");
        Bench { _work: work, sites, trees, out, took }
    }

    /// Which reference build `dir` holds, whole; `None` for anything else.
    fn which(&self, dir: &Path) -> Option<usize> {
        let tree = read_tree(dir);
        self.trees.iter().position(|t| *t == tree)
    }

    /// Builds `variant` to the end and checks that the output is that build, whole.
    fn build_whole(&self, variant: usize) {
        let status = build(&self.sites[variant], &self.out).wait().unwrap();
        assert!(status.success(), "{status}");
        assert_eq!(self.which(&self.out), Some(variant));
    }

    /// Names beside the output folder other than its own.
    fn beside(&self) -> Vec<String> {
        let name = self.out.file_name().unwrap();
        let entries = fs::read_dir(self.out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name());
        entries.filter(|n| n != name).map(|n| n.to_string_lossy().into_owned()).collect()
    }

    fn old(&self) -> PathBuf {
        self.out.with_file_name(".public.rosette-old")
    }
}

/// A copy of the golden site made `variant`: its own badge name and bulk static files.
fn make_site(site: &Path, variant: usize) {
    let from = fixture("build_golden_site");
    for (relative, bytes) in read_tree(&from) {
        if !relative.starts_with("expected/") {
            let to = site.join(relative);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::write(to, bytes).unwrap();
        }
    }
    let badge = site.join("badges/first-program.md");
    let text = fs::read_to_string(&badge).unwrap();
    let renamed = text.replacen("name = \"First Program\"", &format!("name = \"First Program {variant}\""), 1);
    assert_ne!(text, renamed, "the golden badge changed: update this test");
    fs::write(&badge, renamed).unwrap();
    // Enough files that writing them takes a while: the window the kills aim at.
    fs::create_dir_all(site.join("static/bulk")).unwrap();
    for i in 0..800 + 200 * variant {
        fs::write(site.join(format!("static/bulk/{i}.txt")), format!("variant {variant}, file {i}\n").repeat(20))
            .unwrap();
    }
}

/// Starts `rosette build SITE --out OUT` with the golden key, and the build cache (each site
/// its own) beside the output's folder: builds of several sites into one folder, each taking
/// its awards from its cache, must still leave one whole build.
fn build(site: &Path, out: &Path) -> Child {
    let cache = out.parent().unwrap().parent().unwrap().join("cache");
    crate::support::rosette_command()
        .env_remove("ROSETTE_NO_CACHE")
        .env("ROSETTE_CACHE_DIR", cache)
        .args(["build", "--site", site.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .args(["--key-file", repo().join("tests/keys/build-golden.pem").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// When to kill a rebuild.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after it started.
    After(Duration),
    /// This long after its staging folder appeared (it is writing files).
    Writing(Duration),
    /// As soon as the previous build has been moved aside (the swap is under way).
    Swapping,
    /// This long after an update in place replaced the output's marker file (it is moving the
    /// changed files into place).
    Updating(Duration),
}

/// Runs a build of `variant` and kills it (`kill -9`) at `moment`; its exit status.
fn kill_at(bench: &Bench, variant: usize, moment: Moment) -> ExitStatus {
    let marker = || fs::symlink_metadata(bench.out.join(".rosette-output")).ok().map(|m| m.ino());
    let marker_before = marker();
    let mut child = build(&bench.sites[variant], &bench.out);
    let start = Instant::now();
    let seen = |what: &dyn Fn() -> bool, child: &mut Child| {
        while !what() && child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < PATIENCE, "the build neither finished nor reached {moment:?}");
        }
    };
    match moment {
        Moment::After(delay) => std::thread::sleep(delay),
        Moment::Writing(delay) => {
            seen(&|| bench.beside().iter().any(|n| n.starts_with(".public.rosette-new-")), &mut child);
            std::thread::sleep(delay);
        }
        Moment::Swapping => seen(&|| fs::symlink_metadata(bench.old()).is_ok(), &mut child),
        Moment::Updating(delay) => {
            seen(&|| marker() != marker_before, &mut child);
            std::thread::sleep(delay);
        }
    }
    child.kill().unwrap();
    child.wait().unwrap()
}

#[test]
fn faults_kill_9_during_a_rebuild_leaves_the_old_or_the_new_build_whole() {
    let bench = Bench::new(2);
    let mut moments: Vec<Moment> =
        [0, 2, 4, 6, 8, 9, 10, 12].map(|tenth| Moment::After(bench.took * tenth / 10)).into();
    moments.extend([0, 1, 3, 10, 30, 100].map(|ms| Moment::Writing(Duration::from_millis(ms))));
    moments.extend([Moment::Swapping; 3]);
    let (mut old, mut new, mut recovered, mut finished) = (0, 0, 0, 0);
    bench.build_whole(0);
    for &moment in &moments {
        let status = kill_at(&bench, 1, moment);
        if status.success() {
            finished += 1; // it was faster than the kill: then it must have written the new build
        }
        if fs::symlink_metadata(&bench.out).is_err() {
            // Killed between the two renames: the old build waits whole beside the output.
            assert_eq!(bench.which(&bench.old()), Some(0), "{moment:?}: the old copy is not whole");
            assert!(recover(&bench.out).unwrap(), "{moment:?}");
            recovered += 1;
        }
        match bench.which(&bench.out) {
            Some(0) if !status.success() => old += 1,
            Some(1) => new += 1,
            other => panic!("{moment:?}: the output is not a whole build ({other:?}, {status})"),
        }
        if bench.which(&bench.out) != Some(0) {
            bench.build_whole(0); // every kill interrupts a rebuild over the old build
        }
    }
    bench.build_whole(1);
    assert_eq!(bench.beside(), Vec::<String>::new(), "a whole build leaves nothing beside the output");
    eprintln!(
        "faults: {} kill points (build took {:?}): old build {old}, new build {new} ({finished} finished first), \
         restored {recovered}",
        moments.len(),
        bench.took
    );
    assert!(old > 0 && new > 0, "the kills must land on both sides of the swap: old {old}, new {new}");
}

/// With the build cache, a rebuild into the folder the cache last wrote updates it in place
/// (only the changed files, each renamed into place): not one atomic step. A kill in the
/// middle may leave old and new files side by side; the update replaced the marker first, so
/// the next build does not trust the folder and writes it whole.
#[test]
fn faults_kill_9_during_an_update_in_place_is_repaired_by_the_next_build() {
    let bench = Bench::new(2);
    let site = &bench.sites[0];
    let become_variant = |variant: usize| {
        fs::remove_dir_all(site).unwrap();
        make_site(site, variant);
    };
    let mut moments: Vec<Moment> = [0, 1, 2, 4, 6, 8, 10].map(|tenth| Moment::After(bench.took * tenth / 10)).into();
    moments.extend([0, 1, 3, 10, 30].map(|ms| Moment::Writing(Duration::from_millis(ms))));
    moments.extend([0, 0, 1, 1, 2, 2, 3, 4, 6, 8, 12].map(|ms| Moment::Updating(Duration::from_millis(ms))));
    let (mut old, mut new, mut mixed) = (0, 0, 0);
    for &moment in &moments {
        become_variant(0);
        bench.build_whole(0); // what the cache records of the folder: variant 0, whole
        become_variant(1); // every page and static file changes
        kill_at(&bench, 0, moment);
        match bench.which(&bench.out) {
            Some(0) => old += 1,
            Some(1) => new += 1,
            _ => mixed += 1,
        }
        let status = build(site, &bench.out).wait().unwrap();
        assert!(status.success(), "{moment:?}: the build after the kill failed: {status}");
        assert_eq!(bench.which(&bench.out), Some(1), "{moment:?}: the build after the kill is not the whole new build");
        assert_eq!(bench.beside(), Vec::<String>::new(), "{moment:?}");
    }
    eprintln!(
        "faults: {} kills of an update in place: old build {old}, new build {new}, old and new mixed {mixed}; \
         each repaired by the next build",
        moments.len()
    );
    assert!(mixed > 0, "no kill landed while the update moved files into place: the test did not test it");
}

#[test]
fn faults_concurrent_builds_into_one_folder_leave_one_build_whole() {
    let bench = Bench::new(4);
    let rounds: [&[usize]; 4] = [&[0, 1], &[1, 2, 3], &[3, 2, 1, 0], &[2, 0, 3]];
    let mut builds = 0;
    for variants in rounds {
        let children: Vec<Child> = variants.iter().map(|&v| build(&bench.sites[v], &bench.out)).collect();
        for (variant, mut child) in variants.iter().zip(children) {
            let status = child.wait().unwrap();
            assert!(status.success(), "build {variant} of {variants:?} failed: {status} (it should wait its turn)");
            builds += 1;
        }
        let last = bench.which(&bench.out);
        assert!(last.is_some_and(|v| variants.contains(&v)), "{variants:?}: the output is not one whole build");
        assert_eq!(bench.beside(), Vec::<String>::new(), "{variants:?}");
    }
    // A racer killed half-way does not spoil the others' output.
    let mut children: Vec<Child> = (0..3).map(|v| build(&bench.sites[v], &bench.out)).collect();
    std::thread::sleep(bench.took / 2);
    children[1].kill().unwrap();
    let statuses: Vec<ExitStatus> = children.iter_mut().map(|c| c.wait().unwrap()).collect();
    assert!(statuses[0].success() && statuses[2].success(), "{statuses:?}");
    let _ = recover(&bench.out).unwrap();
    assert!(bench.which(&bench.out).is_some(), "after a killed racer the output is not one whole build");
    bench.build_whole(3);
    assert_eq!(bench.beside(), Vec::<String>::new());
    eprintln!(
        "faults: {} concurrent builds in {} rounds, plus one round with a racer killed",
        builds + 3,
        rounds.len()
    );
}

/// The state a build killed between its two renames leaves (the window is microseconds wide,
/// so the kills above rarely land in it): no output, the whole old build beside it, and the
/// dead build's staging folder.
fn crash_between_renames(bench: &Bench) {
    bench.build_whole(0);
    fs::rename(&bench.out, bench.old()).unwrap();
    let staging = bench.out.with_file_name(".public.rosette-new-999999-0");
    fs::create_dir_all(&staging).unwrap();
    fs::write(staging.join("index.html"), "half").unwrap();
}

#[test]
fn faults_the_next_build_restores_the_old_output_first_and_never_deletes_it() {
    let bench = Bench::new(2);

    // A build that fails while writing (a file where its plan needs a folder) restores the old
    // build first, then leaves it in place.
    crash_between_renames(&bench);
    let clash = [OutputFile::new("a", vec![]), OutputFile::new("a/b", vec![])];
    let error = write(&bench.out, &clash).unwrap_err().to_string();
    assert!(error.starts_with("cannot create ") && error.contains(".public.rosette-new-"), "{error}");
    assert_eq!(bench.which(&bench.out), Some(0));
    assert_eq!(bench.beside(), Vec::<String>::new(), "the dead build's staging folder is removed");

    // A refused plan too: recovery comes before anything else.
    crash_between_renames(&bench);
    let error = write(&bench.out, &[OutputFile::new("../x", vec![])]).unwrap_err().to_string();
    assert_eq!(error, "refusing to write `../x`: it would leave the output folder");
    assert_eq!(bench.which(&bench.out), Some(0));

    // A build of a broken site restores the old build before it reads the site, and leaves it.
    crash_between_renames(&bench);
    fs::write(bench.sites[1].join("site.toml"), "broken = = toml").unwrap();
    assert!(!build(&bench.sites[1], &bench.out).wait().unwrap().success());
    assert_eq!(bench.which(&bench.out), Some(0), "the failing build did not restore the old build");
    assert!(!recover(&bench.out).unwrap(), "nothing left to restore");

    // An empty folder made in its place by hand is not an output; a good build replaces all.
    crash_between_renames(&bench);
    fs::create_dir(&bench.out).unwrap();
    assert!(recover(&bench.out).unwrap());
    assert_eq!(bench.which(&bench.out), Some(0));
    crash_between_renames(&bench);
    bench.build_whole(0);
    assert_eq!(bench.beside(), Vec::<String>::new());
}

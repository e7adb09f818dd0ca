//! The output sinks as the driver uses them: files handed over one at a time from several
//! threads, every sink refusing the same paths with the same words, the staging writer
//! writing as files arrive and publishing whole or not at all, and a second build into the
//! same folder waiting for the first (whose staging folder must not look like a dead build's).

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rosette::output::{Checker, Collector, OutputFile, Sink, Staging, marker};

use crate::support::read_tree;

/// 3 threads × 50 awards' files, as the pass over the awards hands them over.
fn put_many(sink: &dyn Sink) {
    std::thread::scope(|scope| {
        for thread in 0..3 {
            scope.spawn(move || {
                for award in 0..50 {
                    let id = format!("t{thread}a{award}");
                    sink.put(OutputFile::new(format!("awards/{id}/index.html"), id.clone().into_bytes())).unwrap();
                    sink.put(OutputFile::new(format!("awards/{id}/card.png"), vec![0; 100])).unwrap();
                }
            });
        }
    });
    sink.put(marker()).unwrap();
}

/// What `sink` answers to a bad path, after `put_many`.
fn refusals(sink: &dyn Sink) -> Vec<String> {
    ["awards/t1a7/card.png", "../escape.html", "/etc/passwd", "awards/../../x", "a\\b", ""]
        .iter()
        .map(|path| sink.put(OutputFile::new(*path, vec![1])).unwrap_err().to_string())
        .collect()
}

#[test]
fn sinks_refuse_the_same_paths_with_the_same_words_and_count_the_same() {
    let work = tempfile::tempdir().unwrap();
    let staging = Staging::open(&work.path().join("public")).unwrap();
    let (checker, collector) = (Checker::default(), Collector::default());
    let sinks: [&dyn Sink; 3] = [&staging, &checker, &collector];
    for sink in sinks {
        put_many(sink);
    }
    let expected = [
        "two outputs claim the same path `awards/t1a7/card.png`",
        "refusing to write `../escape.html`: it would leave the output folder",
        "refusing to write `/etc/passwd`: it would leave the output folder",
        "refusing to write `awards/../../x`: it would leave the output folder",
        "refusing to write `a\\b`: it would leave the output folder",
        "refusing to write ``: it would leave the output folder",
    ];
    for sink in sinks {
        assert_eq!(refusals(sink), expected);
        let tally = sink.ledger().tally();
        assert_eq!(tally.files, 301);
        let pages: u64 = (0..3).flat_map(|t| (0..50).map(move |a| format!("t{t}a{a}").len() as u64)).sum();
        assert_eq!(
            tally.kinds,
            [("share cards", 15_000), ("award pages", pages), ("other files", marker().bytes.len() as u64)]
        );
        assert_eq!(tally.bytes, 15_000 + pages + marker().bytes.len() as u64);
    }
    let files = collector.into_sorted();
    assert_eq!(files.len(), 301);
    assert!(files.windows(2).all(|w| w[0].path < w[1].path), "the plan is sorted by path");
    staging.publish().unwrap();
    let tree = read_tree(&work.path().join("public"));
    assert_eq!(tree.len(), 301);
    assert_eq!(tree["awards/t2a49/index.html"], b"t2a49");
}

/// Names beside `out` other than its own.
fn beside(out: &Path) -> Vec<String> {
    let entries = fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name());
    entries.filter(|n| n != out.file_name().unwrap()).map(|n| n.to_string_lossy().into_owned()).collect()
}

#[test]
fn sinks_staging_writes_as_files_arrive_and_publishes_whole_or_not_at_all() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    rosette::output::write(&out, &[marker(), OutputFile::new("index.html", b"old".to_vec())]).unwrap();

    let staging = Staging::open(&out).unwrap();
    staging.put(marker()).unwrap();
    staging.put(OutputFile::new("awards/a/index.html", b"new".to_vec())).unwrap();
    // The file is on disk already, in the staging folder; the output is still the old build.
    let staged: Vec<String> = beside(&out).into_iter().filter(|n| n.starts_with(".public.rosette-new-")).collect();
    assert_eq!(staged.len(), 1, "{:?}", beside(&out));
    assert_eq!(fs::read(work.path().join(&staged[0]).join("awards/a/index.html")).unwrap(), b"new");
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
    // A build that fails drops its staging: nothing of it stays, the old build is in place.
    drop(staging);
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
    assert_eq!(beside(&out), Vec::<String>::new());

    let staging = Staging::open(&out).unwrap();
    staging.put(marker()).unwrap();
    staging.put(OutputFile::new("awards/a/index.html", b"new".to_vec())).unwrap();
    staging.publish().unwrap();
    assert_eq!(read_tree(&out).keys().collect::<Vec<_>>(), [".rosette-output", "awards/a/index.html"]);
    assert_eq!(beside(&out), Vec::<String>::new());
}

#[test]
fn sinks_a_second_build_waits_for_the_first_and_leaves_its_staging_alone() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    let first = Staging::open(&out).unwrap();
    first.put(marker()).unwrap();
    first.put(OutputFile::new("first.html", vec![])).unwrap();
    let opened = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let second = Staging::open(&out).unwrap();
            opened.store(true, Ordering::SeqCst);
            second.put(marker()).unwrap();
            second.put(OutputFile::new("second.html", vec![])).unwrap();
            second.publish().unwrap();
        });
        std::thread::sleep(Duration::from_millis(300));
        assert!(!opened.load(Ordering::SeqCst), "the second build did not wait for the first");
        // Still writing after the wait: the second build removed nothing of ours.
        first.put(OutputFile::new("late.html", vec![])).unwrap();
        first.publish().unwrap();
        second.join().unwrap();
    });
    assert!(opened.load(Ordering::SeqCst));
    // The last build to finish wins, whole.
    assert_eq!(read_tree(&out).keys().collect::<Vec<_>>(), [".rosette-output", "second.html"]);
    assert_eq!(beside(&out), Vec::<String>::new());
}

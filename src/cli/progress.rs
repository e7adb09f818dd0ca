//! What a long build or check shows while it runs: the binary's side of the library's
//! [progress hook](rosette::progress), and the one home of indicatif.
//!
//! On a terminal, a run that is still going after [`DELAY`] shows its stage and a bar over
//! the awards on standard error, cleared when the run ends (a quick build shows nothing, so
//! nothing flickers). When standard error is not a terminal (CI logs, pipes) nothing is
//! drawn: the command's one summary line is all. `--verbose` adds a line per stage with its
//! count and time, terminal or not; `--quiet` shows nothing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rosette::progress::{Hook, Progress, Stage};
use rosette::words::counted;

use super::printer::Printer;
use super::terminal::{self, Verbosity};

/// How long a run goes on before the progress bar appears.
pub const DELAY: Duration = Duration::from_secs(1);

/// The progress hook for a build or check run now: `None` inside when there is nothing to show.
pub fn hook() -> Hook {
    let verbose = terminal::verbosity() == Verbosity::Verbose;
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if terminal::quiet() || !(verbose || terminal) {
        return Hook::default();
    }
    Hook::new(Arc::new(Display::new(verbose, terminal)))
}

/// Draws the bar and says the stages.
struct Display {
    bar: ProgressBar,
    verbose: bool,
    /// Whether standard error is a terminal (else the bar is never drawn).
    terminal: bool,
    started: Instant,
    /// Whether the bar is drawn yet.
    shown: AtomicBool,
    /// The stage under way, with its count and when it started.
    current: Mutex<Option<(Stage, usize, Instant)>>,
}

impl Display {
    fn new(verbose: bool, terminal: bool) -> Display {
        Display {
            bar: ProgressBar::hidden(),
            verbose,
            terminal,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            current: Mutex::new(None),
        }
    }

    /// Draws the bar once the run has taken long enough.
    fn reveal(&self) {
        if self.terminal && self.started.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Ends the stage under way: with `--verbose`, says what it did and how long it took.
    fn end_stage(&self) {
        let ended = match self.current.lock() {
            Ok(mut current) => current.take(),
            // A panic elsewhere while holding the lock: no line is better than a second panic.
            Err(_) => None,
        };
        if let (true, Some((stage, count, started))) = (self.verbose, ended) {
            let line = format!("{} in {}", done(stage, count), duration(started.elapsed()));
            self.bar.suspend(|| Printer::Human.note(&line));
        }
    }
}

impl Progress for Display {
    fn stage(&self, stage: Stage, count: usize) {
        self.end_stage();
        if let Ok(mut current) = self.current.lock() {
            *current = Some((stage, count, Instant::now()));
        }
        let template = if stage.reports_items() { "{spinner} {msg} [{bar:30}] {pos}/{len}" } else { "{spinner} {msg}" };
        // The templates are fixed and valid; the default style would do if one were not.
        let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        self.bar.set_style(style.progress_chars("=> "));
        self.bar.set_length(count as u64);
        self.bar.set_position(0);
        self.bar.set_message(doing(stage));
        self.reveal();
    }

    fn item(&self, _stage: Stage) {
        self.bar.inc(1);
        self.reveal();
    }

    fn finished(&self) {
        self.end_stage();
        self.bar.finish_and_clear();
    }
}

impl Drop for Display {
    /// A failed run leaves no bar behind its error messages.
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// What the bar says during `stage`.
fn doing(stage: Stage) -> &'static str {
    match stage {
        Stage::Read => "reading the site folder",
        Stage::Resolve => "checking the site",
        Stage::Site => "making the site's pages and documents",
        Stage::Awards => "making the awards",
        Stage::Write => "publishing",
    }
}

/// What `stage` did, for `--verbose`: "made the documents of 35 awards".
fn done(stage: Stage, count: usize) -> String {
    let awards = counted(count, "award", "awards");
    match stage {
        Stage::Read => "read the site folder".into(),
        Stage::Resolve => format!("checked the site ({})", counted(count, "award file", "award files")),
        Stage::Site => "made the site's pages and documents".into(),
        Stage::Awards => format!("made the documents, pages and images of {awards}"),
        Stage::Write => format!("published {}", counted(count, "file", "files")),
    }
}

/// "12 ms", "1.25 s".
fn duration(elapsed: Duration) -> String {
    if elapsed < Duration::from_secs(1) {
        format!("{} ms", elapsed.as_millis())
    } else {
        format!("{:.2} s", elapsed.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_said_with_their_counts_and_times() {
        assert_eq!(done(Stage::Awards, 1), "made the documents, pages and images of 1 award");
        assert_eq!(done(Stage::Resolve, 2), "checked the site (2 award files)");
        assert_eq!(done(Stage::Write, 233), "published 233 files");
        assert_eq!(duration(Duration::from_millis(12)), "12 ms");
        assert_eq!(duration(Duration::from_millis(1254)), "1.25 s");
    }
}

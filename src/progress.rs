//! How a run of the pipeline tells its caller what it is doing: the [`Progress`] hook.
//!
//! The library never prints and never reads the clock, yet a build of a large site takes
//! seconds, and the person waiting wants to see it move. So the driver (`produce` in
//! `lib.rs`) announces each [`Stage`] with the number of things it goes through, and the
//! stage that works award by award (documents, pages and images in one pass) reports each
//! award once, from its parallel loop. The caller decides what to show: the binary draws a
//! progress bar on a terminal and times the stages for `--verbose`; tests record the calls.
//!
//! The hook travels in [`crate::Options`] as a [`Hook`], which is empty by default: a run
//! nobody watches costs one branch per award.

use std::fmt;
use std::sync::Arc;

/// A stage of a run, announced in this order (`Write` by `build` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Reading the site folder; its count is 0 (the number of files is not known before).
    Read,
    /// Resolving and checking what was read; counts the award files read.
    Resolve,
    /// Making the site's own files once: the documents, pages and images of the site, its
    /// issuers and badges, and the static files; its count is 0.
    Site,
    /// Making each award's files in one pass (documents, signed credential, page, share card,
    /// baked image), each handed to the output as soon as it is made; counts awards, reports each.
    Awards,
    /// Publishing the output folder (`build` only: its files were written as they were
    /// made; this swaps them in); counts the files.
    Write,
}

impl Stage {
    /// Whether the stage calls [`Progress::item`] once per thing it counts (the award
    /// stage); the others only announce their count.
    pub fn reports_items(self) -> bool {
        matches!(self, Stage::Awards)
    }
}

/// What a caller watching a run implements. Called from several threads at once (the award
/// loops run in parallel), so it must be `Send + Sync` and cheap.
pub trait Progress: Send + Sync {
    /// `stage` starts and goes through `count` things (see [`Stage`] for what each counts).
    fn stage(&self, stage: Stage, count: usize);
    /// One thing of `stage` is done: called exactly `count` times when
    /// [`Stage::reports_items`], never otherwise.
    fn item(&self, stage: Stage);
    /// The run succeeded: the last stage announced is over. Not called when the run fails.
    fn finished(&self);
}

/// The progress hook of a run: a [`Progress`] to call, or nothing (the default).
#[derive(Clone, Default)]
pub struct Hook(Option<Arc<dyn Progress>>);

impl Hook {
    /// A hook that calls `progress`.
    pub fn new(progress: Arc<dyn Progress>) -> Hook {
        Hook(Some(progress))
    }

    /// Announces that `stage` starts with `count` things to go through.
    pub fn stage(&self, stage: Stage, count: usize) {
        if let Some(progress) = &self.0 {
            progress.stage(stage, count);
        }
    }

    /// Reports one thing of `stage` done.
    pub fn item(&self, stage: Stage) {
        if let Some(progress) = &self.0 {
            progress.item(stage);
        }
    }

    /// Reports the run's success.
    pub fn finished(&self) {
        if let Some(progress) = &self.0 {
            progress.finished();
        }
    }
}

impl fmt::Debug for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Hook(set)" } else { "Hook(none)" })
    }
}

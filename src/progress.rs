//! How a run of the pipeline tells its caller what it is doing: the [`Progress`] hook.
//!
//! The library never prints and never reads the clock, yet a build of a large site takes
//! seconds, and the person waiting wants to see it move. So the driver (`run_stages` in
//! `lib.rs`) announces each [`Stage`] with the number of things it goes through, and the
//! stages that work award by award (credentials, pages, baked images) report each award
//! once, from their parallel loops. The caller decides what to show: the binary draws a
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
    /// Making (and signing) the machine documents; counts awards, reports each.
    Credentials,
    /// Rendering pages and images; counts awards, reports each award's pages.
    Render,
    /// Baking the documents into each award's badge image; counts awards, reports each.
    Bake,
    /// Writing the output folder (`build` only); counts the files written.
    Write,
}

impl Stage {
    /// Whether the stage calls [`Progress::item`] once per thing it counts (the award
    /// stages); the others only announce their count.
    pub fn reports_items(self) -> bool {
        matches!(self, Stage::Credentials | Stage::Render | Stage::Bake)
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

//! Which canonicalisation path runs, and the cross-check of the fast path against the
//! JSON-LD reference on a sample of real documents.
//!
//! The differential tests prove the fast path on generated documents; the cross-check keeps
//! proving it on the documents users actually build. It runs in debug builds and in
//! `rosette check` (a PR check then fails loudly rather than a release publishing a
//! signature that verifiers reject), on every 64th document plus the first document of each
//! shape, so that its cost stays a small fraction of the fast path's saving.
//!
//! `ROSETTE_CANON=reference` forces the reference path (the escape hatch should the fast
//! path ever be wrong); `ROSETTE_CANON=check` cross-checks every document.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// The environment variable that chooses the path.
pub(crate) const VARIABLE: &str = "ROSETTE_CANON";

/// Every how many documents one is cross-checked, besides the first of each shape.
const SAMPLE_EVERY: usize = 64;

/// Which implementation a [`crate::proof::Canonicalizer`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The fast path, falling back to the JSON-LD reference for documents it does not handle.
    Fast,
    /// The fast path only: a document it does not handle is an error (for tests and benches
    /// that must know which path ran).
    FastOnly,
    /// Always the JSON-LD reference (json-ld expansion + rdf-canon).
    Reference,
}

/// The engine and the cross-check sampler of one canonicaliser.
#[derive(Debug)]
pub(crate) struct Mode {
    pub engine: Engine,
    sampler: Option<Sampler>,
}

#[derive(Debug)]
struct Sampler {
    every: usize,
    count: AtomicUsize,
    shapes: Mutex<HashSet<u64>>,
}

impl Mode {
    /// The mode of a build: `ROSETTE_CANON` if set, else the fast path, cross-checked on a
    /// sample when `cross_check` is set.
    pub fn from_env(cross_check: bool) -> Mode {
        match std::env::var(VARIABLE).as_deref() {
            Ok("reference") => Mode::new(Engine::Reference, None),
            Ok("check") => Mode::new(Engine::Fast, Some(1)),
            _ => Mode::new(Engine::Fast, cross_check.then_some(SAMPLE_EVERY)),
        }
    }

    /// A fixed engine; `every` cross-checks every n-th document and each new shape.
    pub fn new(engine: Engine, every: Option<usize>) -> Mode {
        let sampler = every.map(|every| Sampler {
            every: every.max(1),
            count: AtomicUsize::new(0),
            shapes: Mutex::new(HashSet::new()),
        });
        Mode { engine, sampler }
    }

    /// Whether this document (of this shape) is compared with the reference.
    pub fn wants_check(&self, shape: u64) -> bool {
        let Some(sampler) = &self.sampler else { return false };
        let n = sampler.count.fetch_add(1, Ordering::Relaxed);
        // Even when it is the n-th, record the shape so its next document is not re-checked.
        let new_shape = sampler.shapes.lock().unwrap_or_else(PoisonError::into_inner).insert(shape);
        new_shape || n % sampler.every == 0
    }
}

/// The first line on which two canonical forms differ, both sides, for the error message.
pub(crate) fn first_difference(fast: &str, reference: &str) -> String {
    let mut fast_lines = fast.lines();
    let mut reference_lines = reference.lines();
    loop {
        match (fast_lines.next(), reference_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                return format!("fast: `{}`, reference: `{}`", a.unwrap_or("(end)"), b.unwrap_or("(end)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_every_nth_and_each_new_shape() {
        let mode = Mode::new(Engine::Fast, Some(4));
        let picked: Vec<bool> = [1, 1, 1, 1, 1, 2, 1, 1, 2].iter().map(|&shape| mode.wants_check(shape)).collect();
        assert_eq!(picked, [true, false, false, false, true, true, false, false, true]);
        assert!(!Mode::new(Engine::Fast, None).wants_check(7));
    }

    #[test]
    fn names_the_first_differing_line() {
        assert_eq!(first_difference("a\nb\nc\n", "a\nx\nc\n"), "fast: `b`, reference: `x`");
        assert_eq!(first_difference("a\n", "a\nb\n"), "fast: `(end)`, reference: `b`");
    }
}

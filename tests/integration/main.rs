//! The one integration test binary. Fixture sites live in `tests/fixtures/<test name>/`;
//! expected outputs (diagnostics, golden trees) beside them can be re-blessed with
//! `ROSETTE_BLESS=1 cargo test --test integration` — then review the diff before committing.
//! Tests without a fixture of their own keep such snapshots beside their code instead
//! (`guard/snapshots/<test name>.txt` for the rules of `check --base`).

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod active;
mod award;
mod bake;
mod build;
mod cache;
mod canon;
mod cards;
mod check;
mod cli;
mod endorse;
mod endorse_withdrawn;
mod faults;
mod formats;
mod guard;
mod hostile;
mod interop;
mod keys;
mod messages;
mod output;
mod properties;
mod qr;
mod quality;
mod render;
mod scaffold;
mod serve;
mod sign;
mod sinks;
mod support;
mod tools;
mod trust;
mod verifier;
mod workflows;

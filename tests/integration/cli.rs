//! The `rosette` binary as a user runs it.

//! Interop: real third-party verifiers judge what rosette publishes (filled in below).

//! Building sites: golden output, invariants (reproducible, private, atomic, honest status).

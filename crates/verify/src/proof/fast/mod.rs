//! The fast path of canonicalisation: the documents rosette signs turned into RDF quads
//! straight from their JSON, without running the JSON-LD expansion algorithm.
//!
//! Expansion is ~90 % of what signing a credential costs, and almost all of it is spent
//! rebuilding active contexts that never change: rosette's credentials always have the same
//! `@context` and the same few node types. The fast path reads the embedded contexts once
//! into term tables ([`context`]), stacks them as the document's `@context` entries and types
//! say ([`layers`]) and walks the document with them ([`expand`]); the quads
//! then go through the same RDFC-1.0 implementation as the reference path.
//!
//! The reference path (json-ld + rdf-canon, in `canon.rs`) stays the definition of
//! correctness: anything the fast path is not sure to read exactly as JSON-LD would
//! (an unknown key, context or value shape) is [`Unsupported`], and the caller falls back to
//! it. Differential tests compare both on generated credentials and on published vectors, and
//! [`check`] compares them on a sample of real documents during debug builds and
//! `rosette check`.

pub(crate) mod check;
mod context;
mod expand;
mod layers;

use serde_json::{Map, Value};

pub(crate) use expand::Expanded;

/// Why the fast path declined a document (it then goes through full JSON-LD expansion).
///
/// Not an error: the reason is only kept for tests and debugging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported(pub String);

impl Unsupported {
    fn new(reason: impl Into<String>) -> Unsupported {
        Unsupported(reason.into())
    }
}

/// The RDF quads of `document` (a JSON object with an `@context`), as JSON-LD expansion and
/// "deserialize to RDF" would produce them up to blank node labels, or why the fast path
/// declines it. The caller has already applied `strict::check_keys`.
pub(crate) fn quads(document: &Map<String, Value>) -> Result<Expanded, Unsupported> {
    expand::expand(document)
}

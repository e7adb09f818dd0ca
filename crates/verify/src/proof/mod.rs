//! Data Integrity proofs: Ed25519 keys, RDFC-1.0 canonicalisation and the
//! `eddsa-rdfc-2022` cryptosuite (W3C VC-DI-EdDSA v1.0) for Open Badges 3.0 credentials.
//!
//! This module owns everything cryptographic in rosette and is the only user of
//! ed25519-dalek, json-ld, rdf-canon, oxrdf and bs58:
//!
//! * [`keys`]: the secret [`SigningKey`] (never printable, never serialisable, wiped on drop)
//!   and the public [`PublicKey`] with its Multikey `z6Mk…` form;
//! * [`canon`]: the [`Canonicalizer`] turning a JSON-LD document into canonical N-Quads,
//!   offline (contexts embedded from `contexts/`) and strict (no silently dropped terms);
//!   `fast/` is its fast path for the documents rosette signs, with json-ld as the reference;
//! * [`eddsa`]: [`sign`] and [`verify`] of a `DataIntegrityProof` with cryptosuite
//!   `eddsa-rdfc-2022` and purpose `assertionMethod`;
//! * [`link`]: the [`KeyLink`] signature by which a site's current key vouches for its next.
//!
//! Strictness is the point: a credential that one JSON-LD processor reads differently from
//! another (an undefined term dropped here but rejected by a "safe mode" verifier, a tab
//! escaped by one generation of rdf-canonize and not by the other) would carry a signature
//! that fails elsewhere. Such documents are refused with a [`ProofError`] instead.

pub mod canon;
mod contexts;
pub mod eddsa;
mod fast;
pub mod keys;
pub mod link;
mod rdf;
mod strict;

#[cfg(test)]
mod tests;

pub use canon::Canonicalizer;
pub use eddsa::{Proof, ProofOptions, sign, verify};
pub use fast::check::Engine;
pub use keys::{KeyError, PublicKey, SigningKey};
pub use link::{KeyLink, LinkError};

/// Why a document could not be canonicalised, signed or verified.
///
/// Each message is one sentence naming the offending term, URL or field; none ever contains
/// secret key material.
#[derive(Debug, thiserror::Error)]
pub enum ProofError {
    /// An `@context` URL that is not among the embedded context files (no network, ever).
    #[error("the JSON-LD context `{0}` is not one of the contexts rosette embeds, and contexts are never fetched")]
    UnknownContext(String),

    /// A property or type that the document's contexts do not define: JSON-LD would drop it
    /// or turn it into a relative IRI, and "safe mode" verifiers reject the credential.
    #[error(
        "`{0}` is not defined by the document's @context (it would be dropped or become a relative IRI, and safe-mode verifiers reject that)"
    )]
    UndefinedTerm(String),

    /// An identifier value that is not an absolute IRI (`https://…`, `urn:…`, `did:…`).
    #[error("`{0}` is used as an identifier but is not an absolute IRI")]
    RelativeIri(String),

    /// A string that verifiers of different generations serialise differently.
    #[error(
        "the string at `{path}` contains the control character U+{code:04X}, which verifiers escape differently; remove it"
    )]
    ControlCharacter {
        /// Where the string is, as a dotted JSON path.
        path: String,
        /// The offending character's code point.
        code: u32,
    },

    /// A JSON `null`, which JSON-LD silently drops.
    #[error("the value at `{0}` is null, which JSON-LD silently drops; omit the property instead")]
    NullValue(String),

    /// A JSON-LD feature this module refuses because processors disagree on it.
    #[error("{0}")]
    Unsupported(String),

    /// The document is not a JSON object with an `@context`, or JSON-LD processing failed.
    #[error("the document is not valid JSON-LD: {0}")]
    InvalidDocument(String),

    /// RDF Dataset Canonicalization failed (for example a graph built to exhaust it).
    #[error("canonicalisation (RDFC-1.0) failed: {0}")]
    Canonicalization(String),

    /// The fast canonicaliser and the JSON-LD reference disagree on a document (found by the
    /// cross-check of debug builds and `rosette check`).
    #[error(
        "the fast canonicaliser and the JSON-LD reference disagree on this document ({0}); this is a bug in rosette, please report it; meanwhile ROSETTE_CANON=reference signs with the reference alone"
    )]
    FastPathMismatch(String),

    /// `sign` was given a document that already carries a `proof`.
    #[error("the document already has a proof; sign the unsecured document")]
    AlreadySigned,

    /// Bad proof options (`created`, `verificationMethod`).
    #[error("invalid proof options: {0}")]
    InvalidOptions(String),

    /// `verify` found no proof, or one it cannot check.
    #[error("the proof cannot be checked: {0}")]
    MalformedProof(String),

    /// The signature does not match the document and key.
    #[error("the signature is invalid: the document was altered after signing or signed with another key")]
    InvalidSignature,

    /// A key problem.
    #[error(transparent)]
    Key(#[from] KeyError),
}

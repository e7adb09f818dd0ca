//! Open Badges documents as typed serde structs, built from the model.
//!
//! The documents are serialised by rosette itself, never by a template: the bytes published
//! are exactly what these structs produce, in declaration order, pretty-printed with a
//! trailing newline so the output is reproducible and diffs read well.

pub mod did;
pub mod ob2;
pub mod ob3;
pub mod status;
pub mod vocab;

/// Serialises a document the way every JSON file of the site is written.
pub fn to_json_bytes<T: serde::Serialize>(document: &T) -> Vec<u8> {
    // Serialising plain structs of strings, bools and vectors cannot fail.
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

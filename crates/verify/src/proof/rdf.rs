//! Conversions at the seams between the crates: serde_json values into json-ld's JSON type,
//! and json-ld's RDF quads into oxrdf quads for rdf-canon.
//!
//! Kept apart from the canonicaliser so that swapping the RDFC-1.0 implementation (for
//! example to sophia_c14n) touches only this file and one call in `canon.rs`.

use json_ld::rdf_types::{Id, LiteralType, Term};
use json_ld::syntax::{NumberBuf, Object, Value as LdValue};
use json_ld::{BlankIdBuf, IriBuf};
use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad};

use super::ProofError;

/// Converts a serde_json value into json-ld's JSON type, leaving out the top-level
/// `@context` entry when `skip_context` is set (the caller supplies the processed context).
pub(crate) fn to_json_ld(value: &serde_json::Value, skip_context: bool) -> Result<LdValue, ProofError> {
    Ok(match value {
        serde_json::Value::Null => LdValue::Null,
        serde_json::Value::Bool(b) => LdValue::Boolean(*b),
        serde_json::Value::Number(n) => {
            // serde_json prints numbers as valid JSON; json-ld re-canonicalises them (ECMAScript
            // form) before producing RDF, so the text form here does not matter.
            let number: NumberBuf = n
                .to_string()
                .parse()
                .map_err(|_| ProofError::InvalidDocument(format!("the number {n} is not valid JSON")))?;
            LdValue::Number(number)
        }
        serde_json::Value::String(s) => LdValue::String(s.as_str().into()),
        serde_json::Value::Array(items) => {
            LdValue::Array(items.iter().map(|item| to_json_ld(item, false)).collect::<Result<_, _>>()?)
        }
        serde_json::Value::Object(map) => {
            let mut object = Object::new();
            for (key, item) in map {
                if skip_context && key == "@context" {
                    continue;
                }
                object.push(key.as_str().into(), to_json_ld(item, false)?);
            }
            LdValue::Object(object)
        }
    })
}

/// A quad as json-ld produces it (IRIs and blank nodes owned, no interning vocabulary).
pub(crate) type LdQuad = json_ld::rdf_types::Quad<
    Id<IriBuf, BlankIdBuf>,
    Id<IriBuf, BlankIdBuf>,
    Term<Id<IriBuf, BlankIdBuf>, json_ld::rdf_types::Literal>,
    Id<IriBuf, BlankIdBuf>,
>;

/// Converts one json-ld quad into an oxrdf quad.
///
/// Language tags are lower-cased because jsonld.js (the engine of the Digital Bazaar
/// verifiers) lower-cases them during expansion and json-ld keeps them as written.
pub(crate) fn to_oxrdf(quad: LdQuad) -> Result<Quad, ProofError> {
    let json_ld::rdf_types::Quad(subject, predicate, object, graph) = quad;
    let predicate = match predicate {
        Id::Iri(iri) => NamedNode::new_unchecked(iri.into_string()),
        // json-ld only emits these with `produce_generalized_rdf`, which is off; refuse
        // rather than drop should that ever change.
        Id::Blank(blank) => return Err(ProofError::UndefinedTerm(blank.to_string())),
    };
    let object: oxrdf::Term = match object {
        Term::Id(id) => node(id).into(),
        Term::Literal(literal) => match literal.type_ {
            LiteralType::Any(datatype) => {
                Literal::new_typed_literal(literal.value, NamedNode::new_unchecked(datatype.into_string()))
            }
            LiteralType::LangString(tag) => {
                Literal::new_language_tagged_literal_unchecked(literal.value, tag.as_str().to_ascii_lowercase())
            }
        }
        .into(),
    };
    let graph = match graph {
        None => GraphName::DefaultGraph,
        Some(id) => match node(id) {
            NamedOrBlankNode::NamedNode(named) => GraphName::NamedNode(named),
            NamedOrBlankNode::BlankNode(blank) => GraphName::BlankNode(blank),
        },
    };
    Ok(Quad::new(node(subject), predicate, object, graph))
}

/// An IRI or blank node. json-ld has already validated IRIs (invalid ones never reach RDF)
/// and its generator labels blank nodes `_:b0`, `_:b1`…, valid N-Quads labels.
fn node(id: Id<IriBuf, BlankIdBuf>) -> NamedOrBlankNode {
    match id {
        Id::Iri(iri) => NamedNode::new_unchecked(iri.into_string()).into(),
        Id::Blank(blank) => BlankNode::new_unchecked(blank.suffix()).into(),
    }
}

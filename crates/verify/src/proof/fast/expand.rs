//! The fast path's walk: a JSON document → RDF quads, for the node shapes rosette signs.
//!
//! It does what JSON-LD 1.1 expansion followed by "deserialize to RDF" does for documents
//! made only of node objects, strings and booleans: keys are looked up in the document's
//! contexts, plus the embedded `@context` of the node and its ancestors (an endorsement
//! embedded in an achievement carries its own), plus the type-scoped contexts of the node's
//! own types (type-scoped contexts do not propagate, so every nested node starts again from
//! the contexts without them, JSON-LD 1.1 §4.1.8; see [`Layers`]), values are coerced as their
//! term says (`@id`, `@vocab`, a datatype, or a plain string), a `@container: @graph` value
//! (a `proof`) goes to a named graph of its own, and nodes without `id` become blank nodes. Whatever falls outside that subset is
//! [`Unsupported`], and the caller runs the full JSON-LD algorithm instead, which also gives
//! the precise strictness error when there is one (undefined term, relative IRI…).

use std::hash::{DefaultHasher, Hash as _, Hasher as _};

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term as RdfTerm};
use serde_json::{Map, Value};

use super::Unsupported;
use super::context::{Coerce, Definition, Term};
use super::layers::Layers;

/// The quads of a document and a hash of its shape (keys and kinds of values, not the values).
pub(crate) struct Expanded {
    /// The quads, blank nodes (subjects and graph names) labelled `_:f1`, `_:f2`… in
    /// document order.
    pub quads: Vec<Quad>,
    /// Equal for documents with the same keys and kinds of values at the same places.
    pub shape: u64,
}

/// Quads of `document` (a JSON object with an `@context`), or why the fast path declines it.
pub(super) fn expand(document: &Map<String, Value>) -> Result<Expanded, Unsupported> {
    if !document.contains_key("@context") {
        return Err(Unsupported::new("a document without @context"));
    }
    let mut walk =
        Walk { quads: Vec::with_capacity(64), blanks: 0, graph: GraphName::DefaultGraph, shape: DefaultHasher::new() };
    walk.node(document, &Layers::empty())?;
    Ok(Expanded { quads: walk.quads, shape: walk.shape.finish() })
}

struct Walk {
    quads: Vec<Quad>,
    blanks: usize,
    /// The graph the quads of the current node go to: the default graph, or the blank node
    /// of a `@container: @graph` value (a credential's `proof`) and its descendants.
    graph: GraphName,
    shape: DefaultHasher,
}

impl Walk {
    /// Emits the quads of one node object and returns its subject. `outer` is the context
    /// the node starts from whatever its parent's types were: the document's, plus the
    /// embedded `@context` of its ancestors (these propagate, JSON-LD 1.1 §4.1.8).
    fn node(&mut self, map: &Map<String, Value>, outer: &Layers<'static>) -> Result<NamedOrBlankNode, Unsupported> {
        if map.is_empty() {
            return Err(Unsupported::new("an empty object"));
        }
        // The node's own `@context` first (expansion step 9), on top of the outer context.
        let top = match map.get("@context") {
            Some(context) => {
                2u8.hash(&mut self.shape);
                outer.embed(context, &mut self.shape)?
            }
            None => outer.clone(),
        };
        let top = &top;
        // Then `id` and `type`, read in that context (JSON-LD 1.1 expansion step 11).
        let (mut id, mut types) = (None, None);
        for (key, value) in map {
            if key == "@context" {
                continue;
            }
            if key.is_empty() || key.starts_with('@') || key.contains(':') {
                return Err(Unsupported::new(format!("the key `{key}`")));
            }
            match top.lookup(key)? {
                Some(Term::Id) if id.is_none() => id = Some(value),
                Some(Term::Type) if types.is_none() => types = Some(value),
                Some(Term::Id | Term::Type) => return Err(Unsupported::new("two keys alias @id or @type")),
                _ => {}
            }
        }
        let subject: NamedOrBlankNode = match id {
            Some(Value::String(iri)) => self.iri(iri, top)?.into(),
            Some(_) => return Err(Unsupported::new("an id that is not a string")),
            None => self.blank().into(),
        };
        let mut terms: Vec<(&str, &'static Definition)> = match types {
            None => Vec::new(),
            Some(Value::String(term)) => vec![(term.as_str(), top.definition(term)?)],
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(term) => Ok((term.as_str(), top.definition(term)?)),
                    _ => Err(Unsupported::new("a type that is not a string")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(Unsupported::new("a type that is not a string")),
        };
        // Type-scoped contexts apply in the lexicographic order of the type terms.
        terms.sort_unstable_by_key(|(term, _)| *term);
        let mut layers = top.clone();
        for (term, definition) in &terms {
            term.hash(&mut self.shape);
            if let Some(scope) = &definition.scope {
                layers = layers.with(scope)?;
            }
            self.push(&subject, NamedNode::from(rdf::TYPE), NamedNode::new_unchecked(&definition.iri));
        }
        for (key, value) in map {
            if key == "@context" {
                continue;
            }
            key.hash(&mut self.shape);
            let definition = match layers.lookup(key)? {
                Some(Term::Id | Term::Type) => continue,
                Some(Term::Iri(definition)) => definition,
                Some(Term::Unsupported) => return Err(Unsupported::new(format!("the definition of `{key}`"))),
                None => return Err(Unsupported::new(format!("`{key}` is not defined"))),
            };
            let predicate = NamedNode::new_unchecked(&definition.iri);
            match value {
                Value::Array(items) => {
                    items.len().hash(&mut self.shape);
                    for item in items {
                        let object = self.value(item, definition, &layers, top)?;
                        self.push(&subject, predicate.clone(), object);
                    }
                }
                item => {
                    let object = self.value(item, definition, &layers, top)?;
                    self.push(&subject, predicate, object);
                }
            }
        }
        Ok(subject)
    }

    /// The RDF term of one value of a property.
    fn value(
        &mut self,
        value: &Value,
        definition: &Definition,
        layers: &Layers<'static>,
        top: &Layers<'static>,
    ) -> Result<RdfTerm, Unsupported> {
        // A property-scoped context is only read for `@vocab` strings (proofPurpose).
        if definition.scope.is_some() && !(definition.coerce == Coerce::Vocab && value.is_string()) {
            return Err(Unsupported::new("a property-scoped context"));
        }
        let term: RdfTerm = match (value, &definition.coerce) {
            // Expansion makes the node a graph object `{"@graph": [node]}` without `@id`; RDF
            // makes that a blank node the subject links to, naming the graph that holds the
            // node's quads (and its descendants').
            (Value::Object(map), _) if definition.graph => {
                1u8.hash(&mut self.shape);
                let name = self.blank();
                let outer = std::mem::replace(&mut self.graph, name.clone().into());
                let node = self.node(map, top);
                self.graph = outer;
                node?;
                name.into()
            }
            // A string would be a graph of a node reference alone: not something rosette signs.
            (_, _) if definition.graph => {
                return Err(Unsupported::new("a @graph container value that is not an object"));
            }
            (Value::Object(map), _) => {
                0u8.hash(&mut self.shape);
                self.node(map, top)?.into()
            }
            (Value::String(text), Coerce::Id) => self.iri(text, layers)?.into(),
            (Value::String(text), Coerce::Vocab) => {
                let mut scoped = layers.clone();
                if let Some(scope) = &definition.scope {
                    scoped = scoped.with(scope)?;
                }
                NamedNode::new_unchecked(&scoped.definition(text)?.iri).into()
            }
            (Value::String(text), Coerce::Plain) => Literal::new_simple_literal(text).into(),
            (Value::String(text), Coerce::Datatype(datatype)) => {
                Literal::new_typed_literal(text, NamedNode::new_unchecked(datatype)).into()
            }
            (Value::Bool(flag), Coerce::Plain | Coerce::Datatype(_)) => {
                let datatype = match &definition.coerce {
                    Coerce::Datatype(datatype) => NamedNode::new_unchecked(datatype),
                    _ => xsd::BOOLEAN.into(),
                };
                Literal::new_typed_literal(if *flag { "true" } else { "false" }, datatype).into()
            }
            _ => return Err(Unsupported::new("a number, null, nested array or boolean identifier")),
        };
        Ok(term)
    }

    /// An identifier: kept as written when it is an absolute IRI JSON-LD returns unchanged.
    fn iri(&self, text: &str, layers: &Layers<'_>) -> Result<NamedNode, Unsupported> {
        let Some((scheme, rest)) = text.split_once(':') else {
            return Err(Unsupported::new("a relative identifier"));
        };
        // `_:` is a blank node; `prefix:suffix` with a defined prefix is a compact IRI; dot
        // segments might be resolved away; the full path decides all of these.
        let dot_segment = rest.split(['/', '?', '#']).any(|segment| segment == "." || segment == "..");
        if scheme == "_" || layers.lookup(scheme)?.is_some() || dot_segment || json_ld::Iri::new(text).is_err() {
            return Err(Unsupported::new(format!("the identifier `{text}`")));
        }
        Ok(NamedNode::new_unchecked(text))
    }

    /// A fresh blank node: `_:f1`, `_:f2`… in document order.
    fn blank(&mut self) -> BlankNode {
        self.blanks += 1;
        BlankNode::new_unchecked(format!("f{}", self.blanks))
    }

    fn push(&mut self, subject: &NamedOrBlankNode, predicate: NamedNode, object: impl Into<RdfTerm>) {
        self.quads.push(Quad::new(subject.clone(), predicate, object, self.graph.clone()));
    }
}

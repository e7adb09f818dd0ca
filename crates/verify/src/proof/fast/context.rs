//! The term tables of the fast path, read from the embedded context files.
//!
//! Each embedded context (and each type- or property-scoped context inside it) becomes a
//! [`Scope`]: term → [`Term`]. Only the plain subset of JSON-LD context syntax is read: a
//! term is an absolute IRI, an `@id`/`@type` alias, or an object with an absolute `@id`, an
//! optional `@type` (`@id`, `@vocab` or an absolute datatype IRI), `@container: @set` or
//! `@graph` (the `proof` of a credential) and a scoped `@context`. Anything else (`@vocab`,
//! `@base`, compact IRIs, `@json`, language and list containers, `@reverse`, `@nest`, `null`
//! resets…) is recorded as unsupported, so a document that uses it falls back to the full
//! JSON-LD path instead of being guessed at.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use crate::proof::contexts;

/// What a term means in one context.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Term {
    /// An alias of `@id` (`"id": "@id"`).
    Id,
    /// An alias of `@type` (`"type": "@type"`).
    Type,
    /// A property or a type, mapped to an absolute IRI.
    Iri(Arc<Definition>),
    /// Defined in a way the fast path does not handle.
    Unsupported,
}

/// A term mapped to an absolute IRI, with what it does to values.
#[derive(Debug, PartialEq)]
pub(super) struct Definition {
    /// The expanded IRI.
    pub iri: String,
    /// How string (and boolean) values are turned into RDF.
    pub coerce: Coerce,
    /// The scoped `@context` (type-scoped when the term is used as a type, property-scoped
    /// when it is used as a property).
    pub scope: Option<Arc<Scope>>,
    /// `@container: @graph`: each value is a node object put in a named graph of its own.
    pub graph: bool,
    /// `@container: @set`: nothing to RDF (a set is what any multi-valued property becomes),
    /// but part of what makes two definitions of a term the same.
    pub set: bool,
}

/// A term's type coercion (`@type` in its definition).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Coerce {
    /// None: strings are `xsd:string` literals.
    Plain,
    /// `@id`: strings are IRIs.
    Id,
    /// `@vocab`: strings are terms (or IRIs).
    Vocab,
    /// A datatype IRI: strings are literals of that type.
    Datatype(String),
}

/// The terms one context defines.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Scope {
    /// Term → meaning.
    pub terms: HashMap<String, Term>,
    /// Whether the context uses a feature the fast path does not handle at context level
    /// (`@vocab`, `@base`, `@language`, `@import`, `@propagate`…): then nothing under it is
    /// handled.
    pub unsupported: bool,
}

/// The top-level scope of the embedded context at `url`, if it is embedded.
pub(super) fn embedded(url: &str) -> Option<&'static Arc<Scope>> {
    static SCOPES: OnceLock<HashMap<&'static str, Arc<Scope>>> = OnceLock::new();
    SCOPES
        .get_or_init(|| {
            contexts::EMBEDDED
                .iter()
                .map(|context| {
                    let scope = match serde_json::from_str::<Value>(context.text) {
                        Ok(Value::Object(file)) => match file.get("@context") {
                            Some(Value::Object(definitions)) => parse(definitions),
                            _ => Scope { unsupported: true, ..Scope::default() },
                        },
                        _ => Scope { unsupported: true, ..Scope::default() },
                    };
                    (context.url, Arc::new(scope))
                })
                .collect()
        })
        .get(url)
}

/// Reads one context object.
fn parse(definitions: &Map<String, Value>) -> Scope {
    let mut scope = Scope::default();
    for (key, value) in definitions {
        match key.as_str() {
            // Protection only turns redefinitions into errors; the fast path refuses any
            // conflicting redefinition anyway (see `expand::Layers::lookup`).
            "@protected" => {}
            "@version" if value.as_f64() == Some(1.1) => {}
            _ if key.starts_with('@') => scope.unsupported = true,
            _ => {
                scope.terms.insert(key.clone(), term(value));
            }
        }
    }
    scope
}

/// Reads one term definition.
fn term(value: &Value) -> Term {
    let definition = match value {
        Value::String(iri) => match iri.as_str() {
            "@id" => return Term::Id,
            "@type" => return Term::Type,
            _ => return absolute(iri).map_or(Term::Unsupported, |iri| plain(iri.to_owned())),
        },
        Value::Object(definition) => definition,
        _ => return Term::Unsupported,
    };
    let mut iri = None;
    let mut coerce = Coerce::Plain;
    let mut scope = None;
    let (mut graph, mut set) = (false, false);
    for (key, value) in definition {
        match (key.as_str(), value) {
            ("@id", Value::String(id)) => match absolute(id) {
                Some(id) => iri = Some(id.to_owned()),
                None => return Term::Unsupported,
            },
            ("@type", Value::String(ty)) => {
                coerce = match ty.as_str() {
                    "@id" => Coerce::Id,
                    "@vocab" => Coerce::Vocab,
                    _ => match absolute(ty) {
                        Some(ty) => Coerce::Datatype(ty.to_owned()),
                        None => return Term::Unsupported,
                    },
                }
            }
            ("@container", Value::String(container)) if container == "@set" => set = true,
            ("@container", Value::String(container)) if container == "@graph" => graph = true,
            ("@context", Value::Object(local)) => scope = Some(Arc::new(parse(local))),
            ("@protected", Value::Bool(_)) => {}
            _ => return Term::Unsupported,
        }
    }
    match iri {
        Some(iri) => Term::Iri(Arc::new(Definition { iri, coerce, scope, graph, set })),
        // Without `@id` the IRI would come from `@vocab` or the term itself.
        None => Term::Unsupported,
    }
}

fn plain(iri: String) -> Term {
    Term::Iri(Arc::new(Definition { iri, coerce: Coerce::Plain, scope: None, graph: false, set: false }))
}

/// `iri` when it is an absolute `http(s)` IRI, the only kind the fast path takes from a
/// context (a compact IRI such as `xsd:dateTime` would need prefix expansion).
fn absolute(iri: &str) -> Option<&str> {
    (iri.starts_with("https://") || iri.starts_with("http://")).then_some(iri)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VC2: &str = "https://www.w3.org/ns/credentials/v2";
    const OB3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    fn iri(scope: &Scope, term: &str) -> Arc<Definition> {
        match scope.terms.get(term) {
            Some(Term::Iri(definition)) => Arc::clone(definition),
            other => panic!("{term}: {other:?}"),
        }
    }

    #[test]
    fn the_issuing_contexts_are_read() {
        let (vc2, ob3) = (embedded(VC2).unwrap(), embedded(OB3).unwrap());
        assert!(!vc2.unsupported && !ob3.unsupported);
        assert_eq!(vc2.terms.get("id"), Some(&Term::Id));
        let credential = iri(vc2, "VerifiableCredential");
        let scope = credential.scope.as_ref().unwrap();
        let valid_from = iri(scope, "validFrom");
        assert_eq!(valid_from.coerce, Coerce::Datatype("http://www.w3.org/2001/XMLSchema#dateTime".into()));
        assert_eq!(iri(scope, "issuer").coerce, Coerce::Id);
        assert!(iri(scope, "proof").graph && !iri(scope, "issuer").graph);
        let proof = iri(vc2, "DataIntegrityProof");
        let purpose = iri(proof.scope.as_ref().unwrap(), "proofPurpose");
        assert_eq!(purpose.coerce, Coerce::Vocab);
        assert!(purpose.scope.as_ref().unwrap().terms.contains_key("assertionMethod"));
        // Compact IRIs and term references are left to the full path.
        assert_eq!(ob3.terms.get("awardedDate"), Some(&Term::Unsupported));
        assert_eq!(ob3.terms.get("AchievementCredential"), Some(&Term::Unsupported));
        assert_eq!(iri(ob3, "url").coerce, Coerce::Datatype("https://www.w3.org/2001/XMLSchema#anyURI".into()));
    }

    #[test]
    fn unusual_contexts_are_unsupported() {
        let examples = embedded("https://www.w3.org/ns/credentials/examples/v2").unwrap();
        assert!(examples.unsupported, "it sets @vocab");
        assert!(embedded("https://example.org/unknown").is_none());
    }
}

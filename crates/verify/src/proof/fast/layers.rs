//! The fast path's active contexts: which term tables are in force at a node, built from the
//! document's `@context`, the embedded `@context` of nested nodes, and type-scoped contexts.
//!
//! JSON-LD 1.1 processes a `@context` entry (top-level or embedded in a nested node object)
//! on top of the context in force, and the result propagates to the node's descendants;
//! a type-scoped context applies to its node only (§4.1.8). Overriding a term is where the
//! two could diverge: JSON-LD replaces an unprotected term and fails on a protected one
//! ("protected term redefinition"). The fast path never models either: a context that
//! redefines any term it shares with the contexts in force is declined, so the reference
//! decides (and reports the error when there is one).

use std::hash::{Hash as _, Hasher};
use std::sync::Arc;

use serde_json::Value;

use super::Unsupported;
use super::context::{self, Definition, Scope, Term};

/// An active context: the scopes in force, later ones first in precedence.
#[derive(Clone)]
pub(super) struct Layers<'s>(Vec<&'s Scope>);

impl<'s> Layers<'s> {
    /// The context before any `@context` is read.
    pub fn empty() -> Layers<'s> {
        Layers(Vec::with_capacity(4))
    }

    /// These layers with a `@context` value processed on top: a URL or a non-empty array of
    /// URLs of embedded contexts, each agreeing with the layers in force on every term they
    /// share. The URLs are fed to `shape`.
    ///
    /// Invariant: layers built only by this function agree pairwise on their common terms, so
    /// the order of the layers does not matter, and re-applying a context already in force
    /// (every endorsement repeats its credential's `@context`) changes nothing.
    pub fn embed(&self, context: &Value, shape: &mut impl Hasher) -> Result<Layers<'s>, Unsupported> {
        let urls: Vec<&Value> = match context {
            Value::Array(items) if !items.is_empty() => items.iter().collect(),
            url @ Value::String(_) => vec![url],
            _ => return Err(Unsupported::new("the @context is not a URL or a list of URLs")),
        };
        let mut layers = self.clone();
        for url in urls {
            let url = url.as_str().ok_or_else(|| Unsupported::new("the @context is not a URL or a list of URLs"))?;
            url.hash(shape);
            let scope: &'s Scope = context::embedded(url).ok_or_else(|| Unsupported::new("an unknown @context"))?;
            if scope.unsupported {
                return Err(Unsupported::new("a @context with features the fast path does not read"));
            }
            if layers.0.iter().any(|layer| std::ptr::eq(*layer, scope)) {
                continue;
            }
            for layer in &layers.0 {
                for (key, term) in &scope.terms {
                    if let Some(earlier) = layer.terms.get(key)
                        && !same(earlier, term)
                    {
                        return Err(Unsupported::new(format!("`{key}` is redefined by a @context")));
                    }
                }
            }
            layers.0.push(scope);
        }
        Ok(layers)
    }

    /// The meaning of `key`; two scopes defining it differently is declined (JSON-LD would
    /// either override an unprotected term or fail on a protected one: the full path knows).
    pub fn lookup(&self, key: &str) -> Result<Option<&'s Term>, Unsupported> {
        let mut found: Option<&'s Term> = None;
        for scope in self.0.iter().rev() {
            if let Some(term) = scope.terms.get(key) {
                match found {
                    None => found = Some(term),
                    Some(earlier) if earlier == term => {}
                    Some(_) => return Err(Unsupported::new(format!("`{key}` is defined differently by two contexts"))),
                }
            }
        }
        Ok(found)
    }

    /// The definition of a term that maps to an IRI.
    pub fn definition(&self, key: &str) -> Result<&'s Definition, Unsupported> {
        match self.lookup(key)? {
            Some(Term::Iri(definition)) => Ok(definition),
            Some(_) => Err(Unsupported::new(format!("`{key}` is a keyword alias or an unusual definition"))),
            None => Err(Unsupported::new(format!("`{key}` is not defined"))),
        }
    }

    /// These layers with a type- or property-scoped context on top (it does not propagate:
    /// the caller drops the result when it leaves the node).
    pub fn with(&self, scope: &'s Scope) -> Result<Layers<'s>, Unsupported> {
        if scope.unsupported {
            return Err(Unsupported::new("a scoped context with features the fast path does not read"));
        }
        let mut layers = self.clone();
        layers.0.push(scope);
        Ok(layers)
    }
}

/// Whether two contexts define a term identically, as JSON-LD compares term definitions.
/// Two definitions the fast path does not read are never known to be the same (they may
/// differ in what was not read); nor are two scoped definitions from different files, equal
/// as they may look: a scoped context carries the base URL of its file, and json-ld rejects
/// re-defining the protected `DataIntegrityProof` of VC 2.0 by Data Integrity v2's, word for
/// word the same.
fn same(a: &Term, b: &Term) -> bool {
    match (a, b) {
        (Term::Id, Term::Id) | (Term::Type, Term::Type) => true,
        (Term::Iri(a), Term::Iri(b)) => Arc::ptr_eq(a, b) || (a.scope.is_none() && b.scope.is_none() && a == b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::hash::DefaultHasher;

    use serde_json::json;

    use super::*;

    const VC2: &str = "https://www.w3.org/ns/credentials/v2";
    const OB3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    const OB302: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json";

    fn embed(layers: &Layers<'static>, context: Value) -> Result<Layers<'static>, Unsupported> {
        layers.embed(&context, &mut DefaultHasher::new())
    }

    #[test]
    fn re_applying_the_contexts_in_force_changes_nothing() {
        let top = embed(&Layers::empty(), json!([VC2, OB3])).unwrap();
        let nested = embed(&top, json!([VC2, OB3])).unwrap();
        assert_eq!(nested.0.len(), 2);
        assert_eq!(embed(&top, json!(OB3)).unwrap().0.len(), 2);
    }

    #[test]
    fn a_context_that_redefines_a_shared_term_is_declined() {
        let top = embed(&Layers::empty(), json!([VC2, OB3])).unwrap();
        // 3.0.2 and 3.0.3 define some terms differently (both protected: a JSON-LD error).
        let error = embed(&top, json!(OB302)).err().unwrap();
        assert!(error.0.contains("is redefined by a @context"), "{error:?}");
        for bad in [json!([]), json!(null), json!({"x": "https://x.org/x"}), json!(["https://x.org/unknown"])] {
            assert!(embed(&top, bad).is_err());
        }
    }
}

//! Checks on the JSON itself that JSON-LD processing would otherwise hide.
//!
//! json-ld's strict expansion policy catches undefined terms and types, but a few things are
//! dropped before any term lookup (keys that merely look like keywords, blank-node
//! properties) or are serialised differently by different verifier generations (control
//! characters). Those are found here by walking the JSON, with a readable path for the
//! error message.

use std::fmt::Write as _;

use serde_json::Value;

use super::ProofError;

/// The JSON-LD 1.1 keywords that may appear as keys of a document (`@direction` is handled
/// separately: without an agreed `rdfDirection` option processors disagree on it).
const KEYWORDS: &[&str] = &[
    "@context",
    "@id",
    "@type",
    "@graph",
    "@value",
    "@language",
    "@index",
    "@list",
    "@set",
    "@reverse",
    "@included",
    "@nest",
    "@json",
    "@none",
    "@base",
    "@vocab",
    "@version",
];

/// One step of a JSON path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Renders a path as `credentialSubject.identifier[0].hashed` (`$` for the root).
fn render(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(index) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "[{index}]");
            }
        }
    }
    if out.is_empty() { "$".to_owned() } else { out }
}

/// Refuses keys that JSON-LD would silently drop before looking them up, and features on
/// which processors disagree. `@context` values are contexts, not data, and are skipped.
pub(crate) fn check_keys(document: &Value) -> Result<(), ProofError> {
    match document {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "@context" {
                    continue;
                }
                if key == "@direction" {
                    return Err(ProofError::Unsupported(
                        "`@direction` is not supported: verifiers disagree on how base direction becomes RDF"
                            .to_owned(),
                    ));
                }
                let keyword_like =
                    key.starts_with('@') && key.len() > 1 && key[1..].chars().all(|c| c.is_ascii_alphabetic());
                if (keyword_like && !KEYWORDS.contains(&key.as_str())) || key.starts_with("_:") {
                    return Err(ProofError::UndefinedTerm(key.clone()));
                }
                check_keys(value)?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_keys),
        _ => Ok(()),
    }
}

/// Refuses what signing must not accept although JSON-LD can process it: C0 control
/// characters other than LF and CR, and DEL (rdf-canonize ≥ 4, as in current Digital
/// Bazaar verifiers, escapes them; rdf-canonize 3.x emits them raw; so the same credential
/// would verify in one generation and fail in the other), and `null` values (silently
/// dropped, so the signed data would not be what the author wrote).
pub(crate) fn check_for_signing(document: &Value) -> Result<(), ProofError> {
    let mut path = Vec::new();
    walk(document, &mut path)
}

fn walk<'a>(value: &'a Value, path: &mut Vec<Step<'a>>) -> Result<(), ProofError> {
    match value {
        Value::Null => Err(ProofError::NullValue(render(path))),
        Value::String(text) => check_text(text, path),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                walk(item, path)?;
                path.pop();
            }
            Ok(())
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Step::Key(key));
                check_text(key, path)?;
                // Inside a context, null resets a definition on purpose.
                if key == "@context" {
                    check_context_strings(item, path)?;
                } else {
                    walk(item, path)?;
                }
                path.pop();
            }
            Ok(())
        }
        Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

/// Control characters inside an embedded context are refused too (without the null rule).
fn check_context_strings<'a>(value: &'a Value, path: &mut Vec<Step<'a>>) -> Result<(), ProofError> {
    match value {
        Value::String(text) => check_text(text, path),
        Value::Array(items) => items.iter().try_for_each(|item| check_context_strings(item, path)),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            check_text(key, path)?;
            check_context_strings(item, path)
        }),
        _ => Ok(()),
    }
}

fn check_text(text: &str, path: &[Step<'_>]) -> Result<(), ProofError> {
    match text.chars().find(|&c| (c < ' ' && c != '\n' && c != '\r') || c == '\u{7f}') {
        Some(c) => Err(ProofError::ControlCharacter { path: render(path), code: u32::from(c) }),
        None => Ok(()),
    }
}

/// Refuses, before the JSON-LD processor sees them, strings that could be identifiers (no
/// whitespace) holding a well-formed `%xx` escape whose bytes are not UTF-8 (`%C3` alone):
/// json-ld 0.21 panics on such an IRI, and other processors disagree on it. Run before the
/// reference path, so that a hostile document given to `rosette verify` is an error, not a
/// crash.
pub(crate) fn check_escapes(document: &Value) -> Result<(), ProofError> {
    let mut path = Vec::new();
    escapes(document, &mut path)
}

fn escapes<'a>(value: &'a Value, path: &mut Vec<Step<'a>>) -> Result<(), ProofError> {
    match value {
        Value::String(text) if text.contains('%') && !text.contains(char::is_whitespace) => {
            if !crate::escape::escapes_decode_to_text(text) {
                return Err(ProofError::Unsupported(format!(
                    "the string at `{}` has a %-escape that is not UTF-8 text; JSON-LD processors disagree on such \
                     identifiers",
                    render(path)
                )));
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                escapes(item, path)?;
                path.pop();
            }
            Ok(())
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Step::Key(key));
                escapes(item, path)?;
                path.pop();
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_are_readable() {
        let doc = json!({"a": {"b": [1, {"c": "x\ty"}]}});
        let error = check_for_signing(&doc).unwrap_err();
        assert!(matches!(&error, ProofError::ControlCharacter { path, code: 9 } if path == "a.b[1].c"), "{error}");
        assert!(error.to_string().contains("U+0009"), "{error}");
    }

    #[test]
    fn null_delete_and_keyword_lookalikes() {
        let error = check_for_signing(&json!({"a": null})).unwrap_err();
        assert!(matches!(&error, ProofError::NullValue(path) if path == "a"), "{error}");
        let error = check_for_signing(&json!({"a": "x\u{7f}"})).unwrap_err();
        assert!(matches!(error, ProofError::ControlCharacter { code: 0x7f, .. }));
        assert!(check_for_signing(&json!({"a": "line\nbreak\r\n", "@context": {"x": null}})).is_ok());
        assert!(matches!(
            check_keys(&json!({"x": [{"@foo": 1}]})),
            Err(ProofError::UndefinedTerm(key)) if key == "@foo"
        ));
        assert!(matches!(check_keys(&json!({"_:b0": 1})), Err(ProofError::UndefinedTerm(_))));
        assert!(matches!(
            check_keys(&json!({"name": {"@value": "x", "@direction": "rtl"}})),
            Err(ProofError::Unsupported(_))
        ));
        assert!(check_keys(&json!({"@context": {"@foo": 1}, "@id": "urn:x", "@type": "T"})).is_ok());
    }
}

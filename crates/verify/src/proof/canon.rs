//! JSON-LD document → RDFC-1.0 canonical N-Quads, offline and strict.
//!
//! Pipeline: the document's `@context` is processed once per distinct value and cached (the
//! fixed VC 2.0 + OB 3.0.3 array of every credential is processed exactly once); the body is
//! expanded against that cached active context with json-ld's strict policy, turned into RDF,
//! and canonicalised by rdf-canon. Processing the context once and expanding the body without
//! it is what JSON-LD does anyway (a top-level `@context` just replaces the active context),
//! and it halves the cost per credential.
//!
//! Strictness: json-ld 0.21 is made strict by its expansion `Policy { invalid: Reject,
//! vocab: Keep, allow_undefined: false }`; a key without a definition then fails expansion
//! (`KeyExpansionFailed`), an undefined type fails (`InvalidTypeValue`, named here via the
//! "malformed IRI" warning that precedes it), and a relative identifier, which json-ld keeps as
//! an invalid id and silently drops from the RDF, is found by walking the expanded document.
//!
//! All of the above is the reference path. Documents of the shapes rosette itself signs go
//! through the fast path first (`fast/`: quads straight from the JSON, ~20× cheaper), which
//! hands anything it does not handle back to the reference; both share the RDFC-1.0 step.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use futures::executor::block_on;
use json_ld::expansion::{Action, Policy};
use json_ld::rdf_types::generator::Blank;
use json_ld::syntax::TryFromJson as _;
use json_ld::{BlankIdBuf, Expand as _, IriBuf, Process as _, RdfQuads as _};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::fast::check::{self, Engine, Mode};
use super::{ProofError, contexts, fast, rdf, strict};

/// A processed JSON-LD active context, as json-ld builds it.
type ActiveContext = json_ld::Context<IriBuf, BlankIdBuf>;

/// How many distinct `@context` values (and proof configurations) are kept; a build has a
/// handful.
const CACHE_LIMIT: usize = 64;

/// Bound on RDFC-1.0's "hash N-degree quads" calls. Credentials need a few dozen; graphs
/// crafted to make canonicalisation exponential (a concern when verifying others' documents)
/// hit the bound and fail instead of hanging the build.
const HNDQ_CALL_LIMIT: usize = 20_000;

/// Produces RDFC-1.0 canonical N-Quads of JSON-LD documents.
///
/// Cheap to share: it is `Send + Sync` and meant to be created once and used from many
/// threads. The embedded contexts are parsed once per process; processed `@context` values
/// are cached per canonicaliser.
pub struct Canonicalizer {
    cache: RwLock<HashMap<String, Arc<ActiveContext>>>,
    /// SHA-256 of canonical proof configurations, keyed by their JSON: every credential of a
    /// build shares one (same `@context`, `created` and verification method).
    config_hashes: RwLock<HashMap<String, [u8; 32]>>,
    /// Fast path or reference, and which documents are cross-checked.
    mode: Mode,
}

// The canonicaliser is shared across rayon workers; keep that a compile-time fact.
const _: fn() = || {
    fn shareable<T: Send + Sync>() {}
    shareable::<Canonicalizer>();
};

impl Default for Canonicalizer {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Canonicalizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.cache.read().map_or(0, |cache| cache.len());
        write!(f, "Canonicalizer({:?}, {cached} cached contexts)", self.mode.engine)
    }
}

impl Canonicalizer {
    /// A canonicaliser over the embedded contexts. Never performs I/O.
    ///
    /// It runs the fast path, cross-checked against the reference on a sample of documents
    /// in debug builds; the environment variable `ROSETTE_CANON=reference` forces the
    /// reference path, `ROSETTE_CANON=check` cross-checks every document.
    pub fn new() -> Canonicalizer {
        Canonicalizer::with_mode(Mode::from_env(cfg!(debug_assertions)))
    }

    /// Like [`Canonicalizer::new`], but cross-checking a sample of documents in release
    /// builds too (`rosette check`).
    pub fn cross_checking() -> Canonicalizer {
        Canonicalizer::with_mode(Mode::from_env(true))
    }

    /// A canonicaliser that always runs `engine`, never cross-checks and ignores
    /// `ROSETTE_CANON` (for differential tests and benches).
    pub fn with_engine(engine: Engine) -> Canonicalizer {
        Canonicalizer::with_mode(Mode::new(engine, None))
    }

    fn with_mode(mode: Mode) -> Canonicalizer {
        // Parse the embedded contexts now rather than inside the first (timed) signature.
        let _ = contexts::loader();
        Canonicalizer { cache: RwLock::new(HashMap::new()), config_hashes: RwLock::new(HashMap::new()), mode }
    }

    /// RDFC-1.0 canonical N-Quads (sorted lines, each ending "\n") of a JSON-LD document.
    ///
    /// Strict: an `@context` URL that is not embedded gives [`ProofError::UnknownContext`];
    /// a term or type the contexts do not define gives [`ProofError::UndefinedTerm`]; an
    /// identifier that is not an absolute IRI gives [`ProofError::RelativeIri`]. Nothing is
    /// ever dropped silently.
    pub fn canonicalize(&self, document: &Value) -> Result<String, ProofError> {
        let Some(map) = document.as_object() else {
            return Err(ProofError::InvalidDocument("it is not a JSON object".to_owned()));
        };
        let Some(context) = map.get("@context") else {
            return Err(ProofError::InvalidDocument("it has no @context".to_owned()));
        };
        strict::check_keys(document)?;
        // Both engines, so that they agree, and before json-ld, which panics on these.
        strict::check_escapes(document)?;
        if self.mode.engine == Engine::Reference {
            return self.reference(document, context);
        }
        let expanded = match fast::quads(map) {
            Ok(expanded) => expanded,
            Err(fast::Unsupported(reason)) if self.mode.engine == Engine::FastOnly => {
                return Err(ProofError::Unsupported(format!("the fast canonicaliser does not handle {reason}")));
            }
            Err(_) => return self.reference(document, context),
        };
        let canonical = canonical(&expanded.quads)?;
        if self.mode.wants_check(expanded.shape) {
            let reference = self.reference(document, context)?;
            if reference != canonical {
                return Err(ProofError::FastPathMismatch(check::first_difference(&canonical, &reference)));
            }
        }
        Ok(canonical)
    }

    /// The reference path: JSON-LD expansion with json-ld, then RDFC-1.0.
    fn reference(&self, document: &Value, context: &Value) -> Result<String, ProofError> {
        let active = self.active_context(context)?;
        let body = rdf::to_json_ld(document, true)?;
        let quads = block_on(to_quads(&body, &active))?;
        canonical(&quads)
    }

    /// SHA-256 of the canonical form of a proof configuration, memoised (canonicalising even
    /// this five-quad document costs a quarter of a credential's signing time).
    pub(crate) fn config_hash(&self, config: &Value) -> Result<[u8; 32], ProofError> {
        let key = config.to_string();
        let hashes = self.config_hashes.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(hash) = hashes.get(&key) {
            return Ok(*hash);
        }
        drop(hashes);
        let hash: [u8; 32] = Sha256::digest(self.canonicalize(config)?).into();
        let mut hashes = self.config_hashes.write().unwrap_or_else(PoisonError::into_inner);
        if hashes.len() < CACHE_LIMIT {
            hashes.insert(key, hash);
        }
        Ok(hash)
    }

    /// The processed form of a top-level `@context` value, from the cache when possible.
    fn active_context(&self, context: &Value) -> Result<Arc<ActiveContext>, ProofError> {
        // serde_json maps are sorted, so equal values give equal keys (and were they not, a
        // differently ordered copy would only cost a cache miss).
        let key = context.to_string();
        let cache = self.cache.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(active) = cache.get(&key) {
            return Ok(Arc::clone(active));
        }
        drop(cache);
        let active = Arc::new(block_on(process_context(context))?);
        let mut cache = self.cache.write().unwrap_or_else(PoisonError::into_inner);
        if cache.len() < CACHE_LIMIT {
            cache.insert(key, Arc::clone(&active));
        }
        Ok(active)
    }
}

/// RDFC-1.0 canonical N-Quads of a set of quads (duplicates count once).
fn canonical(quads: &[oxrdf::Quad]) -> Result<String, ProofError> {
    let options = rdf_canon::CanonicalizationOptions { hndq_call_limit: Some(HNDQ_CALL_LIMIT) };
    rdf_canon::canonicalize_quads_with::<sha2::Sha256>(quads, &options)
        .map_err(|error| ProofError::Canonicalization(error.to_string()))
}

/// JSON-LD context processing of a top-level `@context` value against the embedded loader.
async fn process_context(context: &Value) -> Result<ActiveContext, ProofError> {
    // Name the first unknown URL directly; nested references are caught by the loader.
    for entry in std::iter::once(context).chain(context.as_array().into_iter().flatten()) {
        if let Some(url) = entry.as_str()
            && !contexts::is_known(url)
        {
            return Err(ProofError::UnknownContext(url.to_owned()));
        }
    }
    let syntax = json_ld::syntax::context::Context::try_from_json(rdf::to_json_ld(context, false)?)
        .map_err(|error| ProofError::InvalidDocument(format!("invalid @context: {error}")))?;
    let processed = syntax
        .process_full(
            &mut (),
            &ActiveContext::new(None),
            contexts::loader(),
            None,
            json_ld::context_processing::Options::default(),
            (),
        )
        .await
        .map_err(context_error)?;
    Ok(processed.into_processed())
}

/// Expands the body (document minus `@context`) with the active context and returns its RDF.
async fn to_quads(body: &json_ld::syntax::Value, active: &ActiveContext) -> Result<Vec<oxrdf::Quad>, ProofError> {
    let options = json_ld::expansion::Options {
        processing_mode: json_ld::ProcessingMode::JsonLd1_1,
        policy: Policy { invalid: Action::Reject, vocab: Action::Keep, allow_undefined: false },
        ordered: false,
    };
    let mut warnings = Warnings::default();
    let expanded = body.expand_full(&mut (), active.clone(), None, contexts::loader(), options, &mut warnings).await;
    let mut expanded = match expanded {
        Ok(expanded) => expanded,
        Err(error) => return Err(expansion_error(error, &warnings)),
    };
    if let Some(problem) = warnings.fatal {
        return Err(problem);
    }
    // json-ld keeps an identifier that is not an absolute IRI as an "invalid" id and then
    // leaves it out of the RDF; refuse it instead.
    for fragment in expanded.traverse() {
        if let Some(json_ld::Id::Invalid(iri)) = fragment.as_id() {
            return Err(ProofError::RelativeIri(iri));
        }
    }
    // Same steps as json-ld's own `to_rdf`: label blank nodes, canonicalise literals (numbers
    // in ECMAScript form, `@json` in JCS), then emit quads without generalized RDF.
    let mut generator = Blank::new_with_prefix("b".to_owned());
    expanded.relabel_and_canonicalize_with(&mut (), &mut generator);
    expanded.rdf_quads_full(&mut (), &mut generator, None, false).cloned().map(rdf::to_oxrdf).collect()
}

/// What expansion warned about. "Malformed IRI" warnings are noisy (json-ld first expands
/// every key against the outer context, before a type-scoped context defines it), so the
/// last one is only kept to name an undefined type when expansion then fails on it; the
/// other warnings always mean lost data.
#[derive(Default)]
struct Warnings {
    fatal: Option<ProofError>,
    last_malformed: Option<String>,
}

impl<N> json_ld::warning::Handler<N, json_ld::expansion::Warning<BlankIdBuf>> for Warnings {
    fn handle(&mut self, _vocabulary: &N, warning: json_ld::expansion::Warning<BlankIdBuf>) {
        use json_ld::expansion::Warning;
        let problem = match warning {
            Warning::MalformedIri(iri) => {
                self.last_malformed = Some(iri);
                return;
            }
            Warning::EmptyTerm => ProofError::UndefinedTerm(String::new()),
            Warning::BlankNodeIdProperty(blank) => ProofError::UndefinedTerm(blank.to_string()),
            Warning::MalformedLanguageTag(tag, _) => {
                ProofError::InvalidDocument(format!("`{tag}` is not a valid language tag"))
            }
        };
        self.fatal.get_or_insert(problem);
    }
}

fn expansion_error(error: json_ld::expansion::Error, warnings: &Warnings) -> ProofError {
    use json_ld::expansion::Error;
    match error {
        Error::KeyExpansionFailed(key) => ProofError::UndefinedTerm(key),
        // An undefined type is first reported as a malformed (relative) IRI: name it.
        Error::InvalidTypeValue => match &warnings.last_malformed {
            Some(ty) => ProofError::UndefinedTerm(ty.clone()),
            None => ProofError::InvalidDocument("invalid @type value".to_owned()),
        },
        Error::ContextProcessing(error) => context_error(error),
        other => ProofError::InvalidDocument(other.to_string()),
    }
}

fn context_error(error: json_ld::context_processing::Error) -> ProofError {
    match error {
        json_ld::context_processing::Error::ContextLoadingFailed(load) => {
            ProofError::UnknownContext(load.target.to_string())
        }
        other => ProofError::InvalidDocument(format!("invalid @context: {other}")),
    }
}

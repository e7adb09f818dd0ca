//! The JSON-LD context files rosette knows, embedded at compile time from `contexts/`.
//!
//! Contexts are never fetched: a verifier that fetched them could be fed different bytes
//! than the ones the credential was signed against, and a build must not depend on the
//! network. The files are byte-for-byte the pinned copies listed (with SHA-256) in
//! `contexts/INDEX.md`; a unit test checks the pins.

use std::collections::HashMap;
use std::sync::OnceLock;

use json_ld::syntax::Parse as _;
use json_ld::{IriBuf, RemoteDocument};

/// One embedded context: its canonical URL, file name under `contexts/` and bytes.
pub(crate) struct Embedded {
    /// The URL documents put in `@context`.
    pub url: &'static str,
    /// File name under `contexts/` (read by the pin test).
    #[cfg_attr(not(test), allow(dead_code))]
    pub file: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! embedded {
    ($url:expr, $file:expr) => {
        Embedded {
            url: $url,
            file: $file,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/", $file)),
        }
    };
}

/// Every context rosette can process. Issuing uses VC 2.0 + OB 3.0.3 (+ extensions); the
/// others are here so that credentials issued elsewhere (older OB 3.0.x contexts, VC 1.1,
/// DID documents, the W3C test vectors) can be verified.
pub(crate) const EMBEDDED: &[Embedded] = &[
    embedded!("https://www.w3.org/ns/credentials/v2", "credentials-v2.jsonld"),
    embedded!("https://www.w3.org/2018/credentials/v1", "credentials-v1.jsonld"),
    embedded!("https://www.w3.org/ns/credentials/examples/v2", "credentials-examples-v2.jsonld"),
    embedded!("https://www.w3.org/ns/credentials/undefined-terms/v2", "credentials-undefined-terms-v2.jsonld"),
    embedded!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "ob-v3p0-context-3.0.3.json"),
    embedded!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", "ob-v3p0-context-3.0.2.json"),
    embedded!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", "ob-v3p0-context-3.0.1.json"),
    embedded!("https://purl.imsglobal.org/spec/ob/v3p0/context.json", "ob-v3p0-context-3.0.0.json"),
    embedded!("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", "ob-v3p0-extensions.json"),
    embedded!("https://w3id.org/openbadges/v2", "openbadges-v2-context.json"),
    embedded!("https://openbadgespec.org/v2/context.json", "openbadges-v2-context.json"),
    embedded!("https://www.w3.org/ns/did/v1", "did-v1.jsonld"),
    embedded!("https://w3id.org/security/multikey/v1", "multikey-v1.jsonld"),
    embedded!("https://w3id.org/security/data-integrity/v2", "data-integrity-v2.jsonld"),
    embedded!("https://w3id.org/security/data-integrity/v1", "data-integrity-v1.jsonld"),
    embedded!("https://www.w3.org/ns/credentials/status/v1", "bitstring-status-list-v1.jsonld"),
    embedded!("https://w3id.org/security/suites/ed25519-2020/v1", "ed25519-signature-2020-v1.jsonld"),
    embedded!("https://w3id.org/vc/status-list/2021/v1", "status-list-2021-v1.jsonld"),
];

/// The static loader json-ld consults for remote contexts: URL → parsed document.
pub(crate) type Loader = HashMap<IriBuf, RemoteDocument>;

/// The loader, parsed once per process (parsing all files takes about a millisecond, and
/// every `Canonicalizer` shares the result).
pub(crate) fn loader() -> &'static Loader {
    static LOADER: OnceLock<Loader> = OnceLock::new();
    LOADER.get_or_init(|| {
        let mut map = HashMap::new();
        for context in EMBEDDED {
            // The files are checked in and tested; a malformed one is a build defect, so it
            // is left out (and then reported as an unknown context) rather than panicking.
            let (Ok(url), Ok((json, _))) =
                (IriBuf::new(context.url.to_owned()), json_ld::syntax::Value::parse_str(context.text))
            else {
                continue;
            };
            map.insert(url.clone(), RemoteDocument::new(Some(url), None, json));
        }
        map
    })
}

/// Whether `url` is an embedded context.
pub(crate) fn is_known(url: &str) -> bool {
    EMBEDDED.iter().any(|context| context.url == url)
}

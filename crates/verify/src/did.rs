//! Where a DID document lives: the `did:web` method's rule, in one place for the signer (which
//! publishes the document), the endorsement checks and every verifier.

/// The https URL of the DID document of a `did:web` DID (`None` for other methods or an
/// empty host): `did:web:host:a:b` → `https://host/a/b/did.json`, `did:web:host` →
/// `https://host/.well-known/did.json`; `%3A` in the host is a port separator.
pub fn web_document_url(did: &str) -> Option<String> {
    let rest = did.strip_prefix("did:web:")?;
    let mut parts = rest.split(':');
    let host = parts.next()?.replace("%3A", ":").replace("%3a", ":");
    let path: Vec<&str> = parts.collect();
    if host.is_empty() {
        return None;
    }
    Some(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_documents_are_served_over_https() {
        assert_eq!(
            web_document_url("did:web:acme.github.io:badges:issuers:cs").unwrap(),
            "https://acme.github.io/badges/issuers/cs/did.json"
        );
        assert_eq!(web_document_url("did:web:example.com").unwrap(), "https://example.com/.well-known/did.json");
        assert_eq!(
            web_document_url("did:web:example.org%3A8443:a:b").unwrap(),
            "https://example.org:8443/a/b/did.json"
        );
        assert_eq!(web_document_url("did:key:z6Mk"), None);
        assert_eq!(web_document_url("did:web:"), None);
    }
}

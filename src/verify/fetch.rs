//! Answers URLs for `verify`, from local folders mapped with `--map URL=DIR`.

use std::path::PathBuf;

/// Reads URLs from mapped folders.
pub struct Fetcher {
    maps: Vec<(String, PathBuf)>,
}

impl Fetcher {
    /// A fetcher over `maps` (URL prefix → folder).
    pub fn new(maps: &[(String, PathBuf)]) -> Self {
        let mut maps = maps.to_vec();
        // Longest prefix first, so nested maps win.
        maps.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        Fetcher { maps }
    }

    /// The bytes served at `url`.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let url = url.split('#').next().unwrap_or(url);
        for (prefix, dir) in &self.maps {
            if let Some(rest) = url.strip_prefix(prefix.as_str()) {
                if rest.split('/').any(|segment| segment == "..") {
                    return Err(format!("refusing {url}: it climbs out of the mapped folder"));
                }
                let mut path = dir.join(rest);
                if rest.is_empty() || rest.ends_with('/') {
                    path = path.join("index.html");
                }
                return std::fs::read(&path).map_err(|e| format!("{url} (mapped to {}): {e}", path.display()));
            }
        }
        Err(format!(
            "cannot fetch {url}: rosette verify reads URLs only from folders given with --map URL=DIR \
             (e.g. --map https://acme.github.io/badges/=public)"
        ))
    }

    /// The JSON document served at `url`.
    pub fn json(&self, url: &str) -> Result<serde_json::Value, String> {
        let bytes = self.get(url)?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{url} is not JSON: {e}"))
    }
}

/// The URL a `did:web` DID resolves to (its DID document).
pub fn did_web_url(did: &str) -> Option<String> {
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
    fn did_web_resolution() {
        assert_eq!(
            did_web_url("did:web:acme.github.io:badges:issuers:cs").unwrap(),
            "https://acme.github.io/badges/issuers/cs/did.json"
        );
        assert_eq!(did_web_url("did:web:example.com").unwrap(), "https://example.com/.well-known/did.json");
        assert_eq!(did_web_url("did:web:example.com%3A3000:u").unwrap(), "https://example.com:3000/u/did.json");
        assert_eq!(did_web_url("did:key:z6Mk"), None);
    }
}

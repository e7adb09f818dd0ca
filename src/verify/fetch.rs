//! Answers URLs for `verify`: from local folders mapped with `--map URL=DIR` first, then from
//! the network (https only, with a timeout and a size limit) unless `--offline` is given.
//!
//! This is the only place rosette touches the network, and only for `verify`, which the user
//! points at a URL on purpose; building a site never fetches anything.

use std::path::PathBuf;

use rosette_verify::check::{Documents, FetchError};

use super::local;

/// The most a fetched (or mapped) document may weigh: credentials and DID documents are a few KiB.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Reads URLs from mapped folders, else from the network.
pub struct Fetcher {
    maps: Vec<(String, PathBuf)>,
    network: bool,
}

impl Fetcher {
    /// A fetcher over `maps` (URL prefix → folder); `network` allows https fetches of the rest.
    pub fn new(maps: &[(String, PathBuf)], network: bool) -> Self {
        // A prefix names a folder: `…/badges` maps `…/badges/x`, never `…/badges2/x`.
        let mut maps: Vec<(String, PathBuf)> =
            maps.iter().map(|(prefix, dir)| (format!("{}/", prefix.trim_end_matches('/')), dir.clone())).collect();
        // Longest prefix first, so nested maps win.
        maps.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        Fetcher { maps, network }
    }

    /// The bytes served at `url`.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let url = url.split('#').next().unwrap_or(url);
        for (prefix, dir) in &self.maps {
            let rest = if url == prefix.trim_end_matches('/') { Some("") } else { url.strip_prefix(prefix.as_str()) };
            if let Some(rest) = rest {
                let path = local::mapped_path(url, rest, dir)?;
                return local::read_capped(&path, MAX_BYTES).map_err(|e| {
                    let why = format!("{url} (mapped to {}): {e}", path.display());
                    // No credential needs a document of many MiB: that is a refusal.
                    if e.kind() == std::io::ErrorKind::FileTooLarge {
                        FetchError::Refused(why)
                    } else {
                        FetchError::Unavailable(why)
                    }
                });
            }
        }
        if !self.network {
            return Err(FetchError::Unavailable(format!(
                "cannot fetch {url}: --offline, and no --map folder answers it"
            )));
        }
        if !url.starts_with("https://") {
            return Err(FetchError::plain_http(url));
        }
        download(url)
    }
}

impl Documents for Fetcher {
    fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        Fetcher::get(self, url)
    }
}

fn download(url: &str) -> Result<Vec<u8>, FetchError> {
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(std::time::Duration::from_secs(15))).build().into();
    let mut response = agent
        .get(url)
        .header("Accept", "application/ld+json, application/json;q=0.9, */*;q=0.1")
        .call()
        .map_err(|e| FetchError::Unavailable(format!("cannot fetch {url}: {e}")))?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| FetchError::Unavailable(format!("cannot read {url}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_prefix_names_a_folder_and_its_reads_are_confined() {
        let work = tempfile::tempdir().unwrap();
        std::fs::write(work.path().join("index.html"), "home").unwrap();
        std::fs::write(work.path().join("did.json"), "{}").unwrap();
        let fetcher = Fetcher::new(&[("https://x.example/b".into(), work.path().to_path_buf())], false);
        assert_eq!(fetcher.get("https://x.example/b").unwrap(), b"home");
        let missing = fetcher.get("https://x.example/b/nothing.json").unwrap_err();
        assert!(matches!(missing, FetchError::Unavailable(_)), "{missing:?}");
        assert_eq!(fetcher.get("https://x.example/b/").unwrap(), b"home");
        assert_eq!(fetcher.get("https://x.example/b/did.json#key-1").unwrap(), b"{}");
        let sibling = fetcher.get("https://x.example/b2/did.json").unwrap_err();
        let offline = "cannot fetch https://x.example/b2/did.json: --offline, and no --map folder answers it";
        assert_eq!(sibling, FetchError::Unavailable(offline.into()));
        let escape = fetcher.get("https://x.example/b//dev/zero").unwrap_err();
        assert!(matches!(escape, FetchError::Refused(_)), "{escape:?}");
        let why = escape.to_string();
        assert!(why.starts_with("refusing https://x.example/b//dev/zero: it has an empty path segment"), "{why}");
    }
}

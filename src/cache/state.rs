//! What the build cache remembers, as one JSON file (`state.json`): the files each award made
//! under which key, and what the output folder of the last build holds.
//!
//! JSON because it is already a dependency and fast enough: 100,000 awards make a file of
//! about 50 MB, read in a fraction of a second. A file that cannot be read (truncated by a
//! crash, written by another format) is not an error: the cache starts empty, and the build
//! says so in a warning.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::key::Digest;
use crate::error::{Error, Result};

/// The format of `state.json`; another number is read as an empty cache.
const FORMAT: u32 = 1;

/// The whole remembered state.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// [`FORMAT`].
    pub format: u32,
    /// Which rosette wrote it ([`super::key::rosette_identity`]): another one starts afresh,
    /// which also drops the files an older rosette made.
    pub identity: String,
    /// Per award id: the key its files were made under and the files.
    pub awards: HashMap<String, AwardEntry>,
    /// The output folder the last build wrote, if it used the cache.
    pub output: Option<OutputRecord>,
}

/// The files one award made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AwardEntry {
    /// The award's key ([`super::key::award_key`]).
    pub key: Digest,
    /// Hex of the public key that signed its credential; empty when nothing was signed.
    pub signer: String,
    /// Its files.
    pub files: Vec<StoredFile>,
}

/// One file of an award, kept in the cache's objects under its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// Path in the output folder.
    pub path: String,
    /// Digest of the contents: the name of the object that holds them.
    pub digest: Digest,
    /// Length of the contents.
    pub len: u64,
}

/// What an output folder holds after a build that used the cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutputRecord {
    /// The folder, absolute.
    pub folder: String,
    /// Identity of the folder's marker file when the build ended (device, inode, time of
    /// modification): a folder rebuilt without the cache, copied or half-updated by a build
    /// that died has another marker, and is then rebuilt whole.
    pub marker: String,
    /// Every file: path → (digest, length).
    pub files: HashMap<String, (Digest, u64)>,
}

impl State {
    /// Reads `path`; a missing file is an empty state, an unreadable one an empty state and
    /// the reason.
    pub fn load(path: &Path, identity: &str) -> (State, Option<String>) {
        let empty = || State { format: FORMAT, identity: identity.to_string(), ..State::default() };
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (empty(), None),
            Err(e) => return (empty(), Some(e.to_string())),
        };
        match serde_json::from_slice::<State>(&bytes) {
            Ok(state) if state.format == FORMAT && state.identity == identity => (state, None),
            // Another rosette's cache: nothing in it can be reused, and that is no problem.
            Ok(_) => (empty(), None),
            Err(e) => (empty(), Some(e.to_string())),
        }
    }

    /// Writes the state to `path` through a temporary file, so a crash leaves the old one.
    pub fn save(&self, path: &Path) -> Result<()> {
        let temporary = path.with_extension("json.new");
        let bytes = serde_json::to_vec(self)
            .map_err(|e| Error::Failed { what: "cannot encode the build cache".into(), source: Box::new(e) })?;
        fs::write(&temporary, bytes).map_err(|e| Error::io("cannot write", &temporary, e))?;
        fs::rename(&temporary, path).map_err(|e| Error::io("cannot write", path, e))
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Digest::from_hex(&text).ok_or_else(|| serde::de::Error::custom("not a SHA-256 digest in hex"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_or_foreign_state_is_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert!(State::load(&path, "me").0.awards.is_empty());

        let mut state = State::load(&path, "me").0;
        let file = StoredFile { path: "awards/a/index.html".into(), digest: Digest::of(b"page"), len: 4 };
        state.awards.insert("a".into(), AwardEntry { key: Digest::of(b"a"), signer: String::new(), files: vec![file] });
        state.save(&path).unwrap();
        let (again, problem) = State::load(&path, "me");
        assert_eq!((again.awards["a"].files[0].len, problem), (4, None));
        assert!(State::load(&path, "another rosette").0.awards.is_empty());

        fs::write(&path, b"{\"format\": 1, \"identi").unwrap();
        let (damaged, problem) = State::load(&path, "me");
        assert!(damaged.awards.is_empty());
        assert!(problem.unwrap().contains("EOF"));
    }
}

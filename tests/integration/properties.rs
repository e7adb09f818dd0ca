//! Property tests of the readers that take images and credentials from anyone: the PNG and
//! SVG readers behind `rosette unbake` and `rosette verify`, the baker, and the verifier.
//!
//! Inputs are random bytes, and real baked images and credentials of site-example damaged at
//! random (bytes flipped, cut short, values replaced). Whatever comes in, the answer is `Ok` or
//! `Err`: never a panic, never a hang. Baking then reading gives back exactly what was baked.
//! Case counts are set per test (`CASES`); raise `PROPTEST_CASES` for a longer run by hand.

use std::path::Path;

use proptest::prelude::*;
use rosette::bake;
use rosette::verify::{VerifyOptions, verify};
use serde_json::Value;

use crate::support::{example_output, now};

/// Cases per property in the normal test run; `PROPTEST_CASES` overrides it.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// A baked image of site-example (PNG or SVG): a badge image with the documents of an award
/// baked in by rosette's baker (builds publish none: award pages bake in the browser).
fn baked(extension: &str) -> Vec<u8> {
    let public = example_output();
    let badge = walkdir::WalkDir::new(public.join("badges"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_name().to_string_lossy() == format!("image.{extension}"))
        .unwrap_or_else(|| panic!("site-example has no {extension} badge image"));
    let image = std::fs::read(badge.path()).unwrap();
    let award = walkdir::WalkDir::new(public.join("awards"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_name() == "credential.json")
        .unwrap();
    let ob3 = std::fs::read_to_string(award.path()).unwrap();
    let ob2 = std::fs::read_to_string(award.path().with_file_name("ob2.json")).unwrap();
    if extension == "png" {
        bake::png(&image, &[(bake::OB2_KEYWORD, &ob2), (bake::OB3_KEYWORD, &ob3)]).unwrap()
    } else {
        bake::svg(&String::from_utf8(image).unwrap(), Some(("https://example.org/ob2.json", &ob2)), Some(&ob3))
            .unwrap()
            .into_bytes()
    }
}

/// `bytes` with some bytes replaced and possibly cut short.
fn damaged(bytes: &[u8], flips: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for (at, value) in flips {
        let len = out.len();
        out[at % len] = *value;
    }
    if let Some(cut) = cut {
        out.truncate(cut % (bytes.len() + 1));
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn extract_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = bake::extract(&bytes);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(&bytes);
        let _ = bake::extract(&png);
    }

    #[test]
    fn extract_survives_damaged_baked_images(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        cut in proptest::option::of(any::<usize>()),
    ) {
        for extension in ["png", "svg"] {
            let _ = bake::extract(&damaged(&baked(extension), &flips, cut));
        }
    }

    #[test]
    fn png_baking_gives_back_what_was_baked(ob2 in "\\PC{0,300}", ob3 in "\\PC{0,300}") {
        let image = baked("png");
        match bake::png(&image, &[(bake::OB2_KEYWORD, &ob2), (bake::OB3_KEYWORD, &ob3)]) {
            Ok(again) => {
                let read = bake::extract(&again).unwrap();
                prop_assert_eq!(read.ob2.as_deref(), Some(ob2.as_str()));
                prop_assert_eq!(read.ob3.as_deref(), Some(ob3.as_str()));
            }
            // Text a PNG chunk cannot hold (a NUL) is refused, never truncated.
            Err(_) => prop_assert!(ob2.contains('\0') || ob3.contains('\0')),
        }
    }

    #[test]
    fn svg_baking_gives_back_what_was_baked(ob2 in "\\PC{0,300}", ob3 in "\\PC{0,300}") {
        let image = String::from_utf8(baked("svg")).unwrap();
        let again = bake::svg(&image, Some(("https://example.org/a/ob2.json", &ob2)), Some(&ob3)).unwrap();
        let read = bake::extract(again.as_bytes()).unwrap();
        // XML has no way to hold most control characters: those documents cannot be baked
        // into SVG at all, and rosette's own documents never contain them.
        if !ob2.chars().chain(ob3.chars()).any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            // An empty element means "see the `verify` attribute" (OB 2.0 baking), so only a
            // document with content comes back as itself.
            if !ob2.trim().is_empty() {
                prop_assert_eq!(read.ob2.as_deref(), Some(ob2.as_str()));
            }
            if !ob3.trim().is_empty() {
                prop_assert_eq!(read.ob3.as_deref(), Some(ob3.as_str()));
            }
        }
    }

    #[test]
    fn verify_survives_damaged_credentials(
        edits in proptest::collection::vec((any::<usize>(), json_value()), 1..4),
        which in 0usize..2,
    ) {
        let file = ["credential.json", "ob2.json"][which];
        let original: Value = serde_json::from_slice(&std::fs::read(first_award().join(file)).unwrap()).unwrap();
        let mut document = original.clone();
        for (at, value) in &edits {
            replace_somewhere(&mut document, *at, value.clone());
        }
        let work = tempfile::tempdir().unwrap();
        let path = work.path().join(file);
        std::fs::write(&path, serde_json::to_vec(&document).unwrap()).unwrap();
        let options = VerifyOptions {
            maps: vec![("https://northfield-badges.github.io/badges/".into(), example_output().to_path_buf())],
            network: false,
            now: now(),
            recipient: None,
        };
        if let Ok(verdict) = verify(path.to_str().unwrap(), &options) {
            // A signed credential whose meaning changed never verifies. (A change JSON-LD does
            // not see, such as an empty array where there was nothing, keeps the signature
            // valid, for every verifier: the signature covers the canonical form.)
            if which == 0 && document["proof"] == original["proof"] && meaning(&document) != meaning(&original) {
                prop_assert!(!verdict.valid(), "a damaged credential verified: {document}");
            }
        }
    }
}

/// The canonical N-Quads of a credential without its proof: what the signature covers. `None`
/// when it cannot be canonicalised (then it cannot verify either).
fn meaning(credential: &Value) -> Option<String> {
    let mut unsigned = credential.clone();
    unsigned.as_object_mut()?.remove("proof");
    rosette::proof::Canonicalizer::new().canonicalize(&unsigned).ok()
}

/// The folder of one (valid, signed) award of site-example.
fn first_award() -> &'static Path {
    static AWARD: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    AWARD.get_or_init(|| {
        let awards = example_output().join("awards");
        let mut ids: Vec<_> = std::fs::read_dir(&awards).unwrap().map(|e| e.unwrap().path()).collect();
        ids.sort();
        ids.into_iter().find(|dir| dir.join("credential.json").is_file()).unwrap()
    })
}

/// Small JSON values of every kind.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,40}".prop_map(Value::String),
        Just(Value::String("https://northfield-badges.github.io/badges//etc/passwd".into())),
        Just(Value::String("did:web:northfield-badges.github.io:badges:issuers:cs#key-1".into())),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-zA-Z@]{1,12}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Replaces the value at the `at`-th position of a walk through `document` (or adds it to the
/// object or array there).
fn replace_somewhere(document: &mut Value, at: usize, value: Value) {
    let mut count = 0;
    fn walk(node: &mut Value, target: usize, count: &mut usize, value: &mut Option<Value>) {
        if value.is_none() {
            return;
        }
        if *count == target {
            if let Some(new) = value.take() {
                *node = new;
            }
            return;
        }
        *count += 1;
        match node {
            Value::Object(map) => map.values_mut().for_each(|child| walk(child, target, count, value)),
            Value::Array(items) => items.iter_mut().for_each(|child| walk(child, target, count, value)),
            _ => {}
        }
    }
    let size = {
        let mut n = 0;
        fn size(node: &Value, n: &mut usize) {
            *n += 1;
            match node {
                Value::Object(map) => map.values().for_each(|c| size(c, n)),
                Value::Array(items) => items.iter().for_each(|c| size(c, n)),
                _ => {}
            }
        }
        size(document, &mut n);
        n
    };
    // Position 0 is the whole document: skip it, so the document stays an object mostly.
    walk(document, 1 + at % size.saturating_sub(1).max(1), &mut count, &mut Some(value));
}

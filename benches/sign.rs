//! Benchmark: canonicalise + sign (eddsa-rdfc-2022) of 1000 distinct, realistic
//! OpenBadgeCredentials (~2 KB, contexts VC 2.0 + OB 3.0.3), single-threaded and on a
//! 2-thread rayon pool, with the JSON-LD reference canonicaliser and with the fast path (the
//! proofs must be identical). The requirement is ≤ 2.5 ms per credential per core.
//! Run with `cargo bench --bench sign`.

#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

use std::time::Instant;

use rayon::prelude::*;
use rosette::proof::{Canonicalizer, Engine, Proof, ProofOptions, SigningKey, sign};
use serde_json::{Value, json};

const COUNT: usize = 1000;
const RUNS: usize = 3;

/// A credential like the ones rosette issues, varied in every identifier and name.
fn credential(n: usize) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("https://example.github.io/badges/awards/{n}.json"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("Rust Fundamentals awarded to learner {n}"),
        "issuer": {
            "id": "did:web:example.github.io:badges",
            "type": ["Profile"],
            "name": "Example Guild",
            "url": "https://example.github.io/badges/",
            "email": "badges@example.org"
        },
        "validFrom": format!("2025-01-{:02}T12:00:00Z", 1 + n % 28),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": format!("sha256${:064x}", n * 7919),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": format!("salt-{n}")
            }],
            "achievement": {
                "id": format!("https://example.github.io/badges/badges/badge-{}.json", n % 10),
                "type": ["Achievement"],
                "name": format!("Badge {}", n % 10),
                "description": "Demonstrated ownership, borrowing and error handling in Rust, \
                    with tests and documentation reviewed by a maintainer.",
                "criteria": {
                    "id": format!("https://example.github.io/badges/badges/badge-{}.html", n % 10),
                    "narrative": "Wrote and reviewed three crates, each with documentation, unit \
                        tests and a changelog; passed the final exercise, a code review of a \
                        concurrent program, with a mentor from the guild."
                },
                "image": {
                    "id": format!("https://example.github.io/badges/badges/badge-{}.png", n % 10),
                    "type": "Image"
                },
                "creator": {
                    "id": "did:web:example.github.io:badges",
                    "type": ["Profile"],
                    "name": "Example Guild"
                },
                "alignment": [{
                    "type": ["Alignment"],
                    "targetName": "Programming in Rust",
                    "targetUrl": "https://example.org/frameworks/rust/programming",
                    "targetFramework": "Example Skills Framework",
                    "targetCode": format!("RUST-{}", n % 10)
                }],
                "tag": ["rust", "programming"],
                "achievementType": "Certificate"
            }
        },
        "evidence": [{
            "id": format!("https://example.github.io/badges/evidence/{n}.html"),
            "type": ["Evidence"],
            "name": "Final project",
            "narrative": format!("Reviewed pull request #{n} with tests.")
        }]
    })
}

/// Milliseconds per credential of `work` over all documents: best of [`RUNS`], and every run.
fn per_credential(mut work: impl FnMut()) -> (f64, String) {
    let figures: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0 / COUNT as f64
        })
        .collect();
    let best = figures.iter().copied().fold(f64::INFINITY, f64::min);
    (best, figures.iter().map(|f| format!("{f:.3}")).collect::<Vec<_>>().join(", "))
}

fn main() {
    let key = SigningKey::generate().unwrap();
    let options =
        ProofOptions { created: "2025-01-15T12:00:00Z", verification_method: "did:web:example.github.io:badges#key-1" };
    let documents: Vec<Value> = (0..COUNT).map(credential).collect();
    let bytes: usize = documents.iter().map(|d| d.to_string().len()).sum();
    println!("{COUNT} credentials, {} bytes on average", bytes / COUNT);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();

    let mut proofs_of: Vec<Vec<Proof>> = Vec::new();
    // Reference = json-ld expansion + rdf-canon (what every credential cost before the fast
    // path); FastOnly = the fast path, refusing rather than falling back.
    for engine in [Engine::Reference, Engine::FastOnly] {
        let canon = Canonicalizer::with_engine(engine);
        let sign_one = |document: &Value| sign(&canon, document, &options, &key).unwrap();
        // Warm-up: the context cache, allocator and page faults are not what is measured.
        documents.iter().take(20).for_each(|d| {
            sign_one(d);
        });
        let (canonicalise, runs) = per_credential(|| {
            for document in &documents {
                canon.canonicalize(document).unwrap();
            }
        });
        println!("{engine:?}: canonicalise, 1 thread : {canonicalise:.3} ms/credential (best of {RUNS}: {runs})");
        let mut reference: Vec<Proof> = Vec::new();
        let (sequential, runs) = per_credential(|| reference = documents.iter().map(sign_one).collect());
        println!("{engine:?}: canonicalise + sign, 1 thread : {sequential:.3} ms/credential (best of {RUNS}: {runs})");
        let (parallel, runs) = per_credential(|| {
            let proofs: Vec<Proof> = pool.install(|| documents.par_iter().map(sign_one).collect());
            assert!(proofs == reference, "parallel signing must equal sequential signing");
        });
        println!(
            "{engine:?}: canonicalise + sign, 2 threads: {parallel:.3} ms/credential wall (best of {RUNS}: {runs})"
        );
        proofs_of.push(reference);
    }
    assert!(proofs_of[0] == proofs_of[1], "the fast path must sign exactly what the reference signs");
}

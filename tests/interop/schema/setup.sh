#!/usr/bin/env bash
# Installs ajv (+ ajv-formats), a JSON Schema validator from npm pinned by the
# package-lock.json beside this script, for validate.mjs (the 1EdTech Open Badges 3.0 JSON
# schema against the built site-example), outside the work tree:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/schema/node_modules
#
# Idempotent and serialised like the other npm tools (see ../npm-setup.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../npm-setup.sh
source "$here/../npm-setup.sh"
npm_setup_init schema 18

smoke_test() {
  (cd "$dest" && node --input-type=module -e '
    await import("ajv/dist/2019.js");
    await import("ajv-formats");
    console.log("ajv ready");
  ')
}

npm_setup_install

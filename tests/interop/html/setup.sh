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
repo="$(cd "$here/../../.." && pwd)"
interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
dest="$interop_dir/html"
stamp="$dest/.rosette-html-installed"

log() { printf 'html-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not installed (need node >= 20 and npm)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (need npm >= 7)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "node $(node --version) is too old: need node >= 20"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$@" | cut -d' ' -f1
  else
    node -e 'const c=require("crypto"),f=require("fs");
      for (const p of process.argv.slice(1)) console.log(c.createHash("sha256").update(f.readFileSync(p)).digest("hex"));' "$@"
  fi
}
stamp_content="$(printf '%s\n' "setup-v1" $(sha256 "$here/package.json" "$here/package-lock.json"))"

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

installed() {
  [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] &&
    [[ -d "$dest/node_modules" ]] && smoke_test >/dev/null 2>&1
}

# The two programs check.mjs runs; said here so a missing one shows up at setup time.
check_tools() {
  command -v java >/dev/null 2>&1 ||
    log "warning: java is not installed (vnu.jar needs Java >= 11: apt-get install openjdk-17-jre-headless)"
  command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] ||
    log "warning: chromium is not installed (apt-get install chromium)"
}

if installed; then
  log "already installed: $dest"
  check_tools
  exit 0
fi

mkdir -p "$dest"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$interop_dir/.html-setup.lock"
  flock 9
  # Someone else may have finished while we waited.
  if installed; then
    log "already installed: $dest"
    check_tools
    exit 0
  fi
fi

rm -f "$stamp"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
log "npm ci in $dest ($(node --version), npm $(npm --version))"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
  die "npm ci failed (registry access is needed on the first run)"
smoke_test >&2 || die "the installed packages do not load"

printf '%s' "$stamp_content" >"$stamp"
log "installed: $dest"
check_tools

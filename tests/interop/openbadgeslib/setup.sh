#!/usr/bin/env bash
# Installs openbadgeslib 4.6.3 with its [ldp] extra (pyld, for eddsa-rdfc-2022) into a private
# virtualenv for tests/interop/openbadgeslib/verify.py:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/openbadgeslib-venv
#
# Idempotent: a stamp file records the pin set; when it matches and the package imports,
# nothing is done. Needs Python >= 3.10 with venv, and PyPI on the first run. Choose the
# interpreter with ROSETTE_PYTHON. Every failure ends with one line
# `openbadgeslib-setup: error: <why>`, which the integration tests quote when they skip.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
venv="$interop_dir/openbadgeslib-venv"
stamp="$venv/.rosette-openbadgeslib-installed"

log() { printf 'openbadgeslib-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Resolved once on Python 3.11, then frozen: a run in a year installs the same stack.
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
  "$venv/bin/python" -c 'from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof; import pyld'
}

if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] && smoke_test >/dev/null 2>&1; then
  log "already installed: $venv"
  exit 0
fi

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 10) else 1)' >/dev/null 2>&1; }
python="${ROSETTE_PYTHON:-}"
if [[ -n "$python" ]]; then
  python_ok "$python" || die "ROSETTE_PYTHON=$python is not a Python >= 3.10"
else
  for candidate in python3 python3.13 python3.12 python3.11 python3.10; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      python="$(command -v "$candidate")"
      break
    fi
  done
fi
[[ -n "$python" ]] || die "need Python >= 3.10 (openbadgeslib 4.6.3 requires it); set ROSETTE_PYTHON"

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
log "installing ${pins[0]} with $("$python" --version 2>&1)"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "${pins[@]}" ||
  die "pip install of openbadgeslib failed (PyPI access is needed on the first run)"
smoke_test >&2 || die "the installed openbadgeslib does not import"
printf '%s' "$stamp_content" >"$stamp"
log "installed: $venv"

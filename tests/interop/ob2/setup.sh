#!/usr/bin/env bash
# Installs the official 1EdTech Open Badges 2.0 validator (PyPI `openbadges` 1.1.2,
# a.k.a. openbadges-validator-core) into a private virtualenv for the interop tests:
#
#     ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/ob2-venv
#
# Idempotent: a stamp file records the exact pin set; when it matches (and the
# package still imports) nothing is done. Delete the venv or change a pin to redo it.
#
# Needs: python 3.9–3.11 with the venv module (or pip, for the virtualenv fallback),
# a C compiler and the Python headers (pycryptodome 3.6.6 is an sdist only), and
# access to PyPI. Choose the interpreter with ROSETTE_PYTHON=/path/to/python3.11.
#
# Quirks of this old package on a current Python, handled below:
#  * Its pins (pycryptodome 3.6.6, jsonschema 2.6.0, future 0.16.0, …) need Python
#    <= 3.11 (distutils, removed in 3.12).
#  * pycryptodome 3.6.6 only builds on 3.11 with SETUPTOOLS_USE_DISTUTILS=stdlib,
#    --no-build-isolation and setuptools 65.x (newer setuptools' bundled distutils
#    breaks its setup.py; build isolation would pull the newest setuptools).
#  * python-jose 3.0.1, jsonschema 2.6.0, requests-cache 0.4.13, future and pytz
#    import ABCs (`Mapping`, `Iterable`, …) from `collections`, removed in 3.10. A
#    .pth file in the venv restores those aliases from `collections.abc` at start-up.
#    (A .pth, not sitecustomize.py: Debian's python ships its own sitecustomize in the
#    stdlib directory, which shadows one in site-packages.)
# Every failure ends with one line `ob2-setup: error: <why>` on stderr: the integration tests
# (tests/integration/tools.rs) quote it when they skip for want of the validator.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
interop_dir="${ROSETTE_INTEROP_DIR:-$repo/target/interop}"
venv="$interop_dir/ob2-venv"
stamp="$venv/.rosette-ob2-installed"

log() { printf 'ob2-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every distribution in the venv, pinned (resolved once on Python 3.11.7, then frozen),
# so a run in a year installs the same validator stack as today.
bootstrap_pins=(
  "pip==23.2.1"
  "setuptools==65.5.1"
  "wheel==0.41.2"
)
pycryptodome_pin="pycryptodome==3.6.6"
pins=(
  "openbadges==1.1.2"
  "aniso8601==10.0.1"
  "certifi==2026.10.19.post1"
  "charset-normalizer==3.5.3"
  "click==6.7"
  "decorator==5.3.1"
  "defusedxml==0.7.1"
  "ecdsa==0.19.2"
  "future==0.16.0"
  "idna==3.20"
  "jsonschema==2.6.0"
  "language-tags==0.4.3"
  "openbadges-bakery==1.2.4"
  "pyasn1==0.6.5"
  "pydux==0.2.2"
  "PyLD==0.7.1"
  "pypng==0.20220715.0"
  "python-jose==3.0.1"
  "python-mimeparse==1.6.0"
  "pytz==2017.2"
  "requests==2.34.2"
  "requests-cache==0.4.13"
  "rfc3986==0.4.1"
  "rsa==4.9.1"
  "six==1.17.0"
  "urllib3==2.8.0"
  "validators==0.11.2"
)

compat_module='"""Restores the collections ABC aliases removed in Python 3.10 (rosette OB 2.0 interop venv).

openbadges 1.1.2 pins python-jose 3.0.1, jsonschema 2.6.0, requests-cache 0.4.13, future
0.16.0 and pytz 2017.2, which still do `from collections import Mapping` and the like.
"""
import collections
import collections.abc

for _name in collections.abc.__all__:
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))
del _name
'

# The stamp's content: anything that changes it forces a reinstall.
stamp_content="$(printf '%s\n' "setup-v1" "${bootstrap_pins[@]}" "$pycryptodome_pin" "${pins[@]}" "$compat_module")"

smoke_test() {
  "$venv/bin/python" - <<'EOF'
import collections
assert hasattr(collections, "Mapping"), "collections.Mapping alias missing (.pth not loaded)"
import openbadges
from openbadges.verifier import verify
import openbadges.verifier.tasks.crypto  # python-jose, pycryptodome
import jsonschema, requests_cache, pyld.jsonld  # noqa: F401
from importlib.metadata import version
assert version("openbadges") == "1.1.2", version("openbadges")
print("openbadges", version("openbadges"), "ready")
EOF
}

if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] && [[ -x "$venv/bin/python" ]]; then
  if smoke_test >/dev/null 2>&1; then
    log "already installed: $venv"
    exit 0
  fi
  log "stamp present but the venv does not work: reinstalling"
fi

# --- pick an interpreter: 3.9 <= version <= 3.11 ------------------------------------
python_ok() {
  "$1" -c 'import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] <= (3, 11) else 1)' >/dev/null 2>&1
}
python=""
if [[ -n "${ROSETTE_PYTHON:-}" ]]; then
  python_ok "$ROSETTE_PYTHON" || die "ROSETTE_PYTHON=$ROSETTE_PYTHON is not a Python 3.9–3.11"
  python="$ROSETTE_PYTHON"
else
  for candidate in python3.11 python3.10 python3.9 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      python="$(command -v "$candidate")"
      break
    fi
  done
fi
[[ -n "$python" ]] || die "need Python 3.9–3.11 (openbadges 1.1.2's pinned dependencies do not install on 3.12+); set ROSETTE_PYTHON"
log "using $python ($("$python" --version 2>&1))"

mkdir -p "$interop_dir"

# Serialise concurrent runs (two test processes, a developer and CI) where flock exists.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$interop_dir/.ob2-setup.lock"
  flock 9
  # Someone else may have finished while we waited.
  if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$stamp_content" ]] && smoke_test >/dev/null 2>&1; then
    log "already installed: $venv"
    exit 0
  fi
fi

rm -rf "$venv"

# --- create the venv -----------------------------------------------------------------
if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
  # Debian without python3-venv: use virtualenv, installed into a private folder
  # (pip --target is allowed even where the system Python is "externally managed").
  log "'$python -m venv' failed; falling back to virtualenv"
  rm -rf "$venv"
  tools="$interop_dir/ob2-bootstrap"
  rm -rf "$tools"
  "$python" -m pip install --disable-pip-version-check --no-input --quiet \
    --target "$tools" "virtualenv==20.26.6" ||
    die "cannot create a venv: install python3-venv, or pip for $python"
  PYTHONPATH="$tools" "$python" -m virtualenv --no-periodic-update "$venv" >/dev/null ||
    die "virtualenv could not create $venv"
fi
[[ -x "$venv/bin/python" ]] || die "venv creation failed: no $venv/bin/python"

pip() {
  "$venv/bin/python" -m pip --disable-pip-version-check --no-input "$@"
}

# --- install ---------------------------------------------------------------------------
log "installing pip/setuptools/wheel"
pip install --quiet "${bootstrap_pins[@]}" || die "pip install failed (PyPI access is needed on the first run)"

# Fail early with a clear message rather than deep inside pycryptodome's build.
if ! command -v "${CC:-cc}" >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  die "a C compiler is needed to build $pycryptodome_pin (apt-get install gcc)"
fi
include_dir="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')" ||
  die "the venv's python does not run"
[[ -f "$include_dir/Python.h" ]] ||
  die "Python headers missing ($include_dir/Python.h) to build $pycryptodome_pin (apt-get install python3-dev)"

log "building $pycryptodome_pin (setuptools 65, stdlib distutils, no build isolation)"
SETUPTOOLS_USE_DISTUTILS=stdlib pip install --quiet --no-build-isolation --no-cache-dir "$pycryptodome_pin" ||
  die "could not build $pycryptodome_pin (see pip's output above)"

log "installing openbadges 1.1.2 and its pinned dependencies"
# --no-build-isolation: the sdists (future, PyLD, pydux, validators, language-tags) are
# built with the pinned setuptools above, not whatever setuptools is newest on PyPI.
pip install --quiet --no-build-isolation "${pins[@]}" "$pycryptodome_pin" ||
  die "pip install of openbadges 1.1.2 failed (PyPI access is needed on the first run)"

site_packages="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf '%s' "$compat_module" >"$site_packages/rosette_collections_compat.py"
printf 'import rosette_collections_compat\n' >"$site_packages/rosette_collections_compat.pth"

pip check >&2 || die "pip check found inconsistent dependencies"
smoke_test >&2 || die "the installed validator does not import"

printf '%s' "$stamp_content" >"$stamp"
log "installed: $venv"

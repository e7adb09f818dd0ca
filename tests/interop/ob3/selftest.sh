#!/usr/bin/env bash
# Proves the OB 3.0 harness both ways, without rosette: make-fixture.mjs signs a tiny
# site with the Digital Bazaar stack (correct, then with one defect at a time) and
# verify.mjs must accept the correct site (exit 0, expected counts) and reject every
# defective one (exit 1). Run setup.sh first. Prints "N passed, N failed".
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="https://northfield-badges.github.io/badges/"
now="2026-11-27T00:00:00Z"
work="$(mktemp -d "${TMPDIR:-/tmp}/rosette-ob3-selftest.XXXXXX")"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() { # name, condition-result (0 = good), detail
  if [[ "$2" == 0 ]]; then
    passed=$((passed + 1))
    printf 'ok    %s\n' "$1"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s: %s\n' "$1" "$3"
  fi
}

run_verify() { # site -> sets rc, json, report
  node "$here/verify.mjs" --site "$1" --base-url "$base" --now "$now" --json \
    >"$work/out.json" 2>"$work/report.txt"
  rc=$?
}

# Usage errors exit 2.
node "$here/verify.mjs" --site "$work" >/dev/null 2>&1
check "usage: missing --base-url exits 2" $([[ $? == 2 ]]; echo $?) "exit $?"
node "$here/verify.mjs" --site "$work" --base-url "$base" --now yesterday >/dev/null 2>&1
check "usage: bad --now exits 2" $([[ $? == 2 ]]; echo $?) "exit $?"

# An empty site verifies nothing: exit 1.
mkdir -p "$work/empty"
run_verify "$work/empty"
check "empty site exits 1" $([[ $rc == 1 ]]; echo $?) "exit $rc"

# The correct site.
node "$here/make-fixture.mjs" --out "$work/none" --base-url "$base" 2>/dev/null ||
  { echo "make-fixture failed"; exit 1; }
run_verify "$work/none"
summary="$(node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log([s.ok, s.credentials, s.verified, s.valid, s.expired, s.revoked,
    s.status_lists_verified, s.tamper_rejected, s.refused_urls.length, s.problems.length].join(","));
' "$work/out.json" 2>&1)"
check "correct site: exit 0" $([[ $rc == 0 ]]; echo $?) "exit $rc: $(cat "$work/report.txt")"
check "correct site: ok,credentials,verified,valid,expired,revoked,lists,tamper,refused,problems" \
  $([[ "$summary" == "true,3,3,1,1,1,1,true,0,0" ]]; echo $?) "$summary"

# Each defect must fail, for the expected reason.
declare -A reason=(
  [bit-cleared]="ob2.json says revoked but status bit 90001 is 0"
  [bit-extra]="status bit 4127 is set but ob2.json does not say revoked"
  [revoked-key]="not authorized by controller"
  [edited-after-signing]="Invalid signature"
  [foreign-context]="refused to load https://contexts.example.org/extra.json"
  [undefined-term]="Safe mode validation error"
  [did-id-mismatch]="not found"
  [list-edited-after-signing]="the status list credential does not verify"
  [wrong-issuer-key]="Invalid signature"
)
for defect in "${!reason[@]}"; do
  node "$here/make-fixture.mjs" --out "$work/$defect" --base-url "$base" --defect "$defect" 2>/dev/null ||
    { check "$defect" 1 "make-fixture failed"; continue; }
  run_verify "$work/$defect"
  check "$defect: exit 1" $([[ $rc == 1 ]]; echo $?) "exit $rc"
  check "$defect: reported (${reason[$defect]})" \
    $(grep -qF -- "${reason[$defect]}" "$work/report.txt"; echo $?) "$(grep PROBLEM "$work/report.txt")"
done

echo "ob3 selftest: $passed passed, $failed failed"
[[ $failed == 0 ]]

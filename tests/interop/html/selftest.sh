#!/usr/bin/env bash
# Proves the HTML quality harness both ways, without rosette: check.mjs must accept
# fixtures/good (exit 0: valid HTML, no axe violation in light or dark, an absolute-URL
# stylesheet answered from the folder) and reject fixtures/bad for each known defect
# (exit 1): an <img> without alt (vnu + axe image-alt), a duplicate id (vnu), text that is
# unreadable only under prefers-color-scheme: dark (axe color-contrast, dark only), and an
# image missing from the site (HTTP 404). Run setup.sh first. Prints "N passed, N failed".
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/rosette-html-selftest.XXXXXX")"
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
# has <json file> <js expression over d> : 0 when the expression is truthy
has() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  process.exit(eval(process.argv[2]) ? 0 : 1)' "$1" "$2"; echo $?; }

node "$here/check.mjs" >/dev/null 2>&1
check "usage: missing --site exits 2" $([[ $? == 2 ]]; echo $?) "exit $?"

mkdir -p "$work/empty"
node "$here/check.mjs" --site "$work/empty" --json >"$work/empty.json" 2>"$work/empty.txt"
rc=$?
check "an empty site fails (exit 1)" $([[ $rc == 1 ]]; echo $?) "exit $rc"

node "$here/check.mjs" --site "$here/fixtures/good" --shots "$work/shots" --json >"$work/good.json" 2>"$work/good.txt"
rc=$?
check "the good site passes (exit 0)" $([[ $rc == 0 ]]; echo $?) "exit $rc: $(tail -5 "$work/good.txt")"
check "the good site: 3 pages, nothing wrong" \
  "$(has "$work/good.json" 'd.ok && d.pages === 3 && d.vnu_errors === 0 && d.axe_violations === 0 && d.problems.length === 0')" \
  "$(head -c 600 "$work/good.json")"
check "the good site: home page photographed at 375 and 1280, light and dark" \
  "$(has "$work/good.json" 'd.shots.length === 4 && d.shots.every(f => require("fs").statSync(f).size > 1000)')" \
  "$(head -c 600 "$work/good.json")"

node "$here/check.mjs" --site "$here/fixtures/bad" --json >"$work/bad.json" 2>"$work/bad.txt"
rc=$?
check "the bad site fails (exit 1)" $([[ $rc == 1 ]]; echo $?) "exit $rc"
p='d.problems.join("\n")'
check "vnu: img without alt" "$(has "$work/bad.json" "/^vnu: index.html:\\d+:\\d+: An .img. element must have an .alt. attribute/m.test($p)")" "$(cat "$work/bad.txt")"
check "vnu: duplicate id" "$(has "$work/bad.json" "/^vnu: index.html:\\d+:\\d+: Duplicate ID .top./m.test($p)")" "$(cat "$work/bad.txt")"
check "axe: image-alt in light and dark" \
  "$(has "$work/bad.json" "/^axe \\[light\\] index.html: image-alt/m.test($p) && /^axe \\[dark\\] index.html: image-alt/m.test($p)")" "$(cat "$work/bad.txt")"
check "axe: contrast fails in dark only" \
  "$(has "$work/bad.json" "/^axe \\[dark\\] dark.html: color-contrast/m.test($p) && !/^axe \\[light\\] dark.html/m.test($p)")" "$(cat "$work/bad.txt")"
check "a missing image is a broken resource" \
  "$(has "$work/bad.json" "/^resource: broken.html: .*missing.svg -> HTTP 404/m.test($p)")" "$(cat "$work/bad.txt")"
check "the bad site: exact counts" \
  "$(has "$work/bad.json" 'd.pages === 3 && d.vnu_errors === 2 && d.axe_violations === 3 && d.problems.length === 6')" \
  "$(head -c 600 "$work/bad.json")"

printf '%d passed, %d failed\n' "$passed" "$failed"
[[ $failed == 0 ]]

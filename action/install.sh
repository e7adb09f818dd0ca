#!/bin/sh
# Installs a released rosette binary: the logic of the GitHub Action in action.yml, kept in a
# plain POSIX script so that tests/integration/workflows.rs can run it against a local folder.
#
#     install.sh VERSION TARGET BASE_URL DEST
#
#   VERSION   the release, without the leading v (0.1.0)
#   TARGET    a target triple the release workflow builds (x86_64-unknown-linux-musl, ...),
#             or `auto`: the one for this runner, from RUNNER_OS and RUNNER_ARCH
#   BASE_URL  where the release's files are, e.g.
#             https://github.com/<owner>/rosette/releases/download/v0.1.0 (file:// works too)
#   DEST      the folder to put the binary in (created); the caller adds it to PATH
#
# It downloads rosette-TARGET.tar.gz and the release's checksum file rosette-TARGET.sha256
# (both written by .github/workflows/release.yml through upload-rust-binary-action), refuses
# an archive whose SHA-256 differs from the published one, extracts the binary and runs
# `rosette --version` to prove it is the version asked for. Any failure stops with one line
# starting `rosette-install: error:` that says what went wrong and what to do.
set -eu

say() { printf 'rosette-install: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

[ "$#" -eq 4 ] || die "usage: install.sh VERSION TARGET BASE_URL DEST (got $# arguments)"
version=$1
target=$2
base_url=${3%/}
dest=$4

# A version is what `cargo pkgid` prints: digits and dots, maybe a pre-release suffix. Checked
# before it becomes part of a URL or a path.
case $version in
  v[0-9]*) die "version \`$version\`: give it without the leading v (\`${version#v}\`)" ;;
  '' | *[!0-9A-Za-z.+-]* | [!0-9]*) die "version \`$version\` is not a release version such as 0.1.0" ;;
esac

if [ "$target" = auto ]; then
  # The runner's OS and architecture, as GitHub Actions names them, to the release's targets.
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64) target=aarch64-unknown-linux-musl ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    *) die "no rosette release binary for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; install it with: cargo install rosette --locked --version $version" ;;
  esac
fi
case $target in
  '' | *[!0-9A-Za-z_-]*) die "target \`$target\` is not a target triple" ;;
esac
case $target in
  *-windows-*) exe=rosette.exe ;;
  *) exe=rosette ;;
esac

archive="rosette-$target.tar.gz"
sums="rosette-$target.sha256"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {
  # --fail: an HTTP error is a failure, not a saved error page.
  curl --fail --silent --show-error --location --retry 3 --output "$work/$1" "$base_url/$1" 2>"$work/curl.log" ||
    die "cannot download $base_url/$1 ($(tail -n 1 "$work/curl.log")); is $version a published release with a binary for $target? Otherwise: cargo install rosette --locked --version $version"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    die "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

command -v curl >/dev/null 2>&1 || die "curl is not installed: it downloads the release"
fetch "$archive"
fetch "$sums"

# The checksum file lists each asset of the target as `<sha256>  <file>` (or `*<file>`).
expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$work/$sums")
[ -n "$expected" ] || die "$sums does not list $archive: the release is incomplete"
actual=$(sha256_of "$work/$archive")
[ "$actual" = "$expected" ] ||
  die "checksum mismatch for $archive: the release lists SHA-256 $expected, the download has $actual; do not use it (re-run the job; if it persists, report it)"

mkdir -p "$work/x"
tar -xzf "$work/$archive" -C "$work/x" "$exe" 2>"$work/tar.log" ||
  die "cannot extract $exe from $archive ($(tail -n 1 "$work/tar.log"))"
chmod +x "$work/x/$exe"
# Run before it is put in place, so a wrong binary never lands in DEST.
printed=$("$work/x/$exe" --version 2>&1) || die "the extracted $exe does not run on this machine: $printed"
[ "$printed" = "rosette $version" ] ||
  die "the binary in $archive says \`$printed\`, expected \`rosette $version\`: the release is broken"
mkdir -p "$dest"
mv -f "$work/x/$exe" "$dest/$exe"
say "installed rosette $version ($target) in $dest"

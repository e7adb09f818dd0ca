#!/bin/sh
# The first hour on a clean machine, by hand: follows README.md from "Install" (a release
# binary) through "Quick start" to a built, signed and verified site, inside a fresh Debian
# that has only what the README lists (curl, ca-certificates, and the base system).
#
#     sudo tests/clean-machine.sh ROOTFS BINARY
#
#   ROOTFS  an empty folder, or one debootstrap already filled (it is reused)
#   BINARY  a static rosette, as the release workflow builds it:
#           cargo build --release --locked --target x86_64-unknown-linux-musl
#
# Not part of `cargo test` or CI: it needs root (debootstrap, chroot) and a Debian mirror. The
# release is served from 127.0.0.1 in place of GitHub (the repository has no release yet);
# everything else is the README's commands, typed as written. Each step prints its time.
set -eu

[ "$#" -eq 2 ] || { echo "usage: $0 ROOTFS BINARY" >&2; exit 2; }
rootfs=$(realpath "$1")
binary=$(realpath "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)
target=x86_64-unknown-linux-musl
port=8765

if [ ! -x "$rootfs/bin/sh" ]; then
  echo "== debootstrap: Debian 12, minbase + curl, ca-certificates"
  debootstrap --variant=minbase --include=ca-certificates,curl bookworm "$rootfs" http://deb.debian.org/debian
fi

# The release as .github/workflows/release.yml publishes it (upload-rust-binary-action).
release=$(mktemp -d)
mkdir -p "$release/v$version" "$release/stage"
cp "$binary" "$release/stage/rosette"
tar -czf "$release/v$version/rosette-$target.tar.gz" -C "$release/stage" rosette
(cd "$release/v$version" && sha256sum "rosette-$target.tar.gz" > "rosette-$target.sha256")
python3 -m http.server --bind 127.0.0.1 --directory "$release" "$port" >/dev/null 2>&1 &
server=$!
mount -t proc proc "$rootfs/proc"
cleanup() {
  kill "$server" 2>/dev/null || true
  umount "$rootfs/proc" 2>/dev/null || true
  rm -rf "$release"
}
trap cleanup EXIT
sleep 1

# The example site and its demo key, as a clone of the repository would hold them.
rm -rf "$rootfs/root/checkout" "$rootfs/root/my-badges" "$rootfs/root/my-badges.pem" "$rootfs/usr/local/bin/rosette"
mkdir -p "$rootfs/root/checkout/tests/keys"
cp -a "$repo/site-example" "$rootfs/root/checkout/"
rm -rf "$rootfs/root/checkout/site-example/public"
cp "$repo/tests/keys/site-example-demo.pem" "$rootfs/root/checkout/tests/keys/"

cat > "$rootfs/root/walkthrough.sh" <<EOF
#!/bin/sh
set -eu
export HOME=/root PATH=/usr/local/bin:/usr/bin:/bin
cd /root
step() { printf '\n== %s\n' "\$*"; start=\$(date +%s.%N); sh -c "\$*"; end=\$(date +%s.%N); printf -- '-- %.2f s\n' "\$(echo "\$end - \$start" | awk '{print \$1 - \$3}')"; }
# README, Install: a release binary (GitHub's address replaced by the local server).
v=$version t=$target
step "curl -sSLO http://127.0.0.1:$port/v\$v/rosette-\$t.tar.gz && curl -sSLO http://127.0.0.1:$port/v\$v/rosette-\$t.sha256"
step "sha256sum --check --ignore-missing rosette-\$t.sha256"
step "tar -xzf rosette-\$t.tar.gz && mv rosette /usr/local/bin/ && rosette --version"
# README, the example site.
step "cd checkout && rosette build --site site-example --key-file tests/keys/site-example-demo.pem"
# README, Quick start (the placeholders fixed with sed where the README says to edit them).
step "rosette init my-badges --name 'Harbour Coding Club' --base-url https://harbour-club.github.io/badges/"
step "cd my-badges && rosette new badge rust-101 --description 'Writes small Rust programs.'"
step "cd my-badges && rosette check"
step "cd my-badges && rosette build"
step "cd my-badges && rosette keygen --secret-file ~/my-badges.pem"
step "cd my-badges && rosette build --preview"
step "cd my-badges && sed -i -e 's|https://example.org/|https://harbour-club.example/|' -e 's|badges@example.org|hello@harbour-club.example|' -e 's|Replace this with a sentence about your organisation.|A coding club by the harbour.|' issuers/harbour-coding-club.toml && rm awards/first-steps/*.toml && rosette check"
step "cd my-badges/badges && rosette award first-steps --email ada@example.org --name 'Ada Lovelace' --public"
step "cd my-badges && rosette build --key-file ~/my-badges.pem"
step "cd my-badges && for c in public/awards/*/credential.json; do rosette verify \"\\\$c\" --map https://harbour-club.github.io/badges/=public --offline; done"
EOF
chmod +x "$rootfs/root/walkthrough.sh"
chroot "$rootfs" /root/walkthrough.sh

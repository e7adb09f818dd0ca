#!/usr/bin/env python3
"""Published size per award: builds site-example's issuers, badges and key with N generated
awards (30 % public names, 3 % revoked, 3 % expired, a third with evidence), signed, and
prints the bytes the output holds per kind of file.

    python3 benches/size.py [N] [path/to/rosette]

N defaults to 1000; the binary to target/release/rosette. Prints a Markdown table.
"""

import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent


def generate(site: pathlib.Path, awards: int) -> None:
    shutil.copytree(ROOT / "site-example", site)
    # site-example shows off named share cards; the corpus measures the defaults.
    toml = site / "site.toml"
    toml.write_text("".join(l for l in toml.read_text().splitlines(True) if not l.startswith("share_cards")))
    badges = sorted(p.name for p in (site / "awards").iterdir())
    shutil.rmtree(site / "awards")
    # Endorsements of site-example's own awards would name awards that are gone.
    for endorsement in (site / "endorsements").glob("*.json"):
        if "/awards/" in endorsement.read_text():
            endorsement.unlink()
    for badge in badges:
        (site / "awards" / badge).mkdir(parents=True)
    for a in range(awards):
        lines = [f"issued = 2025-{1 + a % 12:02}-{1 + a % 28:02}T10:00:00Z", f"status_index = {a}"]
        if a % 33 == 1:
            lines.append("expires = 2026-01-01T00:00:00Z")  # before the build date: expired
        elif a % 4 == 0:
            lines.append("expires = 2030-01-01T00:00:00Z")
        if a % 2 == 0:
            lines.append(f'narrative = "Did *great* work on project {a}."')
        digest = hashlib.sha256(str(a).encode()).hexdigest()
        lines += ["", "[recipient]", f'hash = "sha256${digest}"', f'salt = "{a * 7919:032x}"']
        if a % 10 < 3:
            lines += [f'name = "Person Number {a}"', "public = true"]
        if a % 3 == 0:
            lines += ["", "[[evidence]]", f'url = "https://example.org/work/{a}"', f'name = "Work {a}"']
        if a % 33 == 2:
            lines += ["", "[revoked]", "date = 2025-12-01", 'reason = "Issued in error."']
        award_id = f"a{a:09}"
        (site / "awards" / badges[a % len(badges)] / f"{award_id}.toml").write_text("\n".join(lines) + "\n")


def kind(rel: pathlib.PurePath) -> str:
    parts = rel.parts
    if parts[0] == "awards" and len(parts) == 3:
        return f"awards/<id>/{parts[2]}"
    if parts[0] == "badges" and len(parts) >= 2 and parts[-1].startswith("card"):
        return "badges/<id>/card*.png"
    return "everything else (issuers, badges, static, index pages)"


def main() -> None:
    awards = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    binary = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "target/release/rosette")
    with tempfile.TemporaryDirectory() as work:
        site, out = pathlib.Path(work) / "site", pathlib.Path(work) / "public"
        generate(site, awards)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1795737600")
        key = ROOT / "tests/keys/site-example-demo.pem"
        subprocess.run(
            [binary, "build", "--quiet", "--site", str(site), "--key-file", str(key), "--out", str(out)],
            check=True,
            env=env,
        )
        sizes: dict[str, list[int]] = defaultdict(list)
        for path in out.rglob("*"):
            if path.is_file():
                sizes[kind(path.relative_to(out))].append(path.stat().st_size)
    total = sum(sum(v) for v in sizes.values())
    print(f"{awards} awards: {total:,} bytes, {total / awards / 1000:.1f} kB per award\n")
    print("| files | count | bytes | per award |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in sorted(sizes.items(), key=lambda kv: -sum(kv[1])):
        print(f"| `{name}` | {len(values):,} | {sum(values):,} | {sum(values) / awards / 1000:.2f} kB |")


if __name__ == "__main__":
    main()

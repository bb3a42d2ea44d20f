"""The podman-versus-Docker table of docs/engines.md, from two run reports of the same selection.

    python tools/live/engines_table.py DOCKERD.jsonl PODMAN.jsonl > table.md

Per feature: the pairs both engines were sent, how many each passes, and how many podman fails where
dockerd passes; then podman's differences that dockerd does not share, most frequent first (the
``diff`` lines of the reports, with the pair's env entry indexes folded so one behaviour is one row).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path


def records(path: Path) -> dict[tuple[str, str], dict[str, object]]:
    """The case records of a report by (id, profile)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("type") == "case":
            out[rec["id"], rec["profile"]] = rec
    return out


def fold(line: str) -> str:
    """A diff line without its list index, so the same difference at different positions counts once."""
    return re.sub(r"/(\d+)(?=[/:])", "/N", line)


def main() -> int:
    """Print the two tables."""
    docker, podman = (records(Path(p)) for p in sys.argv[1:3])
    by_feature: dict[str, Counter[str]] = defaultdict(Counter)
    only_podman: Counter[str] = Counter()
    for key, prec in sorted(podman.items()):
        drec = docker.get(key)
        if drec is None or drec["outcome"] == "skip" or prec["outcome"] == "skip":
            continue
        d_ok, p_ok = drec["outcome"] == "pass", prec["outcome"] == "pass"
        for feature in prec["features"]:  # type: ignore[attr-defined]
            c = by_feature[feature]
            c["pairs"] += 1
            c["dockerd"] += d_ok
            c["podman"] += p_ok
            c["podman-only"] += d_ok and not p_ok
        shared = {fold(x) for x in drec.get("diff") or []}  # type: ignore[attr-defined]
        for line in {fold(x) for x in prec.get("diff") or []} - shared:  # type: ignore[attr-defined]
            only_podman[line] += 1
    print("| feature | pairs | dockerd passes | podman passes | podman fails where dockerd passes |")
    print("|---|---|---|---|---|")
    for feature, c in sorted(by_feature.items()):
        print(f"| `{feature}` | {c['pairs']} | {c['dockerd']} | {c['podman']} | {c['podman-only']} |")
    print()
    print("| pairs | difference lines podman has and dockerd has not (for the same pair) |")
    print("|---|---|")
    for line, n in only_podman.most_common(25):
        cell = line.replace("|", "\\|")
        print(f"| {n} | `{cell}` |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

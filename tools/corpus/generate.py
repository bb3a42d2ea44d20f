"""Write the corpus: every generator module's cases, one canonical JSON file per case id.

    python tools/corpus/generate.py            # rewrite conformance/cases/
    python tools/corpus/generate.py --check    # fail if the committed corpus differs

Generation is deterministic: the same code gives the same bytes on any machine and hash seed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from pathlib import Path

from mobyspec_conformance import atomic

ROOT = Path(__file__).resolve().parents[2]
if __package__ in {None, ""}:
    # run as a script (python tools/corpus/generate.py): the generators import as the package tools.corpus
    sys.path[0] = str(ROOT)
CORPUS = ROOT / "conformance" / "cases"

#: Generator modules are the ``gen_*.py`` files of this folder; each has ``cases() -> list[dict]``.
GENERATORS = tuple(sorted(p.stem for p in Path(__file__).parent.glob("gen_*.py")))


def render(doc: dict[str, object]) -> str:
    """A case file's bytes: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def all_cases() -> dict[str, str]:
    """Case id -> file text, over every generator; duplicate ids are an error."""
    out: dict[str, str] = {}
    for name in GENERATORS:
        module = importlib.import_module(f"tools.corpus.{name}")
        for doc in module.cases():
            if doc["id"] in out:
                sys.exit(f"{name}: duplicate case id {doc['id']}")
            out[doc["id"]] = render(doc)
    return out


def write(target: Path, cases: dict[str, str]) -> None:
    """Write ``cases`` below ``target`` and delete case files that no generator produces."""
    for case_id, text in cases.items():
        path = target / f"{case_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic.write_text(path, text)  # a temporary file, then a rename: never half a case file
    wanted = {target / f"{cid}.json" for cid in cases}
    for path in target.rglob("*.json"):
        if path not in wanted:
            path.unlink()
    for path in target.rglob(".*.tmp"):
        path.unlink()  # left by a run that was killed mid-write
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def check(cases: dict[str, str]) -> int:
    """Regenerate into a temporary folder and compare with the committed corpus; print differences."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        write(fresh, cases)
        new = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*.json")}
    old = {p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in CORPUS.rglob("*.json")}
    diffs = sorted(
        [f"missing from the corpus: {k}" for k in new.keys() - old.keys()]
        + [f"not produced by any generator: {k}" for k in old.keys() - new.keys()]
        + [f"differs from its generator: {k}" for k in new.keys() & old.keys() if new[k] != old[k]]
    )
    for line in diffs:
        print(line)
    if diffs:
        print(f"corpus is stale ({len(diffs)} files): run python tools/corpus/generate.py")
        return 1
    print(f"corpus up to date: {len(new)} cases")
    return 0


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    cases = all_cases()
    if args.check:
        return check(cases)
    write(CORPUS, cases)
    print(f"wrote {len(cases)} cases to {CORPUS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

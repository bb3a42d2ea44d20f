"""Mutation testing of the reference with mutmut: the share of mutants the golden and unit tests kill.

    python tools/mutation.py                       # every module of the reference (long)
    python tools/mutation.py --modules linux.py links.py env.py workdir.py modes.py linux_shape.py
    python tools/mutation.py --modules env.py --max-children 2

mutmut names a mutant by the file's path with only a leading ``src/`` stripped, so the reference is
mutated in a staging folder laid out as ``src/mobyspec_reference`` + ``tests/`` (never in the checkout,
which other runs may be reading). The tests read the corpus and the goldens of the checkout.

Prints ``mutation: killed K of N (P%)`` with the survivors; a survivor listed in
``tools/mutation-equivalent.toml`` (mutant name -> reason) is equivalent to the original and counts
neither way. Exit 1 when the killed ratio of the non-equivalent mutants is below ``--fail-under``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reference" / "src" / "mobyspec_reference"
EQUIVALENT = Path(__file__).with_name("mutation-equivalent.toml")
MUTMUT = [sys.executable, "-m", "mutmut"]

#: The tests that judge a mutant: every golden, plus the reference's unit and property tests.
TESTS = [
    "tests/test_goldens.py",
    "tests/test_env.py",
    "tests/test_gosemantics.py",
    "tests/test_guards.py",
    "tests/test_links.py",
    "tests/test_linux_spec.py",
    "tests/test_windows_args.py",
    "tests/test_windows_paths.py",
    "tests/test_windows_spec.py",
    "tests/test_start.py",
    "tests/test_start_machine.py",
]


def stage(work: Path, modules: list[str]) -> None:
    """Lay out ``work`` for mutmut: the package under src/, the tests, pyproject with a mutmut table."""
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PACKAGE, work / "src" / "mobyspec_reference", ignore=skip)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=skip)
    # Some tests import generator helpers from tools/corpus by a path relative to themselves.
    shutil.copytree(ROOT / "tools", work / "tools", ignore=skip)
    tests = [t for t in TESTS if (ROOT / t).is_file()]
    only = [f"src/mobyspec_reference/{m}" for m in modules] or ["src/mobyspec_reference/*"]
    table = {
        "source_paths": ["src/mobyspec_reference"],
        "only_mutate": only,
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider"],
        "also_copy": ["tools"],
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in table.items()]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (work / "pyproject.toml").write_text(text + "\n".join(lines) + "\n", encoding="utf-8")


def survivors(work: Path, env: dict[str, str]) -> list[str]:
    """Names of the surviving mutants, from ``mutmut results``."""
    out = subprocess.run(
        [*MUTMUT, "results"], cwd=work, env=env, capture_output=True, text=True, check=True
    ).stdout
    return sorted(
        line.split(":")[0].strip() for line in out.splitlines() if line.strip().endswith(": survived")
    )


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", nargs="*", default=[], help="module files to mutate (default: all)")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--fail-under", type=float, default=90.0, help="minimum killed percentage")
    parser.add_argument("--keep", type=Path, help="stage here and keep it (default: a temporary folder)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="mobyspec-mutation-"))
    if work.exists() and any(work.iterdir()):
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    stage(work, args.modules)
    env = {
        **os.environ,
        "MOBYSPEC_CORPUS": str(ROOT / "conformance" / "cases"),
        "MOBYSPEC_GOLDENS": str(ROOT / "goldens"),
        "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci"),
    }
    log = work / "mutmut-run.log"
    with log.open("w", encoding="utf-8") as sink:
        run = subprocess.run(
            [*MUTMUT, "run", "--max-children", str(args.max_children)],
            cwd=work,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if run.returncode != 0:
        print(log.read_text(encoding="utf-8")[-4000:])
        print(f"mutmut run failed ({run.returncode}); log: {log}")
        return 2
    subprocess.run([*MUTMUT, "export-cicd-stats"], cwd=work, env=env, check=True, capture_output=True)
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    equivalent = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8")) if EQUIVALENT.is_file() else {}
    left = survivors(work, env)
    known = [s for s in left if s in equivalent]
    unexplained = [s for s in left if s not in equivalent]
    total = stats["total"] - len(known)
    killed = stats["killed"] + stats.get("timeout", 0)
    ratio = 100.0 * killed / total if total else 100.0
    scope = " ".join(args.modules) or "every module"
    print(f"mutants of {scope}: {json.dumps(stats, sort_keys=True)}")
    print(f"equivalent (tools/mutation-equivalent.toml): {len(known)}")
    for name in unexplained:
        print(f"survived: {name}")
    print(f"mutation: killed {killed} of {total} non-equivalent mutants ({ratio:.1f}%)")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ratio >= args.fail_under else 1


if __name__ == "__main__":
    sys.exit(main())

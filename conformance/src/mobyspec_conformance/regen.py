"""``mobyspec regen``: one command from the generators to the goldens and the lock (a checkout only).

The same three steps as ``tox -e regen``: write the corpus with its generators (``tools.corpus``), update
every golden through the golden test's own syrupy snapshot extension (``tests/test_goldens.py
--snapshot-update``: goldens stay syrupy-managed), and rewrite ``cases.lock``. Review ``git diff``
afterwards: every changed golden is a changed claim about moby.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from mobyspec_conformance.errors import UsageError

#: The checkout this module lies in (``conformance/src/mobyspec_conformance/regen.py``).
CHECKOUT = Path(__file__).resolve().parents[3]


def steps() -> list[tuple[str, list[str]]]:
    """The commands of a regeneration, run in the checkout, in order: (what it does, argv)."""
    python = sys.executable
    pytest_args = ["tests/test_goldens.py", "goldens", "--snapshot-update", "-q", "-p", "no:randomly"]
    return [
        ("corpus", [python, "-m", "tools.corpus.generate"]),
        ("goldens", [python, "-m", "pytest", *pytest_args, "-p", "no:xdist"]),
        # the mobyspec script installed beside this Python (as tox runs it)
        ("lock", [str(Path(python).with_name("mobyspec")), "lint", "--write-lock"]),
    ]


def _checkout(root: Path) -> Path:
    """``root`` when it is a mobyspec checkout (generators, golden test, lock); a usage error otherwise."""
    needed = ("tools/corpus/generate.py", "tests/test_goldens.py", "cases.lock")
    missing = [name for name in needed if not (root / name).is_file()]
    if missing:
        raise UsageError(
            f"regen runs in a checkout of mobyspec; {root} has no {', '.join(missing)} "
            "(an installed suite is regenerated where it was built)"
        )
    return root


@click.command("regen")
def regen_command() -> None:
    """Regenerate the corpus, every golden and cases.lock from the reference (a checkout only).

    The steps of `tox -e regen`: the generators, the golden test with --snapshot-update, lint
    --write-lock. Exit 0 when every step passed, else the failing step's exit code.
    """
    root = _checkout(CHECKOUT)
    env = {
        **os.environ,
        "MOBYSPEC_CORPUS": str(root / "conformance" / "cases"),
        "MOBYSPEC_GOLDENS": str(root / "goldens"),
    }
    for what, argv in steps():
        click.echo(f"mobyspec regen: {what}: {Path(argv[0]).name} {' '.join(argv[1:])}", err=True)
        code = subprocess.run(argv, cwd=root, env=env, check=False).returncode  # noqa: S603 - our own argv
        if code:
            click.echo(f"mobyspec regen: the {what} step failed (exit {code})", err=True)
            sys.exit(code)
    click.echo("mobyspec regen: done; review `git diff` (every changed golden is a changed claim)", err=True)

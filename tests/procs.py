"""Process helpers shared by the tests that start ``mobyspec`` and fake builders as real subprocesses."""

from __future__ import annotations

import sys
from pathlib import Path

#: The ``mobyspec`` script of the environment running the tests (the venv's or the tox env's).
MOBYSPEC = str(Path(sys.executable).with_name("mobyspec"))


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting for a reaper."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"

"""Answers like the reference ``FAKE_GOOD`` times in all (counted across its processes in ``FAKE_COUNTER``),
then exits with status 1 on every request: a builder that breaks for good in the middle of a run.

Every restart fails again, so the run must stop at the restart cap (exit 3) keeping the answered pairs,
whatever ``--jobs``: one budget of restarts for the run, and no batch of answers dropped when it runs out.
"""

import fcntl
import os
import sys
from pathlib import Path

from _proto import answer, send, serve

GOOD = int(os.environ.get("FAKE_GOOD", "31"))


def take_turn() -> bool:
    """Whether this request is among the first ``GOOD`` of the run (a counter file shared by processes)."""
    with Path(os.environ["FAKE_COUNTER"]).open("a+") as counter:
        fcntl.flock(counter, fcntl.LOCK_EX)
        counter.seek(0)
        used = len(counter.read())
        if used >= GOOD:
            return False
        counter.write("x")
        return True


def on_build(request):
    if not take_turn():
        sys.exit(1)
    send(answer(request))


serve(on_build)

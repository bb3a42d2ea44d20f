"""SIGINT and SIGTERM during a run: one exception that unwinds the run, so every ``finally`` cleans up.

Python turns SIGINT into ``KeyboardInterrupt`` but lets SIGTERM kill the process outright, which would
orphan the builder processes (each runs in its own session) and leave the report unfinished in its
temporary file. Inside :func:`trap` both signals raise :class:`Interrupted` in the main thread instead:
the runner stops its workers and kills the builders' process groups, the report is moved into place
without its footer (readers flag it incomplete), and the command exits 128 + the signal number (130 for
SIGINT, 143 for SIGTERM). A second signal while that cleanup runs is ignored, so it cannot cut it short.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

#: The signals a run turns into :class:`Interrupted`.
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal (a BaseException, so ``except Exception`` does not swallow it)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"interrupted by {self.name}")

    @property
    def exit_code(self) -> int:
        """The shell convention for a process ended by a signal: 128 + its number."""
        return 128 + self.signum


@contextlib.contextmanager
def trap() -> Iterator[None]:
    """Within the block, the first SIGINT or SIGTERM raises :class:`Interrupted`; later ones are ignored.

    Outside the main thread this does nothing (Python delivers signals to the main thread only).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired: list[int] = []

    def handler(signum: int, _frame: FrameType | None) -> None:
        if fired:
            return  # already unwinding: let the cleanup finish
        fired.append(signum)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)

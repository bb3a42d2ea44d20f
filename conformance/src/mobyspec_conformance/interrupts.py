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
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
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


#: Whether :func:`install` trapped the signals for the life of the process (``trap()`` is then a no-op).
_process_wide: list[bool] = []


#: Open :func:`deferred` sections of the main thread, and a signal that came during one.
_held: list[bool] = []
_pending: list[int] = []


def _first_only(fired: list[int]) -> Callable[[int, FrameType | None], None]:
    """A handler that raises :class:`Interrupted` for the first signal and ignores the later ones."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        if fired:
            return  # already unwinding: let the cleanup finish
        fired.append(signum)
        if _held:
            _pending.append(signum)  # raised when the deferred section ends
            return
        raise Interrupted(signum)

    return handler


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """A section a signal may not cut: starting a process and recording it where the cleanup finds it.

    Raised inside ``subprocess.Popen``, an interrupt would leave a started builder that nothing knows
    of, and so nothing kills. A signal during the section raises :class:`Interrupted` when it ends.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _held.append(True)
    try:
        yield
    finally:
        _held.pop()
        if not _held and _pending:
            raise Interrupted(_pending.pop())  # the interrupt wins over what the section raised


def install() -> None:
    """Trap SIGINT and SIGTERM for the whole process: the first thing the ``mobyspec`` script does.

    Before, a signal during the imports or the option parsing gave a ``KeyboardInterrupt`` traceback or
    click's ``Aborted!`` with exit 1, and SIGTERM outside a run killed the process with files half written.
    """
    handler = _first_only(_process_fired)
    for sig in SIGNALS:
        signal.signal(sig, handler)
    _process_wide.append(True)
    previous = sys.unraisablehook

    def unraisable(hook: Any) -> None:  # noqa: ANN401 - sys.UnraisableHookArgs
        # The handler raised where Python cannot let an exception out (a weakref callback during an
        # import, a __del__): Python prints it and goes on. Deliver the signal again, from a moment
        # later, where it can unwind the command.
        if isinstance(hook.exc_value, Interrupted):
            _process_fired.clear()
            threading.Timer(0.01, os.kill, (os.getpid(), hook.exc_value.signum)).start()
            return
        previous(hook)

    sys.unraisablehook = unraisable


#: The signals the process-wide handler has seen.
_process_fired: list[int] = []


@contextlib.contextmanager
def trap() -> Iterator[None]:
    """Within the block, the first SIGINT or SIGTERM raises :class:`Interrupted`; later ones are ignored.

    Outside the main thread this does nothing (Python delivers signals to the main thread only), and so
    it does under :func:`install`, whose handler already does this for the whole process.
    """
    if _process_wide or threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = _first_only([])  # one handler for both signals: the first of either one counts
    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)

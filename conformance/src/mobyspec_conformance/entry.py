"""The ``mobyspec`` script: signals trapped first, before any heavy import, then the command line.

A SIGINT or SIGTERM at any moment ends the command with ``mobyspec: interrupted by SIG...`` and exit
130 / 143: never a ``KeyboardInterrupt`` traceback, never click's ``Aborted!``. Commands that own
builders or files clean up as :class:`~mobyspec_conformance.interrupts.Interrupted` unwinds them.
"""

from __future__ import annotations

import contextlib
import signal
import sys

from mobyspec_conformance import interrupts


def main() -> None:
    """Run the ``mobyspec`` command line with SIGINT and SIGTERM trapped for the whole process."""
    interrupts.install()
    code: int | str | None = 0
    try:
        from mobyspec_conformance.cli import main as cli  # noqa: PLC0415 - imported after the trap

        cli()
    except SystemExit as done:
        code = done.code
    except BaseException as err:
        interrupt = _interrupt_in(err)
        if interrupt is None:
            raise
        code = interrupt.exit_code
        with contextlib.suppress(OSError, ValueError, interrupts.Interrupted):
            sys.stderr.write(f"mobyspec: interrupted by {interrupt.name}\n")
            sys.stderr.flush()
    # The work is done: a signal now must not turn its exit status into a death by signal while the
    # interpreter shuts down (Python restores the default handlers then, not an ignored signal).
    for sig in interrupts.SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    sys.exit(code)


def _interrupt_in(error: BaseException) -> interrupts.Interrupted | None:
    """The interrupt behind ``error``: itself, or its cause.

    Python wraps what a signal handler raised during a class definition
    (``RuntimeError: Error calling __set_name__``); that is still the interrupt.
    """
    seen: BaseException | None = error
    for _ in range(16):
        if seen is None:
            return None
        if isinstance(seen, interrupts.Interrupted):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None

"""The base of every error the suite raises on purpose: it carries its exit code and its text.

``mobyspec``'s ``main()`` prints :meth:`~MobyspecError.render` on stderr and exits with ``exit_code``; no
command maps an error to an exit code by hand. (Re-exported by :mod:`mobyspec_conformance.vocabulary`.)
"""

from __future__ import annotations

from typing import ClassVar

from mobyspec_conformance import exitcodes


class MobyspecError(Exception):
    """An error of the suite's own: ``main()`` prints :meth:`render` and exits :attr:`exit_code`."""

    exit_code: ClassVar[int] = exitcodes.FAILED

    def render(self) -> str:
        """What the command line prints on stderr: ``mobyspec: <message>``."""
        return f"mobyspec: {self}"


class UsageError(MobyspecError):
    """A usage or configuration error: a bad flag, a malformed case, expectations file or manifest."""

    exit_code = exitcodes.USAGE


class ConfigError(UsageError):
    """The run cannot start: bad corpus, missing goldens, bad options (exit 2)."""

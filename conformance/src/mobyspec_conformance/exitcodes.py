"""The exit codes of every ``mobyspec`` command (documented in the README)."""

from __future__ import annotations

#: conformant / the command did what it was asked
OK = 0
#: not conformant, or the builder returned an error for ``build``
FAILED = 1
#: usage or configuration error: a bad flag, a malformed case, expectations file or manifest
USAGE = 2
#: the builder is unusable (it cannot start, or it crashed more often than the restart cap)
BUILDER_UNUSABLE = 3
#: nothing was selected or nothing ran
NOTHING_RAN = 4
#: interrupted by SIGINT / SIGTERM (128 + signal number)
SIGINT = 130
SIGTERM = 143

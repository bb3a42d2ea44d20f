"""Atomic file writes: a temporary file in the target's folder, then one rename over the target.

A reader (or a crash, a full disk, a second run) never sees half a file at the target path: it holds the
old content or the new, whole. Every file mobyspec writes for the user goes through here: reports and
their renderings, expectation updates, ``cases.lock``, goldens, ``--save-repro`` and fuzz drafts.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Self, TextIO

if TYPE_CHECKING:
    from types import TracebackType


def _read_umask() -> int:
    """The process umask (read once, at import, while no other thread creates files)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()

#: A builder may send a JSON string escape such as ``"\ud800"``: Python decodes it to a lone surrogate,
#: which UTF-8 cannot encode. Written back as the same escape, it stays valid JSON (inside a string) and
#: readable text in JUnit and Markdown, instead of aborting the report.
_ERRORS = "backslashreplace"


class AtomicFile:
    """A text file written under a temporary name beside ``path`` and renamed onto it by :meth:`commit`.

    :meth:`discard` (or leaving a ``with`` block on an exception) deletes the temporary file and leaves
    ``path`` as it was. The temporary name starts with a dot and ends in ``.tmp``, so globs such as
    ``*.json`` never pick it up.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.done = False
        if self.path.exists() and not self.path.is_file():
            # /dev/stdout, a FIFO: cannot be replaced by a rename, and a reader sees a stream anyway
            self.tmp: Path | None = None
            self.handle: TextIO = self.path.open("w", encoding="utf-8", errors=_ERRORS, newline="\n")
            return
        # Through symbolic links: the rename replaces the file a link points to, never the link itself.
        self.path = Path(os.path.realpath(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.tmp = Path(tmp)
        try:
            # mkstemp makes the file 0600; give it the permissions a plain open() would
            os.fchmod(fd, 0o666 & ~_UMASK)
            self.handle = os.fdopen(fd, "w", encoding="utf-8", errors=_ERRORS, newline="\n")
        except BaseException:  # an interrupt right here must not leave the temporary file
            os.close(fd)
            self.tmp.unlink(missing_ok=True)
            raise

    def write(self, text: str) -> None:
        """Append text to the temporary file."""
        self.handle.write(text)

    def flush(self) -> None:
        """Push what was written to the temporary file (readers of the temporary file see it)."""
        self.handle.flush()

    def commit(self) -> None:
        """Close the temporary file and rename it onto the target (idempotent)."""
        if self.done:
            return
        self.done = True
        try:
            self.handle.close()
            if self.tmp is not None:
                self.tmp.replace(self.path)
        except BaseException:
            if self.tmp is not None:
                self.tmp.unlink(missing_ok=True)
            raise

    def discard(self) -> None:
        """Drop the temporary file; the target keeps its old content (idempotent)."""
        if self.done:
            return
        self.done = True
        with contextlib.suppress(OSError):
            self.handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, written as given) in one step."""
    with AtomicFile(path) as out:
        out.write(text)


def output_problem(path: Path, *, folder: bool = False) -> str | None:
    """Why ``path`` cannot be written as an output file (``folder``: filled as a folder); None if it can.

    Checked before a run starts, so that an unwritable ``--report`` or ``--save-repro`` is a clear usage
    error instead of a failure in the middle of the run: a dangling symbolic link, a folder where a file is
    wanted (or the reverse), a path under a file, a place where no file can be created (``/proc``, a
    read-only mount, a folder without write permission). A file is probed by creating (and removing) a
    temporary file beside its target; a special file (``/dev/stdout``, a FIFO) needs write permission.
    """
    if path.is_symlink() and not path.exists():
        return f"a symbolic link to {path.readlink()}, which does not exist"
    if path.exists():
        if folder and not path.is_dir():
            return "not a folder"
        if not folder and path.is_dir():
            return "a folder"
        if not folder and not path.is_file():
            return None if os.access(path, os.W_OK) else "not writable"
    target = Path(os.path.realpath(path))
    where = target if folder else target.parent
    for above in (where, *where.parents):
        if above.exists():
            if not above.is_dir():
                return f"{above} is not a folder"
            break
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".mobyspec-probe.", suffix=".tmp", dir=where)
        os.close(fd)
        Path(probe).unlink()
    except OSError as err:
        return f"cannot write in {where}: {err.strerror or err}"
    return None

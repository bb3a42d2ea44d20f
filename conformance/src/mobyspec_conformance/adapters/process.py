"""What the subprocess transports share: a bounded stderr log, process-group kills, exit descriptions."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: Bytes of a builder's stderr kept in memory (older output is dropped).
STDERR_KEEP = 64 * 1024
#: Bytes of stderr attached to a case outcome or an error.
TAIL = 4 * 1024


class StderrRing:
    """A builder's stderr (free-form logging): the newest ``limit`` bytes, fed from a reader thread."""

    def __init__(self, limit: int = STDERR_KEEP) -> None:
        self._buf = bytearray()
        self._limit = limit
        self._lock = threading.Lock()

    def feed(self, data: bytes) -> None:
        """Append output, dropping the oldest bytes past the limit."""
        with self._lock:
            self._buf += data
            excess = len(self._buf) - self._limit
            if excess > 0:
                del self._buf[:excess]

    def note(self, text: str) -> None:
        """Record an event of the transport (a restart) among the builder's own lines."""
        self.feed(f"[mobyspec] {text}\n".encode())

    def tail(self, limit: int = TAIL) -> str:
        """The last ``limit`` bytes, from a line start when cut, decoded leniently."""
        with self._lock:
            data = bytes(self._buf[-limit:])
            cut = len(self._buf) > limit
        if cut and b"\n" in data:
            data = data[data.index(b"\n") + 1 :]
        return data.decode("utf-8", errors="replace")

    def follow(self, stream: IO[bytes]) -> threading.Thread:
        """Drain ``stream`` into the ring on a daemon thread until EOF, then close it."""

        def pump() -> None:
            fd = stream.fileno()
            try:
                while chunk := os.read(fd, 65536):
                    self.feed(chunk)
            except OSError:
                pass
            finally:
                stream.close()

        thread = threading.Thread(target=pump, name="mobyspec-stderr", daemon=True)
        thread.start()
        return thread


def spawn(argv: Sequence[str], *, env: Mapping[str, str] | None, cwd: str | None) -> subprocess.Popen[bytes]:
    """Start ``argv`` with three pipes in a new session, so that its whole process group can be killed."""
    full_env = None if env is None else {**os.environ, **env}
    return subprocess.Popen(  # noqa: S603 - running the builder the user named is the point
        list(argv),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
        start_new_session=True,
        env=full_env,
        cwd=cwd,
    )


def kill_group(popen: subprocess.Popen[bytes]) -> None:
    """SIGKILL the builder's process group (its children too) and reap the builder."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        popen.kill()
    popen.wait()


def exit_text(returncode: int | None) -> str:
    """How a process ended, in words: ``exited with status 3``, ``was killed by signal 11 (SIGSEGV)``."""
    if returncode is None:
        return "is still running"
    if returncode >= 0:
        return f"exited with status {returncode}"
    try:
        name = f" ({signal.Signals(-returncode).name})"
    except ValueError:
        name = ""
    return f"was killed by signal {-returncode}{name}"


def excerpt(data: bytes, limit: int = 120) -> str:
    """A short printable quote of a builder's bad output."""
    text = data[:limit].decode("utf-8", errors="replace")
    return repr(text) + ("..." if len(data) > limit else "")

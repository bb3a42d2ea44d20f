"""What the subprocess transports share: a bounded stderr log, process-tree kills, exit descriptions."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import threading
from typing import IO, TYPE_CHECKING

import psutil

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


#: Set in every builder's environment to a fresh token per start: its descendants inherit it, so one that
#: left the process tree (a ``setsid`` daemon whose parent died, reparented to init) is still found.
TOKEN_VAR = "MOBYSPEC_BUILDER_TOKEN"  # noqa: S105 - a variable name, not a secret
#: The token of each process started by :func:`spawn` and not yet killed (by pid).
_TOKENS: dict[int, bytes] = {}
#: Rounds of look-and-kill: a process may fork between the look and the kill.
_KILL_ROUNDS = 4


def spawn(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None,
    cwd: str | None,
    stdin: int = subprocess.PIPE,
    stderr: int = subprocess.PIPE,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in a new session with a fresh :data:`TOKEN_VAR`: :func:`kill_tree` finds its processes.

    stdout is a pipe; stdin and stderr are pipes unless said otherwise.
    """
    token = secrets.token_hex(16)
    full_env = {**os.environ, **(env or {}), TOKEN_VAR: token}
    popen = subprocess.Popen(  # noqa: S603 - running the builder the user named is the point
        list(argv),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=stderr,
        bufsize=0,
        start_new_session=True,
        env=full_env,
        cwd=cwd,
    )
    _TOKENS[popen.pid] = f"{TOKEN_VAR}={token}".encode()
    return popen


def _marked(token: bytes) -> set[int]:
    """Pids of the processes whose environment carries ``token`` (Linux ``/proc``; empty elsewhere)."""
    found: set[int] = set()
    try:
        entries = os.listdir("/proc")  # noqa: PTH208 - plain names, hundreds of them
    except OSError:
        return found
    me = os.getpid()
    for entry in entries:
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:  # noqa: PTH123 - hundreds of files
                environ = handle.read()
        except OSError:
            continue  # gone, or another user's
        if token in environ.split(b"\0"):
            found.add(int(entry))
    return found


def _descendants(pid: int) -> set[int]:
    try:
        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except psutil.Error:
        return set()


def kill_tree(popen: subprocess.Popen[bytes]) -> None:
    """SIGKILL a builder and everything it started, and reap the builder.

    Three nets, since a process can leave each: the builder's session (its process group), a walk of its
    process tree (a ``setsid`` or ``setpgid`` child that still has its parent), and its token in the
    environment of any process (such a child after its parent died). Repeated while new ones turn up.
    """
    token = _TOKENS.get(popen.pid)
    killed: set[int] = set()
    for _ in range(_KILL_ROUNDS):
        victims = _descendants(popen.pid) if popen.returncode is None else set()
        if token is not None:
            victims |= _marked(token)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)
        fresh = victims - killed
        for pid in fresh:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        killed |= fresh
        if popen.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                popen.kill()
            popen.wait()
        if not fresh:
            break
    _TOKENS.pop(popen.pid, None)


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

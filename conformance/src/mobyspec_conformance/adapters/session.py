"""Session transport (``cmd:COMMAND``): one persistent builder process speaking protocol v1 in JSON lines.

Requests are pipelined: up to ``window`` of them are in flight and the builder answers in order, echoing
``seq``. The runner's side never blocks on a pipe: stdin is written and stdout read from one non-blocking
loop, and stderr is drained by a thread into a bounded ring. When the builder crashes, hangs past the
per-case timeout or breaks the protocol, the pending case gets that outcome, the whole process group is
killed, and the cases still in flight go to a fresh process after its ``hello``; past ``max_restarts``
fresh processes the builder is unusable.
"""

from __future__ import annotations

import contextlib
import enum
import os
import selectors
import subprocess
import threading
import time
from collections import deque
from typing import TYPE_CHECKING

from mobyspec_conformance import interrupts
from mobyspec_conformance.adapters.base import (
    BuilderConfigError,
    BuilderUnusable,
    BuildRequest,
    Crashed,
    Hello,
    ProtocolViolation,
    Response,
    TimedOut,
)
from mobyspec_conformance.adapters.process import StderrRing, excerpt, exit_text, kill_tree, spawn
from mobyspec_conformance.adapters.protocol import (
    SHUTDOWN,
    ProtocolError,
    decode,
    encode,
    encode_build,
    encode_input,
    hello_request,
    parse_hello,
    parse_response,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

#: Seconds a builder has for one case, counted from its previous answer (or from the request, if later).
DEFAULT_TIMEOUT = 2.0
#: Seconds a (re)started builder has to answer ``hello``.
DEFAULT_START_TIMEOUT = 10.0
#: Requests in flight at once.
DEFAULT_WINDOW = 32
#: Fresh processes allowed after the first before the builder is declared unusable (bowtie's figure).
DEFAULT_MAX_RESTARTS = 10
#: Longest answer line accepted; longer is a protocol violation (a runaway builder cannot exhaust memory).
DEFAULT_MAX_LINE = 16 * 1024 * 1024
#: Seconds a builder has to exit after ``shutdown`` before it is killed.
SHUTDOWN_GRACE = 2.0
#: Seconds to wait for an exit status after the builder closed its stdout.
EXIT_GRACE = 0.5
#: While waiting for a line, seconds between checks that the builder process is still alive.
EXIT_POLL = 0.25

_CHUNK = 65536


class _Event(enum.Enum):
    """What came instead of an answer line."""

    TIMEOUT = "timeout"
    EOF = "eof"
    TOO_LONG = "too long"


class _Process:
    """One running builder: non-blocking stdin writes, stdout split into lines, stderr into the ring."""

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str] | None, cwd: str | None, stderr: StderrRing
    ) -> None:
        self.popen = spawn(argv, env=env, cwd=cwd)
        assert self.popen.stdin is not None
        assert self.popen.stdout is not None
        assert self.popen.stderr is not None
        self._stdin = self.popen.stdin
        self._stdout = self.popen.stdout
        self._in = self._stdin.fileno()
        self._out = self._stdout.fileno()
        os.set_blocking(self._in, False)
        self._stderr_thread = stderr.follow(self.popen.stderr)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._out, selectors.EVENT_READ)
        self._watching_stdin = False
        self._rbuf = bytearray()
        self._scanned = 0
        self._wbuf = bytearray()
        self.stdin_open = True
        self.eof = False
        self.dead = False

    def send(self, data: bytes) -> None:
        """Queue bytes for the builder's stdin and write what the pipe takes now."""
        if self.stdin_open:
            self._wbuf += data
            self._flush()

    def _flush(self) -> None:
        try:
            while self._wbuf:
                written = os.write(self._in, self._wbuf[:_CHUNK])
                del self._wbuf[:written]
        except BlockingIOError:
            pass
        except OSError:
            # The builder closed its stdin (EPIPE): what it already read may still be answered.
            self.stdin_open = False
            self._wbuf.clear()
        want = bool(self._wbuf)
        if want != self._watching_stdin:
            if want:
                self._selector.register(self._in, selectors.EVENT_WRITE)
            else:
                self._selector.unregister(self._in)
            self._watching_stdin = want

    def next_line(self, deadline: float, max_line: int) -> bytes | _Event:
        """The next stdout line (without its newline), or why none came before ``deadline``."""
        while True:
            end = self._rbuf.find(b"\n", self._scanned)
            if end >= 0:
                line = bytes(self._rbuf[:end])
                del self._rbuf[: end + 1]
                self._scanned = 0
                return line
            self._scanned = len(self._rbuf)
            if self._scanned > max_line:
                return _Event.TOO_LONG
            if self.eof:
                return _Event.EOF
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _Event.TIMEOUT  # checked on every turn: a trickle of bytes must not hold it off
            events = self._selector.select(min(remaining, EXIT_POLL))
            if not events and self.popen.poll() is not None:
                # The builder is gone, but a child it started still holds its stdout open: no EOF
                # will come, and what that child writes is not the builder's answer.
                self.eof = True
            for key, _mask in events:
                if key.fd == self._out:
                    chunk = os.read(self._out, _CHUNK)
                    if chunk:
                        self._rbuf += chunk
                    else:
                        self.eof = True
                else:
                    self._flush()

    def partial(self) -> bytes:
        """What is left of an unterminated last line."""
        return bytes(self._rbuf)

    def wait_exit(self, seconds: float) -> int | None:
        """The exit status, waiting at most ``seconds`` for it."""
        try:
            return self.popen.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """Kill the process group, reap it, release the pipes, let the stderr thread finish."""
        if self.dead:
            return
        self.dead = True
        kill_tree(self.popen)
        self._release()

    def shutdown(self, grace: float) -> None:
        """Ask the builder to exit (``shutdown``, then EOF on stdin); kill it when it does not."""
        if self.dead:
            return
        try:
            if self.stdin_open and not self._wbuf:
                # Non-blocking: a builder that does not read must not hang the runner here.
                with contextlib.suppress(OSError):
                    os.write(self._in, encode(SHUTDOWN))
            with contextlib.suppress(OSError):
                self._stdin.close()
            self.wait_exit(grace)
        finally:
            # Whether it left or not, and even when an interrupt cuts the wait short, nothing of it may
            # outlive the session.
            self.kill()

    def _release(self) -> None:
        self._selector.close()
        for stream in (self._stdin, self._stdout):
            with contextlib.suppress(OSError):
                stream.close()
        self._stderr_thread.join(1.0)


class RestartBudget:
    """Fresh processes a run may start after failures: one budget, shared by the builders of every job.

    With ``--jobs N`` each job has its own session; counted apart, N jobs would get N times the restarts
    and a builder that stops a one-job run (exit 3) would run to the end under eight.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Use one restart; False when none is left."""
        with self._lock:
            if self.used >= self.limit:
                return False
            self.used += 1
            return True


def share_restart_budget(builders: Iterable[object]) -> None:
    """Make the session builders among ``builders`` (or wrapped by them, as ``inner``) draw on one budget."""
    sessions = [b for b in (getattr(b, "inner", b) for b in builders) if isinstance(b, SessionBuilder)]
    for builder in sessions[1:]:
        builder.budget = sessions[0].budget


class SessionBuilder:
    """A builder reached through a persistent process (``cmd:COMMAND``), pipelined, restarted on failure."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        window: int = DEFAULT_WINDOW,
        start_timeout: float | None = None,
        max_restarts: int = DEFAULT_MAX_RESTARTS,
        max_line: int = DEFAULT_MAX_LINE,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        if not argv:
            raise BuilderConfigError("the session command is empty")
        if timeout <= 0 or window < 1 or max_restarts < 0 or max_line < 1:
            raise BuilderConfigError(
                f"bad session settings: timeout={timeout}, window={window}, "
                f"max_restarts={max_restarts}, max_line={max_line}"
            )
        self.argv = tuple(argv)
        self.timeout = timeout
        self.window = window
        self.start_timeout = max(timeout, DEFAULT_START_TIMEOUT) if start_timeout is None else start_timeout
        self.max_restarts = max_restarts
        self.max_line = max_line
        self.env = env
        self.cwd = cwd
        #: The builder's stderr across all its processes (the newest 64 KiB).
        self.stderr = StderrRing()
        #: Fresh processes this builder started after a failure so far.
        self.restarts = 0
        #: The restarts left to the run (:func:`share_restart_budget` shares one between jobs).
        self.budget = RestartBudget(max_restarts)
        self._proc: _Process | None = None
        self._hello: Hello | None = None
        self._owed_restart = False
        self._aborted = False
        self._starting: _Process | None = None

    def start(self) -> Hello:
        """Launch the builder and exchange ``hello`` (once); :class:`BuilderUnusable` when that fails."""
        if self._hello is None:
            self._hello = self._launch()
        return self._hello

    def stderr_tail(self) -> str:
        """The builder's latest stderr output (4 KiB), for reports."""
        return self.stderr.tail()

    def _launch(self) -> Hello:
        if self._aborted:
            raise BuilderUnusable(f"{self.argv[0]}: the run was stopped")
        with interrupts.deferred():  # started and known to abort(), or not started
            try:
                proc = _Process(self.argv, self.env, self.cwd, self.stderr)
            except OSError as err:
                raise BuilderUnusable(f"cannot run {self.argv[0]!r}: {err.strerror or err}") from None
            self._starting = proc
        if self.aborted():  # abort() came while it started, and could not see it yet
            proc.kill()
            raise BuilderUnusable(f"{self.argv[0]}: the run was stopped")
        proc.send(encode(hello_request()))
        got = proc.next_line(time.monotonic() + self.start_timeout, self.max_line)
        if got is _Event.TIMEOUT:
            why = f"no answer to hello within {self.start_timeout:g} s"
        elif got is _Event.TOO_LONG:
            why = f"its answer to hello is longer than {self.max_line} bytes"
        elif got is _Event.EOF:
            why = f"it {exit_text(proc.wait_exit(EXIT_GRACE))} before answering hello"
            if proc.partial():
                why += f" (it wrote {excerpt(proc.partial())})"
        else:
            try:
                hello = parse_hello(decode(got))
            except ProtocolError as err:
                why = f"bad answer to hello: {err}: {excerpt(got)}"
                if not got.lstrip().startswith(b"{"):
                    why += " (stdout is for protocol messages only: log to stderr)"
            else:
                self._proc = proc
                self._starting = None
                return hello
        self._starting = None
        proc.kill()
        raise BuilderUnusable(f"{self.argv[0]}: {why}", self.stderr.tail())

    def _respawn(self) -> _Process:
        """A fresh process for the cases still in flight; unusable past the restart cap."""
        while True:
            if self._owed_restart:
                if not self.budget.take():
                    raise BuilderUnusable(
                        f"{self.argv[0]}: failed again after {self.budget.used} restarts; giving up",
                        self.stderr.tail(),
                    )
                self.restarts += 1
            self._owed_restart = True
            try:
                self._launch()
            except BuilderUnusable as err:
                self.stderr.note(f"restart failed: {err.message}")
                continue
            self._owed_restart = False
            assert self._proc is not None
            return self._proc

    def _fail(self, proc: _Process, note: str) -> str:
        """Kill a failed process; the next request starts a fresh one (a counted restart)."""
        proc.kill()
        self._proc = None
        self._owed_restart = True
        self.stderr.note(f"builder killed: {note}")
        return self.stderr.tail()

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """Send the requests pipelined and yield one response each, in order."""
        self.start()
        pending = iter(requests)
        inflight: deque[tuple[BuildRequest, bytes]] = deque()
        more = True
        clock = time.monotonic()
        shared: tuple[object, bytes] = (None, b"")  # the last input encoded, and its encoding
        try:
            while True:
                fresh: list[bytes] = []
                # Refill when half the window is free (or none is in flight): one write then carries many
                # requests, where topping up after every answer cost a system call and a wake-up each.
                while more and len(inflight) < self.window and (fresh or len(inflight) <= self.window // 2):
                    request = next(pending, None)
                    if request is None:
                        more = False
                        break
                    if not inflight:
                        clock = time.monotonic()
                    if shared[0] is not request.input:
                        shared = (request.input, encode_input(request))
                    data = encode_build(request, shared[1])
                    inflight.append((request, data))
                    fresh.append(data)
                if not inflight:
                    return
                proc = self._proc
                if proc is None:
                    proc = self._respawn()
                    proc.send(b"".join(data for _, data in inflight))
                    clock = time.monotonic()
                elif fresh:
                    proc.send(b"".join(fresh))
                head = inflight[0][0]
                response = self._answer(proc, head, clock)
                inflight.popleft()
                clock = time.monotonic()
                yield response
        finally:
            if inflight and self._proc is not None:
                # Abandoned mid-run: answers still in the pipe belong to nobody; start clean next time.
                self._proc.kill()
                self._proc = None

    def _answer(self, proc: _Process, head: BuildRequest, clock: float) -> Response:
        """Read the answer to ``head``; on any failure kill the process and say what happened."""
        got = proc.next_line(clock + self.timeout, self.max_line)
        if isinstance(got, bytes):
            try:
                response = parse_response(decode(got), head.seq, decoded=True)
            except ProtocolError as err:
                tail = self._fail(proc, f"{head.case_id}: {err}")
                return ProtocolViolation(f"{err}: {excerpt(got)}", tail)
            if isinstance(response, ProtocolViolation):
                tail = self._fail(proc, f"{head.case_id}: {response.message}")
                return ProtocolViolation(f"{response.message}: {excerpt(got)}", tail)
            return response
        if got is _Event.TIMEOUT:
            tail = self._fail(proc, f"{head.case_id}: no answer within {self.timeout:g} s")
            return TimedOut(self.timeout, tail)
        if got is _Event.TOO_LONG:
            tail = self._fail(proc, f"{head.case_id}: answer longer than {self.max_line} bytes")
            return ProtocolViolation(f"an answer line is longer than {self.max_line} bytes", tail)
        partial = proc.partial()
        status = exit_text(proc.wait_exit(EXIT_GRACE))
        what = f"the builder {status}" if status != "is still running" else "the builder closed its stdout"
        message = f"{what} while seq {head.seq} was pending"
        if partial:
            message += f", in the middle of a line: {excerpt(partial)}"
        tail = self._fail(proc, f"{head.case_id}: {message}")
        return Crashed(message, tail)

    def aborted(self) -> bool:
        """Whether :meth:`abort` was called."""
        return self._aborted

    def abort(self) -> None:
        """Kill the builder's process group now and start no other (an interrupt; safe from any thread).

        Only signals are sent: the thread that is reading from the process sees it die, and releases
        what it holds; a restart it then attempts is refused.
        """
        self._aborted = True
        for proc in (self._proc, self._starting):
            if proc is not None:
                kill_tree(proc.popen)

    def close(self) -> None:
        """Send ``shutdown``, close stdin, give the builder 2 s to exit, then kill its process group."""
        if self._proc is not None:
            self._proc.shutdown(SHUTDOWN_GRACE)
            self._proc = None

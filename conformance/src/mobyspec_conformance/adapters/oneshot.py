"""Oneshot transport (``oneshot:COMMAND``): one process per case, the toml-test style of adapter.

The process gets one ``build`` request (plus ``"protocol": 1``) on stdin and ends with an exit status:
0 with a response object on stdout; 1 rejected without a code (stderr is the message); 77 skipped
(stdout may hold ``{"reason": ...}``); 2 an adapter error; any other status, or a signal, a crash.
Only exactly 1 counts as a rejection, so a segfault never passes a case that expects an error.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from mobyspec_conformance import interrupts
from mobyspec_conformance.adapters.base import (
    BuilderConfigError,
    BuilderUnusable,
    BuildRequest,
    Crashed,
    Errored,
    Hello,
    ProtocolViolation,
    Rejected,
    Response,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.adapters.process import StderrRing, excerpt, exit_text, kill_tree, spawn
from mobyspec_conformance.adapters.protocol import (
    ProtocolError,
    decode,
    encode,
    parse_response,
)
from mobyspec_conformance.vocabulary import request_json

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

#: Seconds one process has, start-up included.
DEFAULT_TIMEOUT = 5.0
#: Most bytes accepted on stdout; more is a protocol violation.
DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024

#: The exit statuses of the oneshot contract.
EXIT_REJECTED = 1
EXIT_ADAPTER_ERROR = 2
EXIT_SKIPPED = 77

#: While a process runs, seconds between checks that it has not exited (its pipes may outlive it).
EXIT_POLL = 0.25

_CHUNK = 65536


@frozen
class _Finished:
    """What one process left behind."""

    status: int | None  # None: killed at the timeout
    stdout: bytes
    overflow: bool


def _communicate(
    popen: subprocess.Popen[bytes], data: bytes, timeout: float, max_output: int, stderr: StderrRing
) -> _Finished:
    """Feed stdin, collect stdout (capped) and stderr (into the ring) until exit, or kill at the deadline."""
    try:
        return _exchange(popen, data, timeout, max_output, stderr)
    finally:
        for stream in (popen.stdin, popen.stdout, popen.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def _exchange(
    popen: subprocess.Popen[bytes], data: bytes, timeout: float, max_output: int, stderr: StderrRing
) -> _Finished:
    assert popen.stdin is not None
    assert popen.stdout is not None
    assert popen.stderr is not None
    deadline = time.monotonic() + timeout
    out = bytearray()
    stdout_fd = popen.stdout.fileno()
    streams = {stdout_fd: popen.stdout, popen.stderr.fileno(): popen.stderr}
    stdin = popen.stdin
    stdin_fd = stdin.fileno()
    os.set_blocking(stdin_fd, False)
    view = memoryview(data)
    writing = True
    with selectors.DefaultSelector() as selector:
        selector.register(stdin_fd, selectors.EVENT_WRITE)
        for fd in streams:
            selector.register(fd, selectors.EVENT_READ)
        while streams or writing:
            # Exit and deadline are checked on every turn: a child that keeps writing to stderr keeps
            # select busy, and must neither hide the builder's exit nor outlast the deadline.
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                kill_tree(popen)
                return _Finished(None, bytes(out), overflow=False)
            if popen.poll() is not None:
                # it exited: what it wrote is in the pipe; a child it left behind may still hold a pipe
                # open (no EOF will come), and is killed below
                if stdout_fd in streams and _drain(stdout_fd, out, max_output):
                    kill_tree(popen)
                    return _Finished(popen.returncode, bytes(out[:200]), overflow=True)
                break
            events = selector.select(min(remaining, EXIT_POLL))
            for key, _mask in events:
                if key.fd == stdin_fd:
                    try:
                        view = view[os.write(key.fd, view[:_CHUNK]) :]
                    except BlockingIOError:
                        continue
                    except OSError:
                        view = view[:0]  # it closed stdin without reading everything: its business
                    if not view:
                        selector.unregister(key.fd)
                        stdin.close()
                        writing = False
                    continue
                chunk = os.read(key.fd, _CHUNK)
                if not chunk:
                    selector.unregister(key.fd)
                    streams.pop(key.fd).close()
                elif key.fd == stdout_fd:
                    out += chunk
                    if len(out) > max_output:
                        kill_tree(popen)
                        return _Finished(popen.returncode, bytes(out[:200]), overflow=True)
                else:
                    stderr.feed(chunk)
    try:
        status = popen.wait(max(deadline - time.monotonic(), 0.0))
    except subprocess.TimeoutExpired:
        kill_tree(popen)
        return _Finished(None, bytes(out), overflow=False)
    # Processes it left behind (in its group, its tree or anywhere) have no business outliving the case.
    kill_tree(popen)
    return _Finished(status, bytes(out), overflow=False)


def _drain(fd: int, out: bytearray, max_output: int) -> bool:
    """Read what the pipe ``fd`` holds now into ``out`` without blocking; True past ``max_output`` bytes."""
    os.set_blocking(fd, False)
    while len(out) <= max_output:
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            return False
        if not chunk:
            return False
        out += chunk
    return True


class OneshotBuilder:
    """A builder run as one process per case (``oneshot:COMMAND``), up to ``concurrency`` at a time."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = 1,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        hello: Hello | None = None,
        max_output: int = DEFAULT_MAX_OUTPUT,
    ) -> None:
        if not argv:
            raise BuilderConfigError("the oneshot command is empty")
        if timeout <= 0 or concurrency < 1 or max_output < 1:
            raise BuilderConfigError(
                f"bad oneshot settings: timeout={timeout}, concurrency={concurrency}, max_output={max_output}"
            )
        self.argv = tuple(argv)
        self.timeout = timeout
        self.concurrency = concurrency
        self.env = env
        self.cwd = cwd
        self.max_output = max_output
        self._hello = hello or Hello(name=Path(self.argv[0]).name, version="unknown", language="unknown")
        self._pool: ThreadPoolExecutor | None = None
        #: Processes running now (abort() kills them), and whether abort() was called.
        self._live: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._aborted = False

    def start(self) -> Hello:
        """No handshake in oneshot mode: check the command exists and return the declared ``hello``."""
        program = self.argv[0]
        if os.sep in program:
            path = Path(self.cwd or ".") / program
            if not os.access(path, os.X_OK) or path.is_dir():
                raise BuilderUnusable(f"cannot run {program!r}: not an executable file")
        else:
            search = (self.env or {}).get("PATH", os.environ.get("PATH"))
            if shutil.which(program, path=search) is None:
                raise BuilderUnusable(f"cannot run {program!r}: not found on PATH")
        return self._hello

    def call(self, request: BuildRequest) -> Response:
        """Run one process for one request and classify how it ended."""
        stderr = StderrRing()
        if self._aborted:
            raise BuilderUnusable(f"{self.argv[0]}: the run was stopped")
        with interrupts.deferred():  # started and known to abort(), or not started
            try:
                popen = spawn(self.argv, env=self.env, cwd=self.cwd)
            except OSError as err:
                raise BuilderUnusable(f"cannot run {self.argv[0]!r}: {err.strerror or err}") from None
            with self._lock:
                self._live.add(popen)
                stopped = self.aborted()  # abort() came while it started, and could not see it
        data = encode(request_json(request, oneshot=True))
        try:
            if stopped:
                kill_tree(popen)
                raise BuilderUnusable(f"{self.argv[0]}: the run was stopped")
            done = _communicate(popen, data, self.timeout, self.max_output, stderr)
        finally:
            with self._lock:
                self._live.discard(popen)
        tail = stderr.tail()
        if done.overflow:
            return ProtocolViolation(f"more than {self.max_output} bytes on stdout", tail)
        if done.status is None:
            return TimedOut(self.timeout, tail)
        if done.status == 0:
            return self._response(done.stdout, request.seq, tail)
        said = tail.strip()
        if done.status == EXIT_REJECTED:
            return Rejected(None, said or "exit status 1 (no message on stderr)")
        if done.status == EXIT_SKIPPED:
            return Skipped(self._reason(done.stdout) or said or "exit status 77")
        if done.status == EXIT_ADAPTER_ERROR:
            return Errored(said or "adapter error (exit status 2, no message on stderr)")
        return Crashed(f"the builder {exit_text(done.status)}", tail)

    @staticmethod
    def _response(stdout: bytes, seq: int, tail: str) -> Response:
        try:
            message = decode(stdout)
        except ProtocolError as err:
            if not stdout.strip():
                return ProtocolViolation("exit status 0 without a response on stdout", tail)
            return ProtocolViolation(f"stdout is {err}: {excerpt(stdout)}", tail)
        if isinstance(message, dict) and "seq" not in message:
            message = {"seq": seq, **message}  # oneshot adapters may leave seq out
        response = parse_response(message, seq, decoded=True)
        if isinstance(response, ProtocolViolation):
            return ProtocolViolation(f"{response.message}: {excerpt(stdout)}", tail)
        return response

    @staticmethod
    def _reason(stdout: bytes) -> str | None:
        """The optional ``{"reason": ...}`` of exit 77."""
        try:
            message = decode(stdout)
        except ProtocolError:
            return None
        if isinstance(message, dict) and isinstance(message.get("reason"), str):
            return str(message["reason"])
        return None

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """Run the requests, ``concurrency`` processes at a time, and yield the responses in order."""
        if self.concurrency == 1:
            for request in requests:
                yield self.call(request)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="mobyspec-oneshot")
        running: deque[Future[Response]] = deque()
        try:
            for request in requests:
                running.append(self._pool.submit(self.call, request))
                if len(running) >= self.concurrency:
                    yield running.popleft().result()
            while running:
                yield running.popleft().result()
        finally:
            for future in running:
                future.cancel()

    def aborted(self) -> bool:
        """Whether :meth:`abort` was called."""
        return self._aborted

    def abort(self) -> None:
        """Kill every running process group now and start no other (an interrupt; safe from any thread)."""
        with self._lock:
            self._aborted = True
            live = list(self._live)
        for popen in live:
            kill_tree(popen)

    def close(self) -> None:
        """Wait for running processes (each has its timeout) and release the threads."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

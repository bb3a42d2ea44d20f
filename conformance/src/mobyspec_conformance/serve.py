"""``mobyspec serve``: the reference builder as a protocol v1 session adapter on stdin/stdout.

It answers every complete request line it has, and writes the answers in one go when its input is
drained, so a pipelining runner gets many answers per system call.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click
import orjson

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import PROTOCOL_VERSIONS, Errored
from mobyspec_conformance.adapters.inprocess import answer, reference_hello
from mobyspec_conformance.adapters.protocol import (
    ProtocolError,
    decode,
    parse_build_request,
    problem,
)
from mobyspec_conformance.vocabulary import MobyspecError, response_message

if TYPE_CHECKING:
    from collections.abc import Callable

Json = Any

_CHUNK = 1 << 16


class _Stop(MobyspecError):  # noqa: N818 - a control-flow signal, not an error
    """The session ends: ``shutdown`` received, or a request the reference cannot answer at all."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def handle(message: Json) -> Json:
    """The reference's answer to one protocol v1 request (None for ``shutdown``).

    Usable in-process as the builder string ``py:mobyspec_conformance.serve:handle``.
    """
    cmd = message.get("cmd") if isinstance(message, dict) else None
    if cmd == "build":
        try:
            request = parse_build_request(message)
        except ProtocolError as err:
            seq = message.get("seq")
            if isinstance(seq, int) and not isinstance(seq, bool):
                return {"seq": seq, "errored": {"message": str(err)}}
            raise
        try:
            response = answer(request)
        except Exception as err:  # noqa: BLE001 - an input the reference chokes on is reported, not fatal
            response = Errored(f"{type(err).__name__}: {err}")
        return response_message(request.seq, response)
    if cmd == "hello":
        why = problem("hello.request", message)
        if why is not None:
            msg = f"not a hello request: {why}"
            raise ProtocolError(msg)
        low, high = message["protocol"]["min"], message["protocol"]["max"]
        chosen = [v for v in PROTOCOL_VERSIONS if low <= v <= high]
        if not chosen:
            return {
                "error": {
                    "message": f"mobyspec speaks protocol {', '.join(map(str, PROTOCOL_VERSIONS))}",
                    "supported": list(PROTOCOL_VERSIONS),
                }
            }
        return reference_hello().to_json() | {"protocol": max(chosen)}
    if cmd == "shutdown":
        return None
    msg = f"unknown command {cmd!r}" if cmd is not None else "not a request object with a cmd"
    raise ProtocolError(msg)


def answer_line(line: bytes, out: list[bytes]) -> None:
    """Answer one request line into ``out``; :class:`_Stop` ends the session."""
    try:
        message = decode(line)
        if isinstance(message, dict) and message.get("cmd") == "shutdown":
            raise _Stop(exitcodes.OK)
        reply = handle(message)
    except ProtocolError as err:
        raise _Stop(exitcodes.USAGE, f"mobyspec serve: {err}: {line[:200]!r}") from None
    out.append(_encode(reply))
    if "error" in reply:
        raise _Stop(exitcodes.USAGE, f"mobyspec serve: {reply['error']['message']}")


def _encode(reply: Json) -> bytes:
    """One answer line: orjson's compact UTF-8, or :mod:`json`'s ASCII escapes for what orjson refuses."""
    try:
        return orjson.dumps(reply, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        # a lone surrogate echoed from the request's input (JSON's "\ud800") has no UTF-8 form
        return json.dumps(reply, separators=(",", ":")).encode("ascii") + b"\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def serve_fds(fd_in: int, fd_out: int, respond: Callable[[bytes, list[bytes]], None] = answer_line) -> int:
    """Run the session on two file descriptors until EOF or ``shutdown``; returns the exit status.

    ``respond`` answers one request line (:func:`answer_line`, or a wrapper such as the bench's
    CPU-burning builder).
    """
    pending = bytearray()
    while chunk := os.read(fd_in, _CHUNK):
        pending += chunk
        if b"\n" not in chunk:
            continue  # no new complete line: keep reading (a long line is not re-split each time)
        *lines, rest = pending.split(b"\n")
        pending = bytearray(rest)
        out: list[bytes] = []
        try:
            for line in lines:
                if line.strip():
                    respond(bytes(line), out)
        except _Stop as stop:
            _write_all(fd_out, b"".join(out))
            if stop.message:
                _write_all(2, stop.message.encode("utf-8", errors="replace") + b"\n")
            return stop.status
        _write_all(fd_out, b"".join(out))
    return exitcodes.OK


@click.command()
def serve() -> None:
    """Serve the reference builder over protocol v1 (JSON lines on stdin/stdout) for `--builder cmd:`.

    Answers hello, build and shutdown as docs/protocol.md describes; exits 0 at EOF or shutdown,
    2 on a line that is not a protocol v1 request.
    """
    sys.exit(serve_fds(sys.stdin.fileno(), sys.stdout.fileno()))

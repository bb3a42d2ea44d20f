#!/usr/bin/env python3
"""The floor of a session run: a protocol v1 builder that answers every request without building anything.

Each ``build`` is answered with its expected answer, the golden of (case, profile) read from the goldens
folder (``$MOBYSPEC_GOLDENS``, else the checkout's), re-flowed onto one line: the same bytes a correct
builder would send, through the same pipe, so the runner does exactly the work of a passing run. What a
run through this adapter costs is the transport plus the runner; a real builder can only add to it.

It answers the way ``mobyspec serve`` does: every complete request line it has read, then the answers in
one write. Usage: ``mobyspec run --builder "cmd:python tools/bench/echo.py"``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

GOLDENS = Path(os.environ.get("MOBYSPEC_GOLDENS") or Path(__file__).resolve().parents[2] / "goldens")
# The runner writes every build request with these keys first, in this order (vocabulary.request_json).
HEAD = re.compile(rb'\{"cmd":"build","seq":(\d+),"case":"([a-z0-9./-]+)","profile":"([^"\\/]+)"')
#: A line break and the indent after it: the whitespace of the golden file form, never inside a string.
INDENT = re.compile(rb"\n *")
HELLO = {
    "implementation": {"name": "mobyspec-bench-echo", "version": "1", "language": "python"},
    "protocol": 1,
}


def answer(line: bytes) -> bytes | None:
    """The answer line to one request line; None for ``shutdown``."""
    found = HEAD.match(line)
    if found is None:
        message = json.loads(line)
        if message.get("cmd") == "hello":
            return json.dumps(HELLO).encode() + b"\n"
        if message.get("cmd") == "shutdown":
            return None
        return json.dumps({"seq": message["seq"], "errored": {"message": "not understood"}}).encode() + b"\n"
    seq, case, profile = found.groups()
    data = (GOLDENS / profile.decode() / (case.decode() + ".json")).read_bytes()
    if data.startswith(b'{\n  "error": {'):
        error = json.loads(data)["error"]
        body = json.dumps({"code": error["code"], "message": error["message"]}).encode()
        return b'{"seq":' + seq + b',"rejected":' + body + b"}\n"
    return b'{"seq":' + seq + b',"built":' + INDENT.sub(b"", data) + b"}\n"


def main() -> int:
    """Serve stdin to stdout until EOF or ``shutdown``."""
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    pending = b""
    while chunk := os.read(fd_in, 1 << 16):
        *lines, pending = (pending + chunk).split(b"\n")
        out = []
        for line in lines:
            if not line.strip():
                continue
            reply = answer(line)
            if reply is None:
                os.write(fd_out, b"".join(out))
                return 0
            out.append(reply)
        data = memoryview(b"".join(out))
        while data:
            data = data[os.write(fd_out, data) :]
    return 0


if __name__ == "__main__":
    sys.exit(main())

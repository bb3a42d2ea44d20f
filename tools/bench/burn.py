#!/usr/bin/env python3
"""A session builder that does real work: the reference's answer, after burning CPU for a while per case.

It stands for an engine whose build costs more than the transport (``--burn-ms``, default 2 ms of busy
CPU a case), which is where ``mobyspec run --jobs N`` pays off: N such processes build in parallel.
Usage: ``mobyspec run --builder "cmd:python tools/bench/burn.py --burn-ms 2" --jobs 2``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from mobyspec_conformance.serve import handle


def burn(seconds: float) -> None:
    """Keep one CPU busy for ``seconds`` of process time (not wall time: a shared CPU still pays it)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def main() -> int:
    """Answer requests line by line on stdin/stdout until EOF or ``shutdown``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burn-ms", type=float, default=2.0, help="busy CPU per build, in milliseconds")
    seconds = parser.parse_args().burn_ms / 1000
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    pending = b""
    while chunk := os.read(fd_in, 1 << 16):
        *lines, pending = (pending + chunk).split(b"\n")
        out = []
        for line in lines:
            message = json.loads(line)
            if message.get("cmd") == "shutdown":
                return 0
            if message.get("cmd") == "build":
                burn(seconds)
            out.append(json.dumps(handle(message)).encode() + b"\n")
        data = memoryview(b"".join(out))
        while data:
            data = data[os.write(fd_out, data) :]
    return 0


if __name__ == "__main__":
    sys.exit(main())

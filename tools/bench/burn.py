#!/usr/bin/env python3
"""A session builder that does real work: the reference's answer, after burning CPU for a while per case.

It stands for an engine whose build costs more than the transport (``--burn-ms``, default 2 ms of busy
CPU a case), which is where ``mobyspec run --jobs N`` pays off: N such processes build in parallel.
Usage: ``mobyspec run --builder "cmd:python tools/bench/burn.py --burn-ms 2" --jobs 2``.
"""

from __future__ import annotations

import argparse
import sys
import time

from mobyspec_conformance.serve import answer_line, serve_fds


def burn(seconds: float) -> None:
    """Keep one CPU busy for ``seconds`` of process time (not wall time: a shared CPU still pays it)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def main() -> int:
    """Answer requests as ``mobyspec serve`` does, burning CPU before each build; stop at EOF or shutdown."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burn-ms", type=float, default=2.0, help="busy CPU per build, in milliseconds")
    seconds = parser.parse_args().burn_ms / 1000

    def respond(line: bytes, out: list[bytes]) -> None:
        # the runner writes every build request with "cmd" first (vocabulary.request_json)
        if line.startswith(b'{"cmd":"build"'):
            burn(seconds)
        answer_line(line, out)

    return serve_fds(sys.stdin.fileno(), sys.stdout.fileno(), respond)


if __name__ == "__main__":
    sys.exit(main())

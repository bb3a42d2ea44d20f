"""Protocol v1 line I/O for the fake builders, without importing mobyspec (they start fast)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

HELLO = {
    "protocol": 1,
    "implementation": {"name": os.environ.get("FAKE_NAME", "fake"), "version": "0", "language": "python"},
}


def send(message: Any) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def built(request: dict[str, Any]) -> dict[str, Any]:
    """A well-formed answer that names what was asked (tests check classification, not specs)."""
    return {"seq": request["seq"], "built": {"case": request["case"], "profile": request["profile"]}}


def serve(on_build: Any) -> None:
    """Answer hello, pass each build to ``on_build``, stop at shutdown or EOF."""
    for line in sys.stdin:
        message = json.loads(line)
        if message["cmd"] == "hello":
            send(HELLO)
        elif message["cmd"] == "build":
            on_build(message)
        else:
            return

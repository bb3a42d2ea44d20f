"""Protocol v1 line I/O for the fake builders, without importing mobyspec (they start fast)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

HELLO = {
    "protocol": 1,
    "implementation": {"name": os.environ.get("FAKE_NAME", "fake"), "version": "0", "language": "python"},
}


def send(message: Any) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


#: The case id a fake misbehaves on (``FAKE_BAD``; ``bad`` by default).
BAD = os.environ.get("FAKE_BAD", "bad")


def is_bad(request: dict[str, Any]) -> bool:
    """Whether this is the request to misbehave on."""
    return request["case"] == BAD


def built(request: dict[str, Any]) -> dict[str, Any]:
    """A well-formed answer that names what was asked (tests check classification, not specs)."""
    return {"seq": request["seq"], "built": {"case": request["case"], "profile": request["profile"]}}


def record_pids(*pids: int) -> None:
    """Append pids to the file ``FAKE_PIDS`` names (tests check that none outlives the run)."""
    with Path(os.environ["FAKE_PIDS"]).open("a", encoding="utf-8") as out:
        out.write("".join(f"{pid}\n" for pid in pids))


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """The reference's answer when ``FAKE_REFERENCE`` is set (end-to-end runs pass), else :func:`built`."""
    if not os.environ.get("FAKE_REFERENCE"):
        return built(request)
    from mobyspec_reference import build_output  # imported only here: the other fakes start fast

    out = build_output(request["platform"], request["operation"], request["input"], request["profile"])
    if set(out) == {"error"}:
        return {"seq": request["seq"], "rejected": out["error"]}
    return {"seq": request["seq"], "built": out}


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


def replace_none(value: Any, by: Any) -> Any:
    """``value`` with every None (JSON null) in it replaced by ``by``."""
    if value is None:
        return by
    if isinstance(value, dict):
        return {k: replace_none(v, by) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_none(v, by) for v in value]
    return value

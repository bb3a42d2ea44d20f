"""The start operation's output format (``schemas/start-output.v1.json``): result, blocks or error.

The runner checks a built start output against it, so an answer of the wrong shape is reported as
``invalid-output`` with the reason instead of a long diff.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

Json = Any


@cache
def _validator() -> jsonschema.protocols.Validator:
    text = (
        resources.files("mobyspec_conformance").joinpath("schemas", "start-output.v1.json").read_text("utf-8")
    )
    schema = json.loads(text)
    return jsonschema.Draft202012Validator(schema)


def violations(output: Json) -> list[str]:
    """Where ``output`` breaks the start output format, as ``<JSON Pointer>: <message>`` lines, in order."""
    found = sorted(
        _validator().iter_errors(output), key=lambda e: (list(map(str, e.absolute_path)), e.message)
    )
    return [f"{_pointer(e.absolute_path)}: {e.message}" for e in found]


def _pointer(path: Any) -> str:  # noqa: ANN401 - jsonschema's deque of keys and indexes
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path) or "/"

#!/usr/bin/env python3
"""Example oneshot adapter: mobyspec's reference builder behind the oneshot contract of protocol v1.

The runner starts this script once per case, writes one ``build`` request on its stdin and reads how it
ends (docs/protocol.md, "Oneshot mode"):

* exit 0, one response object on stdout: ``{"built": {...}}`` or ``{"rejected": {"code", "message"}}``
  (``seq`` may be left out);
* exit 1: rejected without an error code, the message on stderr (for adapters that cannot map errors);
* exit 77: skipped, optionally ``{"reason": "..."}`` on stdout;
* exit 2: the adapter itself failed (a bad request, an internal error): message on stderr.

To adapt your engine, replace ``build_one`` with a call into it. Try it by hand::

    mobyspec run --builder "oneshot:python3 conformance/adapters/python-oneshot/oneshot_reference.py"
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any

EXIT_ADAPTER_ERROR = 2
EXIT_SKIPPED = 77


def build_one(request: dict[str, Any]) -> dict[str, Any]:
    """The response to one request: replace the body with your engine's build."""
    from mobyspec_reference import BuildError, build  # noqa: PLC0415 - an example: the engine call lives here

    try:
        spec = build(request["platform"], request["operation"], request["input"], request["profile"])
    except BuildError as err:
        # moby would return an error: answer with the registered error code it maps to.
        return {"rejected": {"code": err.code, "message": err.message}}
    return {"built": spec}


def main() -> int:
    """Read the request, answer it, and exit with the status the oneshot contract gives it."""
    try:
        request = json.load(sys.stdin)
    except ValueError as err:
        sys.stderr.write(f"oneshot_reference: the request is not JSON: {err}\n")
        return EXIT_ADAPTER_ERROR
    if not isinstance(request, dict) or request.get("cmd") != "build" or request.get("protocol") != 1:
        sys.stderr.write("oneshot_reference: expected a protocol 1 build request\n")
        return EXIT_ADAPTER_ERROR
    from mobyspec_reference.build import UnsupportedError  # noqa: PLC0415 - see build_one

    try:
        response = build_one(request)
    except UnsupportedError as err:
        # Not a moby behaviour: this profile has no such platform or operation. Skip, with a reason.
        sys.stdout.write(json.dumps({"reason": str(err)}) + "\n")
        return EXIT_SKIPPED
    except Exception:  # noqa: BLE001 - any internal failure is the adapter's error, reported on stderr
        traceback.print_exc()
        return EXIT_ADAPTER_ERROR
    response["seq"] = request["seq"]
    sys.stdout.write(json.dumps(response, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

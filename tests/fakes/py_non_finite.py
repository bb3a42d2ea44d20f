"""A Python builder (``py:py_non_finite:handle``) returning the float infinity where the reference has None.

No JSON text holds infinity; an in-process builder can still return it. The runner must call such an
output what it is (not a JSON value), never let an encoder write it as ``null`` and pass a golden null.
"""

import math
import os

from _proto import replace_none

from mobyspec_conformance.serve import handle as reference


def handle(message):
    reply = reference(message)
    if message.get("cmd") == "build" and message["case"] == os.environ.get("FAKE_BAD") and "built" in reply:
        reply = {**reply, "built": replace_none(reply["built"], math.inf)}
    return reply

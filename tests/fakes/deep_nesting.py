"""Answers as the reference does, but on the case ``bad`` wraps ``process.args`` in ``FAKE_DEPTH`` lists.

1,015 levels is valid JSON that orjson reads (it stops at 1,024), yet a recursive copy, diff or encoder
of it overflows the stack (``RecursionError``) from about 500 levels. With ``--oneshot`` it answers one
request and exits. With ``FAKE_WHERE=details`` the deep value is the ``details`` of an ``errored`` answer.
"""

import json
import os
import sys

from _proto import answer, is_bad, serve

DEPTH = int(os.environ.get("FAKE_DEPTH", "1015"))


def on_build(request):
    reply = answer(request)
    if is_bad(request) and os.environ.get("FAKE_WHERE") == "details":
        reply = {"seq": request["seq"], "errored": {"message": "deep details", "details": {"args": ["x"]}}}
    line = json.dumps(reply)
    if is_bad(request) and '"args": [' in line:
        # written as text: json.dumps itself would recurse once per level
        start = line.index('"args": [') + len('"args": ')
        end = line.index("]", start) + 1
        line = line[:start] + "[" * DEPTH + line[start:end] + "]" * DEPTH + line[end:]
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if "--oneshot" in sys.argv:
    on_build(json.load(sys.stdin))
else:
    serve(on_build)

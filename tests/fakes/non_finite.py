"""Answers as the reference does, but writes ``FAKE_TOKEN`` (``1e400`` by default) wherever it has ``null``.

JSON has no infinity: ``1e400``, ``-1e400``, ``NaN`` and ``Infinity`` are not protocol v1. A lenient reader
takes ``1e400`` as infinity, and an encoder that writes infinity as ``null`` then passes every golden null.
With ``FAKE_ENCODING`` set (``utf-16``, ``utf-16-le``), every answer is written in that encoding instead.
"""

import json
import os
import sys

from _proto import answer, is_bad, replace_none, serve

TOKEN = os.environ.get("FAKE_TOKEN", "1e400")
ENCODING = os.environ.get("FAKE_ENCODING")


MARK = "\x00null\x00"


def on_build(request):
    reply = answer(request)
    line = json.dumps(replace_none(reply, MARK) if is_bad(request) else reply)
    line = line.replace(json.dumps(MARK), TOKEN)
    if ENCODING:
        sys.stdout.buffer.write((line + "\n").encode(ENCODING))
    else:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()


serve(on_build)

"""Prints a progress line on stdout (not JSON) instead of answering the case with id ``bad``."""

import sys

from _proto import answer, is_bad, send, serve


def on_build(request):
    if is_bad(request):
        sys.stdout.write("Building spec for bad...\n")
        sys.stdout.flush()
        return
    send(answer(request))


serve(on_build)

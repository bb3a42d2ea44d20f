"""Prints a progress line on stdout (not JSON) instead of answering the case with id ``bad``."""

import sys

from _proto import built, send, serve


def on_build(request):
    if request["case"] == "bad":
        sys.stdout.write("Building spec for bad...\n")
        sys.stdout.flush()
        return
    send(built(request))


serve(on_build)

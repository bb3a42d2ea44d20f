"""Writes half an answer line for the case with id ``bad``, then exits 0."""

import sys

from _proto import built, send, serve


def on_build(request):
    if request["case"] == "bad":
        sys.stdout.write(f'{{"seq": {request["seq"]}, "bui')
        sys.stdout.flush()
        sys.exit(0)
    send(built(request))


serve(on_build)

"""For the case with id ``bad``, writes an endless line (no newline, ever) until it is killed."""

import sys

from _proto import built, send, serve

CHUNK = b"x" * 65536


def on_build(request):
    if request["case"] == "bad":
        sys.stdout.write(f'{{"seq": {request["seq"]}, "built": {{"x": "')
        sys.stdout.flush()
        while True:
            sys.stdout.buffer.write(CHUNK)
    send(built(request))


serve(on_build)

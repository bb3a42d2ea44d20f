"""For the case with id ``bad``, writes an endless line (no newline, ever) until it is killed."""

import sys

from _proto import answer, is_bad, send, serve

CHUNK = b"x" * 65536


def on_build(request):
    if is_bad(request):
        sys.stdout.write(f'{{"seq": {request["seq"]}, "built": {{"x": "')
        sys.stdout.flush()
        while True:
            sys.stdout.buffer.write(CHUNK)
    send(answer(request))


serve(on_build)

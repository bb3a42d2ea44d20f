"""Writes half an answer line for the case with id ``bad``, then exits 0."""

import sys

from _proto import answer, is_bad, send, serve


def on_build(request):
    if is_bad(request):
        sys.stdout.write(f'{{"seq": {request["seq"]}, "bui')
        sys.stdout.flush()
        sys.exit(0)
    send(answer(request))


serve(on_build)

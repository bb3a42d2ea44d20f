"""Misbehaves by case id prefix: ``crash-`` exits 1, ``garbage-`` prints text, ``seq-`` echoes a wrong
seq, ``half-`` writes half a line and exits, ``hang-`` never answers; ``ok-`` cases are answered."""

import sys
import time

from _proto import answer, built, send, serve


def on_build(request):
    kind = request["case"].split("-")[0]
    if kind == "crash":
        sys.exit(1)
    elif kind == "garbage":
        sys.stdout.write("garbage\n")
        sys.stdout.flush()
    elif kind == "seq":
        send({**built(request), "seq": request["seq"] + 1})
    elif kind == "half":
        sys.stdout.write('{"seq"')
        sys.stdout.flush()
        sys.exit(0)
    elif kind == "hang":
        time.sleep(3600)
    else:
        send(answer(request))


serve(on_build)

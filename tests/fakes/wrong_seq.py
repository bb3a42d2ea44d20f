"""Answers the case with id ``bad`` with a seq 1000 too high."""

from _proto import answer, is_bad, send, serve


def on_build(request):
    reply = answer(request)
    if is_bad(request):
        reply["seq"] += 1000
    send(reply)


serve(on_build)

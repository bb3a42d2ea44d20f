"""Answers every build twice."""

from _proto import answer, send, serve


def on_build(request):
    send(answer(request))
    send(answer(request))


serve(on_build)

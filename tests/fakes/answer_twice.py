"""Answers every build twice."""

from _proto import built, send, serve


def on_build(request):
    send(built(request))
    send(built(request))


serve(on_build)

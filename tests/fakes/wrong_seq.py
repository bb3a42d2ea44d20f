"""Answers the case with id ``bad`` with a seq 1000 too high."""

from _proto import built, send, serve


def on_build(request):
    answer = built(request)
    if request["case"] == "bad":
        answer["seq"] += 1000
    send(answer)


serve(on_build)

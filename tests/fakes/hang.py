"""Never answers the case with id ``bad`` (sleeps); other cases are fine."""

import time

from _proto import built, send, serve


def on_build(request):
    if request["case"] == "bad":
        time.sleep(3600)
    send(built(request))


serve(on_build)

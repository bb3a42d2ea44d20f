"""Never answers the case with id ``bad`` (sleeps); other cases are fine."""

import time

from _proto import answer, is_bad, send, serve


def on_build(request):
    if is_bad(request):
        time.sleep(3600)
    send(answer(request))


serve(on_build)

"""Segfaults (SIGSEGV) on the case with id ``bad``, after logging to stderr; other cases are fine."""

import os
import signal
import sys

from _proto import answer, is_bad, send, serve


def on_build(request):
    if is_bad(request):
        sys.stderr.write("fake: about to crash on bad\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
    send(answer(request))


serve(on_build)

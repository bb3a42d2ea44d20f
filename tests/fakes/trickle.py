"""On the case ``bad``, starts an answer and then sends one space every 50 ms, never ending the line.

Each byte wakes the runner's select; the per-case deadline must still be checked on every turn.
"""

import sys
import time

from _proto import is_bad, send, serve


def on_build(request):
    if not is_bad(request):
        send({"seq": request["seq"], "built": {"case": request["case"], "profile": request["profile"]}})
        return
    sys.stdout.write(f'{{"seq": {request["seq"]}, "built": {{')
    while True:
        sys.stdout.write(" ")
        sys.stdout.flush()
        time.sleep(0.05)


serve(on_build)

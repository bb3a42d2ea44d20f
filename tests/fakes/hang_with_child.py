"""Starts a long-lived child process (its pid on stderr), then never answers the case with id ``bad``."""

import subprocess
import sys
import time

from _proto import answer, is_bad, send, serve

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
sys.stderr.write(f"child pid {child.pid}\n")
sys.stderr.flush()


def on_build(request):
    if is_bad(request):
        time.sleep(3600)
    send(answer(request))


serve(on_build)

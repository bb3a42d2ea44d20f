"""On the case FAKE_BAD (``bad``), starts a child that inherits stdout and sleeps, then exits 1: the pipe
stays open after the builder is gone (its pid and the child's go to FAKE_PIDS when set)."""

import os
import subprocess
import sys

from _proto import answer, is_bad, record_pids, send, serve


def on_build(request):
    if is_bad(request):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        if "FAKE_PIDS" in os.environ:
            record_pids(os.getpid(), child.pid)
        sys.stderr.write("fake: leaving a child behind\n")
        sys.exit(1)
    send(answer(request))


serve(on_build)

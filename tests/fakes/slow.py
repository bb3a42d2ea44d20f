"""Answers every build after FAKE_DELAY seconds (default 0.2), with a child process alive all along.

Its pid and its child's pid go to the file FAKE_PIDS (one per line), so a test can check that nothing
of it outlives the run.
"""

import os
import subprocess
import sys
import time

from _proto import answer, record_pids, send, serve

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
record_pids(os.getpid(), child.pid)
DELAY = float(os.environ.get("FAKE_DELAY", "0.2"))


def on_build(request):
    time.sleep(DELAY)
    send(answer(request))


serve(on_build)

"""A manifest setup command that starts a ``setsid`` daemon, then writes output without end (like ``yes``).

Captured whole, its output grew the runner to 2.27 GB; killed as a direct child only, at the setup
timeout, its daemon lived on. The daemon's pid goes to ``FAKE_PIDS``. With ``FAKE_QUIET`` set it sleeps
instead of writing (a slow setup, for interrupting).
"""

import os
import subprocess
import sys
import time

from _proto import record_pids

daemon = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(3600)"],
    start_new_session=True,
    stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
record_pids(daemon.pid, os.getpid())
if os.environ.get("FAKE_QUIET"):
    time.sleep(3600)
line = b"y" * 1023 + b"\n"
while True:
    os.write(1, line * 64)

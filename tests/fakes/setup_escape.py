"""A manifest setup command that starts a ``setsid`` daemon, then writes output without end (like ``yes``).

Captured whole, its output grew the runner to 2.27 GB; killed as a direct child only, at the setup
timeout, its daemon lived on. The daemon's pid goes to ``FAKE_PIDS``.
"""

import os
import subprocess
import sys

from _proto import record_pids

daemon = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(3600)"],
    start_new_session=True,
    stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
record_pids(daemon.pid)
line = b"y" * 1023 + b"\n"
while True:
    os.write(1, line * 64)

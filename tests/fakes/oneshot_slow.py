"""A oneshot builder that answers after FAKE_DELAY seconds (default 0.2), with a child process alive
meanwhile; its pid and its child's pid go to the file FAKE_PIDS."""

import json
import os
import subprocess
import sys
import time

from _proto import answer, record_pids

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
record_pids(os.getpid(), child.pid)
request = json.load(sys.stdin)
time.sleep(float(os.environ.get("FAKE_DELAY", "0.2")))
sys.stdout.write(json.dumps(answer(request)) + "\n")

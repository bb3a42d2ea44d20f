"""A oneshot builder that answers, then exits 0 leaving a child that holds its stdout and stderr open."""

import json
import subprocess
import sys

from _proto import answer

request = json.load(sys.stdin)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
sys.stdout.write(json.dumps(answer(request)) + "\n")
sys.stdout.flush()

"""A oneshot builder that answers correctly and exits 0, leaving a child that writes to stderr without end.

The child keeps the runner's select loop busy with stderr: the runner must still see the exit (checked on
every turn, not only when the pipes are idle) and classify the answer, not wait for the deadline.
"""

import json
import subprocess
import sys

from _proto import answer

request = json.load(sys.stdin)
subprocess.Popen(
    [sys.executable, "-c", "import sys\nwhile True: sys.stderr.write('chatter ' * 64 + '\\n')"],
    stdout=subprocess.DEVNULL,
)
sys.stdout.write(json.dumps(answer(request)) + "\n")
sys.stdout.flush()

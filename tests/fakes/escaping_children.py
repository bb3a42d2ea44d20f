"""A builder whose children escape its process group: one calls ``setsid`` (a daemon), one ``setpgid``.

Killing the builder's process group misses both. On the case ``bad`` it then hangs (``FAKE_MODE=hang``,
a timeout) or exits at once (``FAKE_MODE=crash``), which orphans the children to init, out of its
process tree. Their pids go to ``FAKE_PIDS``; none may outlive the run. With ``--oneshot`` it starts them,
answers one request and exits 0.
"""

import json
import os
import subprocess
import sys
import time

from _proto import answer, is_bad, record_pids, send, serve

SLEEP = [sys.executable, "-c", "import time; time.sleep(3600)"]


def escape():
    quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    daemon = subprocess.Popen(SLEEP, start_new_session=True, **quiet)
    grouped = subprocess.Popen(SLEEP, process_group=0, **quiet)
    record_pids(daemon.pid, grouped.pid)


def on_build(request):
    if is_bad(request):
        escape()
        if os.environ.get("FAKE_MODE", "hang") == "hang":
            time.sleep(3600)
        os._exit(1)
    send(answer(request))


if "--oneshot" in sys.argv:
    escape()
    sys.stdout.write(json.dumps(answer(json.load(sys.stdin))) + "\n")
else:
    serve(on_build)

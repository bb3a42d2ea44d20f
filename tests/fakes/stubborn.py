"""Answers everything, but ignores SIGTERM and SIGINT and never exits: not at ``shutdown``, not at EOF.

The runner's ``close()`` waits 2 s for it and then kills it; an interrupt during that wait must not leave
it alive. Its pid goes to ``FAKE_PIDS``.
"""

import os
import signal
import time

from _proto import answer, record_pids, send, serve

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
record_pids(os.getpid())
serve(lambda request: send(answer(request)))
while True:
    time.sleep(3600)

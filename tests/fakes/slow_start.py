"""Takes FAKE_START_DELAY seconds (default 1.5) to start before it reads hello, then answers everything."""

import os
import time

from _proto import answer, send, serve

time.sleep(float(os.environ.get("FAKE_START_DELAY", "1.5")))
serve(lambda request: send(answer(request)))

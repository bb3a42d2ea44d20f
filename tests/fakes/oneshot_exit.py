"""A oneshot builder that exits with status FAKE_STATUS on the case FAKE_BAD and answers the others."""

import json
import os
import sys

from _proto import answer, is_bad

request = json.load(sys.stdin)
if is_bad(request):
    sys.stderr.write(f"fake: exiting with {os.environ['FAKE_STATUS']}\n")
    sys.exit(int(os.environ["FAKE_STATUS"]))
sys.stdout.write(json.dumps(answer(request)) + "\n")

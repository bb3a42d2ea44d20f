"""A oneshot builder that misbehaves according to the case id it is asked to build.

``ok``: a proper answer; ``exit-N``: exits with status N (1 and 2 with a message on stderr, 77 with
a reason on stdout); ``segv``: kills itself with SIGSEGV; ``hang``: sleeps; ``garbage``: exit 0 with
text that is not JSON; ``empty``: exit 0 with nothing; ``no-seq``: a proper answer without seq;
``wrong-seq``: an answer with another seq; ``flood``: an endless stdout.
"""

import json
import os
import signal
import sys
import time


def say(message):
    sys.stdout.write(json.dumps(message) + "\n")


request = json.load(sys.stdin)
case = request["case"]
assert request["protocol"] == 1
if case == "ok":
    say({"seq": request["seq"], "built": {"case": case}})
elif case.startswith("exit-"):
    status = int(case[5:])
    if status == 77:
        say({"reason": "fake: not my kind of case"})
    else:
        sys.stderr.write(f"fake: failing with {status}\n")
    sys.exit(status)
elif case == "segv":
    os.kill(os.getpid(), signal.SIGSEGV)
elif case == "hang":
    time.sleep(3600)
elif case == "garbage":
    sys.stdout.write("spec built!\n")
elif case == "no-seq":
    say({"rejected": {"code": "create.workdir.not-absolute", "message": "relative"}})
elif case == "wrong-seq":
    say({"seq": request["seq"] + 1, "skipped": {"reason": "x"}})
elif case == "flood":
    while True:
        sys.stdout.write("x" * 65536)

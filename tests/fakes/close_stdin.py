"""Answers its first build, then closes its stdin and sits there without answering anything else."""

import json
import os
import sys
import time

from _proto import HELLO, answer, send

assert json.loads(sys.stdin.readline())["cmd"] == "hello"
send(HELLO)
send(answer(json.loads(sys.stdin.readline())))
os.close(0)
time.sleep(3600)

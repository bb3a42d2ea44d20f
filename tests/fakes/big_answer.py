"""Answers as the reference does, but on the case ``bad`` adds ``FAKE_EXTRA`` (300,000) env entries.

About 4 MB, well under the 16 MiB line cap, and wrong: an unbounded diff of it (DeepDiff) took 26 s and
1.46 GB, and 1,000,000 entries (12 MB) 95 s and 4.7 GB, none of it covered by the per-case timeout.
"""

import json
import os
import sys

from _proto import answer, is_bad, serve

EXTRA = int(os.environ.get("FAKE_EXTRA", "300000"))


def on_build(request):
    out = answer(request)
    if is_bad(request) and "built" in out:
        out["built"]["process"]["env"] += [f"EXTRA_{i}=x" for i in range(EXTRA)]
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


serve(on_build)

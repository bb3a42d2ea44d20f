"""CI's guard on speed: the quick benchmark, failing only on a gross regression of a ratio.

Absolute times depend on the machine and its load; ratios of two runs on the same machine do not (much).
The figures themselves and the targets are in docs/performance.md (``python tools/bench/run.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.robust

ROOT = Path(__file__).resolve().parents[1]

#: (b)/(c): the reference served over the session protocol against the echo floor. About 1.0-1.3 on
#: two cores; 3 means the runner or the transport has started doing something per case it should not.
MAX_SERVE_OVER_FLOOR = 3.0
#: The runner's fast path against ``compare()`` on equal specs: about 9x with orjson on a quiet machine;
#: under 3x means a right answer no longer takes the one-call route.
MIN_FAST_OVER_COMPARE = 3.0


@pytest.mark.slow
@pytest.mark.subprocess
def test_quick_benchmark_ratios(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bench" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    for name, run in figures["runs"].items():
        assert run["exit"] == 0, (name, run["summary"])
        assert run["pairs"] > 500, name
    assert figures["runs"]["b_serve"]["pairs"] == figures["runs"]["c_floor"]["pairs"]
    assert figures["serve_over_floor"] <= MAX_SERVE_OVER_FLOOR, done.stdout
    assert figures["equal_comparisons_per_s"] >= MIN_FAST_OVER_COMPARE * figures["compare_api_per_s"], (
        done.stdout
    )

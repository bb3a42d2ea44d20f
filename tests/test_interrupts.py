"""SIGINT and SIGTERM in the middle of ``mobyspec run``: a real run against a slow fake builder, stopped.

The run must stop its workers, kill every builder process and the children they started (no orphans),
leave the report so far at its path without a footer (readers flag it incomplete), and exit 130 or 143
without a traceback, in bounded time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from procs import MOBYSPEC, alive

from mobyspec_conformance import interrupts
from mobyspec_conformance.report.jsonl import read, schema

pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.robust,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]

ROOT = Path(__file__).resolve().parents[1]
FAKES = Path(__file__).parent / "fakes"


def wait_for_records(folder: Path, name: str, count: int, proc: subprocess.Popen[bytes]) -> None:
    """Until the report being written (its temporary file) holds ``count`` case records."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        for tmp in folder.glob(f".{name}.*.tmp"):
            if tmp.read_text().count('"type":"case"') >= count:
                return
        time.sleep(0.05)
    pytest.fail("the run wrote no records in 90 s")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(
    ("sig", "transport", "jobs"),
    [
        (signal.SIGINT, "cmd", 1),
        (signal.SIGTERM, "cmd", 1),
        (signal.SIGTERM, "cmd", 2),
        (signal.SIGINT, "oneshot", 1),
        (signal.SIGTERM, "oneshot", 2),
    ],
)
def test_a_signal_mid_run_kills_the_builders_and_leaves_the_report_without_footer(
    tmp_path, sig, transport, jobs
):
    pids = tmp_path / "pids"
    pids.touch()
    report = tmp_path / "run.jsonl"
    fake = FAKES / ("slow.py" if transport == "cmd" else "oneshot_slow.py")
    env = {**os.environ, "FAKE_PIDS": str(pids), "FAKE_DELAY": "0.02", "FAKE_REFERENCE": "1"}
    argv = [MOBYSPEC, "run", "--builder", f"{transport}:{sys.executable} {fake}", "--id", "linux/*"]
    argv += ["-p", "17.06", "--jobs", str(jobs), "--report", str(report), "--timeout", "30"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        wait_for_records(tmp_path, report.name, 3, proc)
        sent = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        stopped_in = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = err.decode()
    assert proc.returncode == 128 + sig, stderr
    # bounded, with room for a loaded CI machine
    assert stopped_in < 15, stopped_in
    assert f"mobyspec: interrupted by {signal.Signals(sig).name}" in stderr
    assert "Traceback" not in stderr + out.decode()

    # the report so far, in place, every line valid, and no footer: readers call it incomplete
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    validator = Draft202012Validator(schema())
    for line in lines:
        validator.validate(line)
    assert lines[0]["type"] == "header"
    assert {line["type"] for line in lines[1:]} == {"case"}
    assert len(lines) - 1 >= 3
    assert not read(report).complete
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pids", "run.jsonl"]  # no temporary left

    # no builder process and no child of one outlives the run
    started = [int(pid) for pid in pids.read_text().split()]
    assert started
    deadline = time.monotonic() + 3  # killed children are reaped by init, not by the runner
    while any(map(alive, started)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in started if alive(pid)] == []


def test_trap_turns_the_first_signal_into_interrupted_and_ignores_the_next():
    before = signal.getsignal(signal.SIGTERM)
    caught = []

    def signalled_twice():
        with interrupts.trap():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)  # the handler raises here, in the main thread
            finally:
                os.kill(os.getpid(), signal.SIGINT)  # a second signal during the cleanup: ignored
                caught.append("cleanup finished")

    with pytest.raises(interrupts.Interrupted) as err:
        signalled_twice()
    assert (err.value.signum, err.value.name, err.value.exit_code) == (signal.SIGTERM, "SIGTERM", 143)
    assert caught == ["cleanup finished"]
    assert signal.getsignal(signal.SIGTERM) == before

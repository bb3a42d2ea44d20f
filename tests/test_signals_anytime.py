"""SIGINT and SIGTERM at random moments of ``mobyspec``, outside the main loop (issue 17, attack F).

From the moment the ``mobyspec`` script has trapped the signals (its first line; read from
``/proc/PID/status``) a signal at any delay ends the command with 130 / 143 (or 0 when it had finished),
without a traceback or click's ``Aborted!``, with no temporary file left, no report emptied or replaced
by nothing, and no builder process alive. Each scenario runs at one random delay by default and at
30 under ``MOBYSPEC_STRESS=1`` (``tox -e stress``).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from procs import MOBYSPEC, alive

from mobyspec_conformance.report.jsonl import read

pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.robust,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc"),
]

ROOT = Path(__file__).resolve().parents[1]
FAKES = Path(__file__).parent / "fakes"
#: Random delays per scenario and signal: a cheap sample by default, 30 under the stress run.
DELAYS = 30 if os.environ.get("MOBYSPEC_STRESS") else 1
SIGNALS = [signal.SIGINT, signal.SIGTERM]
CWD = ["--id", "linux/cwd/*", "-p", "17.06"]


def _trapped(pid: int) -> bool:
    """Whether the process catches SIGTERM (the ``mobyspec`` script's first act; Python alone does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # gone already
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


def interrupted(argv: list[str], sig: int, delay: float, tmp_path: Path, **env: str) -> tuple[int, str]:
    """Run ``argv``, send ``sig`` ``delay`` seconds after it trapped signals; its exit code and stderr."""
    full_env = {**os.environ, "FAKE_REFERENCE": "1", "FAKE_PIDS": str(tmp_path / "pids"), **env}
    with (tmp_path / "err").open("w+b") as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=full_env, cwd=ROOT)
        deadline = time.monotonic() + 30
        while not _trapped(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(sig)
        code = proc.wait(60)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    assert "Traceback" not in text, text[-3000:]
    assert "Aborted!" not in text
    assert code in {0, 128 + sig}, (code, text[-2000:])
    if code:
        assert f"interrupted by {signal.Signals(sig).name}" in text
    return code, text


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.rglob("*.tmp")] == []


def _none_alive(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    if not pids_file.exists():
        return
    pids = [int(p) for p in pids_file.read_text().split()]
    deadline = time.monotonic() + 5
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p for p in pids if alive(p)] == []


def _delays(low: float, high: float) -> list[float]:
    rng = random.Random()  # noqa: S311 - delays for a test, not secrets
    return [rng.uniform(low, high) for _ in range(DELAYS)]


@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_from_the_first_moment_never_empties_or_replaces_a_good_report(tmp_path, sig):
    report = tmp_path / "out" / "run.jsonl"
    report.parent.mkdir()
    good = subprocess.run(
        [MOBYSPEC, "run", "-b", "reference", *CWD, "--report", str(report)], capture_output=True, check=True
    )
    assert good.returncode == 0
    before = report.read_bytes()
    for delay in _delays(0.0, 0.6):
        argv = [
            MOBYSPEC,
            "run",
            "-b",
            "reference",
            *CWD,
            "--report",
            str(report),
            "--junit",
            str(tmp_path / "out" / "j.xml"),
        ]
        interrupted(argv, sig, delay, tmp_path)
        now = report.read_bytes()
        assert now == before or read(report).header["type"] == "header", delay
        _no_temporaries(tmp_path / "out")


@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_during_a_slow_hello_leaves_a_report_with_its_header(tmp_path, sig):
    report = tmp_path / "run.jsonl"
    builder = f"cmd:{sys.executable} {FAKES / 'slow_start.py'}"
    for delay in _delays(0.0, 1.5):
        report.unlink(missing_ok=True)
        argv = [MOBYSPEC, "run", "-b", builder, *CWD, "--report", str(report)]
        code, _ = interrupted(argv, sig, delay, tmp_path, FAKE_START_DELAY="3")
        assert code == 128 + sig
        if report.exists():  # absent when the signal came while the corpus loaded
            assert report.stat().st_size > 0
            assert not read(report).complete
        _no_temporaries(tmp_path)


@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_during_a_manifest_setup_kills_its_whole_tree(tmp_path, sig):
    manifest = tmp_path / "adapter.toml"
    manifest.write_text(
        'name = "slow-setup"\nmode = "session"\n'
        f'command = ["{sys.executable}", "{FAKES / "good.py"}"]\n'
        f'setup = [["{sys.executable}", "{FAKES / "setup_escape.py"}"]]\n'
    )
    report = tmp_path / "run.jsonl"
    for delay in _delays(0.0, 1.5):
        argv = [MOBYSPEC, "run", "-b", str(manifest), *CWD, "--report", str(report)]
        code, _ = interrupted(argv, sig, delay, tmp_path, FAKE_QUIET="1")
        assert code == 128 + sig
        _none_alive(tmp_path)
        _no_temporaries(tmp_path)


@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_while_closing_a_builder_that_ignores_sigterm_still_kills_it(tmp_path, sig):
    builder = f"cmd:{sys.executable} {FAKES / 'stubborn.py'}"
    for delay in _delays(0.2, 3.0):
        argv = [MOBYSPEC, "run", "-b", builder, *CWD, "--report", str(tmp_path / "run.jsonl")]
        interrupted(argv, sig, delay, tmp_path)
        _none_alive(tmp_path)
        _no_temporaries(tmp_path)


@pytest.fixture(scope="module")
def big_report(tmp_path_factory) -> Path:
    """The report of the whole corpus against the reference (about 8,800 pairs)."""
    path = tmp_path_factory.mktemp("big") / "all.jsonl"
    subprocess.run(
        [MOBYSPEC, "run", "-b", "reference", "--report", str(path)], capture_output=True, check=False
    )
    assert read(path).complete
    return path


@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_while_rendering_junit_and_markdown_leaves_no_temporary(tmp_path, sig, big_report):
    junit, markdown = tmp_path / "out" / "r.xml", tmp_path / "out" / "r.md"
    junit.parent.mkdir()
    for delay in _delays(0.0, 1.5):
        for path in (junit, markdown):
            path.unlink(missing_ok=True)
        argv = [
            MOBYSPEC,
            "report",
            "render",
            str(big_report),
            "--junit",
            str(junit),
            "--markdown",
            str(markdown),
        ]
        code, _ = interrupted(argv, sig, delay, tmp_path)
        _no_temporaries(tmp_path / "out")
        if junit.exists():
            ET.parse(junit)  # noqa: S314 - our own file; whole or absent, never cut
        if code == 0:
            assert junit.exists()
            assert markdown.exists()

"""Misbehaving builders end to end: each fake in tests/fakes/ run by ``mobyspec run`` as a real subprocess.

``tests/test_adapters_session.py`` and ``test_adapters_oneshot.py`` classify each misbehaviour at the
transport; here the whole command runs against a small selection (``linux/cwd/*`` at 17.06, six pairs)
with the fake answering like the reference except on one case (``FAKE_BAD``): that pair gets the
documented outcome, the others pass, every pair has its record, the run ends in bounded time with the
documented exit code, and a runaway answer line cannot grow the runner's memory past the line cap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from procs import MOBYSPEC, alive

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import (
    BuilderUnusable,
    BuildRequest,
    Built,
    Crashed,
    ProtocolViolation,
)
from mobyspec_conformance.adapters.oneshot import OneshotBuilder
from mobyspec_conformance.adapters.session import DEFAULT_MAX_LINE, SessionBuilder
from mobyspec_conformance.corpus import default_corpus, load
from mobyspec_conformance.report.jsonl import read

pytestmark = [pytest.mark.subprocess, pytest.mark.robust]

ROOT = Path(__file__).resolve().parents[1]
FAKES = Path(__file__).parent / "fakes"
#: The pairs a run of ``--id linux/cwd/* -p 17.06`` selects (from the corpus, so new cases count too).
IDS = sorted(
    case.id
    for case in load(default_corpus()).cases
    if case.id.startswith("linux/cwd/") and "17.06" in case.applicable_profiles()
)
BAD = "linux/cwd/existing-dir"


def fake(name: str, **options) -> SessionBuilder:
    options.setdefault("timeout", 5.0)
    return SessionBuilder([sys.executable, str(FAKES / f"{name}.py")], **options)


def requests(*case_ids: str) -> list[BuildRequest]:
    return [BuildRequest(i, c, "17.06", "linux", "spec", {}) for i, c in enumerate(case_ids)]


def good(case_id: str) -> Built:
    return Built({"case": case_id, "profile": "17.06"})


# --- at the transport: the fakes the adapter tests do not cover ------------------------------------------


def test_a_slow_start_within_the_start_timeout_is_fine_and_past_it_unusable():
    builder = fake("slow_start", start_timeout=5.0)
    began = time.monotonic()
    builder.start()
    assert list(builder.run(requests("a", "b"))) == [good("a"), good("b")]
    builder.close()
    assert 1.4 < time.monotonic() - began < 5
    began = time.monotonic()
    with pytest.raises(BuilderUnusable, match=r"no answer to hello within 0\.5 s"):
        fake("slow_start", start_timeout=0.5).start()
    assert time.monotonic() - began < 2


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_builder_that_dies_leaving_a_child_on_its_stdout_is_a_crash_seen_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_PIDS", str(tmp_path / "pids"))
    builder = fake("child_holds_pipe", timeout=10.0)
    builder.start()
    began = time.monotonic()
    out = list(builder.run(requests("a", "bad", "b")))
    builder.close()
    assert time.monotonic() - began < 3  # not the 10 s timeout: the child's open pipe is not the builder
    assert out[0] == good("a")
    assert isinstance(out[1], Crashed)
    assert "exited with status 1 while seq 1 was pending" in out[1].message
    assert "leaving a child behind" in out[1].stderr_tail
    assert out[2] == good("b")
    assert builder.restarts == 1
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    deadline = time.monotonic() + 3
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, pids))


def test_a_100_mb_answer_line_is_cut_at_the_cap_with_bounded_memory():
    builder = fake("line_100mb", timeout=20.0)
    builder.start()
    tracemalloc.start()
    try:
        out = list(builder.run(requests("a", "bad", "b")))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        builder.close()
    assert isinstance(out[1], ProtocolViolation)
    assert f"longer than {DEFAULT_MAX_LINE} bytes" in out[1].message
    assert [out[0], out[2]] == [good("a"), good("b")]
    assert peak < 3 * DEFAULT_MAX_LINE, peak  # the line buffer stops at the cap (16 MiB), not at 100 MB


def test_a_oneshot_builder_that_leaves_a_child_holding_stdout_is_answered_not_timed_out():
    builder = OneshotBuilder([sys.executable, str(FAKES / "oneshot_child.py")], timeout=10.0)
    builder.start()
    began = time.monotonic()
    out = list(builder.run(requests("a", "b")))
    builder.close()
    assert out == [good("a"), good("b")]
    assert time.monotonic() - began < 4


# --- through mobyspec run ----------------------------------------------------------------------------


def mobyspec_run(tmp_path: Path, builder: str, **env: str) -> tuple[int, str, str, float]:
    report = tmp_path / "run.jsonl"
    argv = [MOBYSPEC, "run", "--builder", builder, "--id", "linux/cwd/*", "-p", "17.06"]
    argv += ["--timeout", env.pop("TIMEOUT", "1"), "--report", str(report)]
    full_env = {**os.environ, "FAKE_BAD": BAD, "FAKE_REFERENCE": "1", **env}
    began = time.monotonic()
    done = subprocess.run(
        argv, capture_output=True, text=True, env=full_env, cwd=ROOT, timeout=120, check=False
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - began


def session(name: str) -> str:
    return f"cmd:{sys.executable} {FAKES / name}.py"


def oneshot(name: str) -> str:
    return f"oneshot:{sys.executable} {FAKES / name}.py"


CASES = {
    # fake: (builder, extra env, outcome of the bad pair, exit code)
    "crash mid case": (session("crash_mid_case"), {}, "crashed", exitcodes.FAILED),
    "hang": (session("hang"), {}, "timeout", exitcodes.FAILED),
    "non-JSON line": (session("non_json"), {}, "protocol-error", exitcodes.FAILED),
    "half a line, exit": (session("half_line"), {}, "crashed", exitcodes.FAILED),
    "wrong seq": (session("wrong_seq"), {}, "protocol-error", exitcodes.FAILED),
    "lone surrogate": (session("lone_surrogate"), {}, "fail", exitcodes.FAILED),
    "endless line": (session("huge_line"), {"TIMEOUT": "10"}, "protocol-error", exitcodes.FAILED),
    "100 MB line": (session("line_100mb"), {"TIMEOUT": "20"}, "protocol-error", exitcodes.FAILED),
    "child holds the pipe": (session("child_holds_pipe"), {"TIMEOUT": "10"}, "crashed", exitcodes.FAILED),
    "hang with a child": (session("hang_with_child"), {}, "timeout", exitcodes.FAILED),
    "very slow start": (session("slow_start"), {"FAKE_START_DELAY": "3"}, "pass", exitcodes.OK),
    "oneshot exit 1": (oneshot("oneshot_exit"), {"FAKE_STATUS": "1"}, "fail", exitcodes.FAILED),
    "oneshot exit 77": (oneshot("oneshot_exit"), {"FAKE_STATUS": "77"}, "skip", exitcodes.OK),
    "oneshot exit 139": (oneshot("oneshot_exit"), {"FAKE_STATUS": "139"}, "crashed", exitcodes.FAILED),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_one_misbehaving_case_gets_its_outcome_and_the_run_goes_on(tmp_path, kind):
    builder, env, outcome, code = CASES[kind]
    exit_code, out, err, seconds = mobyspec_run(tmp_path, builder, **env)
    assert exit_code == code, out[-2000:] + err[-2000:]
    assert "Traceback" not in out + err
    assert seconds < 60
    report = read(tmp_path / "run.jsonl")
    assert report.complete
    records = {r["id"]: r for r in report.records()}
    assert sorted(records) == IDS  # no record lost, none twice
    assert records[BAD]["outcome"] == outcome, records[BAD]
    assert {records[i]["outcome"] for i in IDS if i != BAD} == {"pass"}
    assert out.splitlines()[-1] == report.footer["summary"]
    if outcome not in {"pass", "skip", "fail"}:
        assert "[mobyspec] builder killed" in records[BAD]["stderr_tail"] or kind.startswith("oneshot")


def test_a_lone_surrogate_is_reported_as_its_escape_in_every_rendering(tmp_path):
    junit, markdown = tmp_path / "run.xml", tmp_path / "run.md"
    argv = [MOBYSPEC, "run", "--builder", session("lone_surrogate"), "--id", BAD, "-p", "17.06"]
    argv += ["--report", str(tmp_path / "run.jsonl"), "--junit", str(junit), "--markdown", str(markdown)]
    done = subprocess.run(
        argv,
        capture_output=True,
        env={**os.environ, "FAKE_BAD": BAD, "FAKE_REFERENCE": "1"},
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == exitcodes.FAILED, done.stderr[-2000:]
    assert b"Traceback" not in done.stdout + done.stderr
    assert b"\\ud800" in done.stdout
    (record,) = read(tmp_path / "run.jsonl").records()
    assert record["outcome"] == "fail"
    assert "\ud800" in "".join(record["diff"])  # the escape in the file decodes back to the code point
    assert "\\ud800" in junit.read_text("utf-8")
    assert "\\ud800" in markdown.read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("crash_at_hello", "exited with status 3 before answering hello"),
        ("noise_before_hello", "stdout is for protocol messages only"),
    ],
)
def test_a_builder_that_cannot_say_hello_makes_the_run_exit_3_with_nothing_lost(tmp_path, name, why):
    exit_code, out, err, _ = mobyspec_run(tmp_path, session(name))
    assert exit_code == exitcodes.BUILDER_UNUSABLE
    assert "Traceback" not in out + err
    report = read(tmp_path / "run.jsonl")
    assert list(report.records()) == []
    assert report.footer["not_run"] == len(IDS)
    assert why in report.footer["aborted"]


def test_a_builder_that_closes_stdin_early_times_out_every_other_case(tmp_path):
    exit_code, _, _, _ = mobyspec_run(tmp_path, session("close_stdin"))
    assert exit_code == exitcodes.FAILED
    outcomes = [r["outcome"] for r in read(tmp_path / "run.jsonl").records()]
    # each fresh process answers one request, then stops reading: the next one times out
    assert outcomes == (["pass", "timeout"] * len(IDS))[: len(IDS)]


def test_answering_twice_flags_every_other_case(tmp_path):
    exit_code, _, _, _ = mobyspec_run(tmp_path, session("answer_twice"))
    assert exit_code == exitcodes.FAILED
    outcomes = [r["outcome"] for r in read(tmp_path / "run.jsonl").records()]
    assert outcomes == (["pass", "protocol-error"] * len(IDS))[: len(IDS)]


def _max_rss_kib(argv: list[str], env: dict[str, str], folder: Path) -> tuple[int, int]:
    """Run a command; its exit code and the peak resident memory of it and the processes it waited for."""
    with (folder / "out").open("wb") as out, (folder / "err").open("wb") as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_a_100_mb_line_does_not_grow_the_runner_past_the_cap(tmp_path):
    env = {**os.environ, "FAKE_BAD": BAD, "FAKE_REFERENCE": "1"}
    argv = [MOBYSPEC, "run", "--id", "linux/cwd/*", "-p", "17.06", "--timeout", "20", "--builder"]
    code, baseline = _max_rss_kib([*argv, session("good")], env, tmp_path)
    assert code == exitcodes.OK
    code, flooded = _max_rss_kib([*argv, session("line_100mb")], env, tmp_path)
    assert code == exitcodes.FAILED
    # the cap is 16 MiB of line buffer; without it the 100 MB line would cost 100-200 MB more
    assert flooded - baseline < 64 * 1024, (baseline, flooded)


def test_the_report_of_a_misbehaving_run_is_valid_json_lines(tmp_path):
    mobyspec_run(tmp_path, session("chaos"))
    for line in (tmp_path / "run.jsonl").read_text().splitlines():
        json.loads(line)

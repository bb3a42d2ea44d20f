"""The session transport against fake builders run as real subprocesses (tests/fakes/*.py).

Each fake misbehaves in one way; every request still gets exactly one response, the misbehaviour is
classified, the good cases around it pass, and the run ends in bounded time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from procs import alive

from mobyspec_conformance.adapters.base import (
    BuilderConfigError,
    BuilderUnusable,
    BuildRequest,
    Built,
    Crashed,
    ProtocolViolation,
    TimedOut,
)
from mobyspec_conformance.adapters.session import SessionBuilder

pytestmark = pytest.mark.subprocess

FAKES = Path(__file__).parent / "fakes"
TIMEOUT = 1.0


def fake(name: str, **options):
    options.setdefault("timeout", TIMEOUT)
    options.setdefault("start_timeout", 5.0)
    return SessionBuilder([sys.executable, str(FAKES / f"{name}.py")], **options)


def requests(*case_ids: str) -> list[BuildRequest]:
    return [BuildRequest(i, case_id, "17.06", "linux", "spec", {}) for i, case_id in enumerate(case_ids)]


def run(builder: SessionBuilder, *case_ids: str) -> list:
    builder.start()
    try:
        return list(builder.run(requests(*case_ids)))
    finally:
        builder.close()


def good(case_id: str) -> Built:
    return Built({"case": case_id, "profile": "17.06"})


def test_control_fake_answers_everything_in_order():
    builder = fake("good", window=3)
    ids = [f"c{i}" for i in range(50)]
    assert run(builder, *ids) == [good(i) for i in ids]
    assert builder.restarts == 0


def test_crash_at_hello_is_unusable_with_its_stderr():
    builder = fake("crash_at_hello")
    with pytest.raises(BuilderUnusable) as err:
        builder.start()
    assert "exited with status 3 before answering hello" in err.value.message
    assert "cannot load my engine" in err.value.stderr_tail


def test_hang_at_hello_is_unusable_after_the_start_timeout():
    builder = fake("hang_at_hello", start_timeout=0.5)
    began = time.monotonic()
    with pytest.raises(BuilderUnusable, match=r"no answer to hello within 0\.5 s"):
        builder.start()
    assert time.monotonic() - began < 3


def test_noise_before_hello_is_unusable_and_says_why():
    builder = fake("noise_before_hello")
    with pytest.raises(BuilderUnusable) as err:
        builder.start()
    assert "acme-builder 1.0 ready" in err.value.message
    assert "stdout is for protocol messages only" in err.value.message


def test_a_hello_with_another_protocol_version_is_unusable():
    with pytest.raises(BuilderUnusable, match="chose protocol 2"):
        fake("wrong_version").start()


def test_missing_command_is_unusable():
    builder = SessionBuilder(["/nonexistent/builder"])
    with pytest.raises(BuilderUnusable, match="cannot run '/nonexistent/builder'"):
        builder.start()


def test_bad_settings_are_a_config_error():
    with pytest.raises(BuilderConfigError):
        SessionBuilder([])
    with pytest.raises(BuilderConfigError):
        SessionBuilder(["x"], window=0)


def test_crash_mid_case_marks_that_case_and_restarts():
    builder = fake("crash_mid_case")
    out = run(builder, "a", "bad", "b", "c")
    assert out[0] == good("a")
    assert isinstance(out[1], Crashed)
    assert "killed by signal 11 (SIGSEGV) while seq 1 was pending" in out[1].message
    assert "about to crash on bad" in out[1].stderr_tail
    assert out[2:] == [good("b"), good("c")]
    assert builder.restarts == 1


def test_hang_times_out_that_case_only():
    builder = fake("hang")
    began = time.monotonic()
    out = run(builder, "a", "bad", "b")
    assert out[0] == good("a")
    assert out[1] == TimedOut(TIMEOUT, out[1].stderr_tail)
    assert out[2] == good("b")
    assert builder.restarts == 1
    assert time.monotonic() - began < 5


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_builder_takes_its_children_along():
    builder = fake("hang_with_child")
    out = run(builder, "bad")
    assert isinstance(out[0], TimedOut)
    lines = builder.stderr_tail().splitlines()
    pids = [int(line.split()[-1]) for line in lines if line.startswith("child pid")]
    assert len(pids) == 1
    deadline = time.monotonic() + 2
    while alive(pids[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pids[0])


def test_non_json_line_is_a_protocol_violation():
    out = run(fake("non_json"), "a", "bad", "b")
    assert isinstance(out[1], ProtocolViolation)
    assert "not JSON" in out[1].message
    assert "Building spec for bad" in out[1].message
    assert [out[0], out[2]] == [good("a"), good("b")]


def test_half_a_line_then_exit_is_a_crash_quoting_the_fragment():
    out = run(fake("half_line"), "a", "bad", "b")
    assert isinstance(out[1], Crashed)
    assert "exited with status 0" in out[1].message
    assert "middle of a line" in out[1].message
    assert '"bui' in out[1].message
    assert [out[0], out[2]] == [good("a"), good("b")]


def test_wrong_seq_is_a_protocol_violation():
    out = run(fake("wrong_seq"), "a", "bad", "b")
    assert isinstance(out[1], ProtocolViolation)
    assert "answered seq 1001 while seq 1 was due" in out[1].message
    assert [out[0], out[2]] == [good("a"), good("b")]


def test_answering_twice_flags_the_next_case_and_loses_nothing():
    builder = fake("answer_twice")
    out = run(builder, "a", "b", "c", "d")
    assert out[0] == good("a")
    assert isinstance(out[1], ProtocolViolation)
    assert "answered seq 0 while seq 1 was due" in out[1].message
    assert out[2] == good("c")
    assert isinstance(out[3], ProtocolViolation)
    assert builder.restarts == 1


def test_an_endless_line_is_cut_at_the_cap():
    builder = fake("huge_line", max_line=1 << 20, timeout=5.0)
    began = time.monotonic()
    out = run(builder, "a", "bad", "b")
    assert isinstance(out[1], ProtocolViolation)
    assert "longer than 1048576 bytes" in out[1].message
    assert [out[0], out[2]] == [good("a"), good("b")]
    assert time.monotonic() - began < 5


def test_a_builder_that_closes_stdin_times_out_and_is_restarted():
    builder = fake("close_stdin")
    out = run(builder, "a", "b", "c", "d")
    assert out[0] == good("a")
    assert isinstance(out[1], TimedOut)
    assert out[2] == good("c")
    assert isinstance(out[3], TimedOut)


def test_mixed_failures_under_pipelining_lose_nothing_and_keep_order():
    kinds = {"crash": Crashed, "garbage": ProtocolViolation, "seq": ProtocolViolation, "half": Crashed}
    kinds["hang"] = TimedOut
    ids = [f"ok-{i}" for i in range(40)]
    for at, kind in zip((3, 4, 11, 19, 20, 27, 33, 39), (*kinds, "crash", "seq", "garbage"), strict=True):
        ids[at] = f"{kind}-{at}"
    builder = fake("chaos", window=8, max_restarts=20)
    out = run(builder, *ids)
    assert len(out) == len(ids)
    for case_id, response in zip(ids, out, strict=True):
        kind = case_id.split("-")[0]
        assert response == good(case_id) if kind == "ok" else isinstance(response, kinds[kind]), case_id
    assert builder.restarts == 7  # the failure at the last case needs no fresh process


def test_the_restart_cap_makes_the_builder_unusable():
    builder = fake("always_crash", max_restarts=2)
    builder.start()
    seen = []
    with pytest.raises(BuilderUnusable, match="after 2 restarts"):
        seen.extend(builder.run(requests("a", "b", "c", "d", "e")))
    builder.close()
    assert [type(r) for r in seen] == [Crashed, Crashed, Crashed]
    assert all("exited with status 1" in r.message for r in seen)


def test_requests_are_pipelined_up_to_the_window():
    # batch4 answers only once it holds 4 requests: a window of 4 lets it, a window of 3 cannot.
    assert run(fake("batch4", window=4), *"abcdefgh") == [good(c) for c in "abcdefgh"]
    builder = fake("batch4", window=3)
    builder.start()
    first = next(iter(builder.run(requests(*"abcd"))))
    builder.close()
    assert isinstance(first, TimedOut)


def test_an_abandoned_run_leaves_nothing_behind_for_the_next():
    builder = fake("good", window=8)
    builder.start()
    stream = builder.run(requests(*"abcdefgh"))
    assert next(stream) == good("a")
    stream.close()
    again = list(builder.run([BuildRequest(100, "z", "17.06", "linux", "spec", {})]))
    builder.close()
    assert again == [good("z")]
    assert builder.restarts == 0


def test_close_is_idempotent_and_shutdown_is_prompt():
    builder = fake("good")
    builder.start()
    began = time.monotonic()
    builder.close()
    builder.close()
    assert time.monotonic() - began < 1.5

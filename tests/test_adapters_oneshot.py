"""The oneshot transport against a fake builder run as real subprocesses: every exit status is classified."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from mobyspec_conformance.adapters.base import (
    BuilderUnusable,
    BuildRequest,
    Built,
    Crashed,
    Errored,
    ProtocolViolation,
    Rejected,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.adapters.oneshot import OneshotBuilder

pytestmark = pytest.mark.subprocess

FAKE = Path(__file__).parent / "fakes" / "oneshot_misbehave.py"


def outcomes(*case_ids: str, **options) -> list:
    options.setdefault("timeout", 5.0)
    builder = OneshotBuilder([sys.executable, str(FAKE)], **options)
    builder.start()
    try:
        requests = [BuildRequest(i, c, "17.06", "linux", "spec", {}) for i, c in enumerate(case_ids)]
        return list(builder.run(requests))
    finally:
        builder.close()


def test_every_exit_status_is_classified_in_order():
    ids = ("ok", "exit-1", "exit-77", "exit-2", "exit-139", "segv", "garbage", "empty", "no-seq", "wrong-seq")
    out = outcomes(*ids, concurrency=2)
    assert out[0] == Built({"case": "ok"})
    assert out[1] == Rejected(None, "fake: failing with 1")
    assert out[2] == Skipped("fake: not my kind of case")
    assert out[3] == Errored("fake: failing with 2")
    assert isinstance(out[4], Crashed)
    assert out[4].message == "the builder exited with status 139"
    assert "failing with 139" in out[4].stderr_tail
    assert isinstance(out[5], Crashed)
    assert out[5].message == "the builder was killed by signal 11 (SIGSEGV)"
    assert isinstance(out[6], ProtocolViolation)
    assert "not JSON" in out[6].message
    assert "spec built!" in out[6].message
    assert out[7] == ProtocolViolation("exit status 0 without a response on stdout")
    assert out[8] == Rejected("create.workdir.not-absolute", "relative")
    assert isinstance(out[9], ProtocolViolation)
    assert "answered seq 10 while seq 9 was due" in out[9].message


def test_a_hang_is_killed_at_the_timeout():
    began = time.monotonic()
    out = outcomes("hang", "ok", timeout=0.5)
    assert out == [TimedOut(0.5), Built({"case": "ok"})]
    assert time.monotonic() - began < 3


def test_an_endless_stdout_is_cut_at_the_cap():
    out = outcomes("flood", "ok", max_output=1 << 20)
    assert out[0] == ProtocolViolation("more than 1048576 bytes on stdout")
    assert out[1] == Built({"case": "ok"})


def test_a_missing_command_is_unusable():
    with pytest.raises(BuilderUnusable, match="not found on PATH"):
        OneshotBuilder(["no-such-builder-anywhere"]).start()
    with pytest.raises(BuilderUnusable, match="not an executable file"):
        OneshotBuilder(["./no/such/file"]).start()

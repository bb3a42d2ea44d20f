"""The start state machine (mobyspec_conformance.start_machine) against the in-process reference."""

from __future__ import annotations

import copy

import pytest

from mobyspec_conformance.start_machine import _record, make_machine, reference_driver
from mobyspec_reference import build_output


@pytest.mark.property
@pytest.mark.parametrize("profile", ["1.10", "1.11"])
def test_start_lifecycle(profile: str) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(make_machine(reference_driver(), profile))


WINDOWS_WORLD_KEYS = ("daemon", "host", "image", "layers", "rwLayer", "endpoints")


@pytest.mark.property
def test_windows_spec_after_start_first_start() -> None:
    """Cross-operation: build the 1.11 Windows spec from the record a start left behind.

    ``FirstStart = !HasBeenStartedBefore`` (moby/moby@v1.11.2:daemon/oci_windows.go) and 1.11 never sets
    HasBeenStartedBefore, so a container started by 1.11 still gets ``first_start``; one started by
    1.10 (the record carries the flag over an upgrade) does not.
    """
    from tools.corpus.windows_base import windows_input

    base = windows_input()
    start = build_output("windows", "start", base, "1.11")["result"]
    assert start["error"] is None
    after = copy.deepcopy(base)
    after["container"]["HasBeenStartedBefore"] = start["container"]["HasBeenStartedBefore"]
    spec = build_output("windows", "spec", after, "1.11")
    assert spec["windows"].get("first_start") is True
    assert start["spec"]["windows"].get("first_start") is True

    # A record that moby 1.10 started (Linux shows 1.10 sets the flag on success).
    linux = build_output("linux", "start", {"container": _record(0)}, "1.10")["result"]
    assert linux["container"]["HasBeenStartedBefore"] is True
    after["container"]["HasBeenStartedBefore"] = linux["container"]["HasBeenStartedBefore"]
    spec = build_output("windows", "spec", after, "1.11")
    assert "first_start" not in spec["windows"]

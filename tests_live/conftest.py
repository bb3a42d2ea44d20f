"""Live-engine tests (``tox -e live``): they need root and dockerd, and skip with the reason otherwise."""

from __future__ import annotations

import os
import shutil

import pytest

from mobyspec_reference import PROFILES

#: The moby profile Debian 12's docker.io (dockerd 20.10.24) is checked at.
LIVE_PROFILE = os.environ.get("MOBYSPEC_LIVE_PROFILE", "20.10")


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "live engine tests need root (they start a private dockerd)"
    if shutil.which("dockerd") is None:
        return "dockerd is not installed (apt-get install docker.io containerd runc tini)"
    return None


@pytest.fixture(scope="session")
def any_profile() -> str:
    """A profile for the tests that do not judge the answers (cleanup, restarts): the live one if the
    reference has it, else the newest; skips the test (with the reason) where no engine can run."""
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    known = [p.id for p in PROFILES]
    return LIVE_PROFILE if LIVE_PROFILE in known else known[-1]


@pytest.fixture(scope="session")
def live_profile(any_profile: str) -> str:
    """The profile the engine must pass at; skips the test while the reference does not have it."""
    if any_profile != LIVE_PROFILE:
        pytest.skip(f"the reference has no {LIVE_PROFILE} profile yet")
    return LIVE_PROFILE

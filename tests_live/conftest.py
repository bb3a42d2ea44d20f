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
    if LIVE_PROFILE not in {p.id for p in PROFILES}:
        return f"the reference has no {LIVE_PROFILE} profile yet"
    return None


@pytest.fixture(scope="session")
def live_profile() -> str:
    """The profile to run at; skips the test (with the reason) where no live engine can run."""
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    return LIVE_PROFILE

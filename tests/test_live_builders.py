"""Live builders where no engine can run: unreachable sockets and missing root are exit 3 with the reason."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from procs import MOBYSPEC

from mobyspec_conformance.adapters.base import BuilderUnusable
from mobyspec_conformance.live.builder import LiveBuilder, profile_for
from mobyspec_conformance.live.managed import ManagedEngine, ManagedError, _mounts_below


@pytest.mark.subprocess
def test_an_unreachable_engine_exits_3_with_the_reason(tmp_path: Path) -> None:
    sock = tmp_path / "nothing.sock"
    done = subprocess.run(
        [MOBYSPEC, "run", "--builder", f"docker:unix://{sock}", "--id", "linux/default/minimal"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "the engine is unreachable" in done.stdout + done.stderr
    assert str(sock) in done.stdout + done.stderr


def test_managed_refuses_without_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    with pytest.raises(ManagedError, match="needs root"):
        ManagedEngine("dockerd", "/bin/true").prepare()
    builder = LiveBuilder("managed:dockerd:/bin/true")
    with pytest.raises(BuilderUnusable, match="needs root"):
        builder.start()
    builder.close()


def test_managed_refuses_a_missing_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 0)
    with pytest.raises(ManagedError, match="no dockerd executable"):
        ManagedEngine("dockerd", str(tmp_path / "absent")).prepare()


def test_mounts_below_reads_mountinfo() -> None:
    assert "/proc" in _mounts_below(Path("/proc"))
    assert _mounts_below(Path("/nonexistent-mobyspec")) == []


def test_engine_versions_claim_their_profile() -> None:
    assert profile_for("17.06.0-ce") == ("17.06",)
    assert profile_for("99.1.0") == ()

"""Live builders where no engine can run: unreachable sockets and missing root are exit 3 with the reason."""

from __future__ import annotations

import contextlib
import json
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from procs import MOBYSPEC

from mobyspec_conformance.adapters.base import BuilderUnusable, Built, Errored, Rejected, Skipped
from mobyspec_conformance.corpus import default_corpus
from mobyspec_conformance.live.builder import LiveBuilder, profile_for
from mobyspec_conformance.live.capture_runtime import REFUSAL
from mobyspec_conformance.live.engine import EngineError
from mobyspec_conformance.live.managed import ManagedEngine, ManagedError, _mounts_below
from mobyspec_conformance.live.mapping import Plan, plan_case


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


class FakeEngine:
    """An engine whose calls answer as scripted: ``fail`` maps a call name to the EngineError it raises."""

    def __init__(self, capture_dir: Path, fail: dict[str, EngineError], *, start_ok: bool = False) -> None:
        self.capture_dir = capture_dir
        self.fail = fail
        self.start_ok = start_ok
        self.removed: list[str] = []

    def _maybe(self, name: str) -> None:
        if name in self.fail:
            raise self.fail[name]

    def load_image(self, tar: bytes) -> None:
        del tar
        self._maybe("load")

    def create(self, body: Any) -> str:
        del body
        self._maybe("create")
        return "c0ffee"

    def inspect(self, cid: str) -> Any:
        del cid
        config = {"Hostname": "4f2a9c1b7d3e", "Domainname": "", "User": "", "Tty": False, "Env": None}
        return {"Path": "sh", "Args": [], "Config": config}

    def start(self, cid: str) -> None:
        self._maybe("start")
        if not self.start_ok:
            (self.capture_dir / f"{cid}.json").write_text(json.dumps({"config": {"ociVersion": "x"}}))
            raise EngineError(500, f"OCI runtime create failed: {REFUSAL} (saved)")

    def remove(self, cid: str) -> None:
        self.removed.append(cid)


class FakeTarget:
    def __init__(self, engine: FakeEngine) -> None:
        self.engine = engine
        self.capture_dir = engine.capture_dir
        self.runtime = None
        self.loaded: set[str] = set()
        self.loaded_lock = threading.Lock()
        self.moby_record = True
        self.lookpath_answer = None

    def hold(self, settings: Any) -> Any:
        del settings
        return contextlib.nullcontext(self.engine)


def answer(tmp_path: Path, fail: dict[str, EngineError], *, start_ok: bool = False) -> Any:
    engine = FakeEngine(tmp_path, fail, start_ok=start_ok)
    builder = LiveBuilder("managed:dockerd")
    plan = plan_case(json.loads((default_corpus() / "linux/default/minimal.json").read_text())["input"])
    assert isinstance(plan, Plan)
    result = builder._build(FakeTarget(engine), engine, plan)  # type: ignore[arg-type]  # noqa: SLF001
    assert not list(tmp_path.iterdir()), "the capture file is removed whatever happened"
    return result, engine


def test_each_api_outcome_of_one_pair(tmp_path: Path) -> None:
    built, engine = answer(tmp_path, {})
    assert built == Built({"ociVersion": "x"})
    assert engine.removed == ["c0ffee"]
    errored, _ = answer(tmp_path, {"load": EngineError(500, "no space left on device")})
    assert isinstance(errored, Errored)
    assert "no space left on device" in errored.message
    refused, _ = answer(tmp_path, {"create": EngineError(400, "invalid environment variable: ")})
    assert isinstance(refused, Skipped)
    assert "invalid environment variable" in refused.reason
    relative = "the working directory 'app' is invalid, it needs to be an absolute path"
    coded, _ = answer(tmp_path, {"create": EngineError(400, relative)})
    lstat = "lstat /var/lib/docker/vfs/dir/x/f/y: not a directory"
    walked, _ = answer(tmp_path, {"create": EngineError(500, lstat)})
    assert walked == Rejected("workdir.lstat", lstat)
    assert coded == Skipped(
        f"the engine refuses to create this record (HTTP 400, create.workdir.not-absolute): {relative}"
    )
    mapped, _ = answer(
        tmp_path, {"start": EngineError(500, 'exec: "docker-init": executable file not found in $PATH')}
    )
    assert mapped == Rejected("init.lookpath", 'exec: "docker-init": executable file not found in $PATH')
    unmapped, _ = answer(tmp_path, {"start": EngineError(500, "something else")})
    assert unmapped == Rejected(None, "something else")
    ran, _ = answer(tmp_path, {}, start_ok=True)
    assert isinstance(ran, Errored)
    assert "not the runtime" in ran.message

"""``managed:podman`` is reported, not gated: the run must complete and leave nothing behind.

The report goes to ``reports/podman-<profile>.jsonl``; with the dockerd gate's report beside it, the
podman-versus-Docker table of docs/engines.md is rendered into ``reports/engines.md``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mobyspec_conformance.live.managed import PODMAN_SHARED_PATHS, _mounts_below, _processes_using

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
MOBYSPEC = str(Path(sys.executable).with_name("mobyspec"))


def test_podman_run_is_reported(any_profile: str) -> None:
    if shutil.which("podman") is None:
        pytest.skip("podman is not installed (apt-get install podman catatonit)")
    existed = {p: Path(p).exists() for p in PODMAN_SHARED_PATHS}
    reports = ROOT / "reports"
    reports.mkdir(exist_ok=True)
    report = reports / f"podman-{any_profile}.jsonl"
    done = subprocess.run(
        [MOBYSPEC, "run", "--builder", "managed:podman", "--profile", any_profile, "--platform", "linux",
         "--operation", "spec", "--report", str(report), "--markdown", str(report.with_suffix(".md"))],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )  # fmt: skip
    assert done.returncode in {0, 1}, done.stdout[-3000:] + done.stderr[-3000:]
    footer = json.loads(report.read_text().splitlines()[-1])
    assert footer["type"] == "footer"
    dockerd = reports / f"dockerd-{any_profile}.jsonl"
    if dockerd.is_file():
        table = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "live" / "engines_table.py"), str(dockerd), str(report)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (reports / "engines.md").write_text(table)
    for root in Path("/tmp").glob("mobyspec-podman-*"):
        pytest.fail(f"left behind: {root} {_processes_using(root)} {_mounts_below(root)}")
    for path, was in existed.items():
        assert was or not Path(path).exists(), f"podman created {path}"

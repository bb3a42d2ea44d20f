"""``managed:dockerd`` against the goldens: every expressible case passes, and nothing is left behind.

The gate of ``tox -e live`` (and of ``.ci/run`` when it runs as root on Debian): real dockerd is the
suite's oracle for the cases the Docker API can express.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mobyspec_conformance.live.managed import _mounts_below, _processes_using

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

MOBYSPEC = str(Path(sys.executable).with_name("mobyspec"))
REPORTS = Path(__file__).resolve().parent.parent / "reports"
EXPECTATIONS = Path(__file__).resolve().parent.parent / "conformance" / "live" / "dockerd.toml"


def leftovers() -> list[str]:
    """Private engine folders, their processes and mounts still present (empty: clean)."""
    found = []
    for root in Path("/tmp").glob("mobyspec-dockerd-*"):
        found.append(f"folder {root}")
        found += [f"process {pid}" for pid in _processes_using(root)]
        found += [f"mount {m}" for m in _mounts_below(root)]
    return found


def run(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MOBYSPEC, "run", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def start_private_dockerd(config: Path, root: Path, sock: Path) -> subprocess.Popen[bytes]:
    """A dockerd someone else runs (for docker:): private, no networking, ``config`` as its daemon.json."""
    dockerd = subprocess.Popen(
        ["dockerd", "--config-file", str(config), "--data-root", str(root / "data"),
         "--exec-root", str(root / "exec"), "--pidfile", str(root / "pid"), "--host", f"unix://{sock}",
         "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--ip-forward=false",
         "--storage-driver=vfs", "--containerd-namespace", "mobyspec-t",
         "--containerd-plugins-namespace", "mobyspec-t-plugins"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not sock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    return dockerd


def stop_private_dockerd(dockerd: subprocess.Popen[bytes], root: Path) -> None:
    """SIGTERM, wait, kill its leftovers (containerd), and unmount what it left below ``root``."""
    if dockerd.poll() is None:
        dockerd.send_signal(signal.SIGTERM)
        dockerd.wait(30)
    for pid in _processes_using(root):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for point in _mounts_below(root):
        subprocess.run(["umount", "-l", point], check=False)


def test_every_expressible_case_passes(live_profile: str, tmp_path: Path) -> None:
    report = tmp_path / "live.jsonl"
    args = ["--builder", "managed:dockerd", "--profile", live_profile, "--platform", "linux"]
    args += ["--operation", "spec", "--report", str(report), "--jobs", "2"]
    if EXPECTATIONS.is_file():
        args += ["--expectations", str(EXPECTATIONS)]
    done = run(*args)
    REPORTS.mkdir(exist_ok=True)
    shutil.copyfile(report, REPORTS / f"dockerd-{live_profile}.jsonl")  # for the podman table
    records = [json.loads(line) for line in report.read_text().splitlines()]
    cases = [r for r in records if r.get("type") == "case"]
    failing = [
        f"{r['id']}: {r.get('diff') or r.get('error') or r.get('reason')}"
        for r in cases
        if r["outcome"] not in {"pass", "skip", "xfail"}
    ]
    assert not failing, "\n".join(failing[:30])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert sum(r["outcome"] == "pass" for r in cases) >= 150
    assert leftovers() == []


def test_sigint_leaves_no_daemon_shim_mount_or_capture(any_profile: str) -> None:
    process = subprocess.Popen(
        [MOBYSPEC, "run", "--builder", "managed:dockerd", "--profile", any_profile, "--platform", "linux"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(Path("/tmp").glob("mobyspec-dockerd-*/capture/*.json")) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.02)
    time.sleep(0.5)  # mid-run: containers created, captures coming and going
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err[-2000:]
    assert leftovers() == []


def test_an_existing_engine_without_the_capture_runtime_is_unusable(any_profile: str, tmp_path: Path) -> None:
    """docker:unix://… without the capture runtime: exit 3, and the message says how to register it."""
    del any_profile
    sock = tmp_path / "api.sock"
    root = tmp_path / "d"
    config = tmp_path / "daemon.json"
    config.write_text("{}")
    dockerd = start_private_dockerd(config, root, sock)
    try:
        done = run("--builder", f"docker:unix://{sock}", "--id", "linux/default/*", timeout=120)
        assert done.returncode == 3, done.stdout + done.stderr
        assert "capture-runtime --print-config" in done.stdout + done.stderr
    finally:
        stop_private_dockerd(dockerd, root)


def test_an_engine_killed_mid_run_is_restarted(any_profile: str, tmp_path: Path) -> None:
    """SIGKILL of the managed dockerd: the pair in flight is retried on a new engine; every pair answers."""
    report = tmp_path / "r.jsonl"
    process = subprocess.Popen(
        [MOBYSPEC, "run", "--builder", "managed:dockerd", "--profile", any_profile, "--platform", "linux",
         "--operation", "spec", "--report", str(report)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    # Kill once the engine is answering (a capture has appeared), not after a fixed delay: on a fast
    # machine a short selection was over before a fixed delay ran out and nothing was restarted.
    deadline = time.monotonic() + 120
    pid_files: list[Path] = []
    captured: list[Path] = []
    while not captured and time.monotonic() < deadline and process.poll() is None:
        pid_files = list(Path("/tmp").glob("mobyspec-dockerd-*/dockerd.pid"))
        captured = list(Path("/tmp").glob("mobyspec-dockerd-*/capture/*.json"))
        time.sleep(0.01)
    assert pid_files, "the managed engine never started"
    assert captured, "the managed engine never answered"
    killed = int(pid_files[0].read_text().strip())
    os.kill(killed, signal.SIGKILL)
    restarted = None
    while restarted is None and process.poll() is None:
        with contextlib.suppress(OSError, ValueError):
            pid = int(pid_files[0].read_text().strip())
            restarted = pid if pid != killed else None
        time.sleep(0.02)
    out, err = process.communicate(timeout=600)
    assert restarted is not None, (
        f"no new engine was started (exit {process.returncode}): {out[-1500:]} {err[-1500:]}"
    )
    cases = [json.loads(x) for x in report.read_text().splitlines() if '"type":"case"' in x.replace(" ", "")]
    broken = [r["id"] for r in cases if r["outcome"] in {"crashed", "timeout", "protocol-error"}]
    assert broken == []
    assert not [r for r in cases if r["outcome"] == "fail" and r.get("mismatch") == "errored"]
    assert process.returncode in {0, 1}, out[-2000:] + err[-2000:]
    assert leftovers() == []


def test_an_engine_registered_with_print_config_is_checked(any_profile: str, tmp_path: Path) -> None:
    """The daemon.json of ``capture-runtime --print-config`` (runtimeArgs) registers it: docker: answers."""
    capture = tmp_path / "cap"
    config = tmp_path / "daemon.json"
    snippet = subprocess.run(
        [MOBYSPEC, "capture-runtime", "--print-config", "--capture-dir", str(capture)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    config.write_text(snippet)
    sock = tmp_path / "api.sock"
    root = tmp_path / "d"
    dockerd = start_private_dockerd(config, root, sock)
    try:
        report = tmp_path / "r.jsonl"
        run("--builder", f"docker:unix://{sock}", "--profile", any_profile, "--id", "linux/env/*",
            "--report", str(report), timeout=300)  # fmt: skip
        cases = [
            json.loads(x) for x in report.read_text().splitlines() if '"type":"case"' in x.replace(" ", "")
        ]
        answered = [r for r in cases if r["outcome"] in {"pass", "fail"} and r.get("mismatch") != "errored"]
        assert len(answered) >= 8, [r.get("reason") or r.get("error") for r in cases][:5]
        assert not list(capture.glob("*.json")), "captures are removed after reading"
    finally:
        stop_private_dockerd(dockerd, root)


def test_an_existing_engine_dying_mid_run_marks_the_rest(any_profile: str, tmp_path: Path) -> None:
    """docker:…'s engine stops answering: exit 3, the reason, and the pairs not run are counted, not lost."""
    config = tmp_path / "daemon.json"
    config.write_text(
        subprocess.run(
            [MOBYSPEC, "capture-runtime", "--print-config", "--capture-dir", str(tmp_path / "cap")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    sock, root, report = tmp_path / "api.sock", tmp_path / "d", tmp_path / "r.jsonl"
    dockerd = start_private_dockerd(config, root, sock)
    try:
        process = subprocess.Popen(
            [MOBYSPEC, "run", "--builder", f"docker:unix://{sock}", "--profile", any_profile,
             "--platform", "linux", "--operation", "spec", "--report", str(report)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        time.sleep(4)  # some pairs in
        dockerd.kill()
        dockerd.wait(30)
        out, err = process.communicate(timeout=300)
    finally:
        stop_private_dockerd(dockerd, root)
    assert process.returncode == 3, out[-2000:] + err[-2000:]
    assert "stopped answering" in out + err
    footer = json.loads(report.read_text().splitlines()[-1])
    assert footer["type"] == "footer"
    assert footer["not_run"] > 0

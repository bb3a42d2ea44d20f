"""The capture runtime: what containerd's runc shim and conmon call, without any engine."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path  # noqa: TC003 - pytest resolves the fixtures' annotations

import pytest

from mobyspec_conformance.live import capture_runtime
from mobyspec_conformance.live.managed import capture_wrapper

CONFIG = {"ociVersion": "1.0.2-dev", "process": {"args": ["sh"], "cwd": "/"}, "root": {"path": "/x"}}


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(CONFIG))
    return folder


def test_create_captures_and_refuses(
    tmp_path: Path, bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shim's exact command line (moby 20.10, containerd 1.6): captured, exit 1, refusal logged."""
    log = tmp_path / "log.json"
    argv = [
        "--capture-dir", str(tmp_path / "cap"),
        "--root", str(tmp_path / "state"), "--log", str(log), "--log-format", "json",
        "create", "--bundle", str(bundle), "--pid-file", str(tmp_path / "init.pid"), "abc123",
    ]  # fmt: skip
    assert capture_runtime.main(argv) == 1
    record = json.loads((tmp_path / "cap" / "abc123.json").read_text())
    assert record["id"] == "abc123"
    assert record["config"] == CONFIG
    assert record["bundle"] == str(bundle)
    logged = json.loads(log.read_text().splitlines()[-1])
    assert logged["level"] == "error"
    assert capture_runtime.REFUSAL in logged["msg"]
    assert capture_runtime.REFUSAL in capsys.readouterr().err
    assert not list((tmp_path / "cap").glob(".*.tmp"))


def test_flags_after_the_id_and_equals_forms(tmp_path: Path, bundle: Path) -> None:
    """conmon puts the ID last; ``--flag=value`` forms parse too."""
    argv = [
        "--capture-dir=" + str(tmp_path),
        "--systemd-cgroup",
        "create",
        f"--bundle={bundle}",
        "--no-pivot",
        "c1",
    ]
    assert capture_runtime.main(argv) == 1
    assert json.loads((tmp_path / "c1.json").read_text())["flags"]["--no-pivot"] == "true"


def test_a_missing_config_is_a_clear_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        capture_runtime.main(
            ["--capture-dir", str(tmp_path), "create", "--bundle", str(tmp_path / "no"), "c"]
        )
        == 1
    )
    assert "cannot capture" in capsys.readouterr().err
    assert not (tmp_path / "c.json").exists()


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["--version"], 0),
        (["features"], 0),
        (["--root", "/r", "delete", "--force", "c"], 0),
        (["kill", "c", "KILL"], 0),
        (["state", "c"], 1),
        (["start", "c"], 1),
        (["exec", "c"], 1),
        ([], 2),
        (["create"], 2),
        (["create", "--bundle", "/b", "../evil"], 2),
        (["--root"], 2),
    ],
)
def test_other_commands(tmp_path: Path, argv: list[str], status: int) -> None:
    assert capture_runtime.main(["--capture-dir", str(tmp_path), *argv]) == status
    assert not list(tmp_path.iterdir())


@pytest.mark.subprocess
def test_the_wrapper_script_runs_it(tmp_path: Path, bundle: Path) -> None:
    """The script a managed engine is given: this interpreter, the module, the private capture folder."""
    script = tmp_path / "runtime"
    script.write_text(capture_wrapper(tmp_path / "cap"))
    script.chmod(0o755)
    done = subprocess.run(
        [str(script), "create", "--bundle", str(bundle), "w1"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert capture_runtime.REFUSAL in done.stderr
    assert (tmp_path / "cap" / "w1.json").is_file()
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("runc version")

"""``mobyspec import``: real ``docker inspect`` output (dockerd 20.10.24, captured here) becomes a case."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from procs import MOBYSPEC

from mobyspec_conformance.corpus import parse_case
from mobyspec_conformance.live.inspect_import import InspectError, import_inspect

INSPECT = Path(__file__).parent / "data" / "inspect" / "dockerd-20.10.24.json"


def test_real_inspect_output_becomes_a_valid_case() -> None:
    imported = import_inspect(json.loads(INSPECT.read_text()))
    case = imported.case
    container = case["input"]["container"]
    assert case["id"] == "imported/web"
    assert container["Path"] == "/bin/sh"
    assert container["Args"] == ["-c", "echo hi"]
    assert container["Config"]["Env"] == ["FOO=1", "BAR"]
    assert container["Config"]["WorkingDir"] == "/srv/app"
    assert container["HostConfig"]["Init"] is True
    assert container["HostConfig"]["ReadonlyRootfs"] is True
    assert case["features"] == ["args", "env", "hostname", "init", "tty", "workdir"]
    pointers = [p for p, _ in imported.todo]
    assert "/input/daemon/Init" in pointers
    assert "/input/host/LookPath/docker-init" in pointers
    assert "/input/host/Files" in pointers
    assert "/input/container/BaseFS" in pointers  # vfs has no MergedDir
    assert case["description"].startswith("TODO")
    # a valid case file of format v1 (the loader's own checks)
    parse_case(json.dumps(case).encode(), "imported.json", case["id"])


@pytest.mark.parametrize("doc", [[], [{"Id": "x"}], {"Config": {}}, "text"])
def test_not_an_inspect(doc: object) -> None:
    with pytest.raises(InspectError):
        import_inspect(doc)


@pytest.mark.subprocess
def test_the_command(tmp_path: Path) -> None:
    out = tmp_path / "case.json"
    done = subprocess.run(
        [MOBYSPEC, "import", str(INSPECT), "--id", "imported/x", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["id"] == "imported/x"
    assert "TODO /input/daemon/Init" in done.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    done = subprocess.run([MOBYSPEC, "import", str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr


def test_podman_inspect_is_imported_with_a_warning() -> None:
    """podman 4.3.1's compat inspect (captured here): a valid case, marked as podman's view to rewrite."""
    imported = import_inspect(json.loads((INSPECT.parent / "podman-4.3.1.json").read_text()))
    container = imported.case["input"]["container"]
    assert container["Path"] == "/run/podman-init"
    assert any(p == "/input/container" and "podman's view" in w for p, w in imported.todo)
    parse_case(json.dumps(imported.case).encode(), "imported.json", imported.case["id"])
    docker = import_inspect(json.loads(INSPECT.read_text()))
    assert not any(p == "/input/container" for p, _ in docker.todo)

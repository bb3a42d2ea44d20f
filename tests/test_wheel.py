"""One artifact carries the suite: the wheel runs from an empty folder in a clean venv; the sdist packs alike.

The wheel is the one tox built for this run (``$TOX_PACKAGE``), else ``uv build --wheel`` of the checkout.
It is installed with ``uv pip`` into a fresh ``uv venv`` with nothing else but pytest and run outside the
checkout with no ``MOBYSPEC_*`` variable: the commands and the pytest plugin must find the shipped corpus
and goldens, and a damaged pack must be named.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from uv import find_uv_bin

from mobyspec_conformance.suitepack import pack

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
#: The wheel must stay well below PyPI's default limit (and cheap to download in every CI job).
MAX_WHEEL_BYTES = 20 * 1024 * 1024


def _run(*args, cwd, env=None, check=True):
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )
    if check:
        assert done.returncode == 0, (
            f"{args}: {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, empty working folder, clean environment) with only the built wheel and pytest."""
    tmp = tmp_path_factory.mktemp("wheel")
    uv = find_uv_bin()
    built = [Path(p) for p in os.environ.get("TOX_PACKAGE", "").split(os.pathsep) if p.endswith(".whl")]
    if not built:
        _run(uv, "build", "--quiet", "--wheel", "--out-dir", tmp / "dist", ROOT, cwd=tmp)
        built = list((tmp / "dist").glob("*.whl"))
    (wheel,) = built
    _run(uv, "venv", "--quiet", "--python", sys.executable, tmp / "venv", cwd=tmp)
    _run(
        uv, "pip", "install", "--quiet", "--python", tmp / "venv" / "bin" / "python", wheel, "pytest", cwd=tmp
    )
    (tmp / "empty").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOBYSPEC_", "PYTHON", "VIRTUAL_ENV"))}
    env["MOBYSPEC_CACHE_DIR"] = str(tmp / "cache")
    return wheel, tmp / "venv" / "bin", tmp / "empty", env


def test_the_wheel_carries_the_checkouts_suite_and_stays_small(installed):
    wheel, *_ = installed
    assert wheel.stat().st_size < MAX_WHEEL_BYTES
    with zipfile.ZipFile(wheel) as zf:
        shipped = zf.read("mobyspec_conformance/suite/blobs.xz")
        names = zf.namelist()
    assert shipped == pack(ROOT)  # every case, golden and the lock, byte for byte
    assert not any(n.startswith(("goldens/", "conformance/")) for n in names)  # only the pack


def test_commands_and_the_plugin_run_from_an_empty_folder(installed):
    _, bin_, empty, env = installed
    assert "run" in _run(bin_ / "mobyspec", "--help", cwd=empty, env=env).stdout
    done = _run(
        bin_ / "mobyspec", "run", "--builder", "reference", "--id", "linux/init/*", cwd=empty, env=env
    )
    assert done.stdout.rstrip().endswith("passed, 0 failed, 0 skipped")
    assert not done.stdout.startswith("0 passed")
    done = _run(
        bin_ / "pytest", "-p", "no:cacheprovider", "--pyargs", "mobyspec_conformance",
        "--mobyspec-id", "linux/init/hostconfig-*", cwd=empty, env=env,
    )  # fmt: skip
    assert " passed" in done.stdout
    assert list(empty.iterdir()) == []


def test_a_damaged_install_is_named_with_exit_2(installed):
    _, bin_, empty, env = installed
    (pack_file,) = bin_.parent.glob("lib/python*/site-packages/mobyspec_conformance/suite/blobs.xz")
    data = pack_file.read_bytes()
    pack_file.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    done = _run(bin_ / "mobyspec", "run", "--builder", "reference", cwd=empty, env=env, check=False)
    assert done.returncode == 2
    assert "damaged install: mobyspec_conformance/suite/blobs.xz" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.robust
def test_the_sdist_packs_the_same_suite(tmp_path):
    # the sdist holds everything the wheel's build hook packs: its pack is the checkout's, byte for byte
    _run(find_uv_bin(), "build", "--quiet", "--sdist", "--out-dir", tmp_path, ROOT, cwd=tmp_path)
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "src", filter="data")
    (src,) = (tmp_path / "src").iterdir()
    assert (src / "hatch_build.py").is_file()
    assert pack(src) == pack(ROOT)

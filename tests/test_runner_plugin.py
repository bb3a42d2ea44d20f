"""The pytest plugin: ``pytest --pyargs mobyspec_conformance --mobyspec-builder X`` in a pytest process."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[1]


def pytest_run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
    )


SELECT = ["--pyargs", "mobyspec_conformance", "--mobyspec-id", "linux/cwd/*", "--mobyspec-profile", "17.06"]


def test_reference_passes_with_a_feature_table_and_junit_properties(tmp_path):
    done = pytest_run(*SELECT, "--junitxml", str(tmp_path / "j.xml"))
    assert done.returncode == 0, done.stdout[-3000:]
    assert "mobyspec conformance by feature" in done.stdout
    assert "7 passed" in done.stdout  # the linux/cwd cases at 17.06
    root = ET.parse(tmp_path / "j.xml").getroot()  # noqa: S314 - our own file
    props = {(p.get("name"), p.get("value")) for p in root.iter("property")}
    assert ("feature", "cwd") in props
    assert ("profile", "17.06") in props


def test_bug_fails_with_the_diff_and_expectations_make_it_xfail_then_xpass(tmp_path):
    done = pytest_run(*SELECT, "--mobyspec-builder", "py:runner_fakes:NoCwdDefault")
    assert done.returncode == 1
    assert '/process/cwd: expected "/", got ""' in done.stdout
    exp = tmp_path / "exp.toml"
    exp.write_text(
        'version = 1\n[[expect]]\ncase = "linux/cwd/default"\nexpect = "fail"\nreason = "no default"\n'
    )
    done = pytest_run(
        *SELECT, "--mobyspec-builder", "py:runner_fakes:NoCwdDefault", "--mobyspec-expectations", str(exp)
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "6 passed, 1 xfailed" in done.stdout
    done = pytest_run(*SELECT, "--mobyspec-expectations", str(exp))
    assert done.returncode == 1
    assert "XPASS(strict)" in done.stdout


def test_empty_selection_and_stale_expectations_are_usage_errors(tmp_path):
    done = pytest_run("--pyargs", "mobyspec_conformance", "--mobyspec-id", "no/such/*")
    assert done.returncode == 2  # a collection error: pytest stops before running anything
    assert "no (case, profile) selected" in done.stdout
    exp = tmp_path / "exp.toml"
    exp.write_text('version = 1\n[[expect]]\ncase = "linux/gone"\nexpect = "fail"\nreason = "renamed"\n')
    done = pytest_run(*SELECT, "--mobyspec-expectations", str(exp))
    assert done.returncode == 2
    assert "'linux/gone' matches no case of the corpus" in done.stdout


def test_plugin_is_inert_for_other_test_suites(tmp_path):
    (tmp_path / "test_other.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.parametrize('x', [1, 2])\n"
        "def test_other(x):\n    assert x\n\n"
        "def test_named_like_ours(request):\n    assert 'mobyspec_pair' not in request.fixturenames\n"
    )
    done = pytest_run(str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "3 passed" in done.stdout
    assert "mobyspec conformance" not in done.stdout


def test_plugin_coexists_with_a_suite_that_defines_builder(tmp_path):
    # another project's conftest owns --builder and a `builder` fixture; mobyspec registers nothing there
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n"
        "def pytest_addoption(parser):\n    parser.addoption('--builder', default='theirs')\n\n"
        "@pytest.fixture\ndef builder(request):\n    return request.config.getoption('--builder')\n"
    )
    (tmp_path / "test_theirs.py").write_text(
        "def test_their_builder(builder, request):\n"
        "    assert builder == 'mine'\n"
        "    assert not request.config.pluginmanager.has_plugin('mobyspec-conformance')\n"
    )
    done = pytest_run(str(tmp_path), "--builder", "mine", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert "mobyspec conformance" not in done.stdout


def _corpus_with_unknown_feature(tmp_path):
    corpus = tmp_path / "cases"
    source = ROOT / "conformance" / "cases" / "linux" / "cwd" / "default.json"
    (corpus / "linux" / "cwd").mkdir(parents=True)
    text = source.read_text().replace('"features": [', '"features": ["no-such-feature", ', 1)
    (corpus / "linux" / "cwd" / "default.json").write_text(text)
    return corpus


def test_plugin_refuses_what_run_refuses_in_the_same_words(tmp_path):
    from click.testing import CliRunner

    from mobyspec_conformance.cli import main

    corpus = _corpus_with_unknown_feature(tmp_path)
    done = pytest_run(*SELECT, "--mobyspec-corpus", str(corpus))
    assert done.returncode == 2, done.stdout[-3000:]
    ran = CliRunner().invoke(main, ["run", "-b", "reference", "--corpus", str(corpus), "--id", "linux/cwd/*"])
    assert ran.exit_code == 2
    message = "unknown feature 'no-such-feature' (not in the feature registry)"
    assert message in ran.stderr
    assert message in done.stdout + done.stderr


def test_plugin_refuses_a_missing_golden_at_collection(tmp_path):
    done = pytest_run(*SELECT, "--mobyspec-goldens", str(tmp_path))
    assert done.returncode == 2
    assert "missing goldens:" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_plugin_exits_like_run_when_the_builder_is_unusable(tmp_path):
    script = tmp_path / "dies.py"
    script.write_text("import sys\nsys.stderr.write('no engine here\\n')\nsys.exit(1)\n")
    done = pytest_run(*SELECT, "--mobyspec-builder", f"cmd:{sys.executable} {script}")
    assert done.returncode == 3
    assert "no engine here" in done.stdout + done.stderr

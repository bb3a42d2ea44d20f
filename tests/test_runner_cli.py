"""``mobyspec run`` and ``mobyspec detect`` on the command line: exit codes, the last line, files written.

The subprocess tests run the real CLI against the reference through ``cmd:mobyspec serve`` and a oneshot
adapter: the reference must pass through every transport.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from procs import MOBYSPEC

from mobyspec_conformance import exitcodes
from mobyspec_conformance.cli import main
from mobyspec_conformance.expectations import TODO_REASON, load
from mobyspec_reference.profiles import profiles_for

ROOT = Path(__file__).resolve().parents[1]
ONESHOT = ROOT / "conformance" / "adapters" / "python-oneshot" / "oneshot_reference.py"
SUMMARY = r"^\d+ passed, \d+ failed, \d+ skipped$"


def mobyspec(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def last_line(output):
    return output.rstrip("\n").splitlines()[-1]


def test_reference_run_is_conformant_and_ends_with_the_summary(tmp_path):
    code, out, _ = mobyspec(
        "run", "--builder", "reference", "--id", "linux/cwd/*", "--report", str(tmp_path / "r.jsonl")
    )
    assert code == exitcodes.OK
    footer = json.loads((tmp_path / "r.jsonl").read_text().splitlines()[-1])
    assert last_line(out) == footer["summary"] == f"{footer['counts']['pass']} passed, 0 failed, 0 skipped"
    assert "results by feature" in out


def test_buggy_builder_fails_with_the_diff_on_screen(tmp_path):
    code, out, _ = mobyspec(
        "run",
        "--builder",
        "py:runner_fakes:NoCwdDefault",
        "--id",
        "linux/cwd/default",
        "-p",
        "17.06",
        "--junit",
        str(tmp_path / "j.xml"),
        "--markdown",
        str(tmp_path / "s.md"),
        "--badge",
        str(tmp_path / "b.json"),
        "--save-repro",
        str(tmp_path / "repro"),
    )
    assert code == exitcodes.FAILED
    assert '/process/cwd: expected "/", got ""' in out
    assert last_line(out) == "0 passed, 1 failed, 0 skipped"
    assert (tmp_path / "j.xml").is_file()
    assert "0 passed, 1 failed, 0 skipped" in (tmp_path / "s.md").read_text()
    assert json.loads((tmp_path / "b.json").read_text())["color"] == "red"
    assert (tmp_path / "repro" / "17.06" / "linux" / "cwd" / "default" / "repro.sh").is_file()


def test_update_expectations_then_pass_then_unexpected_pass(tmp_path):
    exp = tmp_path / "nocwd.toml"
    args = ["--id", "linux/cwd/*", "--expectations", str(exp)]
    code, out, _ = mobyspec(
        "run", "--builder", "py:runner_fakes:NoCwdDefault", *args, "--update-expectations"
    )
    assert code == exitcodes.FAILED  # this run still failed; the next one runs with the new file
    assert f"expectations: wrote {exp}" in out
    entries = load(exp).entries
    assert [(e.case, e.reason) for e in entries] == [
        ("linux/cwd/default", f"{TODO_REASON} (behaviours: cwd)")
    ]
    code, out, _ = mobyspec("run", "--builder", "py:runner_fakes:NoCwdDefault", *args)
    assert code == exitcodes.OK
    # linux/cwd/default is skipped once per profile with a Linux spec
    assert last_line(out).endswith(f" passed, 0 failed, {len(profiles_for('linux', 'spec'))} skipped")
    code, out, _ = mobyspec("run", "--builder", "reference", *args)
    assert code == exitcodes.FAILED
    assert "XPASS" in out
    assert "remove it from the expectations file" in out


def test_update_expectations_keeps_the_files_comments(tmp_path):
    exp = tmp_path / "nocwd.toml"
    exp.write_text(
        "# acme-builder's known failures: reviewed every release\nversion = 1\n\n"
        '[[expect]]\ncase = "linux/init/*"\nexpect = "skip"  # not started yet\nreason = "no init"\n'
    )
    args = ["--id", "linux/cwd/*", "--expectations", str(exp), "--update-expectations"]
    mobyspec("run", "--builder", "py:runner_fakes:NoCwdDefault", *args)
    text = exp.read_text()
    assert text.startswith("# acme-builder's known failures: reviewed every release\n")
    assert 'expect = "skip"  # not started yet' in text
    assert [e.case for e in load(exp).entries] == ["linux/init/*", "linux/cwd/default"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--builder", "reference", "--profile", "99.9"], "--profile '99.9': unknown profile"),
        (["--builder", "reference", "--feature", "nope"], "--feature 'nope': not in the feature registry"),
        (["--builder", "nonsense"], "--builder 'nonsense': unknown builder"),
        (["--builder", "reference", "--update-expectations"], "--update-expectations needs --expectations"),
        (["--builder", "reference", "--corpus", "/nonexistent/corpus"], "no case files"),
        (
            ["--builder", "reference", "--goldens", "/nonexistent/goldens", "--id", "linux/cwd/default"],
            "missing goldens",
        ),
    ],
)
def test_usage_errors_exit_2(args, message):
    code, _, err = mobyspec("run", *args)
    assert code == exitcodes.USAGE
    assert message in err


def test_malformed_expectations_exit_2_with_the_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('version = 1\n\n[[expect]]\ncase = "linux/cwd/default"\nexpect = "fail"\n')
    code, _, err = mobyspec("run", "--builder", "reference", "--expectations", str(bad))
    assert code == exitcodes.USAGE
    assert f"{bad}:3: expect/0: 'reason' is a required property" in err


def test_nothing_selected_exits_4():
    code, out, _ = mobyspec("run", "--builder", "reference", "--id", "no/such/case")
    assert code == exitcodes.NOTHING_RAN
    assert last_line(out) == "0 passed, 0 failed, 0 skipped"


def test_unusable_builder_exits_3():
    code, out, _ = mobyspec("run", "--builder", "py:runner_fakes:WontStart", "--id", "linux/cwd/*")
    assert code == exitcodes.BUILDER_UNUSABLE
    assert "hello: no answer" in out


def test_gate_exact_fails_map_order():
    args = ["--builder", "py:runner_fakes:ShuffledLinks", "--id", "linux/links/three-links", "-p", "17.06"]
    assert mobyspec("run", *args)[0] == exitcodes.OK
    code, out, _ = mobyspec("run", *args, "--gate", "exact")
    assert code == exitcodes.FAILED
    assert "scores: exact 0/1, semantic 1/1" in out


def test_detect_names_the_version():
    code, out, _ = mobyspec("detect", "--builder", "py:runner_fakes:OneVersion1703", "--id", "linux/init/*")
    assert code == exitcodes.OK
    first = out.splitlines()[0]
    assert first.startswith("behaves like 17.03: 100% (")


# --- real subprocesses ---------------------------------------------------------------------------------


def _cli(*args):
    return subprocess.run(
        [MOBYSPEC, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.full
@pytest.mark.subprocess
@pytest.mark.slow
def test_reference_passes_everything_through_a_session_process(tmp_path):
    report = tmp_path / "serve.jsonl"
    done = _cli("run", "--builder", f"cmd:{MOBYSPEC} serve", "--report", str(report))
    assert done.returncode == exitcodes.OK, done.stdout[-2000:] + done.stderr[-2000:]
    footer = json.loads(report.read_text().splitlines()[-1])
    assert footer["counts"]["pass"] == sum(footer["counts"].values()) > 1000
    assert done.stdout.splitlines()[-1] == footer["summary"]


@pytest.mark.subprocess
def test_reference_passes_through_oneshot_processes_and_jobs():
    done = _cli(
        "run",
        "--builder",
        f"oneshot:{sys.executable} {ONESHOT}",
        "--id",
        "linux/cwd/*",
        "--id",
        "linux/links/child-*",
        "-p",
        "17.06",
        "-p",
        "1.12",
        "--jobs",
        "2",
    )
    assert done.returncode == exitcodes.OK, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.splitlines()[-1].endswith(" passed, 0 failed, 0 skipped")

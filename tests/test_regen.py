"""`mobyspec regen`: the steps of `tox -e regen`, refused outside a checkout, stopped by a failing step."""

from __future__ import annotations

import configparser
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from mobyspec_conformance import regen
from mobyspec_conformance.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _tox_regen_commands() -> list[list[str]]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    lines = parser["testenv:regen"]["commands"].strip().splitlines()
    return [[a for a in shlex.split(line) if a != "{posargs}"] for line in lines]


def test_the_steps_are_those_of_tox_regen():
    corpus, goldens, lock = regen.steps()
    tox_corpus, tox_goldens, tox_lock = _tox_regen_commands()
    assert corpus[0] == "corpus"
    assert tox_corpus == ["python", corpus[1][2].replace(".", "/") + ".py"]
    assert goldens[1][:3] == [sys.executable, "-m", "pytest"]
    assert goldens[1][3:] == tox_goldens[1:]
    assert Path(lock[1][0]).name == tox_lock[0] == "mobyspec"
    assert lock[1][1:] == tox_lock[1:]


def test_regen_outside_a_checkout_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(regen, "CHECKOUT", tmp_path)
    done = CliRunner().invoke(main, ["regen"])
    assert done.exit_code == 2
    assert "regen runs in a checkout of mobyspec" in done.stderr
    assert "tools/corpus/generate.py" in done.stderr


def test_a_failing_step_stops_regen_with_its_exit_code(tmp_path, monkeypatch):
    for name in ("tools/corpus/generate.py", "tests/test_goldens.py", "cases.lock"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    monkeypatch.setattr(regen, "CHECKOUT", tmp_path)
    ran = tmp_path / "ran"
    monkeypatch.setattr(
        regen,
        "steps",
        lambda: [
            ("first", [sys.executable, "-c", f"open({str(ran)!r}, 'w').write('yes')"]),
            ("second", [sys.executable, "-c", "raise SystemExit(5)"]),
            ("third", [sys.executable, "-c", "raise SystemExit('never run')"]),
        ],
    )
    done = CliRunner().invoke(main, ["regen"])
    assert done.exit_code == 5
    assert ran.read_text() == "yes"
    assert "the second step failed (exit 5)" in done.stderr
    assert "never run" not in done.stderr

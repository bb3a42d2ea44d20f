"""Files mobyspec writes and the paths it builds: atomic replacement, ids that cannot leave their folder,
and regeneration that is byte-identical across runs and hash seeds (docs/robustness.md)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from syrupy.data import Snapshot, SnapshotCollection

from mobyspec_conformance import atomic, exitcodes, props_cli
from mobyspec_conformance.adapters.base import BuildRequest, Built
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.atomic import write_text
from mobyspec_conformance.cli import main
from mobyspec_conformance.corpus import (
    CaseError,
    Selection,
    UnsafePathError,
    case_folder,
    default_corpus,
    default_goldens,
    golden_path,
    parse_case,
)
from mobyspec_conformance.expectations import Entry, Expectations, dumps
from mobyspec_conformance.lint import write_lock
from mobyspec_conformance.properties import Result
from mobyspec_conformance.report import badge, junit, markdown
from mobyspec_conformance.report.jsonl import ReportWriter, read
from mobyspec_conformance.runner import Runner, RunOptions, run

ROOT = Path(__file__).resolve().parents[1]

UNSAFE_IDS = [
    "..",
    "../goldens-elsewhere/x",
    "linux/../../../etc/passwd",
    "/etc/passwd",
    "linux\\cwd\\default",
    "linux/cwd/default\x00.json",
    "linux//default",
    "./linux/cwd",
    "linux/cwd/.",
    "linux/cwd/default\n",
    "",
]


def _minimal_case(case_id: str) -> dict:
    return {
        "id": case_id,
        "description": "a plain container",
        "platform": "linux",
        "operation": "spec",
        "features": ["default-spec"],
        "input": {"container": {"ID": "c0ffee", "Path": "sh"}},
    }


# --- case ids never leave their folder ---------------------------------------------------------------


@pytest.mark.parametrize("case_id", UNSAFE_IDS)
def test_unsafe_case_ids_are_refused_wherever_an_id_becomes_a_path(tmp_path, case_id):
    with pytest.raises(UnsafePathError):
        golden_path(tmp_path, "17.06", case_id)
    with pytest.raises(UnsafePathError):
        case_folder(tmp_path, "17.06", case_id)
    with pytest.raises(CaseError) as err:
        parse_case(json.dumps(_minimal_case(case_id)), "evil.json")
    assert [p.pointer for p in err.value.problems] == ["/id"]
    assert str(err.value.problems[0]).startswith("evil.json#/id: ")


@pytest.mark.parametrize("profile", ["..", ".", "", "17.06/../..", "a\\b", "a\x00b", "C:"])
def test_unsafe_profile_segments_are_refused(tmp_path, profile):
    with pytest.raises(UnsafePathError):
        golden_path(tmp_path, profile, "linux/cwd/default")


def test_safe_ids_stay_below_the_folder(tmp_path):
    path = golden_path(tmp_path, "1.12-dev+c70f153", "linux/sys/a.b-c/0")
    assert path == tmp_path / "1.12-dev+c70f153" / "linux" / "sys" / "a.b-c" / "0.json"


def test_save_repro_refuses_an_unsafe_id_and_writes_nothing(tmp_path):
    repro = tmp_path / "repro"
    runner = Runner(
        RunOptions(corpus=tmp_path, goldens=tmp_path, save_repro=repro),
        lambda: None,
        sink=None,  # type: ignore[arg-type]
    )
    record = {"id": "../../escaped", "profile": "17.06", "outcome": "fail"}
    request = BuildRequest(0, record["id"], "17.06", "linux", "spec", {})
    with pytest.raises(UnsafePathError):
        runner.save_repro(record, request, Built({}), {})
    assert not list(tmp_path.rglob("*.json"))


def test_a_case_file_whose_name_is_not_a_safe_id_stops_the_run_with_exit_2(tmp_path):
    corpus = tmp_path / "cases"
    corpus.mkdir()
    name = "linux\\..\\..\\evil"
    (corpus / f"{name}.json").write_text(json.dumps(_minimal_case(name)))
    result = CliRunner().invoke(main, ["run", "--builder", "reference", "--corpus", str(corpus)])
    assert result.exit_code == exitcodes.USAGE
    assert f"{corpus / name}.json#/id: " in result.stderr
    assert "Traceback" not in result.stderr


def test_golden_extension_refuses_to_write_outside_the_goldens(tmp_path):
    from conftest import GoldenJSON

    collection = SnapshotCollection(location=str(tmp_path / "outside.json"))
    collection.add(Snapshot(name="x", data="{}\n"))
    with pytest.raises(ValueError, match="outside"):
        GoldenJSON.write_snapshot_collection(snapshot_collection=collection)
    assert not (tmp_path / "outside.json").exists()


# --- atomic writes -----------------------------------------------------------------------------------


WRITERS = ["report", "junit", "markdown", "badge", "expectations", "lock", "props junit"]


def _fail_rename(monkeypatch):
    def refuse(_self, target):
        msg = f"simulated failure renaming onto {target}"
        raise OSError(msg)

    monkeypatch.setattr(Path, "replace", refuse)


def _report_file(path: Path) -> None:
    with ReportWriter(path) as sink:
        sink.header({"type": "header", "schema": "mobyspec/report/1"})
        sink.footer({"type": "footer"})


def _writers(tmp_path: Path):
    """Every writer of a user-visible file, each as (target, write-it) with a small valid input."""
    report = tmp_path / "source.jsonl"
    options = RunOptions(
        corpus=default_corpus(), goldens=default_goldens(), selection=Selection(ids=("linux/cwd/default",))
    )
    with ReportWriter(report) as sink:
        run(options, ReferenceBuilder, sink)
    corpus = tmp_path / "cases"
    (corpus / "linux").mkdir(parents=True)
    (corpus / "linux" / "x.json").write_text(json.dumps(_minimal_case("linux/x")))
    return {
        "report": (tmp_path / "r.jsonl", _report_file),
        "junit": (tmp_path / "j.xml", lambda p: junit.write(read(report), p)),
        "markdown": (tmp_path / "s.md", lambda p: markdown.write(read(report), p)),
        "badge": (tmp_path / "b.json", lambda p: badge.write(read(report), p)),
        "expectations": (
            tmp_path / "e.toml",
            lambda p: write_text(p, dumps(Expectations(entries=(Entry("x", "fail", "r"),)))),
        ),
        "lock": (tmp_path / "cases.lock", lambda p: write_lock(corpus, tmp_path / "goldens", p)),
        "props junit": (
            tmp_path / "props.xml",
            lambda p: props_cli.write_junit([Result("p", "17.06", "linux", "passed")], p, "reference"),
        ),
    }


@pytest.mark.parametrize("kind", WRITERS)
def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch, kind):
    target, write = _writers(tmp_path)[kind]
    target.write_text("the previous version\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    _fail_rename(monkeypatch)
    with pytest.raises(OSError, match="simulated failure"):
        write(target)
    assert target.read_text() == "the previous version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("kind", WRITERS)
def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path, kind):
    target, write = _writers(tmp_path)[kind]
    target.write_text("the previous version\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    write(target)
    assert target.read_text() != "the previous version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_goldens_are_written_through_a_temporary_file(monkeypatch):
    from conftest import GOLDENS, GoldenJSON

    target = GOLDENS / "robustness-probe" / "x.json"
    collection = SnapshotCollection(location=str(target))
    collection.add(Snapshot(name="robustness-probe/x", data="{}\n"))
    _fail_rename(monkeypatch)
    try:
        with pytest.raises(OSError, match="simulated failure"):
            GoldenJSON.write_snapshot_collection(snapshot_collection=collection)
        assert not target.exists()
        assert not list(target.parent.iterdir())  # no temporary left either
    finally:
        if target.parent.is_dir():
            target.parent.rmdir()


def test_an_interrupted_report_is_in_place_without_its_footer(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("an older report\n")
    seen: list[tuple[str, int]] = []

    def interrupted_run():
        with ReportWriter(path) as sink:
            sink.header({"type": "header", "schema": "mobyspec/report/1"})
            sink.record({"type": "case", "id": "a", "profile": "17.06", "outcome": "pass"})
            (tmp,) = tmp_path.glob(".r.jsonl.*.tmp")
            seen.append((path.read_text(), len(tmp.read_text().splitlines())))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_run()
    # while the run went, the old report stayed whole and the new one grew beside it
    assert seen == [("an older report\n", 2)]
    report = read(path)
    assert not report.complete
    assert [r["id"] for r in report.records()] == ["a"]
    assert [p.name for p in tmp_path.iterdir()] == ["r.jsonl"]


def test_a_special_file_target_is_written_in_place(tmp_path):
    fifo = tmp_path / "summary.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    atomic.write_text(fifo, "to a pipe\n")
    reader.join(5)
    assert got == ["to a pipe\n"]
    assert fifo.is_fifo()


def test_generated_case_files_are_replaced_atomically(tmp_path, monkeypatch):
    from tools.corpus import generate

    generate.write(tmp_path, {"a/b": "new\n"})
    assert (tmp_path / "a" / "b.json").read_text() == "new\n"
    (tmp_path / "a" / ".b.json.left-by-a-kill.tmp").write_text("partial")
    _fail_rename(monkeypatch)
    with pytest.raises(OSError, match="simulated failure"):
        generate.write(tmp_path, {"a/b": "newer\n"})
    assert (tmp_path / "a" / "b.json").read_text() == "new\n"
    monkeypatch.undo()
    generate.write(tmp_path, {"a/b": "newer\n"})
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.json"]


# --- regeneration is byte-identical under any hash seed ----------------------------------------------

# Regenerates one profile's goldens through syrupy into a fresh folder; prints sha256 and path of each.
_GOLDENS_K = "17.06"


def _regenerate_goldens(folder: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "MOBYSPEC_GOLDENS": str(folder)}
    argv = [sys.executable, "-m", "pytest", "tests/test_goldens.py", "--snapshot-update", "-q"]
    argv += ["-p", "no:cacheprovider", "-p", "no:randomly", "-k", _GOLDENS_K]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()} {p.relative_to(folder).as_posix()}\n"
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )


@pytest.mark.full
@pytest.mark.subprocess
@pytest.mark.slow
def test_golden_regeneration_is_byte_identical_across_hash_seeds_and_equals_the_committed(tmp_path):
    first = _regenerate_goldens(tmp_path / "a", "1")
    assert first.count("\n") > 100
    assert _regenerate_goldens(tmp_path / "b", "4242") == first
    committed = default_goldens()
    for line in first.splitlines():
        digest, name = line.split(" ", 1)
        assert hashlib.sha256((committed / name).read_bytes()).hexdigest() == digest, name


_LOCK = """
import sys, pathlib
from mobyspec_conformance.lint import write_lock
from mobyspec_conformance.properties import Result
write_lock(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
"""


@pytest.mark.full
@pytest.mark.subprocess
def test_the_lock_is_byte_identical_across_hash_seeds_and_equals_the_committed(tmp_path):
    outputs = []
    for seed in ("0", "1", "4242"):
        lock = tmp_path / f"lock-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [str(default_corpus()), str(default_goldens()), str(lock)]
        subprocess.run([sys.executable, "-c", _LOCK, *args], env=env, check=True)
        outputs.append(lock.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] == (ROOT / "cases.lock").read_bytes()

"""The attacks of issue 17 against ``mobyspec run``, each with its misbehaving fake in ``tests/fakes/``.

Each test runs the real command (or the transport) against a fake that breaks one promise of
``docs/robustness.md`` and checks the documented outcome: nothing lost, no traceback, the exit code, no
process left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from procs import MOBYSPEC, alive

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import BuildRequest, Built, TimedOut
from mobyspec_conformance.adapters.oneshot import OneshotBuilder
from mobyspec_conformance.adapters.protocol import ProtocolError, decode
from mobyspec_conformance.adapters.session import SessionBuilder
from mobyspec_conformance.atomic import output_problem
from mobyspec_conformance.cli import main
from mobyspec_conformance.compare import MAX_LINES, compare, explain
from mobyspec_conformance.corpus import default_corpus, load
from mobyspec_conformance.report.jsonl import read

pytestmark = [pytest.mark.subprocess, pytest.mark.robust]

ROOT = Path(__file__).resolve().parents[1]
FAKES = Path(__file__).parent / "fakes"


def session(name: str) -> str:
    return f"cmd:{sys.executable} {FAKES / name}.py"


def oneshot(name: str) -> str:
    return f"oneshot:{sys.executable} {FAKES / name}.py"


def run(tmp_path: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """``mobyspec run ARGS`` with the fakes' environment; the report goes to ``tmp_path/run.jsonl``."""
    argv = [MOBYSPEC, "run", *args]
    if "--report" not in args:
        argv += ["--report", str(tmp_path / "run.jsonl")]
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        env={**os.environ, "FAKE_REFERENCE": "1", **env},
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def outcomes(path: Path) -> dict[str, str]:
    return {r["id"]: r["outcome"] for r in read(path).records()}


# --- A, N: strict decoding of answers ---------------------------------------------------------------------

#: Six start cases at 1.11 whose goldens hold ``"error": null``.
NULLS = "start/netmode/*"
NULL_BAD = "start/netmode/bridge-kept"


def run_nulls(tmp_path: Path, builder: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``mobyspec run`` of :data:`NULLS` at 1.11, the builder misbehaving on :data:`NULL_BAD`."""
    return run(tmp_path, "-b", builder, "--id", NULLS, "-p", "1.11", FAKE_BAD=NULL_BAD, **env)


@pytest.mark.parametrize("token", ["1e400", "NaN"])  # every token: test_decode_refuses_numbers_…
def test_a_non_finite_number_where_the_golden_has_null_is_a_protocol_error(tmp_path, token):
    done = run_nulls(tmp_path, session("non_finite"), FAKE_TOKEN=token)
    assert done.returncode == exitcodes.FAILED, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    got = outcomes(tmp_path / "run.jsonl")
    assert got.pop(NULL_BAD) == "protocol-error"
    assert set(got.values()) == {"pass"}


@pytest.mark.parametrize("text", [b"1e400", b"-1e400", b"[1E+999]", b"NaN", b"-Infinity", b'{"a": Infinity}'])
def test_decode_refuses_numbers_json_cannot_hold(text):
    with pytest.raises(ProtocolError, match="not JSON"):
        decode(text)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ('{"seq": 1}'.encode("utf-16"), "not UTF-8"),  # with its byte order mark
        ('{"seq": 1}'.encode("utf-16-le"), "not JSON"),  # NULs between the characters
        (b'{"a": "\xed\xa0\x80"}', "not UTF-8"),  # CESU-8: a surrogate encoded as three bytes
        (b'{"a": "\xc0\xaf"}', "not UTF-8"),  # an overlong encoding of "/"
        (b'\xef\xbb\xbf{"seq": 1}', "BOM"),
    ],
)
def test_decode_reads_strict_utf8_only(data, why):
    with pytest.raises(ProtocolError, match=why):
        decode(data)


def test_decode_keeps_what_json_allows():
    assert decode(b'"\\ud800"') == "\ud800"  # a lone surrogate escape: JSON, reported by the comparison
    assert decode(b"[18446744073709551616, -9223372036854775809]") == [2**64, -(2**63) - 1]  # exact
    assert decode('{"a": "é", "b": 1e308}'.encode()) == {"a": "é", "b": 1e308}


@pytest.mark.parametrize("encoding", ["utf-16"])  # without a BOM: test_decode_reads_strict_utf8_only
def test_an_answer_in_utf16_is_a_protocol_error(tmp_path, encoding):
    done = run_nulls(tmp_path, session("non_finite"), FAKE_ENCODING=encoding)
    assert done.returncode == exitcodes.BUILDER_UNUSABLE, done.stderr[-2000:]  # every answer is UTF-16
    assert "Traceback" not in done.stdout + done.stderr
    assert set(outcomes(tmp_path / "run.jsonl").values()) == {"protocol-error"}


def test_a_python_builder_returning_infinity_is_a_protocol_error(tmp_path):
    done = run_nulls(tmp_path, "py:py_non_finite:handle", PYTHONPATH=str(FAKES))
    assert done.returncode == exitcodes.FAILED, done.stderr[-2000:]
    got = outcomes(tmp_path / "run.jsonl")
    assert got.pop(NULL_BAD) == "protocol-error"
    assert set(got.values()) == {"pass"}


# --- M: oneshot, a child that keeps writing stderr ----------------------------------------------------------


def test_a_oneshot_answer_with_a_chatty_child_is_answered_not_timed_out():

    builder = OneshotBuilder([sys.executable, str(FAKES / "oneshot_chatty_child.py")], timeout=10.0)
    builder.start()
    began = time.monotonic()
    out = list(builder.run([BuildRequest(i, c, "17.06", "linux", "spec", {}) for i, c in enumerate("ab")]))
    builder.close()
    assert out == [Built({"case": c, "profile": "17.06"}) for c in "ab"]
    assert time.monotonic() - began < 5  # not the 10 s timeout


def test_a_session_answer_trickled_byte_by_byte_times_out_at_the_deadline():

    builder = SessionBuilder([sys.executable, str(FAKES / "trickle.py")], timeout=1.0)
    builder.start()
    began = time.monotonic()
    out = list(
        builder.run(
            [BuildRequest(i, c, "17.06", "linux", "spec", {}) for i, c in enumerate(["a", "bad", "b"])]
        )
    )
    builder.close()
    assert isinstance(out[1], TimedOut)
    assert [out[0], out[2]] == [Built({"case": c, "profile": "17.06"}) for c in "ab"]
    assert time.monotonic() - began < 5


# --- J: XML-safe JUnit ------------------------------------------------------------------------------------

BAD = "linux/cwd/existing-dir"


def test_non_characters_in_a_message_give_well_formed_junit(tmp_path):
    junit = tmp_path / "run.xml"
    done = run(
        tmp_path,
        "-b",
        session("nonchar_message"),
        "--id",
        "linux/cwd/*",
        "-p",
        "17.06",
        "--junit",
        str(junit),
        FAKE_BAD=BAD,
    )
    assert done.returncode == exitcodes.FAILED, done.stderr[-2000:]
    tree = ET.parse(junit)  # noqa: S314 - our own file; expat refuses U+FFFE and U+FFFF
    (failure,) = tree.iter("failure")
    for escape in ("\\ufffe", "\\uffff", "\\ufdd0", "\\U0010ffff"):
        assert escape in failure.text


# --- B, C: deep and big answers ----------------------------------------------------------------------------

CWD = ("--id", "linux/cwd/*", "-p", "17.06")
#: How many pairs CWD selects (from the corpus, so a new linux/cwd case counts too).
CWD_PAIRS = sum(
    1
    for c in load(default_corpus()).cases
    if c.id.startswith("linux/cwd/") and "17.06" in c.applicable_profiles()
)


@pytest.mark.parametrize(
    ("builder", "command"),
    [
        (session("deep_nesting"), "run"),
        (f"oneshot:{sys.executable} {FAKES / 'deep_nesting.py'} --oneshot", "run"),
        (session("deep_nesting"), "detect"),
    ],
)
def test_an_answer_nested_1015_deep_fails_without_a_recursion_error(tmp_path, builder, command):
    argv = [MOBYSPEC, command, "-b", builder, *CWD[:2], "--report", str(tmp_path / "run.jsonl")]
    if command == "run":
        argv += [*CWD[2:], "--save-repro", str(tmp_path / "repro"), "--junit", str(tmp_path / "run.xml")]
    # without the runtime-spec schema the answer is compared only (test_runtime_schema.py covers the
    # schema check of a deep answer): the outcome does not depend on where the suite runs
    env = {**os.environ, "FAKE_REFERENCE": "1", "FAKE_BAD": BAD}
    env.pop("MOBYSPEC_RUNTIME_SPEC_SCHEMA", None)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    report = read(tmp_path / "run.jsonl")
    assert report.complete
    records = [r for r in report.records() if r["id"] == BAD]
    assert records
    for record in records:
        assert record["outcome"] == "fail"
        assert any("/process/args" in line for line in record.get("diff", ["/process/args"]))
    if command == "run":
        assert done.returncode == exitcodes.FAILED
        assert {r["outcome"] for r in report.records() if r["id"] != BAD} == {"pass"}
        assert (tmp_path / "repro" / "17.06" / BAD / "response.json").is_file()
    else:
        assert done.returncode == exitcodes.OK


def test_a_big_wrong_answer_is_summarised_within_a_bounded_time(tmp_path):
    began = time.monotonic()
    done = run(tmp_path, "-b", session("big_answer"), *CWD, "--timeout", "10", FAKE_BAD=BAD)
    seconds = time.monotonic() - began
    assert done.returncode == exitcodes.FAILED, done.stderr[-2000:]
    records = {r["id"]: r for r in read(tmp_path / "run.jsonl").records()}
    bad = records.pop(BAD)
    assert bad["outcome"] == "fail"
    assert bad["diff"][0].startswith("/process/env: expected ")
    assert bad["diff"][0].endswith(" items, got 300002")
    assert len(bad["diff"]) <= 52
    assert {r["outcome"] for r in records.values()} == {"pass"}
    assert seconds < 30  # was 26 s of DeepDiff alone for this pair, 1.46 GB


def test_errored_details_nested_1015_deep_are_not_kept(tmp_path):
    done = run(tmp_path, "-b", session("deep_nesting"), *CWD, FAKE_BAD=BAD, FAKE_WHERE="details")
    assert done.returncode == exitcodes.FAILED, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    records = {r["id"]: r for r in read(tmp_path / "run.jsonl").records()}
    assert records[BAD]["error"]["details"] == "(not kept: nested deeper than 64 levels)"


def test_compare_and_explain_bound_depth_size_and_lines():
    golden = {"process": {"env": ["A=1", "B=2"], "args": ["sh"]}}
    deep: list = []
    node = deep
    for _ in range(100_000):  # far past any recursion limit; only an iterative walk gets through
        node.append([])
        node = node[0]
    kwargs = {"platform": "linux", "operation": "spec", "profile": "17.06", "case_input": {}}
    verdict = compare(golden, Built({"process": {"env": ["A=1", "B=2"], "args": deep}}), **kwargs)
    assert verdict.mismatch == "spec-differs"
    assert verdict.diff == ('/process/args/0: expected "sh", got a value nested deeper than 64 levels',)
    assert explain(golden, {"process": deep})[-1].startswith("/process: expected")
    wide = {"process": {"env": [f"X{i}=1" for i in range(200)], "args": ["sh"]}}
    lines = explain(golden, wide)  # 200 values: DeepDiff, capped
    assert len(lines) == MAX_LINES + 1
    assert lines[-1] == f"... and {200 - MAX_LINES} more differences"  # 2 changed, 198 added
    big = {"process": {"env": [f"X{i}=1" for i in range(1_000_000)], "args": ["sh"]}}
    began = time.monotonic()
    lines = compare(golden, Built(big), **kwargs).diff
    assert time.monotonic() - began < 2
    assert lines[0] == '/process/env/0: expected "A=1", got "X0=1"' or lines[0].startswith("/process/env")
    assert len(lines) <= MAX_LINES + 1


# --- K: special files in the corpus ------------------------------------------------------------------------


def _corpus_with(tmp_path: Path, hostile: dict) -> Path:
    """A copy of ``linux/cwd/default`` plus each hostile entry ``linux/cwd/<name>.json`` made by its maker."""
    corpus = tmp_path / "cases"
    folder = corpus / "linux" / "cwd"
    folder.mkdir(parents=True)
    source = ROOT / "conformance" / "cases" / "linux" / "cwd" / "default.json"
    (folder / "default.json").write_bytes(source.read_bytes())
    for name, (make, _) in hostile.items():
        make(folder / f"{name}.json")
    return corpus


HOSTILE = {
    "fifo": (os.mkfifo, "not a regular file (a FIFO)"),
    "zero": (lambda p: p.symlink_to("/dev/zero"), "not a regular file (a character device)"),
    "folder": (Path.mkdir, "not a regular file (a folder)"),
    "huge": (lambda p: p.write_bytes(b" " * (1024 * 1024 + 1)), "larger than 1048576 bytes"),
}


@pytest.mark.parametrize("command", ["run", "lint"])
def test_special_files_in_the_corpus_are_refused_by_name(tmp_path, command):
    corpus = _corpus_with(tmp_path, HOSTILE)
    argv = [MOBYSPEC, command, "--corpus", str(corpus)]
    if command == "run":
        argv += ["-b", "reference", "--report", str(tmp_path / "run.jsonl")]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == exitcodes.USAGE, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    for name, (_, why) in HOSTILE.items():
        assert f"{corpus}/linux/cwd/{name}.json: {why}" in done.stdout + done.stderr


def test_mobyspec_build_refuses_a_fifo(tmp_path):
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    done = subprocess.run(
        [MOBYSPEC, "build", str(fifo)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == exitcodes.USAGE
    assert f"{fifo}: not a regular file (a FIFO)" in done.stderr


# --- I: report merge checks what the shards share -------------------------------------------------------


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> list[Path]:
    """Shards 1/2 and 2/2 of ``linux/cwd/*`` at 17.06, run by the reference."""
    folder = tmp_path_factory.mktemp("shards")
    paths = []
    for index in (1, 2):
        path = folder / f"shard{index}.jsonl"
        done = run(folder, "-b", "reference", *CWD, "--shard", f"{index}/2", "--report", str(path))
        assert done.returncode == exitcodes.OK, done.stderr[-2000:]
        paths.append(path)
    return paths


def _merge(out: Path, reports: list[Path]) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", "merge", str(out), *map(str, reports)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("forge", "differs"),
    [
        (None, None),
        (("gate", '"exact"'), "gate"),
        (("selection.filters.platforms", '["linux"]'), "selection (selection.filters)"),
        (("builder.spec", '"cmd:other-builder"'), "builder (builder.spec)"),
        (("suite.corpus_sha256", '"' + "0" * 64 + '"'), "corpus (suite.corpus_sha256)"),
        (("builder.hello.implementation.name", '"other"'), "builder implementation (builder.hello)"),
    ],
)
def test_merge_refuses_shards_that_do_not_share_a_run(tmp_path, shards, forge, differs):
    second = tmp_path / "shard2.jsonl"
    second.write_bytes(shards[1].read_bytes())
    if forge:
        subprocess.run([sys.executable, FAKES / "forge_report.py", second, *forge], check=True)
    out = tmp_path / "merged.jsonl"
    code, output = _merge(out, [shards[0], second])
    if differs is None:
        assert code == exitcodes.OK, output
        assert read(out).footer["counts"]["pass"] == CWD_PAIRS
        return
    assert code == exitcodes.USAGE, output
    assert f"the reports differ in {differs}: {shards[0]}: " in output
    assert not out.exists()


def test_merge_refuses_to_count_a_pair_twice(tmp_path, shards):
    whole = tmp_path / "whole.jsonl"  # a shard passed off as a whole report
    whole.write_bytes(shards[0].read_bytes())
    subprocess.run([sys.executable, FAKES / "forge_report.py", whole, "shard", "null"], check=True)
    code, output = _merge(tmp_path / "merged.jsonl", [whole, whole])
    assert code == exitcodes.USAGE
    assert "17.06/linux/cwd/clean-dotdot is in" in output


# --- D: --jobs keeps every answered pair and shares one restart budget ------------------------------------


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_a_builder_that_breaks_for_good_keeps_its_answers_under_any_jobs(tmp_path, jobs):
    done = run(
        tmp_path,
        "-b",
        session("dies_after"),
        "--id",
        "linux/*",
        "-p",
        "17.06",
        "--jobs",
        jobs,
        FAKE_COUNTER=str(tmp_path / "counter"),
        FAKE_GOOD="31",
    )
    assert done.returncode == exitcodes.BUILDER_UNUSABLE, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    report = read(tmp_path / "run.jsonl")
    assert report.complete
    assert "giving up" in report.footer["aborted"]
    counts = report.footer["counts"]
    assert counts["pass"] == 31  # every pair answered before the break is in the report
    # one budget of 10 restarts for the run: at most one more failure per job than the restarts
    assert 11 <= counts["crashed"] <= 10 + int(jobs)
    records = list(report.records())
    assert len({(r["id"], r["profile"]) for r in records}) == len(records)
    assert report.footer["not_run"] == report.header["selection"]["selected"] - len(records)


# --- G: no process of a builder outlives the run -------------------------------------------------------


def _all_dead(pid_file: Path, within: float = 5.0) -> list[int]:
    """The recorded pids still alive after ``within`` seconds (empty: all dead)."""
    pids = [int(p) for p in pid_file.read_text().split()]
    assert pids
    deadline = time.monotonic() + within
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(
    ("builder", "mode", "outcome"),
    [
        (session("escaping_children"), "hang", "timeout"),
        (session("escaping_children"), "crash", "crashed"),
        (f"oneshot:{sys.executable} {FAKES / 'escaping_children.py'} --oneshot", "", "pass"),
    ],
)
def test_a_builders_setsid_and_setpgid_children_die_with_it(tmp_path, builder, mode, outcome):
    pids = tmp_path / "pids"
    done = run(tmp_path, "-b", builder, *CWD, FAKE_BAD=BAD, FAKE_MODE=mode, FAKE_PIDS=str(pids))
    assert "Traceback" not in done.stderr
    assert outcomes(tmp_path / "run.jsonl")[BAD] == outcome
    assert _all_dead(pids) == []


# --- G, H: manifest setup: bounded capture, the whole tree killed -------------------------------------------


def _max_rss(argv: list[str], folder: Path, **env: str) -> tuple[int, int, str]:
    """Exit code, peak resident KiB (of it and what it waited for) and stderr of a command."""
    with (folder / "out").open("wb") as out, (folder / "err").open("wb") as err:
        full_env = {**os.environ, "FAKE_REFERENCE": "1", **env}
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=full_env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss, (folder / "err").read_text()


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB and /proc are Linux's")
def test_an_endless_setup_is_killed_with_its_daemon_and_bounded_memory(tmp_path):
    manifest = tmp_path / "adapter.toml"
    head = f'name = "escape"\nmode = "session"\ncommand = ["{sys.executable}", "{FAKES / "good.py"}"]\n'
    manifest.write_text(head)
    argv = [MOBYSPEC, "run", "-b", str(manifest), *CWD, "--report", str(tmp_path / "run.jsonl")]
    code, baseline, _ = _max_rss(argv, tmp_path)
    assert code == exitcodes.OK
    manifest.write_text(
        head + f'setup = [["{sys.executable}", "{FAKES / "setup_escape.py"}"]]\nsetup_timeout_ms = 3000\n'
    )
    pids = tmp_path / "pids"
    code, flooded, stderr = _max_rss(argv, tmp_path, FAKE_PIDS=str(pids))
    assert code == exitcodes.BUILDER_UNUSABLE, stderr[-2000:]
    assert "Traceback" not in stderr
    assert "no exit within 3 s" in read(tmp_path / "run.jsonl").footer["aborted"]
    # against a run without the setup (a forked test worker's own size counts in both): capturing the
    # output whole took gigabytes, the ring keeps 64 KiB
    assert flooded - baseline < 64 * 1024, (baseline, flooded)
    assert _all_dead(pids) == []


# --- E: outputs checked before the run, written through links, failures said -----------------------------

OUTPUTS = ["--report", "--junit", "--markdown", "--badge", "--save-repro"]


def _hostile(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """An output path that cannot be written, and the start of the reason given."""
    if kind == "under a file":
        (tmp_path / "file").write_text("x")
        return tmp_path / "file" / "out", f"{tmp_path / 'file'} is not a folder"
    if kind == "dangling link":
        (tmp_path / "link").symlink_to(tmp_path / "nowhere" / "out")
        return tmp_path / "link", "a symbolic link to"
    if kind == "/proc":
        return Path("/proc/mobyspec-out"), "cannot write in /proc"
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "out", "cannot write in"


KINDS = ["under a file", "dangling link", "/proc"] + (["read-only folder"] if os.geteuid() != 0 else [])


@pytest.mark.parametrize("folder", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_output_problem_names_every_unwritable_place(tmp_path, kind, folder):
    path, why = _hostile(tmp_path, kind)
    assert (output_problem(path, folder=folder) or "").startswith(why)


@pytest.mark.parametrize(
    ("option", "kind"), [(o, KINDS[i % len(KINDS)]) for i, o in enumerate(OUTPUTS)] + [("--report", "/proc")]
)
def test_an_unwritable_output_stops_the_run_before_it_starts(tmp_path, option, kind):
    path, why = _hostile(tmp_path, kind)
    began = time.monotonic()
    done = run(tmp_path, "-b", session("slow"), *CWD, option, str(path), FAKE_DELAY="2")
    assert done.returncode == exitcodes.USAGE, done.stderr[-2000:]
    assert done.stderr.startswith(f"mobyspec: {option} {path}: {why}"), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""  # nothing ran
    assert time.monotonic() - began < 10


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("option", ["--report", "--junit", "--markdown"])
def test_a_full_device_is_said_and_every_other_output_is_written(tmp_path, option):
    outputs = {
        "--report": tmp_path / "r.jsonl",
        "--junit": tmp_path / "r.xml",
        "--markdown": tmp_path / "r.md",
    }
    outputs[option] = Path("/dev/full")
    argv = [item for pair in outputs.items() for item in (pair[0], str(pair[1]))]
    done = run(tmp_path, "-b", session("lone_surrogate"), *CWD, *argv, FAKE_BAD=BAD)
    assert done.returncode == exitcodes.USAGE, done.stderr[-2000:]
    assert f"mobyspec: {option} /dev/full: cannot write: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines()[-1] == f"{CWD_PAIRS - 1} passed, 1 failed, 0 skipped"  # results kept
    for other, path in outputs.items():
        if other != option:
            assert path.stat().st_size > 0
    if option != "--report":
        assert read(outputs["--report"]).complete


def test_outputs_through_symbolic_links_keep_the_links(tmp_path):
    (tmp_path / "real").mkdir()
    argv = []
    for option in ("--report", "--junit", "--markdown", "--badge"):
        target = tmp_path / "real" / option.strip("-")
        target.write_text("old\n")
        (tmp_path / option.strip("-")).symlink_to(target)
        argv += [option, str(tmp_path / option.strip("-"))]
    done = run(tmp_path, "-b", "reference", *CWD, *argv)
    assert done.returncode == exitcodes.OK, done.stderr[-2000:]
    for name in ("report", "junit", "markdown", "badge"):
        link = tmp_path / name
        assert link.is_symlink()
        assert link.resolve() == tmp_path / "real" / name
        assert (tmp_path / "real" / name).read_text() != "old\n"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["badge", "junit", "markdown", "report"]


# --- L: the pytest plugin applies the runner's checks -----------------------------------------------------


def _pytest_plugin(*args: str) -> subprocess.CompletedProcess[str]:
    argv = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--pyargs",
        "mobyspec_conformance",
        *args,
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False)


def test_the_plugin_refuses_a_schema_invalid_case_before_sending_it(tmp_path):
    corpus = tmp_path / "cases"
    (corpus / "linux" / "cwd").mkdir(parents=True)
    source = ROOT / "conformance" / "cases" / "linux" / "cwd" / "default.json"
    text = source.read_text().replace('"features": [', '"features": [7, ', 1)
    (corpus / "linux" / "cwd" / "default.json").write_text(text)
    done = _pytest_plugin("--mobyspec-corpus", str(corpus), "--mobyspec-builder", session("always_crash"))
    assert done.returncode == exitcodes.USAGE, done.stdout[-3000:]
    assert "linux/cwd/default.json#/features/0" in done.stdout + done.stderr
    assert " passed" not in done.stdout  # nothing ran


def test_the_plugin_names_missing_goldens(tmp_path):
    goldens = tmp_path / "goldens"
    goldens.mkdir()
    done = _pytest_plugin("--mobyspec-id", "linux/cwd/*", "--mobyspec-goldens", str(goldens))
    assert done.returncode == exitcodes.USAGE, done.stdout[-3000:]
    assert "missing goldens:" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_the_plugin_stops_with_exit_3_past_the_restart_cap():
    done = _pytest_plugin(
        "--mobyspec-id",
        "linux/*",
        "--mobyspec-profile",
        "17.06",
        "--mobyspec-builder",
        session("always_crash"),
    )
    assert done.returncode == exitcodes.BUILDER_UNUSABLE, done.stdout[-3000:]
    assert "the builder became unusable" in done.stdout
    assert done.stdout.count("Traceback") == 0

"""The suite's vocabulary: outcomes, pointers, explanations, and errors rendered once by ``main()``."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import BuilderConfigError, BuilderUnusable
from mobyspec_conformance.cli import main
from mobyspec_conformance.corpus import CaseError, UnsafePathError
from mobyspec_conformance.expectations import ExpectationsError
from mobyspec_conformance.report.jsonl import ReportError
from mobyspec_conformance.vocabulary import (
    BAD,
    BROKEN,
    FAILING,
    OUTCOMES,
    Case,
    MobyspecError,
    Outcome,
    UsageError,
    explain,
    is_error_output,
    pointer,
)


def test_outcomes_are_their_report_strings():
    assert [str(o) for o in OUTCOMES] == [
        "pass", "fail", "xfail", "xpass", "skip", "crashed", "timeout", "protocol-error", "invalid-output",
    ]  # fmt: skip
    assert Outcome.PASS == "pass"  # noqa: S105 - an outcome, not a password
    assert BROKEN < FAILING < BAD
    assert "xpass" in BAD
    assert "xfail" not in BAD


def test_pointer_escapes_tilde_and_slash():
    assert pointer(["a/b", "c~d", 0]) == "/a~1b/c~0d/0"
    assert pointer([]) == ""
    assert pointer([], root="/") == "/"


def test_is_error_output():
    assert is_error_output({"error": {"code": "x", "message": "y"}})
    assert not is_error_output({"error": "text"})
    assert not is_error_output({"error": {}, "hostname": "h"})


def test_case_from_document():
    doc = {
        "id": "linux/x", "description": "d", "platform": "linux", "operation": "spec",
        "features": ["args"], "input": {}, "profiles": ["17.06"],
    }  # fmt: skip
    case = Case.from_document(doc)
    assert case.profiles == ("17.06",)
    assert case.refs == ()
    assert case.request(3, "17.06").case_id == "linux/x"


def test_explain_names_the_pair_then_why():
    record = {
        "id": "linux/x", "profile": "17.06", "outcome": "crashed", "reason": "gone",
        "stderr_tail": "boom\n",
    }  # fmt: skip
    assert explain(record).splitlines() == [
        "linux/x under 17.06: crashed",
        "gone",
        "--- stderr (tail) ---",
        "boom",
    ]


def test_every_error_has_the_base_and_its_exit_code():
    for cls in (CaseError, UnsafePathError, ExpectationsError, ReportError, BuilderConfigError):
        assert issubclass(cls, UsageError)
        assert cls.exit_code == exitcodes.USAGE
    assert issubclass(BuilderUnusable, MobyspecError)
    assert BuilderUnusable.exit_code == exitcodes.BUILDER_UNUSABLE


def test_builder_unusable_renders_its_stderr_tail():
    text = BuilderUnusable("hello: no answer", "line one\nline two\n").render()
    assert text.splitlines() == [
        "mobyspec: the builder cannot be used: hello: no answer",
        "--- builder stderr (tail) ---",
        "line one",
        "line two",
    ]


def test_run_prints_the_stderr_of_a_builder_that_dies_before_hello(tmp_path):
    script = tmp_path / "dies.py"
    script.write_text("import sys\nsys.stderr.write('cannot open the engine socket\\n')\nsys.exit(1)\n")
    builder = f"cmd:{sys.executable} {script}"
    result = CliRunner().invoke(main, ["run", "--builder", builder, "--id", "linux/cwd/*"])
    assert result.exit_code == exitcodes.BUILDER_UNUSABLE, result.output
    assert "cannot open the engine socket" in result.stderr


def test_lazy_command_summaries_are_the_commands_own():
    import click

    from mobyspec_conformance.cli import LAZY_COMMANDS

    ctx = click.Context(main)
    for name, (_, summary) in LAZY_COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None
        assert (command.help or "").splitlines()[0] == summary, name


def test_help_and_build_import_only_what_they_use():
    import subprocess

    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mobyspec_conformance.cli import main\n"
        "CliRunner().invoke(main, sys.argv[1:])\n"
        "print(' '.join(sorted(m for m in ('hypothesis', 'deepdiff', 'jsonschema', 'rich', 'syrupy',"
        " 'mobyspec_conformance.runner') if m in sys.modules)))\n"
    )
    root = Path(__file__).resolve().parents[1]
    case = str(root / "conformance" / "cases" / "linux" / "cwd" / "default.json")

    def imported(*args):
        argv = [sys.executable, "-c", probe, *args]
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split()

    assert imported("--help") == []
    # build validates with the case schema; nothing of the runner, the diff or the property tests
    assert imported("build", case) == ["jsonschema"]

"""The flags people expect of a test runner, and reports that fit CI (issue 18, points 4 and 5)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mobyspec_conformance import exitcodes
from mobyspec_conformance.cli import main
from mobyspec_conformance.report import terminal


def mobyspec(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


BUGGY = ("--builder", "py:runner_fakes:NoCwdDefault")


def test_list_prints_the_selection_and_exclude_narrows_it():
    code, out, err = mobyspec("run", "-b", "reference", "--id", "linux/init/*", "--list")
    assert code == exitcodes.OK
    listed = out.splitlines()
    assert "linux/init/hostconfig-true 17.06" in listed
    assert err.strip() == f"{len(listed)} pairs selected"
    _, fewer, _ = mobyspec(
        "run", "-b", "reference", "--id", "linux/init/*", "--exclude", "linux/init/hostconfig-*", "--list"
    )
    kept = fewer.splitlines()
    assert kept == [p for p in listed if not p.startswith("linux/init/hostconfig-")]
    assert len(kept) < len(listed)


def test_an_empty_selection_names_the_filter_that_matched_nothing():
    code, out, _ = mobyspec("run", "-b", "reference", "--platform", "windows", "--id", "linux/*")
    assert code == exitcodes.NOTHING_RAN
    assert "--id linux/* matched no (case, profile) pair (after --platform windows)" in out
    code, _, err = mobyspec("run", "-b", "reference", "--id", "no/such/*", "--list")
    assert code == exitcodes.NOTHING_RAN
    assert "--id no/such/* matched no (case, profile) pair" in err


SOME = ("--id", "linux/env/*", "--profile", "17.06")


def test_every_failure_is_reachable(tmp_path):
    # linux/env/* at 17.06: 14 failing pairs of this builder, more than the terminal shows by default.
    code, out, _ = mobyspec("run", *BUGGY, *SOME)
    assert code == exitcodes.FAILED
    shown = out.count("FAIL ")
    assert shown == terminal.SHOW_FAILURES
    failed = int(out.splitlines()[-1].split(" failed")[0].rsplit(" ", 1)[-1])
    assert f"... and {failed - shown} more failing pairs (run with --report FILE" in out
    report = tmp_path / "r.jsonl"
    _, out, _ = mobyspec("run", *BUGGY, *SOME, "--report", str(report))
    assert f"more failing pairs (see {report})" in out
    _, out, _ = mobyspec("run", *BUGGY, *SOME, "-v")
    assert out.count("FAIL ") == failed
    assert "more failing pairs" not in out
    _, out, _ = mobyspec("run", *BUGGY, *SOME, "-q")
    assert "results by feature" not in out
    assert "/process/cwd" not in out  # one line per failure, no diff


def test_exitfirst_and_maxfail_stop_early(tmp_path):
    report = tmp_path / "r.jsonl"
    code, out, _ = mobyspec("run", *BUGGY, "--id", "linux/*", "-x", "--report", str(report))
    assert code == exitcodes.FAILED
    assert "stopped after 1 failing pairs (--maxfail 1)" in out
    assert out.splitlines()[-1].split(", ")[1] == "1 failed"
    footer = json.loads(report.read_text().splitlines()[-1])
    assert footer["not_run"] > 0
    _, out, _ = mobyspec("run", *BUGGY, "--id", "linux/*", "--maxfail", "3")
    assert out.splitlines()[-1].split(", ")[1] == "3 failed"


def test_report_dash_streams_json_lines_with_the_summary_on_stderr():
    code, out, err = mobyspec("run", "-b", "reference", "--id", "linux/init/*", "--report", "-")
    assert code == exitcodes.OK
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["type"] == "header"
    assert lines[-1]["type"] == "footer"
    assert {r["type"] for r in lines[1:-1]} == {"case"}
    assert err.splitlines()[-1] == lines[-1]["summary"]


def test_unclaimed_pairs_are_one_line_and_the_markdown_states_coverage(tmp_path):
    junit, md = tmp_path / "j.xml", tmp_path / "m.md"
    code, out, _ = mobyspec(
        "run", "-b", "py:runner_fakes:ClaimsOnly17", "--id", "linux/cwd/*", "--junit", str(junit),
        "--markdown", str(md),
    )  # fmt: skip
    assert code == exitcodes.OK
    xml = junit.read_text()
    assert xml.count("<testcase") == 1 + xml.count("[17.06]")  # the claimed pairs and one summary
    assert "[1.12]" not in xml
    assert "pairs not claimed by the builder, not sent (profile 1.11:" in xml
    assert "pairs not claimed by the builder, not sent" in out
    text = md.read_text()
    passed = xml.count("[17.06]")
    assert f"conformant on {passed} of {passed} claimed pairs" in text


def test_progress_lines_when_stderr_is_not_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(terminal, "PROGRESS_EVERY", 0.0)
    bar = terminal.ProgressBar()
    assert bar.lines
    with bar:
        bar.started(2)
        bar.advanced({"outcome": "pass"})
        bar.advanced({"outcome": "fail"})
    err = capsys.readouterr().err
    assert "mobyspec run: 2/2 pairs, 1 failed" in err
    assert not terminal.ProgressBar(quiet=True).lines


def test_a_mistyped_subcommand_gets_a_suggestion():
    result = CliRunner().invoke(main, ["rn"])
    assert result.exit_code == exitcodes.USAGE
    assert "Did you mean 'run'?" in result.stderr

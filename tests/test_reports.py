"""The JSON-lines report, its schema, the JUnit/Markdown/badge renderers and ``report diff``/``merge``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import runner_fakes as fakes
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from mobyspec_conformance import props_cli
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.cli import main
from mobyspec_conformance.corpus import Selection, default_corpus, default_goldens
from mobyspec_conformance.expectations import Entry, Expectations
from mobyspec_conformance.properties import Result
from mobyspec_conformance.report import badge, junit, markdown
from mobyspec_conformance.report.diff import diff_reports
from mobyspec_conformance.report.jsonl import ReportError, ReportWriter, read, schema
from mobyspec_conformance.runner import RunOptions, run

IDS = ("linux/cwd/*", "linux/links/child-*")
#: A few profiles keep the failure list of the bad report under the Markdown's cap of 50.
PROFILE_IDS = ("1.11", "1.12", "1.13.0", "17.03", "17.06", "20.10")


def _report(path, make, ids=IDS, **options):
    selection = Selection(ids=ids, profiles=PROFILE_IDS)
    opts = RunOptions(corpus=default_corpus(), goldens=default_goldens(), selection=selection, **options)
    with ReportWriter(path) as sink:
        result = run(opts, make, sink)
    return result, read(path)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    good = _report(folder / "good.jsonl", ReferenceBuilder)[1]
    exp = Expectations(entries=(Entry(case="linux/links/child-stopped", expect="fail", reason="known"),))
    bad = _report(folder / "bad.jsonl", fakes.NoCwdDefault, expectations=exp)[1]
    return good, bad


def _lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_line_validates_against_the_report_schema(reports):
    validator = Draft202012Validator(schema())
    for report in reports:
        lines = _lines(report.path)
        assert lines[0]["type"] == "header"
        assert lines[-1]["type"] == "footer"
        for line in lines:
            errors = list(validator.iter_errors(line))
            assert not errors, (line, [e.message for e in errors])


def test_the_schema_rejects_a_bad_record():
    validator = Draft202012Validator(schema())
    record = {"type": "case", "id": "x", "profile": "1.12", "platform": "linux", "operation": "spec"}
    assert list(validator.iter_errors({**record, "features": [], "outcome": "maybe"}))


def test_header_and_footer_carry_what_the_run_was(reports):
    good, bad = reports
    assert good.complete
    assert good.header["suite"]["corpus_sha256"] == bad.header["suite"]["corpus_sha256"]
    assert good.header["selection"]["filters"]["ids"] == list(IDS)
    assert good.header["builder"]["hello"]["implementation"]["name"] == "mobyspec-reference"
    records = list(bad.records())
    assert len(records) == bad.header["selection"]["selected"]
    stopped = [r for r in records if r["id"] == "linux/links/child-stopped"]
    assert {r["outcome"] for r in stopped} == {"xpass"}  # the fake has no links bug
    assert bad.footer["counts"]["xpass"] == len(stopped)
    assert bad.footer["by_feature"]["cwd"]["fail"] >= 1
    assert bad.footer["exit_code"] == 1


def test_a_report_without_footer_is_incomplete(reports, tmp_path):
    good, _ = reports
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(good.path.read_text().splitlines(keepends=True)[:-1]))
    report = read(cut)
    assert not report.complete
    assert "INCOMPLETE" in markdown.render(report)
    assert badge.badge(report)["message"] == "incomplete run"
    junit.write(report, tmp_path / "cut.xml")
    root = ET.parse(tmp_path / "cut.xml").getroot()  # noqa: S314 - our own file
    assert "INCOMPLETE" in root.get("name")


def test_not_a_report(tmp_path):
    (tmp_path / "x.jsonl").write_text('{"type": "case"}\n')
    with pytest.raises(ReportError, match="no header"):
        read(tmp_path / "x.jsonl")
    (tmp_path / "y.jsonl").write_text("nope\n")
    with pytest.raises(ReportError, match=r"y\.jsonl:1: not JSON"):
        read(tmp_path / "y.jsonl")


def test_junit_has_a_testcase_per_pair_with_features_and_diffs(reports, tmp_path):
    _, bad = reports
    junit.write(bad, tmp_path / "j.xml")
    root = ET.parse(tmp_path / "j.xml").getroot()  # noqa: S314 - our own file
    cases = root.findall(".//testcase")
    assert len(cases) == bad.header["selection"]["selected"]
    assert int(root.get("tests")) == len(cases)
    assert int(root.get("failures")) == bad.footer["counts"]["fail"] + bad.footer["counts"]["xpass"]
    failing = next(c for c in cases if c.get("name") == "linux/cwd/default[17.06]")
    assert failing.get("classname") == "linux.cwd"
    assert '/process/cwd: expected "/", got ""' in failing.find("failure").text
    assert ("feature", "cwd") in {(p.get("name"), p.get("value")) for p in failing.iter("property")}


def test_markdown_summary(reports):
    good, bad = reports
    text = markdown.render(bad)
    assert bad.footer["summary"] in text
    assert "**not conformant** (exit 1)" in text
    assert "| feature |" in text
    assert "| profile |" in text
    assert '/process/cwd: expected "/", got ""' in text
    assert "remove the entry" in text  # the xpass
    n = good.footer["counts"]["pass"]
    assert f"conformant on {n} of {n} claimed pairs." in markdown.render(good)


def test_badge(reports):
    good, bad = reports
    assert badge.badge(good) == {
        "schemaVersion": 1,
        "label": "mobyspec (semantic)",
        "message": f"100% ({good.footer['counts']['pass']}/{good.footer['counts']['pass']})",
        "color": "brightgreen",
    }
    counts = bad.footer["counts"]
    ran = sum(n for k, n in counts.items() if k != "skip")
    message = badge.badge(bad)["message"]
    assert message.endswith(f"% ({counts['pass']}/{ran})")
    assert float(message.split("%")[0]) < 100


def test_report_diff(reports):
    good, bad = reports
    changes = diff_reports(good, bad)
    assert ("linux/cwd/default", "17.06") in {k for k, _, _ in changes.new_failures}
    assert ("linux/links/child-stopped", "17.06") in {k for k, _, _ in changes.new_failures}  # pass -> xpass
    assert changes.fixes == ()
    back = diff_reports(bad, good)
    assert {k for k, _, _ in back.fixes} == {k for k, _, _ in changes.new_failures}
    assert back.new_failures == ()
    lines = changes.lines()
    assert lines[0].startswith("new failures: ")
    assert "  17.06/linux/cwd/default: pass -> fail" in lines


def test_report_diff_added_removed_and_hash_warning(reports, tmp_path):
    good, _ = reports
    _, small = _report(tmp_path / "small.jsonl", ReferenceBuilder, ids=("linux/cwd/*", "linux/hostname/*"))
    changes = diff_reports(good, small)
    assert {k[0] for k, _ in changes.removed} == {
        r["id"] for r in good.records() if r["id"].startswith("linux/l")
    }
    assert {k[0].split("/")[1] for k, _ in changes.added} == {"hostname"}
    assert changes.warnings == ()
    header = json.loads(small.path.read_text().splitlines()[0])
    header["suite"]["corpus_sha256"] = "0" * 64
    rest = small.path.read_text().splitlines(keepends=True)[1:]
    (tmp_path / "other.jsonl").write_text(json.dumps(header) + "\n" + "".join(rest))
    assert "corpus hashes differ" in diff_reports(good, read(tmp_path / "other.jsonl")).warnings[0]


def test_report_cli_diff_render_merge(reports, tmp_path):
    good, bad = reports
    cli = CliRunner()
    result = cli.invoke(main, ["report", "diff", str(good.path), str(bad.path)])
    assert result.exit_code == 1
    assert "17.06/linux/cwd/default: pass -> fail" in result.output
    assert cli.invoke(main, ["report", "diff", str(bad.path), str(good.path)]).exit_code == 0
    result = cli.invoke(main, ["report", "render", str(bad.path)])
    assert result.exit_code == 0
    assert "## mobyspec conformance" in result.output
    out = tmp_path / "merged.jsonl"
    # a join of two runs of one builder over disjoint selections (the same pairs twice are refused)
    _, cwd = _report(tmp_path / "cwd.jsonl", fakes.NoCwdDefault, ids=("linux/cwd/*",))
    _, links = _report(tmp_path / "links.jsonl", fakes.NoCwdDefault, ids=("linux/links/child-*",))
    result = cli.invoke(main, ["report", "merge", str(out), str(cwd.path), str(links.path)])
    assert result.exit_code == 0, result.output
    merged = read(out)
    assert merged.footer["counts"]["pass"] == cwd.footer["counts"]["pass"] + links.footer["counts"]["pass"]
    assert merged.footer["exit_code"] == 1
    assert result.output.strip() == merged.footer["summary"]
    assert cli.invoke(main, ["report", "diff", str(tmp_path / "nope.jsonl"), str(good.path)]).exit_code == 2


def test_detect_and_aborted_reports_validate(tmp_path):
    validator = Draft202012Validator(schema())
    _, detected = _report(
        tmp_path / "detect.jsonl", lambda: fakes.OneVersion("17.06"), ids=("linux/cwd/*",), detect=True
    )
    _, aborted = _report(tmp_path / "aborted.jsonl", fakes.WontStart, ids=("linux/cwd/*",))
    assert detected.footer["detect"][0]["profile"] == "17.06"
    assert aborted.footer["aborted"]
    for report in (detected, aborted):
        for line in _lines(report.path):
            assert not list(validator.iter_errors(line)), line


def test_properties_junit_replaces_the_control_characters_xml_forbids(tmp_path):
    """A builder's message may hold a bell or a NUL; XML 1.0 cannot, so both JUnit writers blank them."""
    failed = Result("linux-env", "17.06", "linux", "failed", message="bell \x07 nul \x00 tab \t end")
    skipped = Result("linux-init", "17.06", "linux", "skipped", message="why \x1b")
    path = tmp_path / "props.xml"
    props_cli.write_junit([failed, skipped], path, "cmd:engine \x01")
    root = ET.parse(path).getroot()  # noqa: S314 - our own file
    assert root.get("name") == "mobyspec props cmd:engine  "
    cases = root.findall(".//testcase")
    assert cases[0].find("failure").text == "bell   nul   tab \t end"
    assert cases[1].find("skipped").get("message") == "why  "
    assert junit.xml_text("a\x02b<") == "a b&lt;"

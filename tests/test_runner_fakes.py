"""The runner against the reference and against fake builders that each carry one deliberate bug."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import runner_fakes as fakes

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import Crashed, ProtocolViolation, TimedOut
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.corpus import Selection, default_corpus, default_goldens
from mobyspec_conformance.expectations import Entry, Expectations
from mobyspec_conformance.runner import RunOptions, rank_profiles, run

CORPUS = default_corpus()
GOLDENS = default_goldens()


class ListSink:
    """Keeps the report in memory (tests only)."""

    def __init__(self):
        self.head = None
        self.records = []
        self.foot = None

    def header(self, obj):
        self.head = obj

    def record(self, obj):
        self.records.append(obj)

    def footer(self, obj):
        self.foot = obj


def go(make, *, ids=(), profiles=(), platforms=(), **options):
    sink = ListSink()
    opts = RunOptions(
        corpus=CORPUS,
        goldens=GOLDENS,
        selection=Selection(ids=tuple(ids), profiles=tuple(profiles), platforms=tuple(platforms)),
        **options,
    )
    result = run(opts, make, sink)
    return result, sink


def by_key(sink):
    return {(r["id"], r["profile"]): r for r in sink.records}


# --- the reference -------------------------------------------------------------------------------


@pytest.mark.full
def test_reference_passes_the_whole_corpus():
    result, sink = go(ReferenceBuilder)
    counts = sink.foot["counts"]
    assert result.exit_code == exitcodes.OK
    assert counts["pass"] == len(sink.records) == sink.head["selection"]["available"] > 0
    assert sum(counts.values()) == counts["pass"]
    assert sink.foot["scores"]["exact"] == sink.foot["scores"]["compared"] == counts["pass"]
    assert result.summary == f"{counts['pass']} passed, 0 failed, 0 skipped"


# --- one bug each: caught, with a diff naming the field --------------------------------------------


@pytest.mark.parametrize(
    ("fake", "ids", "profiles", "line"),
    [
        (fakes.NoCwdDefault, ["linux/cwd/default"], ["17.06"], '/process/cwd: expected "/", got ""'),
        (
            fakes.NoInitSeparator,
            ["linux/init/daemon-default"],
            ["17.03"],
            '/process/args/1: missing (expected "--")',
        ),
        (
            fakes.EnvOverrideAppended,
            ["linux/env/override-path"],
            ["1.12"],
            '/process/env/0: missing (expected "PATH=/opt/bin")',
        ),
        (fakes.HyperVRootSet, ["windows/root/hyperv"], ["17.06"], '/root/path: expected "", got "C:\\\\'),
        (
            fakes.ReadonlyDropped,
            ["windows/mounts/ro-rw"],
            ["17.06"],
            '/mounts/1/options: missing (expected ["ro"])',
        ),
        (
            fakes.ReadonlyDropped,
            ["windows/mounts/ro-rw"],
            ["1.12"],
            "/mounts/1/readonly: expected true, got false",
        ),
    ],
)
def test_each_bug_is_caught_with_a_readable_diff(fake, ids, profiles, line):
    result, sink = go(fake, ids=ids, profiles=profiles)
    assert result.exit_code == exitcodes.FAILED
    (record,) = sink.records
    assert record["outcome"] == "fail"
    assert record["mismatch"] == "spec-differs"
    assert any(d.startswith(line) for d in record["diff"]), record["diff"]
    assert result.summary == "0 passed, 1 failed, 0 skipped"


def test_init_separator_bug_is_invisible_where_moby_has_no_separator():
    """1.13.0 writes ``/dev/init`` without ``--`` (moby-behavior §1): the buggy builder passes there."""
    result, sink = go(fakes.NoInitSeparator, ids=["linux/init/daemon-default"], profiles=["1.13.0", "17.03"])
    assert {r["profile"]: r["outcome"] for r in sink.records} == {"1.13.0": "pass", "17.03": "fail"}
    assert result.exit_code == exitcodes.FAILED


def test_a_bug_shows_up_across_the_corpus_only_where_it_matters():
    result, sink = go(fakes.NoCwdDefault, ids=["linux/cwd/*"])
    outcomes = {(r["id"], r["outcome"]) for r in sink.records}
    assert ("linux/cwd/default", "fail") in outcomes
    assert ("linux/cwd/clean-dotdot", "pass") in outcomes
    assert result.exit_code == exitcodes.FAILED


# --- order-free groups -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fake", "ids", "profile"),
    [
        (fakes.ShuffledLinks, ["linux/links/three-links"], "17.06"),
        (fakes.ReversedEndpoints, ["windows/networking/two-endpoints"], "1.12"),
    ],
)
def test_moby_map_order_passes_semantic_and_fails_exact(fake, ids, profile):
    result, sink = go(fake, ids=ids, profiles=[profile])
    (record,) = sink.records
    assert (record["exact"], record["semantic"], record["outcome"]) == (False, True, "pass")
    assert result.exit_code == exitcodes.OK
    assert sink.foot["scores"] == {"compared": 1, "exact": 0, "semantic": 1}
    result, sink = go(fake, ids=ids, profiles=[profile], gate="exact")
    assert sink.records[0]["outcome"] == "fail"
    assert result.exit_code == exitcodes.FAILED


# --- errors ----------------------------------------------------------------------------------------


def test_rejections_without_a_code_fail_and_are_counted_apart():
    result, sink = go(fakes.Uncoded, ids=["linux/links/child-stopped"], profiles=["17.06"])
    (record,) = sink.records
    assert record["mismatch"] == "rejected-unmapped"
    assert record["error"]["code"] is None
    assert sink.foot["rejected_unmapped"] == 1
    assert result.exit_code == exitcodes.FAILED


def test_more_specific_codes_pass():
    result, sink = go(fakes.MoreSpecificCodes, ids=["linux/links/child-*", "linux/cwd/default"])
    assert {r["outcome"] for r in sink.records} == {"pass"}
    assert any(r.get("error", {}).get("code", "").endswith(".refined") for r in sink.records)
    assert result.exit_code == exitcodes.OK


# --- transport outcomes ------------------------------------------------------------------------------


def _script(request):
    if request.case_id == "linux/cwd/default":
        return Crashed("exit status 139", stderr_tail="segfault at 0")
    if request.case_id == "linux/cwd/existing-dir":
        return TimedOut(2.0, stderr_tail="still thinking")
    if request.case_id == "linux/cwd/clean-dotdot":
        return ProtocolViolation("seq 4 answered as 5")
    return None


def test_crash_timeout_and_protocol_errors_are_outcomes_and_the_run_goes_on():
    result, sink = go(lambda: fakes.Scripted(_script), ids=["linux/cwd/*"], profiles=["17.06"])
    records = by_key(sink)
    assert records["linux/cwd/default", "17.06"]["outcome"] == "crashed"
    assert records["linux/cwd/default", "17.06"]["stderr_tail"] == "segfault at 0"
    assert records["linux/cwd/existing-dir", "17.06"]["outcome"] == "timeout"
    assert records["linux/cwd/clean-dotdot", "17.06"]["outcome"] == "protocol-error"
    assert records["linux/cwd/triple-slash-dots", "17.06"]["outcome"] == "pass"
    assert result.exit_code == exitcodes.FAILED
    assert result.summary.endswith(" passed, 3 failed, 0 skipped")


def test_a_builder_that_only_crashes_is_unusable():
    result, _ = go(lambda: fakes.Scripted(lambda _r: Crashed("gone")), ids=["linux/cwd/*"])
    assert result.exit_code == exitcodes.BUILDER_UNUSABLE


def test_a_builder_that_only_errors_is_unusable():
    from mobyspec_conformance.adapters.base import Errored

    result, sink = go(lambda: fakes.Scripted(lambda _r: Errored("adapter usage error")), ids=["linux/cwd/*"])
    assert {r["mismatch"] for r in sink.records} == {"errored"}
    assert result.exit_code == exitcodes.BUILDER_UNUSABLE


def test_a_builder_that_does_not_start_is_unusable():
    result, sink = go(fakes.WontStart, ids=["linux/cwd/*"])
    assert result.exit_code == exitcodes.BUILDER_UNUSABLE
    assert sink.head["builder"]["hello"] is None
    assert "hello: no answer" in sink.foot["aborted"]
    assert sink.records == []


def test_a_builder_that_dies_mid_run_stops_the_run_with_exit_3():
    from mobyspec_conformance.adapters.base import BuilderUnusable

    def script(request):
        if request.seq == 2:
            msg = "restart cap reached"
            raise BuilderUnusable(msg)

    result, sink = go(lambda: fakes.Scripted(script), ids=["linux/cwd/*"], profiles=["17.06"])
    assert result.exit_code == exitcodes.BUILDER_UNUSABLE
    assert len(sink.records) == 2
    assert sink.foot["not_run"] == sink.head["selection"]["selected"] - 2
    assert "restart cap reached" in sink.foot["aborted"]


def test_builder_is_closed_after_the_run():
    made = []

    def make():
        made.append(fakes.Fake())
        return made[-1]

    go(make, ids=["linux/cwd/default"], jobs=2)
    assert len(made) == 2
    assert all(b.closed for b in made)


# --- claims and selection ----------------------------------------------------------------------------


def test_unclaimed_profiles_and_unsupported_features_are_skipped_not_sent():
    result, sink = go(lambda: fakes.ClaimsOnly("17.06"), ids=["linux/links/single-port", "linux/cwd/default"])
    records = by_key(sink)
    assert records["linux/cwd/default", "17.06"]["outcome"] == "pass"
    assert records["linux/cwd/default", "1.12"]["reason"] == "builder does not claim profile 1.12"
    assert records["linux/links/single-port", "17.06"]["reason"] == "builder does not support links"
    assert result.exit_code == exitcodes.OK
    assert result.summary == f"1 passed, 0 failed, {len(records) - 1} skipped"


def test_nothing_selected_exits_4():
    result, sink = go(ReferenceBuilder, ids=["no/such/*"])
    assert result.exit_code == exitcodes.NOTHING_RAN
    assert sink.foot["counts"]["pass"] == 0


def test_everything_skipped_exits_4():
    result, _ = go(lambda: fakes.ClaimsOnly("17.06"), ids=["linux/cwd/default"], profiles=["1.12"])
    assert result.exit_code == exitcodes.NOTHING_RAN


def test_jobs_keep_corpus_order():
    some = {"ids": ["linux/cwd/*", "linux/env/*"], "profiles": ["1.11", "1.13.0", "17.06"]}
    _, one = go(fakes.NoCwdDefault, **some)
    _, three = go(fakes.NoCwdDefault, **some, jobs=3)

    def strip(records):
        return [{k: v for k, v in r.items() if k != "duration_ms"} for r in records]

    assert len(one.records) > 32  # more than one batch
    assert strip(one.records) == strip(three.records)


# --- expectations ------------------------------------------------------------------------------------


def _cwd_expectations(**kwargs):
    return Expectations(
        entries=(Entry(case="linux/cwd/default", expect="fail", reason="cwd default", **kwargs),)
    )


def test_expected_failure_makes_the_run_pass_and_the_fix_fails_it():
    result, sink = go(fakes.NoCwdDefault, ids=["linux/cwd/*"], expectations=_cwd_expectations())
    assert result.exit_code == exitcodes.OK
    xfails = [r for r in sink.records if r["outcome"] == "xfail"]
    assert xfails
    assert {r["observed"] for r in xfails} == {"fail"}
    assert xfails[0]["expectation"]["reason"] == "cwd default"
    result, sink = go(ReferenceBuilder, ids=["linux/cwd/*"], expectations=_cwd_expectations())
    assert result.exit_code == exitcodes.FAILED
    assert {r["outcome"] for r in sink.records if r["id"] == "linux/cwd/default"} == {"xpass"}


def test_skip_expectation_is_not_sent():
    exp = Expectations(entries=(Entry(case="linux/cwd/default", expect="skip", reason="no cwd"),))
    result, sink = go(fakes.NoCwdDefault, ids=["linux/cwd/default"], expectations=exp)
    assert {r["outcome"] for r in sink.records} == {"skip"}
    assert sink.records[0]["reason"] == "expectations: no cwd"
    assert result.exit_code == exitcodes.NOTHING_RAN


def test_stale_entry_and_glob_overflow_fail_the_run():
    exp = Expectations(
        entries=(
            Entry(case="linux/cwd/renamed", expect="fail", reason="was renamed"),
            Entry(case="windows/*", expect="skip", reason="too broad"),
        ),
        max_glob_matches=10,
    )
    result, sink = go(ReferenceBuilder, ids=["linux/hostname/*"], expectations=exp)
    kinds = [p["kind"] for p in sink.foot["expectations"]]
    assert kinds == ["stale", "glob-overflow"]
    assert result.exit_code == exitcodes.FAILED


def test_entry_outside_the_selection_is_not_stale():
    result, sink = go(ReferenceBuilder, ids=["linux/hostname/*"], expectations=_cwd_expectations())
    assert sink.foot["expectations"] == []
    assert result.exit_code == exitcodes.OK


def test_update_expectations_round_trip():
    result, _ = go(fakes.NoCwdDefault, ids=["linux/cwd/*"], expectations=Expectations(), track_observed=True)
    assert result.exit_code == exitcodes.FAILED
    new = result.updated_expectations
    assert [(e.case, e.profile) for e in new.entries] == [("linux/cwd/default", None)]
    result, _ = go(fakes.NoCwdDefault, ids=["linux/cwd/*"], expectations=new)
    assert result.exit_code == exitcodes.OK
    fixed, _ = go(ReferenceBuilder, ids=["linux/cwd/*"], expectations=new, track_observed=True)
    assert fixed.updated_expectations.entries == ()


# --- save-repro ----------------------------------------------------------------------------------------


def test_save_repro_writes_request_response_golden_diff_and_command(tmp_path):
    go(
        fakes.NoCwdDefault,
        ids=["linux/cwd/default"],
        profiles=["17.06"],
        save_repro=tmp_path,
        builder_spec="py:x:y",
    )
    folder = tmp_path / "17.06" / "linux" / "cwd" / "default"
    assert sorted(p.name for p in folder.iterdir()) == [
        "diff.txt",
        "expected.json",
        "repro.sh",
        "request.json",
        "response.json",
    ]
    request = json.loads((folder / "request.json").read_text())
    assert (request["cmd"], request["case"], request["profile"]) == ("build", "linux/cwd/default", "17.06")
    assert json.loads((folder / "response.json").read_text())["output"]["process"]["cwd"] == ""
    assert json.loads((folder / "expected.json").read_text())["process"]["cwd"] == "/"
    assert '/process/cwd: expected "/", got ""' in (folder / "diff.txt").read_text()
    command = (folder / "repro.sh").read_text().splitlines()[-1]
    assert command.startswith(
        "mobyspec run --builder py:x:y --profile 17.06 --id linux/cwd/default --corpus "
    )
    assert os.access(folder / "repro.sh", os.X_OK)


# --- schema check ----------------------------------------------------------------------------------------

SCHEMA_ROOT = Path(os.environ.get("MOBYSPEC_RUNTIME_SPEC_SCHEMA") or "/work/shared/oci-runtime-spec-schema")


class NegativeUid(fakes.Fake):
    """Writes uid -1 (the runtime-spec schema wants uid >= 0)."""

    def bug(self, request, output):  # noqa: ARG002
        output["process"]["user"]["uid"] = -1
        return output


@pytest.mark.skipif(not SCHEMA_ROOT.is_dir(), reason="no runtime-spec schema folder on this machine")
def test_schema_failure_the_golden_does_not_share_is_invalid_output():
    result, sink = go(
        NegativeUid, ids=["linux/cwd/default"], profiles=["17.06", "1.11"], runtime_schema=SCHEMA_ROOT
    )
    records = {r["profile"]: r for r in sink.records}
    assert records["17.06"]["outcome"] == "invalid-output"
    assert any(v.startswith("/process/user/uid: -1") for v in records["17.06"]["schema"])
    assert records["1.11"]["outcome"] == "fail"  # 0.6.0-dev has no schema: compared only
    assert "no schema for linux/1.11" in sink.head["runtime_spec_schema"]
    assert result.exit_code == exitcodes.FAILED


def test_schema_check_off_says_so():
    _, sink = go(NegativeUid, ids=["linux/cwd/default"], profiles=["17.06"])
    assert sink.records[0]["outcome"] == "fail"
    assert sink.head["runtime_spec_schema"].startswith("runtime-spec schema check skipped")


class CleanupYesNo(fakes.Fake):
    """Reports a start's cleanup as a yes/no, and blocks as an error-free result: the old start format."""

    def bug(self, request, output):
        if request.operation != "start":
            return output
        if "blocks" in output:
            return {"result": {"error": None, "events": output["blocks"]["events"]}}
        output["result"]["cleanup"] = output["result"]["cleanup"] > 0
        return output


def test_malformed_start_output_is_invalid_output():
    ids = ["start/handler/mount-rootfs-exit-128", "start/ipc/container-self"]
    result, sink = go(CleanupYesNo, ids=ids, profiles=["1.11"])
    records = by_key(sink)
    handler = records[("start/handler/mount-rootfs-exit-128", "1.11")]
    assert handler["outcome"] == "invalid-output"
    assert handler["schema"] == ["/result/cleanup: True is not of type 'integer'"]
    blocked = records[("start/ipc/container-self", "1.11")]
    assert blocked["outcome"] == "invalid-output"
    assert blocked["schema"][0].startswith("/result: 'cleanup' is a required property")
    assert result.exit_code == exitcodes.FAILED


# --- detect ----------------------------------------------------------------------------------------------


def test_detect_ranks_the_version_a_builder_behaves_like_first():
    result, sink = go(lambda: fakes.OneVersion("17.03"), ids=["linux/init/*", "linux/cwd/*"], detect=True)
    ranking = rank_profiles(result.tally)
    assert ranking[0][0] == "17.03"
    assert ranking[0][1] == ranking[0][2]
    assert all(agree < ran for _, agree, ran in ranking[1:])
    assert [row["profile"] for row in sink.foot["detect"]] == [p for p, _, _ in ranking]
    assert sink.head["mode"] == "detect"


def test_an_unreadable_golden_is_a_configuration_error(tmp_path):
    import shutil

    from mobyspec_conformance.runner import ConfigError

    goldens = tmp_path / "goldens"
    shutil.copytree(GOLDENS / "17.06" / "linux" / "cwd", goldens / "17.06" / "linux" / "cwd")
    (goldens / "17.06" / "linux" / "cwd" / "default.json").write_text("{not json")
    opts = RunOptions(
        corpus=CORPUS, goldens=goldens, selection=Selection(ids=("linux/cwd/default",), profiles=("17.06",))
    )
    made = []

    def make():
        made.append(fakes.Fake())
        return made[-1]

    with pytest.raises(ConfigError, match=r"default\.json: unreadable golden"):
        run(opts, make, ListSink())
    assert made[0].closed


# --- partial builders: scope by behaviour ---------------------------------------------------------------


def test_a_tiny_builder_fails_only_where_its_own_fields_differ():
    result, sink = go(fakes.Tiny, ids=["linux/*"])
    assert result.exit_code == exitcodes.FAILED
    ran = [r for r in sink.records if r["outcome"] != "skip"]
    failed = [r for r in ran if r["outcome"] == "fail"]
    assert {r["profile"] for r in ran} == {"17.06"}
    assert [r for r in ran if r["outcome"] == "pass"]
    own = ("/process/args", "/process/cwd", "/process/terminal", "/hostname", "/root")
    for record in failed:
        assert set(record["behaviours"]) <= set(fakes.Tiny.implemented), record
        assert all(line.startswith(own) for line in record["diff"]), record
    # its naive cwd (no filepath.Clean) and hostname (no Domainname) are real differences, and named so
    assert {b for r in failed for b in r["behaviours"]} == {"cwd", "hostname"}
    assert set(sink.foot["by_behaviour"]) == set(fakes.Tiny.implemented)
    assert sink.foot["by_behaviour"]["tty"] == {"pass": sum(r["exact"] is not None for r in ran)}
    # where moby returns an error the builder cannot be compared: skipped, with the reason
    records = by_key(sink)
    assert records["linux/workdir/parent-is-file", "17.06"]["outcome"] == "skip"
    assert "does not implement errors" in records["linux/workdir/parent-is-file", "17.06"]["reason"]
    # the same builder without its declaration fails (nearly) everything, on fields it never claimed
    _, undeclared = go(lambda: fakes.Tiny(declare=False), ids=["linux/*"])
    assert sum(r["outcome"] == "fail" for r in undeclared.records) > 2 * len(failed)
    assert undeclared.foot["by_behaviour"]["default-spec"]["fail"] > 0


def test_an_unknown_unsupported_behaviour_fails_the_handshake():
    from mobyspec_conformance.adapters.protocol import ProtocolError, parse_hello

    hello = {"protocol": 1, "implementation": {"name": "x", "version": "0", "language": "go"}}
    assert parse_hello({**hello, "unsupported_behaviours": ["tty"]}).unsupported_behaviours == ("tty",)
    with pytest.raises(ProtocolError, match="unknown behaviour 'ttty'"):
        parse_hello({**hello, "unsupported_behaviours": ["ttty"]})

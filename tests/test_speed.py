"""Parallel and split runs: ``--jobs N`` gives the results of one job, in corpus order; ``--shard K/N``
splits the selection so N shards cover it exactly once, and ``report merge`` joins them back.
"""

from __future__ import annotations

import json

import pytest
import runner_fakes as fakes
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from procs import MOBYSPEC

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import BuildRequest
from mobyspec_conformance.adapters.factory import make_builder
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.adapters.protocol import encode, encode_build, encode_input
from mobyspec_conformance.cli import main
from mobyspec_conformance.corpus import Selection, default_corpus, default_goldens
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_conformance.expectations import Entry, Expectations
from mobyspec_conformance.report.jsonl import ReportWriter, read, schema
from mobyspec_conformance.runner import RunOptions, run, shard_of
from mobyspec_conformance.vocabulary import request_json

IDS = ("linux/cwd/*", "linux/links/*", "windows/args/*", "start/*")
#: Three profiles, so the selection stays the same size however many profiles the reference grows.
PROFILES = ("1.10", "1.11", "17.06")


def _run(path, make, **options):
    opts = RunOptions(
        corpus=default_corpus(),
        goldens=default_goldens(),
        selection=options.pop("selection", Selection(ids=IDS, profiles=PROFILES)),
        **options,
    )
    with ReportWriter(path) as sink:
        result = run(opts, make, sink)
    return result, read(path)


_EXPECT = Expectations(
    entries=(
        Entry(case="linux/links/child-stopped", expect="fail", reason="known"),
        Entry(case="linux/renamed-long-ago", expect="fail", reason="stale"),
    )
)


def _records(report):
    return [(r["id"], r["profile"], r["outcome"], r.get("diff")) for r in report.records()]


# --- shards -------------------------------------------------------------------------------------


@given(st.lists(st.integers(), max_size=60), st.integers(1, 12))
def test_shards_cover_the_selection_exactly_once(items, count):
    shards = [shard_of(items, k, count) for k in range(1, count + 1)]
    positions = sorted(i for k in range(count) for i in range(k, len(items), count))
    assert positions == list(range(len(items)))  # disjoint, and nothing left out
    assert sorted(x for s in shards for x in s) == sorted(items)
    assert [len(s) for s in shards] == sorted((len(s) for s in shards), reverse=True)  # balanced
    assert max(map(len, shards), default=0) - min(map(len, shards), default=0) <= 1
    assert shards == [shard_of(items, k, count) for k in range(1, count + 1)]  # deterministic


def test_shard_of_the_corpus_is_the_same_split_on_every_machine():
    cases = load_corpus(default_corpus()).cases
    pairs = list(Selection().pairs(cases))
    first = shard_of(pairs, 2, 5)
    assert [(c.id, p) for c, p in first] == [(c.id, p) for c, p in pairs[1::5]]
    with pytest.raises(ValueError, match="1 <= K <= N"):
        shard_of(pairs, 0, 5)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """A whole run and its three shards, with a failing fake and an expectations file."""
    folder = tmp_path_factory.mktemp("shards")
    exp = _EXPECT
    whole = _run(folder / "whole.jsonl", fakes.NoCwdDefault, expectations=exp)[1]
    shards = [
        _run(folder / f"shard{k}.jsonl", fakes.NoCwdDefault, expectations=exp, shard=(k, 3))[1]
        for k in (1, 2, 3)
    ]
    return folder, whole, shards


@pytest.fixture(scope="module")
def one_job(sharded):
    return sharded[1]


def test_shard_reports_carry_their_place_and_validate(sharded):
    _, whole, shards = sharded
    validator = Draft202012Validator(schema())
    for k, report in enumerate(shards, start=1):
        assert report.header["shard"] == {"index": k, "count": 3}
        assert report.header["selection"]["selected"] == len(list(report.records()))
        for line in report.path.read_text().splitlines():
            assert not list(validator.iter_errors(json.loads(line)))
    assert "shard" not in whole.header
    assert sum(r.header["selection"]["selected"] for r in shards) == whole.header["selection"]["selected"]


def test_merge_restores_corpus_order_from_shards_in_any_order(sharded):
    folder, whole, shards = sharded
    out = folder / "merged.jsonl"
    given_order = [str(shards[2].path), str(shards[0].path), str(shards[1].path)]
    result = CliRunner().invoke(main, ["report", "merge", str(out), *given_order])
    assert result.exit_code == 0, result.output
    merged = read(out)
    assert _records(merged) == _records(whole)
    assert "shard" not in merged.header
    assert merged.header["selection"] == whole.header["selection"]
    for key in ("counts", "by_feature", "by_profile", "scores", "summary", "exit_code", "not_run"):
        assert merged.footer[key] == whole.footer[key], key
    # every shard reports the stale entry; the merge reports it once, as the whole run does
    assert merged.footer["expectations"] == whole.footer["expectations"]
    assert len(whole.footer["expectations"]) == 1
    assert result.output.strip() == whole.footer["summary"]


@pytest.mark.parametrize(
    ("picks", "message"),
    [
        ((0, 1), "missing 3/3"),
        ((0, 1, 1, 2), "given twice 2/3"),
        ((0, "whole"), "some of the reports are shards"),
    ],
)
def test_merge_refuses_an_incomplete_or_mixed_set(sharded, picks, message):
    folder, whole, shards = sharded
    paths = [str(whole.path) if p == "whole" else str(shards[p].path) for p in picks]
    result = CliRunner().invoke(main, ["report", "merge", str(folder / "bad.jsonl"), *paths])
    assert result.exit_code == exitcodes.USAGE
    assert message in result.output


@pytest.mark.parametrize("value", ["0/3", "4/3", "2", "a/b", "1/0", "-1/2"])
def test_a_bad_shard_is_a_usage_error(value):
    result = CliRunner().invoke(main, ["run", "--builder", "reference", "--shard", value])
    assert result.exit_code == exitcodes.USAGE
    assert "--shard" in result.output


def test_update_expectations_needs_the_whole_selection(tmp_path):
    args = ["run", "-b", "reference", "--shard", "1/2", "--expectations", str(tmp_path / "e.toml")]
    result = CliRunner().invoke(main, [*args, "--update-expectations"])
    assert result.exit_code == exitcodes.USAGE
    assert "not a --shard" in result.output


# --- jobs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_give_the_one_job_results_in_corpus_order(tmp_path, one_job, jobs):
    one = one_job
    many = _run(tmp_path / "many.jsonl", fakes.NoCwdDefault, jobs=jobs, expectations=_EXPECT)[1]
    assert _records(many) == _records(one)
    assert {r[2] for r in _records(one)} >= {"pass", "fail", "xpass"}
    assert many.header["jobs"] == jobs
    assert many.footer["counts"] == one.footer["counts"]


@pytest.mark.subprocess
def test_jobs_over_session_processes(tmp_path):
    one = _run(tmp_path / "one.jsonl", ReferenceBuilder)[1]
    many = _run(tmp_path / "two.jsonl", lambda: make_builder(f"cmd:{MOBYSPEC} serve"), jobs=2)[1]
    assert _records(many) == _records(one)
    assert many.footer["exit_code"] == exitcodes.OK


# --- the session's request encoding -------------------------------------------------------------


def test_a_shared_input_encodes_to_the_same_line():
    cases = load_corpus(default_corpus()).cases
    for i, case in enumerate(cases[::40]):
        request = BuildRequest(i, case.id, "1.12", case.platform, case.operation, case.input)
        assert encode_build(request, encode_input(request)) == encode(request_json(request))

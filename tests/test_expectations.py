"""expectations.py: the known-failures file, its checks both ways, and its rewrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve

from mobyspec_conformance.atomic import write_text as write_atomic
from mobyspec_conformance.expectations import (
    TODO_REASON,
    Entry,
    Expectations,
    ExpectationsError,
    dumps,
    load,
    parse,
    updated,
)

GOOD = b"""version = 1
max_glob_matches = 3

[[expect]]
case = "linux/links/*"
expect = "fail"
reason = "links env not implemented"
issue = "https://example.invalid/issues/1"

[[expect]]
case = "linux/links/single-port"
profile = "17.06"
expect = "skip"
reason = "crashes our parser"
"""


def test_parse_keeps_entries_lines_and_hash():
    exp = parse(GOOD)
    assert exp.max_glob_matches == 3
    assert [(e.case, e.expect, e.profile, e.line) for e in exp.entries] == [
        ("linux/links/*", "fail", None, 4),
        ("linux/links/single-port", "skip", "17.06", 10),
    ]
    assert exp.entries[0].issue == "https://example.invalid/issues/1"
    assert len(exp.sha256 or "") == 64


def test_exact_id_wins_over_a_glob_then_file_order():
    exp = parse(GOOD)
    assert exp.lookup("linux/links/single-port", "17.06").expect == "skip"
    assert exp.lookup("linux/links/single-port", "1.12").expect == "fail"  # the profile narrows the exact one
    assert exp.lookup("linux/links/two-port-run", "1.12").case == "linux/links/*"
    assert exp.lookup("linux/cwd/default", "1.12") is None


def test_not_toml_names_the_line():
    with pytest.raises(ExpectationsError, match=r"^x\.toml:3: not TOML: .*\(column \d+\)$"):
        parse(b'version = 1\n[[expect]]\ncase = "a\n', path=Path("x.toml"))


def test_missing_reason_names_the_entry_line():
    text = GOOD.replace(b'reason = "crashes our parser"\n', b"")
    with pytest.raises(ExpectationsError) as info:
        parse(text)
    assert "<expectations>:10: expect/1: 'reason' is a required property" in str(info.value)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ((b'expect = "fail"', b'expect = "xfail"'), "'xfail' is not one of ['fail', 'skip']"),
        ((b"version = 1", b"version = 2"), "1 was expected"),
        ((b"version = 1", b'version = 1\nbuilder = "x"'), "Additional properties are not allowed ('builder'"),
        ((b"https://example.invalid/issues/1", b"issue 1"), "does not match"),
        ((b'reason = "links env not implemented"', b'reason = "   "'), "does not match"),
    ],
)
def test_schema_errors_are_clear(patch, message):
    with pytest.raises(ExpectationsError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse(GOOD.replace(*patch))


def test_unreadable_file(tmp_path):
    with pytest.raises(ExpectationsError, match="cannot read"):
        load(tmp_path / "missing.toml")


def test_check_finds_stale_entries_and_glob_overflow():
    exp = parse(GOOD)
    pairs = [(f"linux/links/case-{i}", "17.06") for i in range(4)]
    problems = exp.check(pairs)
    assert [(p.kind, p.entry.case) for p in problems] == [
        ("glob-overflow", "linux/links/*"),
        ("stale", "linux/links/single-port"),
    ]
    assert "matches 4 cases, more than the cap of 3" in problems[0].message
    assert problems[1].message.startswith("<expectations>:10: ")


def test_glob_cap_counts_cases_not_profiles():
    exp = parse(GOOD)
    pairs = [(f"linux/links/case-{i}", p) for i in range(3) for p in ("1.12", "17.06")]
    pairs.append(("linux/links/single-port", "17.06"))
    assert [p.kind for p in exp.check(pairs)] == ["glob-overflow"]  # 4 ids (single-port counts too)
    assert [p.kind for p in exp.check(pairs[:-1])] == ["stale"]  # 3 ids x 2 profiles: within the cap


def test_dumps_round_trips_awkward_text():
    entry = Entry(
        case="linux/a-b/*",
        profile="1.13-dev+410a861",
        expect="fail",
        reason='quote " backslash \\ newline \n tab \t del \x7f bell \x07 unicode ß',
        issue="https://example.invalid/x?a=1&b=2",
    )
    exp = Expectations(entries=(entry, Entry(case="x", expect="skip", reason="r")), max_glob_matches=7)
    again = parse(dumps(exp).encode())
    assert again.entries == exp.entries
    assert again.max_glob_matches == 7


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "exp.toml"
    target.write_text("old")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["exp.toml"]


CORPUS = [(c, p) for c in ("a/1", "a/2", "b/1") for p in ("1.12", "17.06")]


def test_update_keeps_reasons_drops_fixed_and_stale_adds_new():
    exp = Expectations(
        entries=(
            Entry(case="a/*", expect="fail", reason="glob reason", issue="https://example.invalid/1"),
            Entry(case="b/1", expect="fail", reason="fixed now"),
            Entry(case="gone/1", expect="fail", reason="renamed"),
            Entry(case="b/1", profile="1.12", expect="skip", reason="too slow"),
        )
    )
    observed = {
        ("a/1", "1.12"): True,
        ("a/1", "17.06"): False,  # fixed under one profile: the glob is split
        ("a/2", "1.12"): True,
        ("a/2", "17.06"): True,
        ("b/1", "17.06"): False,
    }
    new = updated(exp, observed, CORPUS)
    assert [(e.case, e.profile, e.expect, e.reason) for e in new.entries] == [
        ("a/1", "1.12", "fail", "glob reason"),
        ("a/2", "1.12", "fail", "glob reason"),
        ("a/2", "17.06", "fail", "glob reason"),
        ("b/1", "1.12", "skip", "too slow"),
    ]
    assert new.entries[0].issue == "https://example.invalid/1"


def test_update_adds_new_failures_per_case_or_per_profile():
    observed = {("a/1", "1.12"): True, ("a/1", "17.06"): True, ("a/2", "1.12"): True, ("a/2", "17.06"): False}
    new = updated(Expectations(), observed, CORPUS)
    assert [(e.case, e.profile, e.reason) for e in new.entries] == [
        ("a/1", None, TODO_REASON),
        ("a/2", "1.12", TODO_REASON),
    ]


def test_update_groups_a_folder_failing_for_one_behaviour_into_a_glob():
    corpus = [*CORPUS, ("c/1", "17.06")]
    observed = dict.fromkeys(corpus, True)
    behaviours = {pair: ("cwd",) for pair in corpus if pair[0].startswith("a/")}
    behaviours["b/1", "1.12"] = ("env",)
    new = updated(Expectations(), observed, corpus, behaviours)
    assert [(e.case, e.profile, e.reason) for e in new.entries] == [
        ("a/*", None, f"{TODO_REASON} (behaviours: cwd)"),  # every pair of a/ fails for cwd: one glob
        ("b/1", None, f"{TODO_REASON} (behaviours: env)"),  # a folder of one case stays an id
        ("c/1", None, TODO_REASON),
    ]
    # a folder whose pairs fail for different behaviours, or not all of them, is not globbed
    behaviours["a/2", "17.06"] = ("env",)
    assert "a/*" not in [e.case for e in updated(Expectations(), observed, corpus, behaviours).entries]
    partly = {**observed, ("a/2", "17.06"): False}
    assert "a/*" not in [e.case for e in updated(Expectations(), partly, corpus, behaviours).entries]
    # nor one over the file's glob cap
    capped = Expectations(max_glob_matches=1)
    assert "a/*" not in [e.case for e in updated(capped, observed, corpus, behaviours).entries]


def test_dumps_edits_the_original_keeping_comments():
    original = GOOD.decode().replace(
        'reason = "crashes our parser"', 'reason = "crashes our parser"  # see #7'
    )
    original = "# acme's known failures\n" + original
    exp = parse(original.encode())
    new = evolve(exp, entries=(exp.entries[1], Entry(case="b/1", expect="fail", reason="new")))
    text = dumps(new, original)
    assert text.startswith("# acme's known failures\nversion = 1\nmax_glob_matches = 3\n")
    assert 'reason = "crashes our parser"  # see #7' in text
    assert "links env not implemented" not in text
    assert [(e.case, e.reason) for e in parse(text.encode()).entries] == [
        ("linux/links/single-port", "crashes our parser"),
        ("b/1", "new"),
    ]


def test_update_keeps_entries_about_pairs_outside_the_run():
    exp = Expectations(entries=(Entry(case="b/1", expect="fail", reason="not selected this time"),))
    assert updated(exp, {("a/1", "1.12"): False}, CORPUS).entries == exp.entries

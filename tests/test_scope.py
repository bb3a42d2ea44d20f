"""Scope (which nodes are compared) and the behaviour registry (which behaviour owns which node)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mobyspec_conformance.behaviours import parse_registry, registry
from mobyspec_conformance.scope import FULL, Scope, Selector, shape_of

ROOT = Path(__file__).resolve().parents[1]


def golden(profile, case_id):
    return json.loads((ROOT / "goldens" / profile / f"{case_id}.json").read_text())


def case_input(case_id):
    return json.loads((ROOT / "conformance" / "cases" / f"{case_id}.json").read_text())["input"]


INIT = golden("17.06", "linux/init/hostconfig-true")


def test_full_scope_is_the_identity():
    assert FULL.full
    assert FULL.project(INIT) is INIT


def test_excluded_pointer_leaves_both_sides():
    scope = Scope.from_json({"rules": [{"pointer": "/process/terminal", "mode": "exclude"}]})
    assert scope.project({"process": {"terminal": True, "cwd": "/"}}) == {"process": {"cwd": "/"}}
    assert scope.project({"process": {"cwd": "/"}}) == {"process": {"cwd": "/"}}


def test_include_only_scope_keeps_the_modelled_fields():
    # "only the fields the operation models": exclude by default, compare what is listed
    scope = Scope.from_json({"default": "exclude", "rules": [{"pointer": "/process/cwd", "mode": "compare"}]})
    assert scope.project(INIT) == {"process": {"cwd": "/"}}


def test_shape_scope_compares_machine_values_by_type():
    scope = Scope.from_json({"rules": [{"pointer": "/hostname", "mode": "shape"}]})
    assert (
        scope.project({"hostname": "abc"}) == scope.project({"hostname": "f00"}) == {"hostname": "<string>"}
    )
    assert scope.project({"hostname": 1}) != scope.project({"hostname": "1"})
    assert [shape_of(v) for v in (True, 1, 1.5, None, "x")] == [
        "<boolean>", "<number>", "<number>", "<null>", "<string>",
    ]  # fmt: skip


def test_bad_scope_data_is_refused():
    with pytest.raises(ValueError, match="scope mode 'ignore'"):
        Scope.from_json({"rules": [{"pointer": "/x", "mode": "ignore"}]})
    with pytest.raises(ValueError, match="must start with /"):
        Scope.from_json({"rules": [{"pointer": "x"}]})
    with pytest.raises(ValueError, match="unknown keys"):
        Selector.from_json({"pointer": "/x", "wher": {}})


def test_init_scope_drops_the_mount_and_the_args_prefix_only():
    projected = registry().scope_for(["init"], "linux", "spec").project(INIT)
    assert projected["process"]["args"] == ["sh"]
    assert "/dev/init" not in [m["destination"] for m in projected["mounts"]]
    assert len(projected["mounts"]) == len(INIT["mounts"]) - 1
    # a user's own "--" after a non-init first argument is not the init prefix
    user = {"process": {"args": ["sh", "--", "x"]}}
    assert registry().scope_for(["init"], "linux", "spec").project(user) == user


def test_links_scope_drops_only_the_link_variables():
    doc = golden("17.06", "linux/links/alias-hyphen")
    env = (
        registry().scope_for(["links"], "linux", "spec").project(doc, case_input("linux/links/alias-hyphen"))
    )
    assert env["process"]["env"] == [e for e in doc["process"]["env"] if not e.startswith("MY_DB.V2_")]


def test_a_partial_builder_is_compared_on_its_own_fields():
    reg = registry()
    implemented = {"args", "cwd", "tty", "hostname", "root"}
    scope = reg.scope_for(set(reg.for_pair("linux", "spec")) - implemented, "linux", "spec")
    assert scope.project(INIT) == {
        "hostname": INIT["hostname"],
        "process": {"args": ["sh"], "cwd": "/"},
        "root": INIT["root"],
    }


def test_a_behaviour_absent_from_the_pair_leaves_the_scope_full():
    assert registry().scope_for(["windows-networking"], "linux", "spec") is FULL


def test_differences_are_attributed_to_their_behaviours():
    reg = registry()

    def owners(*pointers, expected=INIT, actual=None, case=None):
        return reg.attribute(
            pointers, expected, actual or {}, platform="linux", operation="spec", case_input=case
        )

    assert owners("/process/terminal") == ("tty",)  # absent from the golden (omitempty): by pointer
    assert owners("/mounts/6/options/1", "/process/args/1") == ("init",)
    assert owners("/process/args/2") == ("args",)
    assert owners("/linux/maskedPaths/0", "/process/capabilities") == ("default-spec",)
    links = golden("17.06", "linux/links/alias-hyphen")
    link_case = case_input("linux/links/alias-hyphen")
    assert owners("/process/env/2", "/process/env/0", expected=links, case=link_case) == ("env", "links")
    # only the answer has the node: it is looked up there
    assert owners("/process/args/0", expected={"process": {"args": []}}, actual=INIT) == ("init",)


def test_the_registry_is_consistent():
    reg = registry()
    used = {r.behaviour for r in reg.rules} | {b for _, b in reg.defaults}
    assert used == set(reg.names())
    with pytest.raises(ValueError, match="rule 1: unknown behaviour 'tyy'"):
        parse_registry(
            {"behaviour": {"tty": {"summary": "x"}}, "rule": [{"behaviour": "tyy", "pointer": "/x"}]}
        )

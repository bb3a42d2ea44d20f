"""tools/rule_mutation.py: which rule-table mutants it makes, and that the listed equivalents exist."""

from __future__ import annotations

import tomllib

from mobyspec_conformance.corpus import default_corpus, load
from tools.rule_mutation import AREAS, EQUIVALENT, killed, mutants


def _names() -> set[str]:
    return {name for area in AREAS for name, *_ in mutants(area, "17.07", "27.0")}


def test_each_change_point_gives_a_revert_and_an_advance() -> None:
    names = _names()
    assert "rules.linux.27.0.init.revert" in names
    assert "rules.linux.27.0.init.advance" in names
    # 23.0 names 20.10's rules after 20.10.27's: the masked paths change back there
    assert "rules.linux.23.0.masked_paths.revert" in names
    assert "rules.windows.26.0.mounts_before_spec.advance" in names
    assert "rules.create.26.1.workdir_clean.revert" in names
    # a switch that only decides where create exists is no behaviour
    assert not any(".platforms." in name for name in names)


def test_listed_rule_equivalents_are_mutants() -> None:
    listed = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    assert {k for k in listed if k.startswith("rules.")} <= _names()


def test_a_pinned_switch_is_killed() -> None:
    cases = [c for c in load(default_corpus()).cases if c.id.startswith("linux/init/")]
    [(_, profiles, field, value)] = [m for m in mutants("linux", "27.0", "27.0") if m[0].endswith("revert")]
    assert killed("linux", cases, profiles, field, value) is not None

"""Mutation of the rule tables: a golden must pin each switch of each change point from 17.07 on.

mutmut mutates code inside functions only, so the profile tables (``linux_rules.LINUX``,
``windows_rules.WINDOWS``, ``create_rules.CREATE``: module-level data) give it no mutant. This tool
mutates the rules in effect instead (``profiles.PROFILES``, after the table's inheritance). For each
profile P from ``--first`` (17.07) on whose Linux, Windows or create rules differ from those of the
profile before it, and for each switch that differs, two mutants:

* ``revert``: P (and the profiles after it that share P's rules) gets the switch's old value, as if the
  change had not happened at P;
* ``advance``: the profiles before P that share its predecessor's rules get P's new value, as if the change
  had come one change point earlier.

A mutant is killed when some case that applies to a mutated profile builds a different output (the
goldens are the unmutated outputs, so this is what ``tests/test_goldens.py`` would fail on). Survivors are
printed; ``tools/mutation-equivalent.toml`` lists equivalent ones as
``rules.<area>.<profile>.<switch>.<revert|advance>``.

    python tools/rule_mutation.py [--area linux windows create] [--first 17.07] [--last 29.5]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from mobyspec_conformance.corpus import default_corpus, load
from mobyspec_reference import build_output
from mobyspec_reference.profiles import PROFILES, Profile

if TYPE_CHECKING:
    from mobyspec_conformance.vocabulary import Case
    from mobyspec_reference.create_rules import CreateRules
    from mobyspec_reference.linux_rules import LinuxRules
    from mobyspec_reference.windows_rules import WindowsRules

    Rules = LinuxRules | WindowsRules | CreateRules

EQUIVALENT = Path(__file__).with_name("mutation-equivalent.toml")
AREAS = ("linux", "windows", "create")
#: Switches that decide which profiles an operation exists for, not what it does: ``mobyspec lint``
#: checks that every case's profiles support it, so a case cannot exercise the other value.
NOT_BEHAVIOUR = frozenset({"platforms"})


def _platforms(area: str, rules: Rules) -> tuple[str, ...]:
    platforms: tuple[str, ...] = getattr(rules, "platforms", (area,))  # create rules name theirs
    return platforms


def _operation(area: str) -> str:
    return "create" if area == "create" else "spec"


def mutants(area: str, first: str, last: str) -> list[tuple[str, list[Profile], str, object]]:
    """(name, mutated profiles, ...) for every switch that changes at a profile in [first, last]."""
    ids = [p.id for p in PROFILES]
    start, stop = ids.index(first), ids.index(last)
    out: list[tuple[str, list[Profile], str, object]] = []
    for i in range(max(start, 1), stop + 1):
        prev, cur = PROFILES[i - 1], PROFILES[i]
        old, new = getattr(prev, area), getattr(cur, area)
        if old is None or new is None or old is new:
            continue
        # the run of profiles sharing cur's rules from cur on, and prev's rules back from prev
        after = [cur]
        for p in PROFILES[i + 1 : stop + 1]:
            if getattr(p, area) is not new:
                break
            after.append(p)
        before = [prev]
        for p in reversed(PROFILES[: i - 1]):
            if getattr(p, area) is not old:
                break
            before.append(p)
        for field in attrs.fields(type(new)):
            a, b = getattr(old, field.name), getattr(new, field.name)
            if a == b or field.name in NOT_BEHAVIOUR:
                continue
            base = f"rules.{area}.{cur.id}.{field.name}"
            out.append((f"{base}.revert", after, field.name, a))
            out.append((f"{base}.advance", before, field.name, b))
    return out


def killed(area: str, cases: list[Case], profiles: list[Profile], field: str, value: object) -> str | None:
    """The first ``profile/case`` whose output the mutant changes, or None when none does."""
    for prof in profiles:
        rules: Rules = getattr(prof, area)
        switch: dict[str, Any] = {field: value}
        area_rules: dict[str, Any] = {area: attrs.evolve(rules, **switch)}
        mutant = attrs.evolve(prof, **area_rules)
        for case in cases:
            if case.operation != _operation(area) or case.platform not in _platforms(area, rules):
                continue
            if prof.id not in case.applicable_profiles():
                continue
            before = build_output(case.platform, case.operation, case.input, prof)
            if build_output(case.platform, case.operation, case.input, mutant) != before:
                return f"{prof.id}/{case.id}"
    return None


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--area", nargs="*", default=list(AREAS), choices=AREAS)
    parser.add_argument("--first", default="17.07")
    parser.add_argument("--last", default=PROFILES[-1].id, help="default: the newest profile")
    args = parser.parse_args()
    cases = list(load(default_corpus()).cases)
    equivalent = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8")) if EQUIVALENT.is_file() else {}
    status = 0
    for area in args.area:
        began = time.monotonic()
        found = mutants(area, args.first, args.last)
        left = known = 0
        for name, profiles, field, value in found:
            by = killed(area, cases, profiles, field, value)
            if by is not None:
                print(f"killed: {name} by {by}")
            elif name in equivalent:
                known += 1
                print(f"equivalent: {name}")
            else:
                left += 1
                print(f"survived: {name} ({field}={value!r} on {', '.join(p.id for p in profiles)})")
        total = len(found) - known
        print(
            f"rules {area} {args.first}..{args.last}: killed {total - left} of {total} non-equivalent "
            f"mutants ({len(found)} in all, {known} equivalent) in {time.monotonic() - began:.0f} s"
        )
        status = status or (1 if left else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Every (case, applicable profile) of the corpus: the reference's output equals its golden.

One test per profile compares all of that profile's goldens (a test per pair spent most of its time in
pytest's own per-test machinery). ``tox -e regen`` rewrites the goldens (syrupy ``--snapshot-update``);
the default run fails on a missing, changed or unused golden, and a failing profile lists every case
that differs, with syrupy's diff of the first few.
"""

from __future__ import annotations

from typing import Any

import pytest

from mobyspec_conformance.corpus import default_corpus, load
from mobyspec_reference import build_output
from mobyspec_reference.profiles import PROFILES

CORPUS = default_corpus().resolve()
CASES = load(CORPUS).cases
SHOWN = 3  # syrupy diffs printed in full; the rest of a failing profile's cases are listed by id

if not CASES:
    msg = f"no cases under {CORPUS}"
    raise pytest.UsageError(msg)


@pytest.mark.golden
@pytest.mark.parametrize("profile", [p.id for p in PROFILES])
def test_goldens_of_profile(profile: str, golden: Any) -> None:
    cases = [case for case in CASES if profile in case.applicable_profiles()]
    assert cases, f"no case applies to profile {profile}"
    differing: list[str] = []
    diffs: list[str] = []
    for case in cases:
        out = build_output(case.platform, case.operation, case.input, profile)
        # Every golden is asserted (so syrupy marks it used, or writes it under --snapshot-update);
        # a difference is collected rather than ending the loop.
        try:
            assert out == golden(name=f"{profile}/{case.id}")
        except AssertionError as exc:
            differing.append(case.id)
            if len(diffs) < SHOWN:
                diffs.append(f"{profile}/{case.id}:\n{exc}")
    assert not differing, (
        f"{len(differing)} of {len(cases)} goldens of {profile} differ:\n  "
        + "\n  ".join(differing)
        + "\n\n"
        + "\n\n".join(diffs)
    )

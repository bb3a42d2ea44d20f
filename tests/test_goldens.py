"""Every (case, applicable profile) of the corpus: the reference's output equals its golden.

``tox -e regen`` rewrites the goldens (syrupy ``--snapshot-update``); the default run fails on a
missing, changed or unused golden.
"""

from __future__ import annotations

from typing import Any

import pytest

from mobyspec_conformance.corpus import default_corpus, load
from mobyspec_reference import build_output

CORPUS = default_corpus().resolve()


def _pairs() -> list[Any]:
    pairs = []
    for case in load(CORPUS).cases:
        pairs.extend(pytest.param(case, pid, id=f"{pid}/{case.id}") for pid in case.applicable_profiles())
    if not pairs:
        msg = f"no cases under {CORPUS}"
        raise pytest.UsageError(msg)
    return pairs


@pytest.mark.golden
@pytest.mark.parametrize(("case", "profile"), _pairs())
def test_golden(case: Any, profile: str, golden: Any) -> None:
    out = build_output(case.platform, case.operation, case.input, profile)
    assert out == golden(name=f"{profile}/{case.id}")

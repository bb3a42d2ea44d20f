"""Differential fuzzing (``mobyspec fuzz``): a builder against the reference on generated inputs.

Every distinct disagreement is shrunk by hypothesis to a minimal input and written as a draft case.

Drafts never go into the corpus: a person reviews, names and moves them (docs/properties.md).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from typing import TYPE_CHECKING, Any

from attrs import frozen
from hypothesis import find
from hypothesis.errors import NoSuchExample

from mobyspec_conformance import atomic, canonical, properties
from mobyspec_conformance import strategies as ms
from mobyspec_conformance.adapters.base import Built, Rejected
from mobyspec_conformance.compare import compare
from mobyspec_conformance.corpus import golden_path, safe_case_id, validate_case
from mobyspec_reference import build_output

if TYPE_CHECKING:
    from pathlib import Path

    from hypothesis import settings as hsettings

    from mobyspec_conformance.properties import Subject
    from mobyspec_reference.profiles import Profile

Json = Any

#: Draft cases ``fuzz`` writes per platform at most (each a distinct disagreement).
DEFAULT_MAX_CASES = 10


@frozen
class Disagreement:
    """One input on which the builder and the reference differ, and how."""

    platform: str
    profile: str
    input: Json
    reference: Json
    builder: Json
    kind: str
    diff: tuple[str, ...]

    @property
    def signature(self) -> tuple[str, ...]:
        """What makes two disagreements the same: the kind and where they differ (indexes folded)."""
        places = {re.sub(r"/\d+(?=/|$)", "/*", line.split(": ", 1)[0]) for line in self.diff}
        return (self.kind, *sorted(places))


def differ(subject: Subject, platform: str, profile: Profile, inp: Json) -> Disagreement | None:
    """Compare the builder with the reference on one input (semantic comparison, as ``run`` does)."""
    reference = build_output(platform, "spec", inp, profile)
    try:
        response = subject.respond(platform, "spec", inp, profile.id, "fuzz")
    except properties.BuilderSkipped:
        return None
    except properties.BuilderFailed as err:
        return Disagreement(
            platform, profile.id, inp, reference, {"failed": str(err)}, "builder-failed", (str(err),)
        )
    verdict = compare(
        reference, response, platform=platform, operation="spec", profile=profile.id, case_input=inp
    )
    if verdict.semantic:
        return None
    out = response.output if isinstance(response, Built) else _rejection(response)
    return Disagreement(
        platform, profile.id, inp, reference, out, verdict.mismatch or "differs", verdict.diff
    )


def _rejection(response: Rejected) -> Json:
    return {"error": {"code": response.code, "message": response.message}}


def profile_slug(profile_id: str) -> str:
    """A profile id as a case-id segment (``1.12-dev+c70f153`` -> ``1.12-dev-c70f153``)."""
    return re.sub(r"[^a-z0-9.-]", "-", profile_id.lower())


def draft_case(found: Disagreement, builder: str) -> Json:
    """The draft case (format v1) of a disagreement: id under ``fuzz/``, the difference as description."""
    digest = hashlib.sha256(json.dumps(found.signature).encode()).hexdigest()[:10]
    case_id = f"fuzz/{found.platform}/{profile_slug(found.profile)}/{digest}"
    where = ", ".join(found.signature[1:]) or "/"
    description = f"fuzz: {builder} differs from the reference at {found.profile}: {found.kind} at {where}"
    description = " ".join(description.split())
    if len(description) > 200:
        description = description[:197] + "..."
    return {
        "id": case_id,
        "description": description,
        "platform": found.platform,
        "operation": "spec",
        "features": [],
        "profiles": [found.profile],
        "input": found.input,
    }


def write_draft(out: Path, found: Disagreement, builder: str) -> Path:
    """Write one draft: case, reference output and builder output; returns the case file.

    The case goes to ``out/cases/<id>.json``, the reference's output to ``out/goldens/<profile>/<id>.json``
    (where ``mobyspec lint --corpus out/cases --goldens out/goldens`` looks) and the builder's to
    ``out/builder/<profile>/<id>.json``.
    """
    case = draft_case(found, builder)
    validate_case(case, case["id"])  # a draft the corpus loader would refuse is a bug here
    case_file = out / "cases" / f"{safe_case_id(case['id'])}.json"
    for path, value in (
        (case_file, case),
        (golden_path(out / "goldens", found.profile, case["id"]), found.reference),
        (golden_path(out / "builder", found.profile, case["id"]), found.builder),
    ):
        atomic.write_text(path, canonical.dumps(value))
    return case_file


def fuzz(
    subject: Subject,
    profile: Profile,
    platform: str,
    settings: hsettings,
    *,
    max_cases: int = DEFAULT_MAX_CASES,
    seed: int | None = None,
) -> list[Disagreement]:
    """Distinct disagreements on ``platform`` at ``profile``, each shrunk by hypothesis to a minimal input.

    Each round searches for an input whose disagreement has a signature not seen yet, so one bug does not
    hide the others; hypothesis' shrinker minimises the input while keeping that property.
    """
    found: list[Disagreement] = []
    seen: set[tuple[str, ...]] = set()

    def new(inp: Json) -> bool:
        got = differ(subject, platform, profile, inp)
        return got is not None and got.signature not in seen

    strategy = ms.spec_inputs(platform, errors=True)
    rng = random.Random(seed) if seed is not None else None  # noqa: S311 - exploration, not secrecy
    while len(found) < max_cases:
        try:
            minimal = find(strategy, new, settings=settings, random=rng)
        except NoSuchExample:
            break
        got = differ(subject, platform, profile, minimal)
        assert got is not None
        found.append(got)
        seen.add(got.signature)
    return found

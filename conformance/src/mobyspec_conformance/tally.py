"""The counters of a run and the report footer they make (``run`` and ``report merge`` write it).

Imports no runner: ``report merge`` recounts a footer from records with the same :class:`Tally`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from attrs import field, frozen

from mobyspec_conformance.behaviours import registry
from mobyspec_conformance.vocabulary import BAD, DECLARED, FAILING, OUTCOMES, UNCLAIMED, Outcome
from mobyspec_reference import PROFILES

Json = Any


@frozen
class Tally:
    """Counters of one run (no per-pair data besides ``observed``)."""

    counts: Counter[str] = field(factory=Counter)
    by_feature: defaultdict[str, Counter[str]] = field(factory=lambda: defaultdict(Counter))
    by_profile: defaultdict[str, Counter[str]] = field(factory=lambda: defaultdict(Counter))
    #: Pairs compared against a golden, and how many of them each score passed.
    scores: Counter[str] = field(factory=Counter)
    rejected_unmapped: list[int] = field(factory=lambda: [0])
    observed: dict[tuple[str, str], bool] = field(factory=dict)
    #: The behaviours of each failing pair that ran (for ``--update-expectations``' grouping).
    observed_behaviours: dict[tuple[str, str], tuple[str, ...]] = field(factory=dict)
    #: Per behaviour (``registry/behaviours.toml``): compared pairs whose differences touch it (fail) or not.
    by_behaviour: defaultdict[str, Counter[str]] = field(factory=lambda: defaultdict(Counter))
    #: Behaviours the builder declared unsupported: not counted (their fields were not compared).
    left_out: set[str] = field(factory=set)
    #: Skipped pairs the builder does not claim (platform, operation, profile), by reason.
    unclaimed: Counter[str] = field(factory=Counter)

    def add(self, record: Json, *, track: bool) -> None:
        """Count one record."""
        outcome = record["outcome"]
        self.counts[outcome] += 1
        for feature in record["features"]:
            self.by_feature[feature][outcome] += 1
        if outcome == Outcome.SKIP and str(record.get("reason")).startswith(UNCLAIMED):
            self.unclaimed[record["reason"]] += 1
        if record["exact"] is not None:
            failed = set(record.get("behaviours", ()))
            for name in registry().for_pair(record["platform"], record["operation"]):
                if name not in self.left_out:
                    self.by_behaviour[name]["fail" if name in failed else "pass"] += 1
        self.by_profile[record["profile"]][outcome] += 1
        if record["exact"] is not None:
            self.scores["compared"] += 1
            self.scores["exact"] += bool(record["exact"])
            self.scores["semantic"] += bool(record["semantic"])
        if record.get("mismatch") == "rejected-unmapped":
            self.rejected_unmapped[0] += 1
        if record.get("mismatch") == "errored" and outcome == Outcome.FAIL:
            self.scores["errored"] += 1
        if track and outcome != Outcome.SKIP:
            self.observed[record["id"], record["profile"]] = (record.get("observed") or outcome) in FAILING
            if record.get("behaviours"):
                self.observed_behaviours[record["id"], record["profile"]] = tuple(record["behaviours"])

    def footer(
        self, *, expectations: list[Json], not_run: int, aborted: str | None, exit_code: int
    ) -> dict[str, Json]:
        """The report footer these counters make (``run`` and ``report merge`` write it)."""
        return {
            "type": "footer",
            "counts": {o: self.counts[o] for o in OUTCOMES},
            "by_feature": {f: _counts(c) for f, c in sorted(self.by_feature.items())},
            "by_behaviour": {b: dict(c) for b, c in sorted(self.by_behaviour.items())},
            "by_profile": {p: _counts(c) for p, c in sorted(self.by_profile.items())},
            "scores": {k: self.scores[k] for k in ("compared", "exact", "semantic")},
            "rejected_unmapped": self.rejected_unmapped[0],
            "unclaimed": dict(sorted(self.unclaimed.items())),
            "expectations": expectations,
            "not_run": not_run,
            "aborted": aborted,
            "summary": summary_line(self.counts),
            "exit_code": exit_code,
            "finished": now(),
        }


def summary_line(counts: Counter[str]) -> str:
    """The plain last line of a run: ``N passed, N failed, N skipped``.

    passed = pass; failed = every outcome that fails the run; skipped = skip and xfail (declared, not
    held against the builder).
    """
    passed = counts[Outcome.PASS]
    failed = sum(counts[o] for o in BAD)
    skipped = sum(counts[o] for o in DECLARED)
    return f"{passed} passed, {failed} failed, {skipped} skipped"


def now() -> str:
    """UTC time stamp (seconds) for report headers and footers."""
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def rank_profiles(tally: Tally) -> list[tuple[str, int, int]]:
    """(profile, pairs that passed, pairs that ran) per profile, best agreement first (ties: newer first)."""
    order = {p.id: i for i, p in enumerate(PROFILES)}
    rows = []
    for profile, counts in tally.by_profile.items():
        ran = sum(counts[o] for o in OUTCOMES if o != Outcome.SKIP)
        if ran:
            rows.append((profile, counts[Outcome.PASS], ran))
    return sorted(rows, key=lambda r: (-r[1] / r[2], -order.get(r[0], -1)))


def _counts(counter: Counter[str]) -> dict[str, int]:
    return {o: counter[o] for o in OUTCOMES if counter[o]}

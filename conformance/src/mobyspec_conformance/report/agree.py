"""What reports must share to be merged into one: the same corpus, builder, gate and (for shards) selection.

``report merge`` writes one header for many reports; a header that lies about how some of the records
were produced (another builder, another gate, another corpus) is worse than no merge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from mobyspec_conformance.report.jsonl import Report

Json = Any

#: Header facts every merged report must share: (name shown, how to read it).
ALWAYS: tuple[tuple[str, Callable[[Json], Json]], ...] = (
    ("corpus (suite.corpus_sha256)", lambda h: h["suite"].get("corpus_sha256")),
    ("mobyspec version (suite.version)", lambda h: h["suite"].get("version")),
    ("builder (builder.spec)", lambda h: h["builder"].get("spec")),
    (
        "builder implementation (builder.hello)",
        lambda h: (h["builder"].get("hello") or {}).get("implementation"),
    ),
    ("gate", lambda h: h.get("gate")),
    ("comparison policy (policy_version)", lambda h: h.get("policy_version")),
    ("mode (run or detect)", lambda h: h.get("mode")),
)
#: What the shards of one run also share: they split one selection under one expectations file.
SHARDS: tuple[tuple[str, Callable[[Json], Json]], ...] = (
    ("selection (selection.filters)", lambda h: h["selection"].get("filters")),
    ("expectations (expectations.sha256)", lambda h: (h.get("expectations") or {}).get("sha256")),
)


def disagreements(reports: Sequence[Report], *, shards: bool) -> list[str]:
    """One line per header fact the reports do not share, naming each file's value; empty when they agree."""
    lines = []
    for name, read in (*ALWAYS, *(SHARDS if shards else ())):
        values = [_get(read, r.header) for r in reports]
        if any(v != values[0] for v in values[1:]):
            each = "; ".join(f"{r.path}: {_show(v)}" for r, v in zip(reports, values, strict=True))
            lines.append(f"the reports differ in {name}: {each}")
    return lines


def repeated_pairs(reports: Sequence[Report], limit: int = 5) -> list[str]:
    """(case, profile) pairs that appear in more than one of the reports (a join must not count one twice)."""
    seen: dict[tuple[str, str], int] = {}
    twice: list[str] = []
    for number, report in enumerate(reports):
        for record in report.records():
            key = (record["id"], record["profile"])
            first = seen.setdefault(key, number)
            if first != number:
                twice.append(f"{key[1]}/{key[0]} is in {reports[first].path} and {report.path}")
                if len(twice) >= limit:
                    return twice
    return twice


def _get(read: Callable[[Json], Json], header: Json) -> Json:
    try:
        return read(header)
    except (KeyError, TypeError, AttributeError):
        return None


def _show(value: Json) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."

"""``mobyspec report diff A B``: what changed between two reports, keyed by (case id, profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import frozen

from mobyspec_conformance.vocabulary import BAD

if TYPE_CHECKING:
    from mobyspec_conformance.report.jsonl import Report

Json = Any
Key = tuple[str, str]


@frozen
class ReportDiff:
    """The changes from report A (before) to report B (after)."""

    new_failures: tuple[tuple[Key, str, str], ...]
    fixes: tuple[tuple[Key, str, str], ...]
    changed: tuple[tuple[Key, str, str], ...]
    added: tuple[tuple[Key, str], ...]
    removed: tuple[tuple[Key, str], ...]
    warnings: tuple[str, ...]

    def lines(self) -> list[str]:
        """The human rendering, one change per line, sections in a fixed order."""
        out = [f"warning: {w}" for w in self.warnings]
        sections: list[tuple[str, list[str]]] = [
            ("new failures", [f"  {k[1]}/{k[0]}: {a} -> {b}" for k, a, b in self.new_failures]),
            ("fixes", [f"  {k[1]}/{k[0]}: {a} -> {b}" for k, a, b in self.fixes]),
            ("changed outcome", [f"  {k[1]}/{k[0]}: {a} -> {b}" for k, a, b in self.changed]),
            ("added cases", [f"  {k[1]}/{k[0]}: {o}" for k, o in self.added]),
            ("removed cases", [f"  {k[1]}/{k[0]}: {o}" for k, o in self.removed]),
        ]
        for title, rows in sections:
            out.append(f"{title}: {len(rows)}")
            out.extend(rows)
        return out


def _outcomes(report: Report) -> dict[Key, str]:
    return {(r["id"], r["profile"]): r["outcome"] for r in report.records()}


def diff_reports(a: Report, b: Report) -> ReportDiff:
    """Compare report ``a`` (before) with ``b`` (after)."""
    warnings = []
    if a.header["suite"]["corpus_sha256"] != b.header["suite"]["corpus_sha256"]:
        warnings.append("the corpus hashes differ: cases with the same id may not be the same case")
    for name, report in (("A", a), ("B", b)):
        if not report.complete:
            warnings.append(f"report {name} ({report.path}) is incomplete: its run did not finish")
    before, after = _outcomes(a), _outcomes(b)
    new_failures, fixes, changed = [], [], []
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        if old == new:
            continue
        if new in BAD and old not in BAD:
            new_failures.append((key, old, new))
        elif old in BAD and new not in BAD:
            fixes.append((key, old, new))
        else:
            changed.append((key, old, new))
    return ReportDiff(
        new_failures=tuple(new_failures),
        fixes=tuple(fixes),
        changed=tuple(changed),
        added=tuple((k, after[k]) for k in sorted(after.keys() - before.keys())),
        removed=tuple((k, before[k]) for k in sorted(before.keys() - after.keys())),
        warnings=tuple(warnings),
    )

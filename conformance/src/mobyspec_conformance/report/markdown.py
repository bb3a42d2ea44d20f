"""Markdown for CI step summaries (``$GITHUB_STEP_SUMMARY``): totals, per profile, per feature, failures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mobyspec_conformance import atomic
from mobyspec_conformance.vocabulary import BAD, OUTCOMES, Outcome, explanation

if TYPE_CHECKING:
    from pathlib import Path

    from mobyspec_conformance.report.jsonl import Report

Json = Any

#: Failures listed in full; the rest are counted.
MAX_FAILURES = 50
#: Diff lines shown per failure.
MAX_DIFF_LINES = 20


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(title: str, rows: dict[str, dict[str, int]]) -> list[str]:
    columns = [o for o in OUTCOMES if any(r.get(o) for r in rows.values())] or [Outcome.PASS]
    out = [f"| {title} | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    out.extend(
        f"| {_cell(name)} | " + " | ".join(str(counts.get(o, 0)) for o in columns) + " |"
        for name, counts in rows.items()
    )
    return out


def _behaviour_table(rows: dict[str, dict[str, int]]) -> list[str]:
    """Compared pairs per behaviour: fail when one of the pair's differences belongs to it."""
    out = ["| behaviour | pass | fail |", "|---|---:|---:|"]
    out.extend(f"| {_cell(name)} | {c.get('pass', 0)} | {c.get('fail', 0)} |" for name, c in rows.items())
    return out


def render(report: Report) -> str:
    """The Markdown summary of a report."""
    header, footer = report.header, report.footer
    hello = header["builder"].get("hello") or {}
    impl = hello.get("implementation") or {}
    who = f"{impl.get('name', '?')} {impl.get('version', '')}".strip() if impl else header["builder"]["spec"]
    lines = [f"## mobyspec conformance: {_cell(who)}", ""]
    lines.append(
        f"Builder `{_cell(header['builder']['spec'])}`, gate **{header['gate']}**, suite "
        f"{header['suite']['version']}, corpus `{header['suite']['corpus_sha256'][:12]}`, "
        f"{header['selection']['selected']} of {header['selection']['available']} (case, profile) pairs "
        "selected."
    )
    if header.get("runtime_spec_schema"):
        lines.extend(["", f"_{_cell(header['runtime_spec_schema'])}_"])
    lines.append("")
    if footer is None:
        lines.extend(["**INCOMPLETE REPORT: the run did not finish (no footer).**", ""])
        return "\n".join(lines) + "\n"
    counts = footer["counts"]
    claimed = header["selection"]["selected"] - sum((footer.get("unclaimed") or {}).values())
    coverage = f"{counts.get('pass', 0)} of {claimed} claimed pairs"
    expected = f", {counts.get('xfail', 0)} expected failures" if counts.get("xfail") else ""
    verdict = (
        f"conformant on {coverage}{expected}"
        if footer["exit_code"] == 0
        else f"**not conformant** (exit {footer['exit_code']}): {coverage} pass{expected}"
    )
    if footer.get("unclaimed"):
        verdict += f"; {sum(footer['unclaimed'].values())} selected pairs not claimed by the builder"
    scores = footer["scores"]
    lines.extend(
        [
            f"**{footer['summary']}**: {verdict}. Exact {scores['exact']}/{scores['compared']}, "
            f"semantic {scores['semantic']}/{scores['compared']}"
            + (
                f", {footer['rejected_unmapped']} rejections without a code"
                if footer.get("rejected_unmapped")
                else ""
            )
            + ".",
            "",
        ]
    )
    if footer.get("aborted"):
        lines.extend([f"Aborted: {_cell(footer['aborted'])} ({footer.get('not_run', 0)} pairs not run).", ""])
    lines.extend([*_table("profile", footer["by_profile"]), ""])
    lines.extend([*_table("feature", footer["by_feature"]), ""])
    if footer.get("by_behaviour"):
        lines.extend([*_behaviour_table(footer["by_behaviour"]), ""])
    problems = footer.get("expectations") or []
    if problems:
        lines.extend(["### Expectations file problems", ""])
        lines.extend(f"- {p['kind']}: {_cell(p['message'])}" for p in problems)
        lines.append("")
    shown = 0
    failures = 0
    body: list[str] = []
    for record in report.records():
        if record["outcome"] not in BAD:
            continue
        failures += 1
        if shown >= MAX_FAILURES:
            continue
        shown += 1
        summary = f"<code>{record['id']}</code> under {record['profile']}: {record['outcome']}"
        body.extend(
            [
                "<details>",
                f"<summary>{summary}</summary>",
                "",
                "```",
            ]
        )
        detail = explanation(record)
        body.extend(detail[:MAX_DIFF_LINES])
        if len(detail) > MAX_DIFF_LINES:
            body.append(f"... {len(detail) - MAX_DIFF_LINES} more lines")
        body.extend(["```", "</details>", ""])
    if failures:
        lines.extend([f"### Failures ({failures})", "", *body])
        if failures > shown:
            lines.extend([f"... and {failures - shown} more (see the JSON-lines report).", ""])
    return "\n".join(lines).rstrip("\n") + "\n"


def write(report: Report, path: Path) -> None:
    """Write the Markdown summary to ``path``."""
    atomic.write_text(path, render(report))

"""JUnit XML from a report: one testsuite per profile, one testcase per (case, profile).

``classname`` is the case's area (``linux.links``), ``name`` is ``<case id>[<profile>]``; every testcase
carries ``feature`` properties. Pairs the builder does not claim (platform, operation, profile) are not
testcases: one skipped testcase says how many there are and why. Written by streaming the records.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from mobyspec_conformance import atomic
from mobyspec_conformance.vocabulary import BAD, BROKEN, DECLARED, UNCLAIMED, Outcome, explanation

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from mobyspec_conformance.properties import Result
    from mobyspec_conformance.report.jsonl import Report

Json = Any

#: What XML 1.0 cannot carry (its ``Char`` production) or tells authors to avoid: C0 controls become
#: spaces; surrogates (a builder's ``"\ud800"``), U+FFFE, U+FFFF and the other non-characters (U+FDD0 to
#: U+FDEF, the last two code points of every plane) become their JSON escape, readable and well-formed.
_XML_BAD: dict[int, str] = {
    **{c: " " for c in range(0x20) if c not in {0x09, 0x0A, 0x0D}},
    **{c: f"\\u{c:04x}" for c in (*range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF)},
    **{c: f"\\U{c:08x}" for plane in range(1, 17) for c in (plane << 16 | 0xFFFE, plane << 16 | 0xFFFF)},
}


def xml_text(value: str) -> str:
    """XML-escaped text without what XML 1.0 forbids (C0 controls, surrogates, non-characters)."""
    return escape(value.translate(_XML_BAD))


def xml_attr(value: str) -> str:
    """:func:`xml_text` as a quoted attribute value."""
    return quoteattr(value.translate(_XML_BAD))


def _classname(record: Json) -> str:
    """The case's area (first two id segments, dotted): CI tools group test cases by it."""
    return ".".join(record["id"].split("/")[:2])


#: Outcomes JUnit calls failures (the builder answered wrongly); :data:`BROKEN` ones are errors.
FAILURES = BAD - BROKEN


def _testcase(record: Json) -> str:
    outcome = record["outcome"]
    seconds = f"{record['duration_ms'] / 1000:.6f}"
    name = f"{record['id']}[{record['profile']}]"
    classname = xml_attr(_classname(record))
    head = f"    <testcase classname={classname} name={xml_attr(name)} time={xml_attr(seconds)}>\n"
    props = "".join(f'        <property name="feature" value={xml_attr(f)}/>\n' for f in record["features"])
    parts = [
        head,
        "      <properties>\n",
        props,
        f'        <property name="outcome" value={xml_attr(outcome)}/>\n',
    ]
    parts.append("      </properties>\n")
    body = "\n".join(explanation(record))
    if outcome in FAILURES:
        message = (
            "expected failure passed (remove it from the expectations)"
            if outcome == Outcome.XPASS
            else outcome
        )
        parts.append(
            f"      <failure message={xml_attr(message)} type={xml_attr(outcome)}>"
            f"{xml_text(body)}</failure>\n"
        )
    elif outcome in BROKEN:
        kind = xml_attr(outcome)
        parts.append(f"      <error message={kind} type={kind}>{xml_text(body)}</error>\n")
    elif outcome in DECLARED:
        why = record.get("reason") or (record.get("expectation") or {}).get("reason") or outcome
        parts.append(f"      <skipped message={xml_attr(f'{outcome}: {why}')}/>\n")
    parts.append("    </testcase>\n")
    return "".join(parts)


def write(report: Report, path: Path) -> None:
    """Render ``report`` as JUnit XML into ``path``."""
    per_profile: dict[str, Counter[str]] = {}
    unclaimed: Counter[str] = Counter()
    for record in report.records():
        if _unclaimed(record):
            unclaimed[record["reason"].removeprefix(UNCLAIMED)] += 1
            continue
        per_profile.setdefault(record["profile"], Counter())[record["outcome"]] += 1
    total: Counter[str] = Counter()
    for counts in per_profile.values():
        total.update(counts)
    if unclaimed:
        total["skip"] += 1
    with atomic.AtomicFile(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        name = "mobyspec" + ("" if report.complete else " (INCOMPLETE: the run did not finish)")
        out.write(f"<testsuites name={xml_attr(name)} {_counts_attrs(total)}>\n")
        for profile, counts in per_profile.items():
            out.write(f"  <testsuite name={xml_attr('mobyspec ' + profile)} {_counts_attrs(counts)}>\n")
            for record in report.records():
                if record["profile"] == profile and not _unclaimed(record):
                    out.write(_testcase(record))
            out.write("  </testsuite>\n")
        if unclaimed:
            why = ", ".join(f"{reason}: {n}" for reason, n in sorted(unclaimed.items()))
            message = f"{sum(unclaimed.values())} pairs not claimed by the builder, not sent ({why})"
            out.write(
                f"  <testsuite name={xml_attr('mobyspec unclaimed')} {_counts_attrs(Counter(skip=1))}>\n"
            )
            out.write('    <testcase classname="mobyspec" name="unclaimed pairs" time="0">\n')
            out.write(f"      <skipped message={xml_attr(message)}/>\n    </testcase>\n  </testsuite>\n")
        out.write("</testsuites>\n")


def _unclaimed(record: Json) -> bool:
    return record["outcome"] == "skip" and str(record.get("reason")).startswith(UNCLAIMED)


def _counts_attrs(counts: Counter[str]) -> str:
    tests = sum(counts.values())
    failures = sum(counts[o] for o in FAILURES)
    errors = sum(counts[o] for o in BROKEN)
    skipped = sum(counts[o] for o in DECLARED)
    return f'tests="{tests}" failures="{failures}" errors="{errors}" skipped="{skipped}"'


def write_properties(results: Iterable[Result], path: Path, builder: str) -> None:
    """``mobyspec props --junit``: one testsuite per profile, one testcase per property there."""
    by_profile: dict[str, list[Result]] = {}
    for result in results:
        by_profile.setdefault(result.profile, []).append(result)

    def counts(rs: list[Result]) -> str:
        def n(status: str) -> int:
            return sum(r.status == status for r in rs)

        return (
            f'tests="{len(rs)}" failures="{n("failed")}" errors="{n("errored")}" skipped="{n("skipped")}" '
            f'time="{sum(r.seconds for r in rs):.3f}"'
        )

    everything = [r for rs in by_profile.values() for r in rs]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<testsuites name={xml_attr('mobyspec props ' + builder)} {counts(everything)}>",
    ]
    for profile, rs in by_profile.items():
        lines.append(f"  <testsuite name={xml_attr('mobyspec props ' + profile)} {counts(rs)}>")
        for r in rs:
            name = xml_attr(f"{r.property}[{r.profile}]")
            lines.append(f'    <testcase classname="props.{r.platform}" name={name} time="{r.seconds:.6f}">')
            body = r.message
            if r.example is not None:
                body += "\nminimal input: " + json.dumps(r.example, ensure_ascii=False, sort_keys=True)
            if r.status == "failed":
                lines.append(
                    f'      <failure message="property violated" type="failed">{xml_text(body)}</failure>'
                )
            elif r.status == "errored":
                lines.append(f'      <error message="builder failed" type="errored">{xml_text(body)}</error>')
            elif r.status == "skipped":
                lines.append(f"      <skipped message={xml_attr(r.message)}/>")
            lines.append("    </testcase>")
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    text = "\n".join(lines) + "\n"
    atomic.write_text(path, text)

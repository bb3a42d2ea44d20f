"""``mobyspec report merge``: reports of one corpus (or the shards of one run) joined into one report.

The footer is recounted from the records with the run's own :class:`~mobyspec_conformance.tally.Tally`,
so a merged footer has exactly the keys and counts a single run writes.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from mobyspec_conformance import exitcodes
from mobyspec_conformance.errors import UsageError
from mobyspec_conformance.report.agree import disagreements, repeated_pairs
from mobyspec_conformance.report.jsonl import Report, ReportWriter, read
from mobyspec_conformance.tally import Tally, summary_line
from mobyspec_reference import PROFILES

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

Json = Any


def merge_reports(output: Path, shards: Sequence[Path]) -> str:
    """Merge the reports ``shards`` of one corpus into ``output``, recount the footer; the summary line.

    Shard reports (``run --shard K/N``) must be the complete set 1/N to N/N, in any order: their records
    are merged back into corpus order. Other reports are joined in the order given.
    """
    reports = [read(p) for p in shards]
    for report in reports:
        if not report.complete:
            raise UsageError(f"{report.path}: incomplete report (its run did not finish)")
    ordered = _shard_set(reports)
    differ = disagreements(reports, shards=ordered is not None)
    if ordered is None:
        differ += repeated_pairs(reports)
    if differ:
        raise UsageError("cannot merge:\n" + "\n".join(differ))
    header = dict((ordered or reports)[0].header)
    header.pop("shard", None)
    header["selection"] = dict(
        header["selection"], selected=sum(r.header["selection"]["selected"] for r in reports)
    )
    if ordered is not None:
        records = heapq.merge(*(r.records() for r in ordered), key=_corpus_order)
    else:
        records = (record for report in reports for record in report.records())
    problems: list[Json] = []
    for problem in (p for r in reports if r.footer for p in r.footer.get("expectations", [])):
        if ordered is None or problem not in problems:  # every shard checks the whole expectations file
            problems.append(problem)
    tally = Tally()
    hello = header["builder"].get("hello") or {}
    tally.left_out.update(hello.get("unsupported_behaviours", ()))
    with ReportWriter(output) as sink:
        sink.header(header)
        for record in records:
            sink.record(record)
            tally.add(record, track=False)
        sink.footer(
            tally.footer(
                expectations=problems,
                not_run=sum((r.footer or {}).get("not_run", 0) for r in reports),
                aborted=next(
                    (r.footer.get("aborted") for r in reports if r.footer and r.footer.get("aborted")), None
                ),
                exit_code=(
                    max((r.footer or {}).get("exit_code", 0) for r in reports)
                    if ordered is None
                    else _merged_exit_code(reports)
                ),
            )
        )
    return summary_line(tally.counts)


def _shard_set(reports: list[Report]) -> list[Report] | None:
    """The reports in shard order when they are the shards 1/N to N/N of one run; None when none is a shard.

    A missing or repeated shard, or a mix of shard and whole reports, is a usage error.
    """
    shards = [r.header.get("shard") for r in reports]
    if all(s is None for s in shards):
        return None
    if any(s is None for s in shards):
        raise UsageError("some of the reports are shards (--shard K/N) and some are not")
    counts = {s["count"] for s in shards}
    if len(counts) > 1:
        raise UsageError(
            f"the shards split the selection differently (N = {', '.join(map(str, sorted(counts)))})"
        )
    (count,) = counts
    given = sorted(s["index"] for s in shards)
    if given != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(given))
        twice = sorted({i for i in given if given.count(i) > 1})
        what = [f"missing {', '.join(f'{i}/{count}' for i in missing)}"] if missing else []
        what += [f"given twice {', '.join(f'{i}/{count}' for i in twice)}"] if twice else []
        raise UsageError(f"not a complete set of shards: {'; '.join(what)}")
    return sorted(reports, key=lambda r: r.header["shard"]["index"])


def _corpus_order(record: Json) -> tuple[str, int, str]:
    """Where a record stands in corpus order: case id, then the profile's place in the profile table."""
    rank = {p.id: i for i, p in enumerate(PROFILES)}
    return record["id"], rank.get(record["profile"], len(rank)), record["profile"]


def _merged_exit_code(reports: list[Report]) -> int:
    """Unusable (3) beats not conformant (1) beats conformant (0); nothing ran (4) only when no shard ran."""
    codes: set[int] = {(r.footer or {}).get("exit_code", exitcodes.OK) for r in reports}
    for code in (exitcodes.BUILDER_UNUSABLE, exitcodes.FAILED, exitcodes.OK):
        if code in codes:
            return code
    return max(codes)

"""The terminal side of a run: a rich progress bar on stderr while it runs, tables on stdout at the end."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, Self

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mobyspec_conformance.vocabulary import BAD, OUTCOMES, UNCLAIMED, Outcome, explanation

if TYPE_CHECKING:
    from collections import Counter
    from types import TracebackType

    from mobyspec_conformance.runner import RunResult

Json = Any

#: Failures whose diff is printed at the end of a run (``-v``: all); the rest are in the report.
SHOW_FAILURES = 10
#: Seconds between two progress lines when stderr is not a terminal (CI logs).
PROGRESS_EVERY = 5.0


class ProgressBar:
    """A transient rich progress bar on stderr on a terminal, else a plain line every few seconds.

    Counts failures as it goes and keeps the first ``keep`` failing records (all when None) for the end.
    """

    def __init__(
        self, console: Console | None = None, *, keep: int | None = SHOW_FAILURES, quiet: bool = False
    ) -> None:
        self.console = console or Console(stderr=True)
        self.keep = keep
        #: Plain progress lines (CI): on when stderr is not a terminal, unless ``quiet``.
        self.lines = not self.console.is_terminal and not quiet
        self._clock = time.monotonic()
        self._last = self._clock
        self._done = 0
        self._total = 0
        self._progress = Progress(
            TextColumn("[bold]mobyspec run"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,
        )
        self._task: Any = None
        self._failed = 0
        #: The first failing records, kept to show their diffs at the end.
        self.failures: list[Json] = []

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    @property
    def failed(self) -> int:
        """Failing pairs so far (all of them, not only those kept)."""
        return self._failed

    def started(self, total: int) -> None:
        """Show the bar for ``total`` pairs."""
        self._total = total
        self._task = self._progress.add_task("run", total=total, failed=0)

    def advanced(self, record: Json) -> None:
        """One more pair is done."""
        self._done += 1
        if record["outcome"] in BAD:
            self._failed += 1
            if self.keep is None or len(self.failures) < self.keep:
                self.failures.append(record)
        if self._task is not None:
            self._progress.update(self._task, advance=1, failed=self._failed)
        if self.lines and time.monotonic() - self._last >= PROGRESS_EVERY:
            self._last = time.monotonic()
            print(  # noqa: T201 - a plain line for CI logs, where rich's bar is off
                f"mobyspec run: {self._done}/{self._total} pairs, {self._failed} failed, "
                f"{self._last - self._clock:.0f} s",
                file=sys.stderr,
                flush=True,
            )


def counts_table(title: str, rows: dict[str, Counter[str]]) -> Table:
    """A table of outcome counts per row name (only the outcome columns that occur)."""
    columns = [o for o in OUTCOMES if any(c[o] for c in rows.values())] or [Outcome.PASS]
    table = Table(title=title)
    table.add_column(title.rsplit(maxsplit=1)[-1])
    for column in columns:
        table.add_column(column, justify="right")
    for name in sorted(rows):
        table.add_row(name, *(str(rows[name][c]) for c in columns))
    return table


def behaviour_table(rows: dict[str, Counter[str]]) -> Table:
    """Compared pairs per behaviour: fail when one of the pair's differences belongs to it."""
    table = Table(title="results by behaviour")
    for column in ("behaviour", "pass", "fail"):
        table.add_column(column, justify="left" if column == "behaviour" else "right")
    for name in sorted(rows):
        table.add_row(name, str(rows[name]["pass"]), str(rows[name]["fail"]))
    return table


def print_summary(
    console: Console,
    result: RunResult,
    failures: list[Json],
    *,
    failed: int | None = None,
    report: str | None = None,
    quiet: bool = False,
) -> None:
    """The end of a run: failures with diffs, per-profile, per-feature and per-behaviour tables, notes.

    ``failed`` is how many pairs failed in all (``failures`` may hold only the first); the rest are named
    as reachable in ``report``. ``quiet`` prints one line per shown failure and no tables. The caller
    prints the plain summary line last.
    """
    for record in failures:
        if quiet:
            console.print(f"{record['outcome'].upper()} {record['profile']} {record['id']}", markup=False)
            continue
        console.print(
            f"[bold red]{record['outcome'].upper()}[/] {escape(record['profile'])} {escape(record['id'])}",
            highlight=False,
        )
        lines = explanation(record)
        for line in lines[:15]:
            console.print(f"    {line}", highlight=False, markup=False)
        if len(lines) > 15:
            console.print(f"    ... {len(lines) - 15} more lines in the report", highlight=False)
    more = (failed or 0) - len(failures)
    if more > 0:
        where = f"see {report}" if report else "run with --report FILE to keep them all, or -v to show them"
        console.print(f"... and {more} more failing pairs ({where})", markup=False)
    tally = result.tally
    if tally.unclaimed:
        reasons = ", ".join(f"{r.removeprefix(UNCLAIMED)}: {n}" for r, n in sorted(tally.unclaimed.items()))
        console.print(
            f"{sum(tally.unclaimed.values())} pairs not claimed by the builder, not sent ({reasons})",
            markup=False,
        )
    if result.stopped:
        console.print(result.stopped, markup=False)
    if not quiet:
        _tables(console, result)
    for problem in result.expectation_problems:
        console.print(f"[red]expectations[/] {problem.kind}: {escape(problem.message)}", highlight=False)
    if result.aborted:
        console.print(f"[bold red]aborted[/]: {escape(result.aborted)}", highlight=False)


def _tables(console: Console, result: RunResult) -> None:
    """Per-profile, per-feature and per-behaviour tables, the scores and the schema-check note."""
    tally = result.tally
    if tally.by_profile:
        console.print(counts_table("results by profile", dict(tally.by_profile)))
    if tally.by_feature:
        console.print(counts_table("results by feature", dict(tally.by_feature)))
    if tally.by_behaviour:
        console.print(behaviour_table(dict(tally.by_behaviour)))
    scores = tally.scores
    if scores["compared"]:
        console.print(
            f"scores: exact {scores['exact']}/{scores['compared']}, "
            f"semantic {scores['semantic']}/{scores['compared']}"
            + (
                f"; {tally.rejected_unmapped[0]} rejections without a code"
                if tally.rejected_unmapped[0]
                else ""
            ),
            highlight=False,
        )
    if result.schema_note:
        console.print(result.schema_note, highlight=False, markup=False, soft_wrap=True)

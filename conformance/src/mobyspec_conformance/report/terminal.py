"""The terminal side of a run: a rich progress bar on stderr while it runs, tables on stdout at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mobyspec_conformance.vocabulary import BAD, OUTCOMES, Outcome, explanation

if TYPE_CHECKING:
    from collections import Counter
    from types import TracebackType

    from mobyspec_conformance.runner import RunResult

Json = Any

#: Failures whose diff is printed at the end of a run; the rest are in the report.
SHOW_FAILURES = 10


class ProgressBar:
    """A transient rich progress bar on stderr (shown only on a terminal); counts failures as it goes."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
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

    def started(self, total: int) -> None:
        """Show the bar for ``total`` pairs."""
        self._task = self._progress.add_task("run", total=total, failed=0)

    def advanced(self, record: Json) -> None:
        """One more pair is done."""
        if record["outcome"] in BAD:
            self._failed += 1
            if len(self.failures) < SHOW_FAILURES:
                self.failures.append(record)
        if self._task is not None:
            self._progress.update(self._task, advance=1, failed=self._failed)


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


def print_summary(console: Console, result: RunResult, failures: list[Json]) -> None:
    """The end of a run on stdout: failures with diffs, per-profile and per-feature tables, notes.

    The caller prints the plain summary line last.
    """
    for record in failures:
        console.print(
            f"[bold red]{record['outcome'].upper()}[/] {escape(record['profile'])} {escape(record['id'])}",
            highlight=False,
        )
        lines = explanation(record)
        for line in lines[:15]:
            console.print(f"    {line}", highlight=False, markup=False)
        if len(lines) > 15:
            console.print(f"    ... {len(lines) - 15} more lines in the report", highlight=False)
    tally = result.tally
    if tally.by_profile:
        console.print(counts_table("results by profile", dict(tally.by_profile)))
    if tally.by_feature:
        console.print(counts_table("results by feature", dict(tally.by_feature)))
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
    for problem in result.expectation_problems:
        console.print(f"[red]expectations[/] {problem.kind}: {escape(problem.message)}", highlight=False)
    if result.aborted:
        console.print(f"[bold red]aborted[/]: {escape(result.aborted)}", highlight=False)

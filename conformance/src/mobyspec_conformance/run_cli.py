"""``mobyspec run``, ``mobyspec detect`` and ``mobyspec report``: the runner's command line.

Exit codes (``exitcodes``): 0 conformant, 1 not conformant, 2 usage or configuration error, 3 builder
unusable, 4 nothing selected or run. The last line ``run`` prints on stdout is ``N passed, N failed, N
skipped``.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from attrs import evolve
from rich.console import Console

from mobyspec_conformance import atomic, exitcodes, interrupts
from mobyspec_conformance.adapters.base import BuilderConfigError
from mobyspec_conformance.adapters.factory import FORMS, make_builder
from mobyspec_conformance.corpus import Selection, default_corpus, default_goldens
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_conformance.expectations import Expectations, dumps, load
from mobyspec_conformance.registry import features
from mobyspec_conformance.report import badge, junit, markdown
from mobyspec_conformance.report.diff import diff_reports
from mobyspec_conformance.report.jsonl import ReportWriter, Tee, read
from mobyspec_conformance.report.jsonl import _line as report_line
from mobyspec_conformance.report.merge import merge_reports
from mobyspec_conformance.report.terminal import SHOW_FAILURES, ProgressBar, print_summary
from mobyspec_conformance.runner import Gate, RunOptions, RunResult, run, shard_of
from mobyspec_conformance.tally import rank_profiles
from mobyspec_conformance.vocabulary import UsageError
from mobyspec_reference import get_profile

if TYPE_CHECKING:
    from collections.abc import Callable

    from mobyspec_conformance.adapters.base import Builder, BuilderUnusable
    from mobyspec_conformance.vocabulary import Case

Json = Any


def builder_factory(spec: str, timeout: float | None) -> Callable[[], Builder]:
    """A function that makes a fresh builder for ``spec`` (one per job); a bad spec exits 2 here."""
    try:
        first: list[Builder] = [make_builder(spec, timeout=timeout)]
    except BuilderConfigError as err:
        raise UsageError(f"--builder {spec!r}: {err}") from None

    def make() -> Builder:
        return first.pop() if first else make_builder(spec, timeout=timeout)

    return make


def resolve_profiles(given: tuple[str, ...]) -> tuple[str, ...]:
    """``--profile`` values as profile ids: an id as is, a moby version (``20.10.24``) as its profile's."""
    ids: list[str] = []
    for text in given:
        try:
            pid = get_profile(text).id
        except KeyError as err:
            raise UsageError(f"--profile {text!r}: {err.args[0]}") from None
        if pid not in ids:
            ids.append(pid)
    return tuple(ids)


def _check_selection(selection: Selection) -> None:
    registry = features()
    for tag in selection.features:
        if tag not in registry:
            raise UsageError(f"--feature {tag!r}: not in the feature registry")


#: ``--builder``, the same in ``run``, ``detect``, ``props`` and ``fuzz``.
builder_option = click.option("--builder", "-b", required=True, help=f"The builder under test: {FORMS}.")


def timeout_option(per: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--timeout`` in seconds for each ``per`` (a case, a request)."""
    return click.option(
        "--timeout", type=click.FloatRange(min=0, min_open=True), help=f"Per-{per} timeout in seconds."
    )


def _select_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``run`` and ``detect``: builder, corpus, selection, timeouts."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        builder_option,
        click.option("--platform", "platforms", multiple=True, type=click.Choice(["linux", "windows"])),
        click.option(
            "--operation", "operations", multiple=True, type=click.Choice(["spec", "start", "create"])
        ),
        click.option(
            "--feature", "feature_tags", multiple=True, help="Cases tagged with this feature (repeatable)."
        ),
        click.option(
            "--id", "ids", multiple=True, metavar="GLOB", help="Case ids matching this glob (repeatable)."
        ),
        click.option(
            "--exclude",
            multiple=True,
            metavar="GLOB",
            help="Leave out case ids matching this glob (repeatable).",
        ),
        timeout_option("case"),
        click.option(
            "--jobs",
            "-j",
            default=1,
            show_default=True,
            type=click.IntRange(min=1),
            help="Builders in parallel.",
        ),
        click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), help="Case folder."),
        click.option("--goldens", type=click.Path(file_okay=False, path_type=Path), help="Goldens folder."),
        click.option(
            "--runtime-spec-schema",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="MOBYSPEC_RUNTIME_SPEC_SCHEMA",
            help="Folder of OCI runtime-spec schema versions: validate every built spec.",
        ),
        click.option(
            "--report",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the JSON-lines report (- streams it on stdout; the summary goes to stderr).",
        ),
        click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML."),
        click.option(
            "--markdown", type=click.Path(dir_okay=False, path_type=Path), help="Write a Markdown summary."
        ),
        click.option(
            "--badge", type=click.Path(dir_okay=False, path_type=Path), help="Write shields endpoint JSON."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _render(
    report_path: Path, junit_out: Path | None, markdown_out: Path | None, badge_out: Path | None
) -> list[str]:
    """Write the renderings asked for; one line per output that could not be written (the others are)."""
    report = read(report_path)
    failed = []
    for option, out, module in (
        ("--junit", junit_out, junit),
        ("--markdown", markdown_out, markdown),
        ("--badge", badge_out, badge),
    ):
        if out is None:
            continue
        try:
            module.write(report, out)
        except OSError as err:
            failed.append(f"{option} {out}: cannot write: {err.strerror or err}")
    return failed


def check_outputs(**paths: Path | None) -> None:
    """Exit 2 before anything runs when an output cannot be written (``save_repro`` is a folder)."""
    for name, path in paths.items():
        if path is None:
            continue
        why = atomic.output_problem(path, folder=name == "save_repro")
        if why is not None:
            raise UsageError(f"--{name.replace('_', '-')} {path}: {why}")


def _is_special(path: Path) -> bool:
    """An existing output that is no regular file (``/dev/stdout``, a FIFO): written in place, at the end."""
    return path.exists() and not path.is_file()


class _Tee:
    """A report sink that also streams every line on stdout (``--report -``)."""

    def __init__(self, sink: ReportWriter | Tee) -> None:
        self.sink = sink

    def _out(self, obj: Json) -> None:
        sys.stdout.write(report_line(obj))
        sys.stdout.flush()

    def header(self, obj: Json) -> None:
        self.sink.header(obj)
        self._out(obj)

    def record(self, obj: Json) -> None:
        self.sink.record(obj)
        self._out(obj)

    def footer(self, obj: Json) -> None:
        self.sink.footer(obj)
        self._out(obj)


def _streamed(report: Path | None) -> bool:
    return report is not None and str(report) == "-"


def _execute(
    options: RunOptions,
    make: Callable[[], Builder],
    report_out: Path | None,
    renders: tuple[Path | None, Path | None, Path | None],
    bar: ProgressBar | None = None,
) -> tuple[RunResult, list[Json], list[str]]:
    """Run with a progress bar and write the outputs; also the lines of the outputs that failed.

    The report streams into a working copy (the source of the renderings) and, for a regular ``--report``,
    into that file's temporary file too; a special file (``/dev/stdout``) gets the working copy at the
    end; ``--report -`` streams it on stdout. A failed write of one output (``/dev/full``, a full disk) is
    said at the end, the rest is written.
    """
    stream = _streamed(report_out)
    file_out = None if stream else report_out
    bar = bar or ProgressBar()
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mobyspec-run-") as tmp:
        work = Path(tmp) / "report.jsonl"
        user: ReportWriter | None = None
        try:
            # trapped outermost: a second signal cannot cut short the cleanup, the report's move or the
            # renderings (an interrupt there leaves no temporary file either)
            with interrupts.trap():
                try:
                    with contextlib.ExitStack() as stack:
                        sinks = [stack.enter_context(ReportWriter(work))]
                        if file_out is not None and not _is_special(file_out):
                            user = stack.enter_context(ReportWriter(file_out, keep_going=True))
                            sinks.append(user)
                        stack.enter_context(bar)
                        tee = Tee(*sinks)
                        result = run(options, make, _Tee(tee) if stream else tee, bar)
                finally:
                    failed += _deliver(work, file_out, user)
                failed += _render(work, *renders)
        except interrupts.Interrupted as err:
            # the builders are killed; the report is in place without its footer (readers flag that)
            where = f"; the report so far is in {file_out}" if file_out and work.exists() else ""
            click.echo(f"mobyspec: interrupted by {err.name}{where}", err=True)
            sys.exit(err.exit_code)
    return result, bar.failures, [*failed, *result.output_errors]


def _deliver(work: Path, report_out: Path | None, user: ReportWriter | None) -> list[str]:
    """Put the report where ``--report`` says (a special file gets the working copy); what failed."""
    if report_out is None or not work.exists():
        return []
    if user is not None:
        return [] if user.error is None else [f"--report {report_out}: cannot write: {user.error.strerror}"]
    try:
        atomic.write_text(report_out, work.read_text("utf-8"))
    except OSError as err:
        return [f"--report {report_out}: cannot write: {err.strerror or err}"]
    return []


def _exit(code: int, failed: list[str], unusable: BuilderUnusable | None = None) -> NoReturn:
    """Exit with ``code``, or 2 after naming each output that could not be written.

    A builder that became unusable is raised instead (exit 3): ``main()`` prints why, with its stderr tail.
    """
    for line in failed:
        click.echo(f"mobyspec: {line}", err=True)
    if failed:
        sys.exit(exitcodes.USAGE)
    if unusable is not None:
        raise unusable
    sys.exit(code)


@click.command("run")
@_select_options
@click.option(
    "--profile",
    "-p",
    "profiles",
    multiple=True,
    help="Profile id or moby version such as 20.10.24 (repeatable; default: every profile).",
)
@click.option("--gate", type=click.Choice(["exact", "semantic"]), default="semantic", show_default=True)
@click.option(
    "--expectations", type=click.Path(dir_okay=False, path_type=Path), help="Known-failures TOML file."
)
@click.option("--update-expectations", is_flag=True, help="Rewrite the expectations file from this run.")
@click.option(
    "--save-repro",
    type=click.Path(file_okay=False, path_type=Path),
    help="Per failure: request, response, golden, diff, replay command.",
)
@click.option(
    "--shard",
    metavar="K/N",
    callback=lambda _ctx, _param, value: _parse_shard(value),
    help="Run shard K of N of the selection (CI matrices; join with `mobyspec report merge`).",
)
@click.option("--quiet", "-q", is_flag=True, help="One line per failure, no tables, no progress lines.")
@click.option(
    "--verbose", "-v", is_flag=True, help="Show every failure with its diff (default: the first 10)."
)
@click.option("--exitfirst", "-x", is_flag=True, help="Stop after the first failing pair (--maxfail 1).")
@click.option("--maxfail", type=click.IntRange(min=1), metavar="N", help="Stop after N failing pairs.")
@click.option(
    "--list", "list_pairs", is_flag=True, help="Print the selected (case, profile) pairs; run nothing."
)
def run_command(
    builder: str,
    platforms: tuple[str, ...],
    operations: tuple[str, ...],
    feature_tags: tuple[str, ...],
    ids: tuple[str, ...],
    exclude: tuple[str, ...],
    timeout: float | None,
    jobs: int,
    corpus: Path | None,
    goldens: Path | None,
    runtime_spec_schema: Path | None,
    report: Path | None,
    junit: Path | None,
    markdown: Path | None,
    badge: Path | None,
    profiles: tuple[str, ...],
    gate: Gate,
    expectations: Path | None,
    update_expectations: bool,  # noqa: FBT001 - a click flag
    save_repro: Path | None,
    shard: tuple[int, int] | None,
    quiet: bool,  # noqa: FBT001 - a click flag
    verbose: bool,  # noqa: FBT001 - a click flag
    exitfirst: bool,  # noqa: FBT001 - a click flag
    maxfail: int | None,
    list_pairs: bool,  # noqa: FBT001 - a click flag
) -> None:
    """Run the corpus against a builder and report what differs from moby.

    Exit 0 conformant, 1 not conformant, 2 usage error, 3 builder unusable, 4 nothing selected or run.
    """
    selection = Selection(
        profiles=resolve_profiles(profiles),
        platforms=platforms,
        operations=operations,
        features=feature_tags,
        ids=ids,
        exclude=exclude,
    )
    _check_selection(selection)
    if list_pairs:
        _list(corpus or default_corpus(), selection, shard)
    if update_expectations and expectations is None:
        raise UsageError("--update-expectations needs --expectations FILE")
    if update_expectations and shard is not None:
        raise UsageError("--update-expectations needs the whole selection, not a --shard")
    exp: Expectations | None = None
    original: str | None = None
    if expectations is not None:
        if update_expectations and not expectations.exists():
            exp = Expectations(path=expectations)
        else:
            exp = load(expectations)
            # kept to edit in place (comments stay); load() has read it as UTF-8 already
            original = expectations.read_text(encoding="utf-8") if update_expectations else None
    options = RunOptions(
        corpus=corpus or default_corpus(),
        goldens=goldens or default_goldens(),
        selection=selection,
        gate=gate,
        expectations=exp,
        jobs=jobs,
        save_repro=save_repro,
        runtime_schema=runtime_spec_schema,
        builder_spec=builder,
        track_observed=update_expectations,
        shard=shard,
        maxfail=1 if exitfirst else maxfail,
    )
    check_outputs(
        report=None if _streamed(report) else report,
        junit=junit,
        markdown=markdown,
        badge=badge,
        save_repro=save_repro,
        expectations=expectations if update_expectations else None,
    )
    make = builder_factory(builder, timeout)
    stream = _streamed(report)
    bar = ProgressBar(keep=None if verbose else SHOW_FAILURES, quiet=quiet)
    result, failures, failed = _execute(options, make, report, (junit, markdown, badge), bar)
    console = Console(highlight=False, soft_wrap=True, stderr=stream)
    if result.selected == 0:
        console.print(f"mobyspec: {_empty_hint(options.corpus, selection, shard)}", markup=False)
    where = None if stream else (str(report) if report else None)
    print_summary(console, result, failures, failed=bar.failed, report=where, quiet=quiet)
    if result.updated_expectations is not None and expectations is not None:
        before = len(exp.entries) if exp else 0
        atomic.write_text(expectations, dumps(result.updated_expectations, original))
        after = len(result.updated_expectations.entries)
        console.print(f"expectations: wrote {expectations} ({before} -> {after} entries)", markup=False)
    click.echo(result.summary, err=stream)
    _exit(result.exit_code, failed, result.unusable)


def _load(corpus: Path, selection: Selection | None = None) -> tuple[Case, ...]:
    """The corpus through :func:`corpus.load`: the cases ``selection`` selects are checked strictly."""
    return load_corpus(corpus, selection or Selection()).cases


def _list(corpus: Path, selection: Selection, shard: tuple[int, int] | None) -> NoReturn:
    """``--list``: the selected pairs, one ``<case id> <profile>`` a line; exit 0, or 4 with the hint."""
    pairs = list(selection.pairs(_load(corpus, selection)))
    if shard is not None:
        pairs = shard_of(pairs, *shard)
    for case, profile in pairs:
        click.echo(f"{case.id} {profile}")
    if not pairs:
        click.echo(f"mobyspec: {_empty_hint(corpus, selection, shard)}", err=True)
        sys.exit(exitcodes.NOTHING_RAN)
    click.echo(f"{len(pairs)} pairs selected", err=True)
    sys.exit(exitcodes.OK)


#: The selection filters in the order :func:`_empty_hint` adds them: (option, ``Selection`` field).
_FILTERS = (
    ("--platform", "platforms"),
    ("--operation", "operations"),
    ("--feature", "features"),
    ("--id", "ids"),
    ("--exclude", "exclude"),
    ("--profile", "profiles"),
)


def _empty_hint(corpus: Path, selection: Selection, shard: tuple[int, int] | None) -> str:
    """Which filter left nothing selected: the filters are added one by one until the selection is empty."""
    cases = _load(corpus)
    if not cases:
        return f"nothing selected: {corpus} has no case files"
    narrowed = Selection()
    before: list[str] = []
    for option, name in _FILTERS:
        values = getattr(selection, name)
        if not values:
            continue
        narrowed = evolve(narrowed, **{name: values})
        if next(iter(narrowed.pairs(cases)), None) is None:
            given = " ".join(f"{option} {v}" for v in values)
            after = f" (after {' '.join(before)})" if before else ""
            return f"nothing selected: {given} matched no (case, profile) pair{after}"
        before.extend(f"{option} {v}" for v in values)
    if shard is not None:
        return f"nothing selected: shard {shard[0]}/{shard[1]} of the selection is empty"
    return "nothing selected"


@click.command("detect")
@_select_options
def detect_command(
    builder: str,
    platforms: tuple[str, ...],
    operations: tuple[str, ...],
    feature_tags: tuple[str, ...],
    ids: tuple[str, ...],
    exclude: tuple[str, ...],
    timeout: float | None,
    jobs: int,
    corpus: Path | None,
    goldens: Path | None,
    runtime_spec_schema: Path | None,
    report: Path | None,
    junit: Path | None,
    markdown: Path | None,
    badge: Path | None,
) -> None:
    """Run the corpus under every profile and rank the profiles by agreement with the builder.

    Each case is sent once per profile that has it (whatever profiles the builder claims); a builder that
    ignores the profile field shows which moby version it behaves like. Exit 0, or 3 / 4 as ``run``.
    """
    selection = Selection(
        platforms=platforms, operations=operations, features=feature_tags, ids=ids, exclude=exclude
    )
    _check_selection(selection)
    options = RunOptions(
        corpus=corpus or default_corpus(),
        goldens=goldens or default_goldens(),
        selection=selection,
        jobs=jobs,
        runtime_schema=runtime_spec_schema,
        builder_spec=builder,
        detect=True,
    )
    check_outputs(report=None if _streamed(report) else report, junit=junit, markdown=markdown, badge=badge)
    result, _, failed = _execute(options, builder_factory(builder, timeout), report, (junit, markdown, badge))
    ranking = rank_profiles(result.tally)
    if result.aborted:
        click.echo(f"aborted: {result.aborted}", err=True)
    for profile, agree, compared in ranking:
        click.echo(f"behaves like {profile}: {_percent(agree, compared)} ({agree}/{compared})")
    code = result.exit_code if result.exit_code in {exitcodes.BUILDER_UNUSABLE, exitcodes.NOTHING_RAN} else 0
    _exit(code, failed, result.unusable)


def _percent(part: int, whole: int) -> str:
    # floor to one decimal, so that 99.96% never reads as 100%
    return "100%" if part == whole else f"{(part * 1000 // whole) / 10:.1f}%"


@click.group("report")
def report_group() -> None:
    """Work with JSON-lines run reports."""


@report_group.command("diff")
@click.argument("before", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("after", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def report_diff(before: Path, after: Path) -> None:
    """List new failures, fixes, changed outcomes, added and removed cases from BEFORE to AFTER.

    Exit 1 when AFTER has new failures, else 0 (2 when a file is not a report).
    """
    changes = diff_reports(read(before), read(after))
    for line in changes.lines():
        click.echo(line)
    sys.exit(exitcodes.FAILED if changes.new_failures else exitcodes.OK)


@report_group.command("render")
@click.argument("report", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--markdown", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--badge", type=click.Path(dir_okay=False, path_type=Path))
def report_render(report: Path, junit: Path | None, markdown: Path | None, badge: Path | None) -> None:
    """Render a JSON-lines report as JUnit XML, Markdown and/or a badge (Markdown to stdout by default)."""
    parsed = read(report)
    if not (junit or markdown or badge):
        from mobyspec_conformance.report.markdown import render  # noqa: PLC0415

        click.echo(render(parsed), nl=False)
        return
    check_outputs(junit=junit, markdown=markdown, badge=badge)
    with interrupts.trap():
        failed = _render(report, junit, markdown, badge)
    _exit(exitcodes.OK, failed)


@report_group.command("merge")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "shards", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
def report_merge(output: Path, shards: tuple[Path, ...]) -> None:
    """Merge the reports of one corpus into OUTPUT and recount the footer.

    Shard reports (``run --shard K/N``) must be the complete set 1/N to N/N, in any order: their records
    are merged back into corpus order. Other reports are joined in the order given.
    """
    click.echo(merge_reports(output, shards))


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    """``--shard K/N`` as ``(K, N)``; a usage error unless 1 <= K <= N."""
    if value is None:
        return None
    index, sep, count = value.partition("/")
    if not (sep and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"{value!r}: expected K/N with 1 <= K <= N, for example 2/4")
    return int(index), int(count)

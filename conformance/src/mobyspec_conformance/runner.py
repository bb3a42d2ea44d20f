"""Run the corpus against a builder: plan, send, compare, classify, and stream one report record per pair.

The runner owns no transport: it gets builders from a factory (``reference``, a session or oneshot
process, ...) that all speak :class:`~mobyspec_conformance.adapters.base.Builder`. Per (case, profile) it
reads the golden once, compares with :mod:`~mobyspec_conformance.compare`, applies the expectations file,
and writes the record at once; only counters stay in memory.

Outcomes are :class:`~mobyspec_conformance.vocabulary.Outcome`.
"""

from __future__ import annotations

import os
import shlex
from typing import TYPE_CHECKING, Any, Literal, Protocol

from attrs import field, frozen

from mobyspec_conformance import __version__, atomic, exitcodes
from mobyspec_conformance.adapters.base import (
    BuilderUnusable,
    BuildRequest,
    Hello,
)
from mobyspec_conformance.adapters.session import share_restart_budget
from mobyspec_conformance.canonical import dumps
from mobyspec_conformance.classify import Classifier
from mobyspec_conformance.compare import (
    Policy,
    default_policy,
)
from mobyspec_conformance.corpus import (
    Corpus,
    Selection,
    case_folder,
)
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_conformance.errors import ConfigError
from mobyspec_conformance.execution import abort_builders, close_builders, execute
from mobyspec_conformance.expectations import EntryProblem, Expectations, updated
from mobyspec_conformance.tally import Tally, now, rank_profiles, summary_line
from mobyspec_conformance.vocabulary import (
    BAD,
    BROKEN,
    FAILING,
    OUTCOMES,
    UNCLAIMED,
    Case,
    Outcome,
    explain,
    request_json,
    response_json,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from mobyspec_conformance.adapters.base import Builder, Response
    from mobyspec_conformance.expectations import Entry


Json = Any
Gate = Literal["exact", "semantic"]

#: Outcomes whose pair ``--save-repro`` saves.
REPRODUCED = FAILING | {Outcome.XFAIL}


@frozen
class RunOptions:
    """Everything a run needs besides the builder."""

    corpus: Path
    goldens: Path
    selection: Selection = field(factory=Selection)
    gate: Gate = "semantic"
    expectations: Expectations | None = None
    jobs: int = 1
    save_repro: Path | None = None
    #: Folder of runtime-spec schema versions (None: the check is skipped, and the report says so).
    runtime_schema: Path | None = None
    #: The builder string, for the report header and the repro command.
    builder_spec: str = "reference"
    policy: Policy = field(factory=default_policy)
    #: ``mobyspec detect``: send every selected pair whatever profiles the builder claims; scores only.
    detect: bool = False
    #: Collect what ``--update-expectations`` needs (one bool per pair that ran).
    track_observed: bool = False
    #: ``(K, N)``: run only shard K of N of the selection (:func:`shard_of`).
    shard: tuple[int, int] | None = None
    #: Stop sending after this many failing pairs (``-x`` / ``--maxfail``); None: run everything.
    maxfail: int | None = None


@frozen
class PlanItem:
    """One selected (case, profile) and, when it is not sent, why."""

    case: Case
    profile: str
    entry: Entry | None
    skip_reason: str | None


class Sink(Protocol):
    """Where the report goes: a header, one record per pair, a footer."""

    def header(self, obj: Json) -> None:
        """Write the header."""

    def record(self, obj: Json) -> None:
        """Write one case record."""

    def footer(self, obj: Json) -> None:
        """Write the footer."""


class Progress(Protocol):
    """Told about the run as it goes (the terminal progress bar)."""

    def started(self, total: int) -> None:
        """The run is about to send ``total`` pairs."""

    def advanced(self, record: Json) -> None:
        """One pair is done."""


@frozen
class RunResult:
    """What a finished (or aborted) run amounts to."""

    exit_code: int
    tally: Tally
    selected: int
    hello: Hello | None
    expectation_problems: tuple[EntryProblem, ...] = ()
    aborted: str | None = None
    schema_note: str | None = None
    updated_expectations: Expectations | None = None
    #: Outputs that could not be written during the run (the command exits 2 after reporting the rest).
    output_errors: tuple[str, ...] = ()
    #: Why the run stopped before the end without the builder being at fault (``--maxfail``).
    stopped: str | None = None
    #: Why the builder became unusable, with its stderr tail (the command line prints it, exit 3).
    unusable: BuilderUnusable | None = None

    @property
    def summary(self) -> str:
        """The last stdout line."""
        return summary_line(self.tally.counts)


def _selection_json(selection: Selection) -> dict[str, list[str]]:
    return {
        "profiles": list(selection.profiles),
        "platforms": list(selection.platforms),
        "operations": list(selection.operations),
        "features": list(selection.features),
        "ids": list(selection.ids),
        "exclude": list(selection.exclude),
    }


class Runner:
    """One run: load, plan, execute, classify, report. Use :func:`run` rather than this class."""

    def __init__(
        self,
        options: RunOptions,
        make_builder: Callable[[], Builder],
        sink: Sink,
        progress: Progress | None = None,
    ) -> None:
        self.options = options
        self.make_builder = make_builder
        self.sink = sink
        self.progress = progress
        self.tally = Tally()
        self.classifier = Classifier(options, self.tally)
        self.unusable: BuilderUnusable | None = None
        self._corpus_pairs: list[tuple[str, str]] = []
        #: Why ``--save-repro`` stopped writing (the run goes on without it), if it did.
        self.repro_error: str | None = None
        self._stopped: str | None = None

    # --- setup ---------------------------------------------------------------------------------

    def load(self) -> tuple[Corpus, list[tuple[Case, str]]]:
        """The corpus and the selected pairs; a usage error on a bad case or a missing golden.

        The pytest plugin calls this too, so both refuse the same inputs in the same words.
        """
        corpus = load_corpus(self.options.corpus, self.options.selection)
        if not corpus.cases:
            raise ConfigError(f"{self.options.corpus}: no case files")
        selected = list(self.options.selection.pairs(corpus.cases))
        if self.options.shard is not None:
            selected = shard_of(selected, *self.options.shard)
        missing = [
            path
            for path in (self.classifier.golden_file(pid, case.id) for case, pid in selected)
            if not os.path.isfile(path)  # noqa: PTH113 - a string path, once a pair
        ]
        if missing:
            more = f" (and {len(missing) - 20} more)" if len(missing) > 20 else ""
            raise ConfigError("missing goldens:\n" + "\n".join(missing[:20]) + more)
        return corpus, selected

    def plan(self, selected: Sequence[tuple[Case, str]], hello: Hello) -> list[PlanItem]:
        """Decide per pair whether it is sent, or skipped by the expectations or the builder's claims."""
        exp = self.options.expectations
        unsupported = set(hello.unsupported_features)
        self.tally.left_out.update(hello.unsupported_behaviours)
        items = []
        for case, pid in selected:
            entry = exp.lookup(case.id, pid) if exp else None
            reason: str | None = None
            if entry is not None and entry.expect == "skip":
                reason = f"expectations: {entry.reason}"
            elif case.platform not in hello.platforms:
                reason = f"{UNCLAIMED}platform {case.platform}"
            elif case.operation not in hello.operations:
                reason = f"{UNCLAIMED}operation {case.operation}"
            elif hello.profiles and pid not in hello.profiles and not self.options.detect:
                reason = f"{UNCLAIMED}profile {pid}"
            elif unsupported & set(case.features):
                reason = "builder does not support " + ", ".join(sorted(unsupported & set(case.features)))
            items.append(PlanItem(case, pid, entry, reason))
        return items

    # --- execution -----------------------------------------------------------------------------

    # --- classification ------------------------------------------------------------------------

    def classify(self, item: PlanItem, response: Response | None, duration: float) -> tuple[Json, Json]:
        """The report record of one pair and the golden it was compared with (:meth:`Classifier.classify`)."""
        return self.classifier.classify(item, response, duration)

    def schema_note(self, selected: Sequence[tuple[Case, str]]) -> str:
        """One line on the runtime-spec schema check of this run (configured, and what it skips)."""
        root = self.options.runtime_schema
        if root is None:
            return "runtime-spec schema check skipped: no schema folder (set MOBYSPEC_RUNTIME_SPEC_SCHEMA)"
        try:
            from mobyspec_conformance import runtime_schema  # noqa: PLC0415 - optional check
        except ImportError:
            return "runtime-spec schema check skipped: the validator is not installed"
        skipped = sorted(
            {
                f"{case.platform}/{pid}"
                for case, pid in selected
                if case.operation == "spec" and runtime_schema.skip_reason(case.platform, pid, root)
            }
        )
        if skipped:
            return f"runtime-spec schema checked from {root}; no schema for " + ", ".join(skipped)
        return f"runtime-spec schema checked from {root}"

    # --- repro ---------------------------------------------------------------------------------

    def save_repro(self, record: Json, request: BuildRequest, response: Response, golden: Json) -> None:
        """``--save-repro``: the request, response, golden, diff and a replay command of one failure."""
        root = self.options.save_repro
        assert root is not None
        folder = case_folder(root, record["profile"], record["id"])
        atomic.write_text(folder / "request.json", dumps(request_json(request)))
        atomic.write_text(folder / "response.json", _repro_dumps(response_json(response)))
        if golden is not None:
            atomic.write_text(folder / "expected.json", dumps(golden))
        atomic.write_text(folder / "diff.txt", explain(record) + "\n")
        command = [
            "mobyspec", "run",
            "--builder", self.options.builder_spec,
            "--profile", record["profile"],
            "--id", record["id"],
            "--corpus", str(self.options.corpus.resolve()),
            "--goldens", str(self.options.goldens.resolve()),
        ]  # fmt: skip
        atomic.write_text(
            folder / "repro.sh",
            "#!/bin/sh\n# replays this one case through the runner\n" + shlex.join(command) + "\n",
        )
        (folder / "repro.sh").chmod(0o755)

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> RunResult:
        """Execute the run; the exit code follows ``exitcodes``."""
        corpus, selected = self.load()
        opts = self.options
        corpus_pairs = self._corpus_pairs = [(c.id, p) for c, p in Selection().pairs(corpus.cases)]
        problems = tuple(opts.expectations.check(corpus_pairs)) if opts.expectations else ()
        schema_note = self.schema_note(selected)
        header: dict[str, Json] = {
            "type": "header",
            "schema": "mobyspec/report/1",
            "suite": {"name": "mobyspec", "version": __version__, "corpus_sha256": corpus.sha256},
            "builder": {"spec": opts.builder_spec, "hello": None},
            "selection": {
                "filters": _selection_json(opts.selection),
                "available": len(corpus_pairs),
                "selected": len(selected),
            },
            "gate": opts.gate,
            "policy_version": opts.policy.version,
            "expectations": None
            if opts.expectations is None
            else {
                "file": str(opts.expectations.path) if opts.expectations.path else None,
                "sha256": opts.expectations.sha256,
                "entries": len(opts.expectations.entries),
            },
            "runtime_spec_schema": schema_note,
            "jobs": opts.jobs,
            "mode": "detect" if opts.detect else "run",
            "started": now(),
        }
        if opts.shard is not None:
            header["shard"] = {"index": opts.shard[0], "count": opts.shard[1]}
        if not selected:
            self.sink.header(header)
            return self._finish(None, 0, problems, None, schema_note, exitcodes.NOTHING_RAN)
        builders: list[Builder] = []
        hello: Hello | None = None
        aborted: str | None = None
        header_written = False
        try:
            try:
                for _ in range(max(1, opts.jobs)):
                    builder = self.make_builder()
                    builders.append(builder)
                    share_restart_budget(builders)  # one restart budget for the run, whatever --jobs
                    started = builder.start()
                    hello = hello or started
            except BuilderUnusable as err:
                aborted, self.unusable = f"the builder cannot be used: {err.message}", err
            except Exception as err:  # noqa: BLE001 - any failure to start a builder makes it unusable
                aborted = f"the builder cannot be used: {type(err).__name__}: {err}"
            self.classifier.scopes = tuple(getattr(builders[0], "comparison_scopes", ())) if builders else ()
            header["builder"]["hello"] = hello.to_json() if hello else None
            self.sink.header(header)
            header_written = True
            if aborted or hello is None:
                return self._finish(
                    hello, len(selected), problems, aborted, schema_note, exitcodes.BUILDER_UNUSABLE
                )
            items = self.plan(selected, hello)
            if self.progress:
                self.progress.started(len(items))
            try:
                for item, request, response, duration in execute(builders, items):
                    record, golden = self.classify(item, response, duration)
                    self.sink.record(record)
                    self.tally.add(record, track=opts.track_observed)
                    if (
                        opts.save_repro
                        and self.repro_error is None
                        and request
                        and response
                        and record["outcome"] in REPRODUCED
                    ):
                        try:
                            self.save_repro(record, request, response, golden)
                        except OSError as err:  # a full disk: say so at the end, keep running
                            self.repro_error = f"--save-repro {opts.save_repro}: {err.strerror or err}"
                    if self.progress:
                        self.progress.advanced(record)
                    failed = sum(self.tally.counts[o] for o in BAD)
                    if opts.maxfail is not None and failed >= opts.maxfail:
                        self._stopped = f"stopped after {failed} failing pairs (--maxfail {opts.maxfail})"
                        break
            except BuilderUnusable as err:
                aborted, self.unusable = f"the builder became unusable: {err.message}", err
        except BaseException:
            abort_builders(builders)  # an interrupt or an error: no builder process may outlive the run
            if not header_written:
                # stopped while a builder started (a slow hello, a manifest's setup): the report gets
                # its header, so it is an incomplete report rather than an empty file
                self.sink.header(header)
            raise
        finally:
            close_builders(builders)
        return self._finish(hello, len(selected), problems, aborted, schema_note, None)

    def _finish(
        self,
        hello: Hello | None,
        selected: int,
        problems: tuple[EntryProblem, ...],
        aborted: str | None,
        schema_note: str,
        forced: int | None,
    ) -> RunResult:
        tally = self.tally
        ran = sum(tally.counts[o] for o in OUTCOMES if o != Outcome.SKIP)
        refreshed: Expectations | None = None
        if (
            self.options.track_observed
            and self.options.expectations is not None
            and not aborted
            and not self._stopped
        ):
            refreshed = updated(
                self.options.expectations, tally.observed, self._corpus_pairs, tally.observed_behaviours
            )
        if forced is not None:
            code = forced
        elif aborted:
            code = exitcodes.BUILDER_UNUSABLE
        elif ran == 0:
            code = exitcodes.NOTHING_RAN
        elif ran == sum(tally.counts[o] for o in BROKEN) + tally.scores["errored"]:
            code = exitcodes.BUILDER_UNUSABLE  # every pair sent crashed, hung, errored or broke the protocol
        elif any(tally.counts[o] for o in BAD) or problems:
            code = exitcodes.FAILED
        else:
            code = exitcodes.OK
        footer = tally.footer(
            expectations=[
                {"kind": p.kind, "message": p.message, "entry": p.entry.to_json()} for p in problems
            ],
            not_run=selected - sum(tally.counts.values()),
            aborted=aborted,
            exit_code=code,
        )
        footer["goldens_sha256"] = self.classifier.goldens_digest.hexdigest()
        if self.options.detect:
            footer["detect"] = [
                {"profile": p, "agree": a, "compared": n, "rate": round(a / n, 6)}
                for p, a, n in rank_profiles(tally)
            ]
        self.sink.footer(footer)
        return RunResult(
            exit_code=code,
            tally=tally,
            selected=selected,
            hello=hello,
            expectation_problems=problems,
            aborted=aborted,
            schema_note=schema_note,
            updated_expectations=refreshed,
            output_errors=(self.repro_error,) if self.repro_error else (),
            stopped=self._stopped,
            unusable=self.unusable,
        )


def run(
    options: RunOptions,
    make_builder: Callable[[], Builder],
    sink: Sink,
    progress: Progress | None = None,
) -> RunResult:
    """Run the selected corpus against builders made by ``make_builder``; stream the report into ``sink``."""
    return Runner(options, make_builder, sink, progress).run()


def shard_of(pairs: Sequence[tuple[Case, str]], index: int, count: int) -> list[tuple[Case, str]]:
    """Shard ``index`` of ``count`` (1-based): the pairs at positions index, index + count, ... of ``pairs``.

    Every pair falls in exactly one shard, whatever the machine, so N CI jobs running shards 1/N to N/N
    cover the selection once; dealing pairs out in turn gives each shard a like mix of areas and profiles.
    """
    if not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count}: need 1 <= K <= N")
    return list(pairs[index - 1 :: count])


def _repro_dumps(value: Json) -> str:
    """:func:`dumps` of a response, or a note where it is too deep to write (the diff says where)."""
    try:
        return dumps(value)
    except RecursionError:
        return dumps({"status": value["status"], "note": "the output is nested too deep to write"})

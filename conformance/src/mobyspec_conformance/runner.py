"""Run the corpus against a builder: plan, send, compare, classify, and stream one report record per pair.

The runner owns no transport: it gets builders from a factory (``reference``, a session or oneshot
process, ...) that all speak :class:`~mobyspec_conformance.adapters.base.Builder`. Per (case, profile) it
reads the golden once, compares with :mod:`~mobyspec_conformance.compare`, applies the expectations file,
and writes the record at once; only counters stay in memory.

Outcomes are :class:`~mobyspec_conformance.vocabulary.Outcome`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from attrs import field, frozen

from mobyspec_conformance import __version__, atomic, exitcodes
from mobyspec_conformance.adapters.base import (
    BuilderUnusable,
    BuildRequest,
    Built,
    Crashed,
    Errored,
    Hello,
    ProtocolViolation,
    Rejected,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.adapters.session import share_restart_budget
from mobyspec_conformance.behaviours import ERROR_MISMATCHES, ERRORS, diff_pointers, registry
from mobyspec_conformance.canonical import dumps, matches_dumps_text
from mobyspec_conformance.compare import (
    DEPTH_LIMIT,
    EXPLAIN_BUDGET,
    Policy,
    Verdict,
    compare,
    default_policy,
    measure,
)
from mobyspec_conformance.corpus import (
    Corpus,
    Selection,
    case_folder,
    golden_path,
    safe_case_id,
    safe_profile_id,
)
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_conformance.errors import UsageError
from mobyspec_conformance.expectations import EntryProblem, Expectations, updated
from mobyspec_conformance.vocabulary import (
    BAD,
    BROKEN,
    DECLARED,
    FAILING,
    OUTCOMES,
    UNCLAIMED,
    Case,
    Outcome,
    explain,
    is_error_output,
    request_json,
    response_json,
)
from mobyspec_reference import PROFILES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from pathlib import Path

    from mobyspec_conformance.adapters.base import Builder, Response
    from mobyspec_conformance.expectations import Entry
    from mobyspec_conformance.scope import Scope

    #: One planned pair with its request and answer (None when not sent) and the seconds it took.
    Row = tuple["PlanItem", BuildRequest | None, Response | None, float]

Json = Any
Gate = Literal["exact", "semantic"]

#: Outcomes whose pair ``--save-repro`` saves.
REPRODUCED = FAILING | {Outcome.XFAIL}
#: Pairs per batch when ``jobs > 1`` (each batch goes to one builder; results are re-ordered by batch).
BATCH = 32
#: Longest stderr tail kept in a record.
STDERR_TAIL = 4096


class ConfigError(UsageError):
    """The run cannot start: bad corpus, missing goldens, bad options (exit 2)."""


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


def now() -> str:
    """UTC time stamp (seconds) for report headers and footers."""
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def _selection_json(selection: Selection) -> dict[str, list[str]]:
    return {
        "profiles": list(selection.profiles),
        "platforms": list(selection.platforms),
        "operations": list(selection.operations),
        "features": list(selection.features),
        "ids": list(selection.ids),
        "exclude": list(selection.exclude),
    }


if TYPE_CHECKING:
    from mobyspec_conformance.live.scope import Scope as LiveScope


class Runner:
    """One run: load, plan, execute, classify, report. Use :func:`run` rather than this class."""

    #: Comparison scopes of a partial builder (its ``comparison_scopes``, set by ``run``): compared
    #: fields only; empty for every other builder.
    scopes: tuple[LiveScope, ...] = ()

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
        self.goldens_digest = hashlib.sha256()
        self.unusable: BuilderUnusable | None = None
        self._corpus_pairs: list[tuple[str, str]] = []
        #: Why ``--save-repro`` stopped writing (the run goes on without it), if it did.
        self.repro_error: str | None = None
        self._stopped: str | None = None
        root = str(options.goldens)
        #: What golden file paths start with (None: build them with pathlib, on Windows).
        self._goldens_prefix = None if os.sep != "/" else ("" if root == "." else root.rstrip("/") + "/")

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
            for path in (self._golden_file(pid, case.id) for case, pid in selected)
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

    def _answers(
        self, builder: Builder, items: Sequence[PlanItem], first_seq: int
    ) -> Iterator[tuple[PlanItem, BuildRequest | None, Response | None, float]]:
        """Send the items that are not skipped; yield every item in order with its request and answer."""
        sent = [
            (item, item.case.request(first_seq + i, item.profile))
            for i, item in enumerate(items)
            if item.skip_reason is None
        ]
        answers = builder.run(req for _, req in sent)
        by_item = iter(sent)
        clock = time.perf_counter()
        for item in items:
            if item.skip_reason is not None:
                yield item, None, None, 0.0
                continue
            _, request = next(by_item)
            response = next(answers, None)
            if response is None:
                raise BuilderUnusable(f"the builder gave no answer for {item.case.id} under {item.profile}")
            elapsed = time.perf_counter() - clock
            clock = time.perf_counter()
            yield item, request, response, elapsed

    def _execute(
        self, builders: Sequence[Builder], items: Sequence[PlanItem]
    ) -> Iterator[tuple[PlanItem, BuildRequest | None, Response | None, float]]:
        """Every item with its answer, in plan order; ``jobs`` builders take batches in parallel."""
        if len(builders) == 1:
            yield from self._answers(builders[0], items, 0)
            return
        free = list(builders)
        lock = threading.Lock()

        def batch(start: int, rows: list[Row]) -> BuilderUnusable | None:
            """Answer one batch into ``rows`` as the answers come (so a failure keeps what came first)."""
            with lock:
                builder = free.pop()
            try:
                rows.extend(self._answers(builder, items[start : start + BATCH], start))
            except BuilderUnusable as err:
                return err
            finally:
                with lock:
                    free.append(builder)
            return None

        starts = range(0, len(items), BATCH)
        with ThreadPoolExecutor(max_workers=len(builders), thread_name_prefix="mobyspec-job") as pool:
            window = len(builders) * 2
            futures: list[tuple[Future[BuilderUnusable | None], list[Row]]] = []

            def submit(start: int) -> None:
                rows: list[Row] = []
                futures.append((pool.submit(batch, start, rows), rows))

            for start in starts[:window]:
                submit(start)
            nxt = window
            failure: BuilderUnusable | None = None
            while futures:
                done, rows = futures[0]
                try:
                    err = done.result()
                except BaseException:
                    # an interrupt: keep the batches that were complete, kill the builders (or leaving this
                    # block would wait for every running batch), then let the interrupt go on
                    complete = [
                        rows for f, rows in futures if f.done() and not f.cancelled() and f.result() is None
                    ]
                    for f, _ in futures:
                        f.cancel()
                    abort_builders(builders)
                    for kept in complete:
                        yield from kept
                    raise
                futures.pop(0)
                yield from rows  # a failed batch's answers so far are committed too
                if err is not None and failure is None:
                    # the run's restarts are spent: start no other batch, but keep what the running ones
                    # answer (each stops at its next failure, since the budget is shared)
                    failure = err
                    for f, _ in futures:
                        f.cancel()
                    futures = [(f, r) for f, r in futures if not f.cancelled()]
                if failure is None and nxt < len(starts):
                    submit(starts[nxt])
                    nxt += 1
            if failure is not None:
                raise failure

    # --- classification ------------------------------------------------------------------------

    def _golden_file(self, profile: str, case_id: str) -> str:
        """``str(golden_path(...))``, built as a string: two Path objects a pair cost more than the read."""
        if self._goldens_prefix is None:
            return str(golden_path(self.options.goldens, profile, case_id))
        return f"{self._goldens_prefix}{safe_profile_id(profile)}/{safe_case_id(case_id)}.json"

    def _golden_bytes(self, case: Case, profile: str) -> tuple[str, bytes]:
        path = self._golden_file(profile, case.id)
        try:
            with open(path, "rb") as handle:  # noqa: PTH123 - a plain open: this runs once a pair
                data = handle.read()
        except OSError as err:
            raise ConfigError(f"{path}: unreadable golden: {err}") from None
        self.goldens_digest.update(f"{profile}/{case.id}\n".encode() + hashlib.sha256(data).digest())
        return path, data

    def classify(self, item: PlanItem, response: Response | None, duration: float) -> tuple[Json, Json]:
        """The report record of one pair, and the golden it was compared with.

        The golden is None when nothing was compared, and when the answer matched the golden file byte for
        byte (then the pair passes, and nothing needs the parsed golden).
        """
        case, profile = item.case, item.profile
        record: dict[str, Json] = {
            "type": "case",
            "id": case.id,
            "profile": profile,
            "platform": case.platform,
            "operation": case.operation,
            "features": list(case.features),
            "outcome": "skip",
            "exact": None,
            "semantic": None,
            "duration_ms": round(duration * 1000, 3),
        }
        golden: Json = None
        if response is None:
            record["reason"] = item.skip_reason
        elif isinstance(response, Skipped):
            record["reason"] = f"builder: {response.reason}"
        elif isinstance(response, Errored):
            record.update(outcome=Outcome.FAIL, mismatch="errored")
            record["error"] = {"message": response.message, "details": _bounded(response.details)}
        elif isinstance(response, Crashed):
            record.update(
                outcome=Outcome.CRASHED, reason=response.message, stderr_tail=_tail(response.stderr_tail)
            )
        elif isinstance(response, TimedOut):
            record.update(
                outcome=Outcome.TIMEOUT,
                reason=f"no answer within {response.seconds:g} s",
                stderr_tail=_tail(response.stderr_tail),
            )
        elif isinstance(response, ProtocolViolation):
            record.update(
                outcome=Outcome.PROTOCOL_ERROR,
                reason=response.message,
                stderr_tail=_tail(response.stderr_tail),
            )
        else:
            path, data = self._golden_bytes(case, profile)
            scope = self._scope(case)
            if scope is not None:
                # a partial builder (a live engine): both sides reduced to what it is compared on
                golden = scope.project(_parse_golden(path, data))
                if isinstance(response, Built):
                    response = Built(scope.project(response.output))
                self._compare(record, item, response, golden)
            elif (
                isinstance(response, Built)
                and not is_error_output(response.output)
                and matches_dumps_text(response.output, data, plain_json=response.plain_json)
            ):
                # the fast path: byte for byte the golden's text, so both scores pass without parsing it
                record.update(outcome=Outcome.PASS, exact=True, semantic=True)
            else:
                golden = _parse_golden(path, data)
                self._compare(record, item, response, golden)
        entry = item.entry
        if entry is not None:
            record["expectation"] = entry.to_json()
            if entry.expect == "fail" and record["outcome"] in FAILING:
                record["observed"] = record["outcome"]
                record["outcome"] = Outcome.XFAIL
            elif entry.expect == "fail" and record["outcome"] == Outcome.PASS:
                record["outcome"] = Outcome.XPASS
        return record, golden

    def _scope(self, case: Case) -> LiveScope | None:
        """The comparison scope a partial builder declared for this case's platform and operation."""
        return next(
            (s for s in self.scopes if s.platform == case.platform and s.operation == case.operation), None
        )

    def _compare(
        self, record: dict[str, Json], item: PlanItem, response: Built | Rejected, golden: Json
    ) -> None:
        case, profile = item.case, item.profile
        if ERRORS in self.tally.left_out and is_error_output(golden):
            record["reason"] = f"builder does not implement {ERRORS} (moby returns {golden['error']['code']})"
            return
        if isinstance(response, Rejected):
            record["error"] = {"code": response.code, "message": response.message}
        elif not response.plain_json and not _is_json(response.output):
            record.update(outcome=Outcome.PROTOCOL_ERROR, reason="the built output is not a JSON value")
            return
        scope = registry().scope_for(self.tally.left_out, case.platform, case.operation)
        verdict: Verdict = compare(
            golden,
            response,
            platform=case.platform,
            operation=case.operation,
            profile=profile,
            case_input=case.input,
            policy=self.options.policy,
            explained=not self.options.detect,
            scope=scope,
        )
        record.update(exact=verdict.exact, semantic=verdict.semantic)
        if verdict.mismatch:
            record["mismatch"] = verdict.mismatch
        if verdict.diff:
            record["diff"] = list(verdict.diff)
        record["outcome"] = Outcome.PASS if verdict.passed(self.options.gate) else Outcome.FAIL
        if record["outcome"] == Outcome.FAIL:
            record["behaviours"] = self._behaviours(verdict, item, response, golden, scope)
        if isinstance(response, Built) and case.operation == "spec" and not verdict.exact and scope.full:
            extra = self._schema_violations(case, profile, response.output, golden)
            if extra:
                record["outcome"] = Outcome.INVALID_OUTPUT
                record["schema"] = [str(v) for v in extra]
        if isinstance(response, Built) and case.operation == "start" and not verdict.exact:
            from mobyspec_conformance import start_output  # noqa: PLC0415 - only start runs need it

            malformed = start_output.violations(response.output)
            if malformed:
                record["outcome"] = Outcome.INVALID_OUTPUT
                record["schema"] = malformed

    def _behaviours(
        self, verdict: Verdict, item: PlanItem, response: Built | Rejected, golden: Json, scope: Scope
    ) -> list[str]:
        """The behaviours a failure's differences belong to (``registry/behaviours.toml``)."""
        if verdict.mismatch in ERROR_MISMATCHES or not isinstance(response, Built):
            return [ERRORS]
        case = item.case
        return list(
            registry().attribute(
                diff_pointers(verdict.diff),
                scope.project(golden, case.input),
                scope.project(response.output, case.input),
                platform=case.platform,
                operation=case.operation,
                case_input=case.input,
            )
        )

    def _schema_violations(self, case: Case, profile: str, actual: Json, golden: Json) -> list[Any]:
        """Schema violations of ``actual`` that its golden does not share (none when the check is off)."""
        root = self.options.runtime_schema
        if root is None:
            return []
        from mobyspec_conformance import runtime_schema  # noqa: PLC0415 - optional check

        if runtime_schema.skip_reason(case.platform, profile, root) is not None:
            return []
        name = runtime_schema.schema_folder_name(case.platform, profile)
        assert name is not None
        folder = root / name
        known = set(runtime_schema.violations(golden, folder)) if not is_error_output(golden) else set()
        return [v for v in runtime_schema.violations(actual, folder) if v not in known]

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
            self.scopes = tuple(getattr(builders[0], "comparison_scopes", ())) if builders else ()
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
                for item, request, response, duration in self._execute(builders, items):
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
        footer["goldens_sha256"] = self.goldens_digest.hexdigest()
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


def close_builders(builders: Sequence[Builder]) -> None:
    """Close every builder; an interrupt during one close (it waits for a builder to exit) kills them all."""
    try:
        for builder in builders:
            builder.close()
    except BaseException:
        abort_builders(builders)
        raise


def abort_builders(builders: Iterable[Builder]) -> None:
    """Kill the processes of every builder whose transport can (``abort()``), from any thread."""
    for builder in builders:
        abort = getattr(builder, "abort", None)
        if callable(abort):
            abort()


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


def _tail(text: str) -> str:
    return text[-STDERR_TAIL:]


def _bounded(details: Json) -> Json:
    """A builder's ``errored`` details as the report keeps them: a note instead of a huge or deep value."""
    values, depth = measure(details, EXPLAIN_BUDGET)
    if depth > DEPTH_LIMIT:
        return f"(not kept: nested deeper than {DEPTH_LIMIT} levels)"
    if values > EXPLAIN_BUDGET:
        return f"(not kept: more than {EXPLAIN_BUDGET} values)"
    return details


def _repro_dumps(value: Json) -> str:
    """:func:`dumps` of a response, or a note where it is too deep to write (the diff says where)."""
    try:
        return dumps(value)
    except RecursionError:
        return dumps({"status": value["status"], "note": "the output is nested too deep to write"})


def _is_json(value: Json) -> bool:
    """Whether a built output is a JSON value (a Python builder may return infinity or NaN: JSON has none)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def _parse_golden(path: str, data: bytes) -> Json:
    try:
        return json.loads(data)
    except ValueError as err:
        raise ConfigError(f"{path}: unreadable golden: {err}") from None

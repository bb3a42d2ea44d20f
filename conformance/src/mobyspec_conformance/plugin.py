"""The pytest plugin proper, registered by :mod:`mobyspec_conformance.pytest_options` only when needed.

``pytest --pyargs mobyspec_conformance --mobyspec-builder cmd:mybuilder`` runs the test module shipped in this
package (``mobyspec_conformance.tests.test_conformance``), one test per selected (case, profile), against
one builder for the whole session. Known failures from ``--mobyspec-expectations`` become
``xfail(strict=True)`` (an unexpected pass fails the run); each test carries its features in
``user_properties`` (so ``--junitxml`` has them) and the run ends with a per-feature table.

It is registered only when a ``--mobyspec-*`` option is given or that module is collected, and every
hook below returns at once for tests outside that module, so installing mobyspec changes nothing for
other projects' test suites.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from attrs import evolve

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.base import BuilderConfigError, BuilderUnusable
from mobyspec_conformance.corpus import Selection, default_corpus, default_goldens
from mobyspec_conformance.expectations import ExpectationsError, load
from mobyspec_conformance.runner import Runner, RunOptions
from mobyspec_conformance.vocabulary import BAD, MobyspecError, Outcome, explain

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mobyspec_conformance.adapters.base import Builder, Hello
    from mobyspec_conformance.expectations import Expectations
    from mobyspec_conformance.vocabulary import Case

Json = Any

#: Only tests in this module are parametrized and counted.
OWN_MODULE = "mobyspec_conformance.tests.test_conformance"

_STATS: defaultdict[str, Counter[str]] = defaultdict(Counter)


def _profile_ids(given: tuple[str, ...]) -> tuple[str, ...]:
    """``--mobyspec-profile`` values as profile ids (a moby version such as ``20.10.24`` resolves)."""
    from mobyspec_reference import get_profile  # noqa: PLC0415 - the plugin stays light until used

    try:
        return tuple(dict.fromkeys(get_profile(text).id for text in given))
    except KeyError as err:
        raise pytest.UsageError(f"--mobyspec-profile: {err.args[0]}") from None


def _options(config: pytest.Config) -> RunOptions:
    opt = config.option
    expectations: Expectations | None = None
    if opt.mobyspec_expectations:
        try:
            expectations = load(Path(opt.mobyspec_expectations))
        except ExpectationsError as err:
            raise pytest.UsageError(err.render()) from None
    return RunOptions(
        corpus=Path(opt.mobyspec_corpus) if opt.mobyspec_corpus else default_corpus(),
        goldens=Path(opt.mobyspec_goldens) if opt.mobyspec_goldens else default_goldens(),
        selection=Selection(
            profiles=_profile_ids(tuple(opt.mobyspec_profiles or ())),
            platforms=tuple(opt.mobyspec_platforms or ()),
            operations=tuple(opt.mobyspec_operations or ()),
            features=tuple(opt.mobyspec_features or ()),
            ids=tuple(opt.mobyspec_ids or ()),
        ),
        gate=opt.mobyspec_gate or "semantic",
        expectations=expectations,
        builder_spec=opt.mobyspec_builder or "reference",
        runtime_schema=Path(os.environ["MOBYSPEC_RUNTIME_SPEC_SCHEMA"])
        if os.environ.get("MOBYSPEC_RUNTIME_SPEC_SCHEMA")
        else None,
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize our test over the selected pairs; expectations become xfail(strict) or skip marks."""
    if metafunc.module.__name__ != OWN_MODULE or "mobyspec_pair" not in metafunc.fixturenames:
        return
    options = _options(metafunc.config)
    try:
        # the runner's own load: the same corpus checks, the same words, every selected case strictly
        # parsed and schema-valid and every golden there before anything is sent (exit 2, as `mobyspec run`)
        corpus, pairs = Runner(options, _no_builder, _NullSink()).load()
    except MobyspecError as err:
        pytest.exit(err.render(), returncode=err.exit_code)
    cases = corpus.cases
    if not pairs:
        msg = f"mobyspec: no (case, profile) selected from {options.corpus}"
        raise pytest.UsageError(msg)
    exp = options.expectations
    if exp is not None:
        problems = exp.check((c.id, p) for c, p in Selection().pairs(cases))
        if problems:
            raise pytest.UsageError("\n".join(p.message for p in problems))
    params = []
    for case, profile in pairs:
        marks: list[pytest.MarkDecorator] = []
        entry = exp.lookup(case.id, profile) if exp else None
        if entry is not None and entry.expect == "fail":
            marks.append(pytest.mark.xfail(strict=True, reason=entry.reason))
        elif entry is not None:
            marks.append(pytest.mark.skip(reason=f"expectations: {entry.reason}"))
        params.append(pytest.param((case, profile), id=f"{profile}/{case.id}", marks=marks))
    metafunc.parametrize("mobyspec_pair", params)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put each case's features and profile in ``user_properties`` (JUnit properties, xdist-safe)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or "mobyspec_pair" not in callspec.params:
            continue
        case, profile = callspec.params["mobyspec_pair"]
        item.user_properties.extend(("feature", f) for f in case.features)
        item.user_properties.append(("profile", profile))


class Session:
    """One builder for the whole pytest session, and the runner's classification of its answers."""

    def __init__(self, options: RunOptions, builder: Builder, hello: Hello) -> None:
        self.builder = builder
        self.hello = hello
        # expectations act through the xfail/skip marks set at collection, not through the runner
        self.runner = Runner(evolve(options, expectations=None), lambda: builder, sink=_NullSink())
        self.seq = 0

    def check(self, case: Case, profile: str) -> Json:
        """Send one pair and return its report record (``outcome``, ``diff``, ...)."""
        (item,) = self.runner.plan([(case, profile)], self.hello)
        if item.skip_reason is not None:
            return self.runner.classify(item, None, 0.0)[0]
        self.seq += 1
        request = case.request(self.seq, profile)
        clock = time.perf_counter()
        try:
            response = next(iter(self.builder.run([request])), None)
        except BuilderUnusable as err:
            # past the restart cap: the session stops with the runner's exit code, not one error per test
            pytest.exit(
                f"mobyspec: the builder became unusable: {err.message}", returncode=exitcodes.BUILDER_UNUSABLE
            )
        if response is None:
            pytest.exit("mobyspec: the builder gave no answer", returncode=exitcodes.BUILDER_UNUSABLE)
        return self.runner.classify(item, response, time.perf_counter() - clock)[0]


def _no_builder() -> Builder:
    msg = "collection loads the corpus only"
    raise AssertionError(msg)


class _NullSink:
    def header(self, obj: Json) -> None:
        """Unused: the plugin writes no JSON-lines report."""

    def record(self, obj: Json) -> None:
        """Unused."""

    def footer(self, obj: Json) -> None:
        """Unused."""


@pytest.fixture(scope="session")
def mobyspec_session(pytestconfig: pytest.Config) -> Iterator[Session]:
    """The builder under test, started once (``--mobyspec-builder``)."""
    from mobyspec_conformance.adapters.factory import make_builder  # noqa: PLC0415 - only for our tests

    options = _options(pytestconfig)
    try:
        builder = make_builder(options.builder_spec, timeout=pytestconfig.option.mobyspec_timeout)
    except BuilderConfigError as err:
        raise pytest.UsageError(f"--mobyspec-builder: {err}") from None
    try:
        hello = builder.start()
    except BuilderUnusable as err:
        builder.close()
        pytest.exit(err.render(), returncode=err.exit_code)
    try:
        yield Session(options, builder, hello)
    finally:
        builder.close()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count outcomes per feature for our tests (runs on the xdist controller too)."""
    props = dict(report.user_properties)
    if "profile" not in props or not report.nodeid.split("::")[0].endswith("test_conformance.py"):
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome: str = report.outcome
        if hasattr(report, "wasxfail") and report.outcome == "skipped":
            outcome = "xfail"
        if hasattr(report, "wasxfail") and report.outcome == "failed":
            outcome = "xpass"
        for feature, value in report.user_properties:
            if feature == "feature":
                _STATS[str(value)][outcome] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:  # noqa: ANN401 - pytest's TerminalReporter
    """The per-feature table, when our tests ran."""
    if not _STATS:
        return
    columns = ["passed", "failed", "skipped", "xfail", "xpass"]
    terminalreporter.section("mobyspec conformance by feature")
    terminalreporter.write_line(f"{'feature':<24}" + "".join(f"{c:>9}" for c in columns))
    for feature in sorted(_STATS):
        counts = _STATS[feature]
        terminalreporter.write_line(f"{feature:<24}" + "".join(f"{counts[c]:>9}" for c in columns))


def assert_conformant(record: Json) -> None:
    """Skip or fail the current test according to a record (``xfail`` marks come from collection)."""
    if record["outcome"] == Outcome.SKIP:
        pytest.skip(str(record.get("reason") or "skipped"))
    if record["outcome"] in BAD:
        pytest.fail(explain(record), pytrace=False)

"""One pair's report record: the builder's answer classified against its golden.

The golden is read once a pair (its sha256 goes into the run's goldens digest); a byte-for-byte match
passes without parsing it; otherwise :mod:`~mobyspec_conformance.compare` decides, the behaviours a
failure touches are named (``registry/behaviours.toml``), and a built spec that breaks the runtime-spec
schema where its golden does not is ``invalid-output``.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING, Any

from mobyspec_conformance.adapters.base import (
    Built,
    Crashed,
    Errored,
    ProtocolViolation,
    Rejected,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.behaviours import ERROR_MISMATCHES, ERRORS, diff_pointers, registry
from mobyspec_conformance.canonical import matches_dumps_text
from mobyspec_conformance.compare import DEPTH_LIMIT, EXPLAIN_BUDGET, Verdict, compare, measure
from mobyspec_conformance.corpus import golden_path, safe_case_id, safe_profile_id
from mobyspec_conformance.errors import ConfigError
from mobyspec_conformance.vocabulary import FAILING, Case, Outcome, is_error_output

if TYPE_CHECKING:
    from mobyspec_conformance.adapters.base import Response
    from mobyspec_conformance.live.scope import Scope as LiveScope
    from mobyspec_conformance.runner import PlanItem, RunOptions
    from mobyspec_conformance.scope import Scope
    from mobyspec_conformance.tally import Tally

Json = Any

#: Longest stderr tail kept in a record.
STDERR_TAIL = 4096


class Classifier:
    """Classifies the answers of one run (its options, and the tally whose ``left_out`` behaviours count)."""

    #: Comparison scopes of a partial builder (its ``comparison_scopes``, set by the run): compared
    #: fields only; empty for every other builder.
    scopes: tuple[LiveScope, ...] = ()

    def __init__(self, options: RunOptions, tally: Tally) -> None:
        self.options = options
        self.tally = tally
        #: sha256 over every golden read, in order (the report footer's ``goldens_sha256``).
        self.goldens_digest = hashlib.sha256()
        root = str(options.goldens)
        #: What golden file paths start with (None: build them with pathlib, on Windows).
        self._goldens_prefix = None if os.sep != "/" else ("" if root == "." else root.rstrip("/") + "/")

    def golden_file(self, profile: str, case_id: str) -> str:
        """``str(golden_path(...))``, built as a string: two Path objects a pair cost more than the read."""
        if self._goldens_prefix is None:
            return str(golden_path(self.options.goldens, profile, case_id))
        return f"{self._goldens_prefix}{safe_profile_id(profile)}/{safe_case_id(case_id)}.json"

    def _golden_bytes(self, case: Case, profile: str) -> tuple[str, bytes]:
        path = self.golden_file(profile, case.id)
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

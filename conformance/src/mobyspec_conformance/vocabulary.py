"""The suite's vocabulary: outcomes, the case, requests and responses as JSON, pointers, explanations.

Every part speaks these: the runner, the adapters, the pytest plugin, lint and the reports. The error
bases (:class:`MobyspecError`, :class:`UsageError`, from :mod:`~mobyspec_conformance.errors`) carry the
exit code ``main()`` uses.

Cheap to import (attrs and the standard library only): ``mobyspec --help`` and the report renderers load
it without the runner, the comparison or jsonschema.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from attrs import frozen

from mobyspec_conformance.adapters.base import (
    BuildRequest,
    Built,
    Crashed,
    Errored,
    Rejected,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.errors import MobyspecError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from mobyspec_conformance.adapters.base import Response

__all__ = [
    "BAD",
    "BROKEN",
    "DECLARED",
    "FAILING",
    "OUTCOMES",
    "UNCLAIMED",
    "Case",
    "MobyspecError",
    "Outcome",
    "UsageError",
    "explain",
    "explanation",
    "is_error_output",
    "output_json",
    "pointer",
    "request_from_json",
    "request_json",
    "response_from_message",
    "response_json",
    "response_message",
]

Json = Any


# --- outcomes ------------------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    """The outcome of one (case, profile) pair in a run report (equal to its string in the report)."""

    PASS = "pass"  # noqa: S105 - an outcome name, not a password
    FAIL = "fail"
    #: an expected failure failed
    XFAIL = "xfail"
    #: an expected failure passed: the run fails
    XPASS = "xpass"
    #: the builder declined, or the expectations say skip
    SKIP = "skip"
    CRASHED = "crashed"
    TIMEOUT = "timeout"
    #: the transport saw a broken answer
    PROTOCOL_ERROR = "protocol-error"
    #: a built spec breaks the runtime-spec schema where its golden does not
    INVALID_OUTPUT = "invalid-output"


#: Every outcome, in the order reports list them.
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
#: Transport-level outcomes: the builder did not answer properly (JUnit ``<error>``).
BROKEN = frozenset({Outcome.CRASHED, Outcome.TIMEOUT, Outcome.PROTOCOL_ERROR})
#: Outcomes of a pair that did not pass (an expected failure turns them into ``xfail``).
FAILING = frozenset({Outcome.FAIL, Outcome.INVALID_OUTPUT}) | BROKEN
#: Outcomes that make the run non-conformant.
BAD = FAILING | {Outcome.XPASS}
#: Outcomes not held against the builder (declared): counted as skipped.
DECLARED = frozenset({Outcome.SKIP, Outcome.XFAIL})
#: The reason prefix of a skip because the builder's ``hello`` does not claim the pair (an unclaimed
#: pair: one line in the reports, not a failure).
UNCLAIMED = "builder does not claim "


# --- the case ------------------------------------------------------------------------------------


@frozen
class Case:
    """A loaded, valid case (the case format v1, ``schemas/case.v1.json``)."""

    id: str
    description: str
    platform: str
    operation: str
    features: tuple[str, ...]
    input: dict[str, Any]
    profiles: tuple[str, ...] | None
    refs: tuple[str, ...]
    path: Path | None = None

    @classmethod
    def from_document(cls, doc: Mapping[str, Json], path: Path | None = None) -> Case:
        """The case a (validated) case document describes; ``path`` is the file it was read from."""
        profiles = doc.get("profiles")
        return cls(
            id=doc["id"],
            description=doc["description"],
            platform=doc["platform"],
            operation=doc["operation"],
            features=tuple(doc["features"]),
            input=doc["input"],
            profiles=None if profiles is None else tuple(profiles),
            refs=tuple(doc.get("refs") or ()),
            path=path,
        )

    def applicable_profiles(self) -> tuple[str, ...]:
        """Profile ids this case runs under, oldest first."""
        from mobyspec_reference.profiles import profiles_for  # noqa: PLC0415 - keeps this module cheap

        return tuple(p.id for p in profiles_for(self.platform, self.operation, self.profiles))

    def request(self, seq: int, profile: str) -> BuildRequest:
        """The build request of this case under ``profile``."""
        return BuildRequest(seq, self.id, profile, self.platform, self.operation, self.input)


def is_error_output(output: Json) -> bool:
    """A golden or output that is moby's error (``{"error": {code, message}}``), not a spec or result."""
    return isinstance(output, dict) and len(output) == 1 and isinstance(output.get("error"), dict)


# --- requests and responses as JSON ----------------------------------------------------------------


def request_json(request: BuildRequest, *, oneshot: bool = False) -> Json:
    """A build request as its protocol v1 message; oneshot adapters also get the protocol version."""
    message: dict[str, Json] = {
        "cmd": "build",
        "seq": request.seq,
        "case": request.case_id,
        "profile": request.profile,
        "platform": request.platform,
        "operation": request.operation,
        "input": request.input,
    }
    if oneshot:
        message["protocol"] = 1
    return message


def request_from_json(message: Json) -> BuildRequest:
    """A ``build`` message (already valid under ``build.request``) as a :class:`BuildRequest`."""
    return BuildRequest(
        seq=message["seq"],
        case_id=message["case"],
        profile=message["profile"],
        platform=message["platform"],
        operation=message["operation"],
        input=message["input"],
    )


def response_message(seq: int, response: Response) -> Json:
    """A builder-side response as its protocol v1 message (the transport-observed kinds have none)."""
    if isinstance(response, Built):
        return {"seq": seq, "built": response.output}
    if isinstance(response, Rejected):
        body: dict[str, Json] = {"message": response.message}
        if response.code is not None:
            body["code"] = response.code
        return {"seq": seq, "rejected": body}
    if isinstance(response, Skipped):
        return {"seq": seq, "skipped": {"reason": response.reason}}
    if isinstance(response, Errored):
        errored: dict[str, Json] = {"message": response.message}
        if response.details is not None:
            errored["details"] = response.details
        return {"seq": seq, "errored": errored}
    msg = f"{type(response).__name__} is observed by the runner, not sent by a builder"
    raise ValueError(msg)


def response_from_message(message: Json, *, decoded: bool = False) -> Response:
    """A protocol v1 answer (already valid under ``build.response``) as a response.

    ``decoded``: the message came from JSON text, so a built output holds only JSON's own types.
    """
    if "built" in message:
        return Built(message["built"], plain_json=decoded)
    if "rejected" in message:
        body = message["rejected"]
        return Rejected(body.get("code"), body["message"])
    if "skipped" in message:
        return Skipped(message["skipped"]["reason"])
    body = message["errored"]
    return Errored(body["message"], body.get("details"))


def response_json(response: Response) -> Json:
    """A response as the report and ``--save-repro`` write it (``status`` plus the transport kinds)."""
    if isinstance(response, Built):
        return {"status": "built", "output": response.output}
    if isinstance(response, Rejected):
        return {"status": "rejected", "error": {"code": response.code, "message": response.message}}
    if isinstance(response, Skipped):
        return {"status": "skipped", "reason": response.reason}
    if isinstance(response, Errored):
        return {"status": "errored", "message": response.message, "details": response.details}
    if isinstance(response, Crashed):
        return {"status": "crashed", "message": response.message}
    if isinstance(response, TimedOut):
        return {"status": "timeout", "seconds": response.seconds}
    return {"status": "protocol-error", "message": response.message}


def output_json(response: Built | Rejected) -> Json:
    """An answer in the case format's output form: the output, or ``{"error": {code, message}}``."""
    if isinstance(response, Built):
        return response.output
    return {"error": {"code": response.code, "message": response.message}}


# --- JSON Pointers -------------------------------------------------------------------------------


def pointer(parts: Iterable[str | int], root: str = "") -> str:
    """A JSON Pointer (RFC 6901) from path segments (``~`` and ``/`` escaped); ``root`` when empty."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts) or root


# --- a record explained --------------------------------------------------------------------------


def explanation(record: Mapping[str, Json]) -> list[str]:
    """Why a report record did not simply pass, one line each: diff, schema, reason, error, stderr.

    The text of repro files, pytest failures, JUnit bodies and the terminal and Markdown summaries.
    """
    lines = [*record.get("diff", ()), *record.get("schema", ())]
    if record.get("reason"):
        lines.append(str(record["reason"]))
    if record["outcome"] == Outcome.XPASS:
        # one wording for the terminal, Markdown and JUnit (the pair is an expectations entry to delete)
        lines.append(
            "listed as an expected failure, but it passed: "
            "remove the entry (remove it from the expectations file)"
        )
    error = record.get("error")
    if error:
        lines.append(f"builder error: {error.get('code')}: {error.get('message')}")
    if record.get("stderr_tail"):
        lines.extend(["--- stderr (tail) ---", *str(record["stderr_tail"]).splitlines()])
    return lines


def explain(record: Mapping[str, Json]) -> str:
    """A record's title (``<id> under <profile>: <outcome>``) and its :func:`explanation`."""
    title = f"{record['id']} under {record['profile']}: {record.get('observed') or record['outcome']}"
    return "\n".join([title, *explanation(record)])

"""The one interface every transport implements, and the outcomes a build request can have.

A runner sends :class:`BuildRequest` values and gets back exactly one :class:`Response` per request,
in request order. The first four response kinds come from the builder (protocol v1 messages
``built``, ``rejected``, ``skipped``, ``errored``); the last three are what the transport observed
when the builder failed to answer properly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from attrs import field, frozen

from mobyspec_conformance import exitcodes
from mobyspec_conformance.errors import MobyspecError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

Json = Any

#: Protocol versions this runner speaks.
PROTOCOL_VERSIONS = (1,)


@frozen
class BuildRequest:
    """One (case, profile) to build; ``seq`` is unique within a run."""

    seq: int
    case_id: str
    profile: str
    platform: str
    operation: str
    input: Json


@frozen
class Hello:
    """What a builder says about itself in answer to ``hello``."""

    name: str
    version: str
    language: str
    protocol: int = 1
    platforms: tuple[str, ...] = ("linux", "windows")
    operations: tuple[str, ...] = ("spec", "start")
    #: Profile ids the builder claims; empty means every profile.
    profiles: tuple[str, ...] = ()
    #: Feature tags it does not support: cases with them are skipped, not failed.
    unsupported_features: tuple[str, ...] = ()
    homepage: str | None = None
    #: Behaviours (``registry/behaviours.toml``) it does not implement: their fields are not compared.
    unsupported_behaviours: tuple[str, ...] = ()

    def to_json(self) -> Json:
        """The ``hello`` response body as protocol v1 writes it."""
        out: dict[str, Json] = {
            "implementation": {"name": self.name, "version": self.version, "language": self.language},
            "protocol": self.protocol,
            "platforms": list(self.platforms),
            "operations": list(self.operations),
            "profiles": list(self.profiles),
            "unsupported_features": list(self.unsupported_features),
        }
        if self.unsupported_behaviours:
            out["unsupported_behaviours"] = list(self.unsupported_behaviours)
        if self.homepage:
            out["implementation"]["homepage"] = self.homepage
        return out


@frozen
class Built:
    """The builder produced an output (a spec, or a start result).

    ``plain_json`` is the transport's word that ``output`` was decoded from JSON text (or built only of
    JSON's own types), which lets the comparison take its fastest path; it is not part of equality.
    """

    output: Json
    plain_json: bool = field(default=False, eq=False, kw_only=True)


@frozen
class Rejected:
    """The builder refused the input as moby would (an error); ``code`` may be None."""

    code: str | None
    message: str


@frozen
class Skipped:
    """The builder does not handle this case (declared, not a failure)."""

    reason: str


@frozen
class Errored:
    """The builder failed internally (its own bug, not a moby error)."""

    message: str
    details: Json = None


@frozen
class Crashed:
    """The builder process died or exited unexpectedly while this request was pending."""

    message: str
    stderr_tail: str = ""


@frozen
class TimedOut:
    """No answer within the per-case timeout; the process was killed."""

    seconds: float
    stderr_tail: str = ""


@frozen
class ProtocolViolation:
    """The builder answered, but not in protocol v1 (bad JSON, wrong seq, missing fields, ...)."""

    message: str
    stderr_tail: str = ""


Response = Built | Rejected | Skipped | Errored | Crashed | TimedOut | ProtocolViolation


class BuilderConfigError(UsageError, ValueError):
    """A builder string or adapter manifest is malformed (a usage error: the CLI exits 2)."""


class BuilderUnusable(MobyspecError, RuntimeError):  # noqa: N818 - named for the exit code it maps to (3)
    """The builder cannot be used: it does not start, fails its ``hello``, or crashed past the restart cap.

    Raised by ``start()`` or during ``run()``; responses yielded before it stand. The CLI exits 3 and
    prints the builder's stderr tail with the reason (as bowtie's ``StartupFailed`` does).
    """

    exit_code = exitcodes.BUILDER_UNUSABLE

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.stderr_tail = stderr_tail

    def render(self) -> str:
        """The reason, then what the builder wrote on stderr last (when it wrote anything)."""
        text = f"mobyspec: the builder cannot be used: {self.message}"
        tail = self.stderr_tail.rstrip("\n")
        return f"{text}\n--- builder stderr (tail) ---\n{tail}" if tail else text


class Builder(Protocol):
    """A builder under test, whatever the transport."""

    def start(self) -> Hello:
        """Start (or connect to) the builder and return its ``hello``."""
        ...

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """Send every request (pipelined where the transport allows) and yield one response each, in order."""
        ...

    def close(self) -> None:
        """Shut the builder down and release its resources (idempotent)."""
        ...

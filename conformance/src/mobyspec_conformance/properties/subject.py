"""The builder under test (:class:`Subject`), the errors a property run raises, and the assertion helpers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mobyspec_conformance import runtime_schema
from mobyspec_conformance.adapters.base import (
    BuildRequest,
    Built,
    Crashed,
    Errored,
    ProtocolViolation,
    Rejected,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.vocabulary import MobyspecError, output_json

if TYPE_CHECKING:
    from pathlib import Path

    from mobyspec_conformance.adapters.base import Builder, Hello
    from mobyspec_reference.profiles import Profile


Json = Any


_U8, _U16, _U64 = (1 << 8) - 1, (1 << 16) - 1, (1 << 64) - 1
_NANO = 1_000_000_000
#: ``system.DefaultPathEnv`` on Unix (moby/moby@v1.12.0:pkg/system/path_unix.go).
_DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class PropertyViolation(MobyspecError, AssertionError):  # noqa: N818 - "the property is violated", not an error of ours
    """The builder broke the rule on the drawn input."""


class BuilderFailed(MobyspecError):  # noqa: N818 - "the builder failed", distinct from a violated rule
    """The builder gave no usable answer (errored, crashed, timed out or broke the protocol)."""


class BuilderSkipped(MobyspecError):  # noqa: N818 - "the builder skipped"
    """The builder declined the input (a declared limitation): the property is skipped, not failed."""


# ---------------------------------------------------------------------------------------------------
# The builder under test


class Subject:
    """A started builder, reused for every example; sends one request per :meth:`respond`."""

    def __init__(self, builder: Builder, name: str = "builder", *, schema_root: Path | None = None) -> None:
        self.builder = builder
        self.name = name
        #: The runtime-spec schema folder of the schema properties (None: they are skipped).
        self.schema_root = schema_root if schema_root is not None else runtime_schema.configured_root()
        self.hello: Hello = builder.start()
        self._seq = 0
        #: Requests sent so far (a measure of the examples run).
        self.requests = 0

    def claims(self, platform: str, operation: str, profile: str) -> str | None:
        """Why the builder's ``hello`` excludes (platform, operation, profile); None when it claims them."""
        if platform not in self.hello.platforms:
            return f"the builder does not declare the platform {platform}"
        if operation not in self.hello.operations:
            return f"the builder does not declare the operation {operation}"
        if self.hello.profiles and profile not in self.hello.profiles:
            return f"the builder does not claim the profile {profile}"
        return None

    def respond(self, platform: str, operation: str, inp: Json, profile: str, tag: str) -> Built | Rejected:
        """The builder's answer to one input: a built output or a rejection; anything else raises."""
        self._seq += 1
        self.requests += 1
        request = BuildRequest(
            seq=self._seq,
            case_id=f"props/{tag}",
            profile=profile,
            platform=platform,
            operation=operation,
            input=inp,
        )
        (response,) = list(self.builder.run([request]))
        if isinstance(response, Built | Rejected):
            return response
        if isinstance(response, Skipped):
            raise BuilderSkipped(response.reason)
        if isinstance(response, Errored | Crashed | ProtocolViolation):
            raise BuilderFailed(f"{type(response).__name__.lower()}: {response.message}")
        assert isinstance(response, TimedOut)
        raise BuilderFailed(f"timed out after {response.seconds:g} s")

    def output(self, platform: str, operation: str, inp: Json, profile: str, tag: str = "state") -> Json:
        """The answer in the case format's output form: the output, or ``{"error": {code, message}}``."""
        return output_json(self.respond(platform, operation, inp, profile, tag))


def _spec(subject: Subject, platform: str, inp: Json, profile: Profile, tag: str) -> Json:
    """The spec the builder builds; a rejection of an input moby builds violates the property."""
    response = subject.respond(platform, "spec", inp, profile.id, tag)
    if isinstance(response, Rejected):
        msg = f"rejected an input moby builds: {response.code}: {response.message}"
        raise PropertyViolation(msg)
    if not isinstance(response.output, dict):
        msg = f"built {type(response.output).__name__}, not a spec object"
        raise PropertyViolation(msg)
    return response.output


def _expect(condition: bool, message: str) -> None:  # noqa: FBT001 - an assertion helper
    if not condition:
        raise PropertyViolation(message)


def _expect_equal(what: str, got: Json, want: Json, why: str = "") -> None:
    """``got == want``, else a violation saying ``<what> is <got>, expected <want><why>``."""
    _expect(got == want, f"{what} is {_show(got)}, expected {_show(want)}{why}")


def _expect_cwd(spec: Json, want: str, workdir: str) -> None:
    """The process.cwd both platforms' cwd properties check, reported with the WorkingDir it came from."""
    got = spec.get("process", {}).get("cwd")
    _expect_equal("process.cwd", got, want, f" for WorkingDir {_show(workdir)}")


def _show(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False)


def _outcome(response: Built | Rejected) -> str:
    if isinstance(response, Built):
        return "a spec"
    return f"the error {response.code}: {response.message}"

"""The start operation's state machine (:mod:`mobyspec_conformance.start_machine`) wrapped as a property."""

from __future__ import annotations

import importlib
import time
from typing import TYPE_CHECKING, Any

from attrs import evolve, frozen
from hypothesis.errors import HypothesisException

from mobyspec_conformance.properties.framework import Result, Status, verdict
from mobyspec_conformance.properties.subject import BuilderFailed, BuilderSkipped, Subject

if TYPE_CHECKING:
    from hypothesis import settings as hsettings

    from mobyspec_reference.profiles import Profile

Json = Any


# ---------------------------------------------------------------------------------------------------
# The start state machine


#: Module that provides the start-lifecycle state machine (see :class:`StartMachine`).
START_MACHINE_MODULE = "mobyspec_conformance.start_machine"


@frozen
class StartMachine:
    """The start operation's state machine, run against a builder that declares ``start``.

    The machine comes from :data:`START_MACHINE_MODULE`, which provides ``machine(build, profile,
    platform)`` returning a ``hypothesis.stateful.RuleBasedStateMachine`` class; ``build(input)`` sends
    one ``start`` input to the builder and returns its answer in the case format's output form (the
    result object, or ``{"error": {...}}``). Skipped while that module does not exist.
    """

    platform: str
    name: str = ""
    operation: str = "start"

    @property
    def doc(self) -> str:
        """What the machine checks (the provider's docstring when it has one)."""
        return (StartMachine.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        """One line."""
        return "the start lifecycle: successive starts of one container agree with moby's containerStart"

    def applies(self, profile: Profile) -> bool:
        """Where the profile has a start operation on this platform."""
        return profile.start is not None and self.platform in profile.start.platforms

    def skip_reason(self, subject: Subject, profile: Profile) -> str | None:
        """As :meth:`Property.skip_reason`, plus the machine's module being absent."""
        if not self.applies(profile):
            return f"profile {profile.id} has no {self.platform} start"
        claim = subject.claims(self.platform, self.operation, profile.id)
        if claim is not None:
            return claim
        if _start_machine() is None:
            return f"no start state machine installed ({START_MACHINE_MODULE})"
        return None

    def run(
        self,
        subject: Subject,
        profile: Profile,
        settings: hsettings | None = None,
        *,
        seed: int | None = None,  # noqa: ARG002 - run_state_machine_as_test takes no seed; settings decide
    ) -> Result:
        """Run the state machine; a failing step sequence is reported with hypothesis' message."""
        from hypothesis.stateful import run_state_machine_as_test  # noqa: PLC0415 - only when it runs

        base = Result(property=self.name, profile=profile.id, platform=self.platform, status="skipped")
        reason = self.skip_reason(subject, profile)
        if reason is not None:
            return evolve(base, message=reason)
        provider = _start_machine()
        assert provider is not None

        def build(inp: Json) -> Json:
            return subject.output(self.platform, "start", inp, profile.id, self.name)

        machine = provider.machine(build, profile.id, self.platform)
        before, start = subject.requests, time.monotonic()
        status: Status = "passed"
        message = ""
        try:
            run_state_machine_as_test(machine, settings=settings)
        except (BuilderFailed, BuilderSkipped, AssertionError, HypothesisException) as err:
            status, message = verdict(err)
        return evolve(
            base,
            status=status,
            message=message,
            requests=subject.requests - before,
            seconds=time.monotonic() - start,
        )


def _start_machine() -> Any:  # noqa: ANN401 - a module
    try:
        return importlib.import_module(START_MACHINE_MODULE)
    except ModuleNotFoundError as err:
        if err.name != START_MACHINE_MODULE:
            raise
        return None

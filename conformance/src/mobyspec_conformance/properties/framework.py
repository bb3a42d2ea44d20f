"""The rule framework: :class:`Property`, its :class:`Result`, and :func:`rule`, which registers one."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import hypothesis
from attrs import evolve, frozen
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis.errors import HypothesisException

from mobyspec_conformance.properties.subject import BuilderFailed, BuilderSkipped, PropertyViolation, Subject
from mobyspec_reference.profiles import Profile, get_profile

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


Json = Any
Status = Literal["passed", "failed", "errored", "skipped"]


def verdict(err: Exception) -> tuple[Status, str]:
    """The status and message a property run reports for what its hypothesis test raised.

    A violated rule fails (a state machine's plain assertion too, with the notes hypothesis adds); a
    declined input skips; a builder with no usable answer, or hypothesis itself giving up, errs.
    """
    if isinstance(err, BuilderSkipped):
        return "skipped", f"the builder skipped an input: {err}"
    if isinstance(err, BuilderFailed):
        return "errored", str(err)
    if isinstance(err, PropertyViolation):
        return "failed", str(err)
    if isinstance(err, AssertionError):
        return "failed", "\n".join([str(err), *getattr(err, "__notes__", [])])
    return "errored", f"{type(err).__name__}: {err}"


# ---------------------------------------------------------------------------------------------------
# Properties


@frozen
class Result:
    """How one property fared at one profile."""

    property: str
    profile: str
    platform: str
    status: Status
    message: str = ""
    #: The minimal failing input (after shrinking), for failed and errored results.
    example: Json = None
    requests: int = 0
    seconds: float = 0.0


Check = Callable[["Subject", Profile, Json], None]


@frozen
class Property:
    """One rule: where it exists (``applies``), what inputs exercise it, and the check of one answer."""

    name: str
    platform: str
    applies: Callable[[Profile], bool]
    inputs: Callable[[Profile], SearchStrategy[Json]]
    check: Check
    operation: str = "spec"
    #: A further reason to skip at a profile, given the subject (for example no schema folder).
    precondition: Callable[[Subject, Profile], str | None] | None = None

    @property
    def doc(self) -> str:
        """The check's docstring: the rule, quoting moby, with its source."""
        return (self.check.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.splitlines()[0] if self.doc else self.name

    def skip_reason(self, subject: Subject, profile: Profile) -> str | None:
        """Why this property does not run against ``subject`` at ``profile``, or None."""
        if not self.applies(profile):
            return f"profile {profile.id} has no such rule"
        claim = subject.claims(self.platform, self.operation, profile.id)
        if claim is None and self.precondition is not None:
            return self.precondition(subject, profile)
        return claim

    def __call__(
        self, subject: Subject, profile: Profile | str, *, settings: hsettings | None = None
    ) -> None:
        """Check the rule on generated inputs; raises the (shrunk) violation, as a test would."""
        prof = get_profile(profile) if isinstance(profile, str) else profile
        self._test(subject, prof, settings, [])()

    def _test(
        self,
        subject: Subject,
        profile: Profile,
        settings: hsettings | None,
        failing: list[Json],
        seed: int | None = None,
    ) -> Callable[[], None]:
        def test(inp: Json) -> None:
            try:
                self.check(subject, profile, inp)
            except (PropertyViolation, BuilderFailed, BuilderSkipped):
                failing.append(inp)  # the last one recorded is hypothesis's final, shrunk replay
                raise

        # hypothesis names the test by its function (an identifier): property and profile, sanitized
        test.__name__ = re.sub(r"\W", "_", f"{self.name}_at_{profile.id}")
        wrapped = given(self.inputs(profile))(test)
        if seed is not None:
            wrapped = hypothesis.seed(seed)(wrapped)
        return settings(wrapped) if settings is not None else wrapped

    def run(
        self,
        subject: Subject,
        profile: Profile,
        settings: hsettings | None = None,
        *,
        seed: int | None = None,
    ) -> Result:
        """Run at one profile and report (never raises for the builder's behaviour).

        ``settings`` default to hypothesis' current profile; ``seed`` fixes the exploration.
        """
        reason = self.skip_reason(subject, profile)
        base = Result(property=self.name, profile=profile.id, platform=self.platform, status="skipped")
        if reason is not None:
            return evolve(base, message=reason)
        failing: list[Json] = []
        before, start = subject.requests, time.monotonic()
        status: Status = "passed"
        message = ""
        try:
            self._test(subject, profile, settings, failing, seed)()
        except (PropertyViolation, BuilderSkipped, BuilderFailed, HypothesisException) as err:
            status, message = verdict(err)
        return evolve(
            base,
            status=status,
            message=message,
            example=failing[-1] if failing and status != "skipped" else None,
            requests=subject.requests - before,
            seconds=time.monotonic() - start,
        )


#: Every property, in report order.
PROPERTIES: list[Property] = []


def rule(
    name: str,
    platform: str,
    *,
    applies: Callable[[Profile], bool],
    inputs: Callable[[Profile], SearchStrategy[Json]],
    precondition: Callable[[Subject, Profile], str | None] | None = None,
) -> Callable[[Check], Property]:
    """Register a check function as a :class:`Property` (its docstring is the rule)."""

    def register(check: Check) -> Property:
        prop = Property(
            name=name,
            platform=platform,
            applies=applies,
            inputs=inputs,
            check=check,
            precondition=precondition,
        )
        PROPERTIES.append(prop)
        return prop

    return register


def _linux(profile: Profile) -> bool:
    return profile.linux is not None


def _windows(profile: Profile) -> bool:
    return profile.windows is not None

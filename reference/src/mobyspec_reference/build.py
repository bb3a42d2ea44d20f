"""The reference's one entry point: ``build(case, profile)`` -> output object of the case format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mobyspec_reference.errors import BuildError, GoPanic
from mobyspec_reference.inputs import CaseInput
from mobyspec_reference.profiles import Profile, get_profile

if TYPE_CHECKING:
    from collections.abc import Mapping

Json = Any


class UnsupportedError(ValueError):
    """The profile has no such (platform, operation): a usage error, not a moby behaviour."""


def build(platform: str, operation: str, raw_input: Mapping[str, Json], profile: Profile | str) -> Json:
    """Run moby's behaviour for one case: the spec, start result or created record, or raises BuildError."""
    prof = get_profile(profile) if isinstance(profile, str) else profile
    if not prof.supports(platform, operation):
        msg = f"profile {prof.id} has no {platform} {operation} operation"
        raise UnsupportedError(msg)
    case_input = CaseInput.parse(raw_input)
    if operation == "spec" and platform == "linux":
        from mobyspec_reference.linux import create_spec_linux  # noqa: PLC0415 - keeps areas independent

        return create_spec_linux(case_input, prof)
    if operation == "spec":
        from mobyspec_reference.windows import create_spec_windows  # noqa: PLC0415

        return create_spec_windows(case_input, prof)
    if operation == "create":
        from mobyspec_reference.create import container_create  # noqa: PLC0415

        return container_create(raw_input.get("container") or {}, case_input, prof, platform)
    from mobyspec_reference.start import container_start  # noqa: PLC0415

    return container_start(case_input, prof, platform)


def build_output(
    platform: str, operation: str, raw_input: Mapping[str, Json], profile: Profile | str
) -> Json:
    """Like :func:`build` but a moby error becomes the case format's ``{"error": {...}}`` object."""
    try:
        return build(platform, operation, raw_input, profile)
    except GoPanic as panic:
        return panic.to_json()
    except BuildError as err:
        return err.to_json()

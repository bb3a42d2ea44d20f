"""Built specs against their era's runtime-spec schema, minus the violations moby itself writes."""

from __future__ import annotations

import fnmatch
from functools import cache
from typing import TYPE_CHECKING, Any

from mobyspec_conformance import runtime_schema
from mobyspec_conformance import strategies as ms
from mobyspec_conformance.adapters.base import Built
from mobyspec_conformance.properties.framework import rule
from mobyspec_conformance.properties.subject import Subject, _expect

if TYPE_CHECKING:
    from collections.abc import Callable

    from mobyspec_reference.profiles import Profile

Json = Any


def _has_schema(platform: str) -> Callable[[Profile], bool]:
    def applies(profile: Profile) -> bool:
        return runtime_schema.schema_folder_name(platform, profile.id) is not None

    return applies


def _schema_configured(platform: str) -> Callable[[Subject, Profile], str | None]:
    def precondition(subject: Subject, profile: Profile) -> str | None:
        return runtime_schema.skip_reason(platform, profile.id, subject.schema_root)

    return precondition


@cache
def _moby_schema_violations() -> tuple[Any, ...]:
    """The corpus' schema exceptions: violations of the runtime-spec schema that moby's own output has."""
    from mobyspec_conformance.corpus import default_corpus  # noqa: PLC0415 - only the schema check needs them

    entries, _problems = runtime_schema.load_exceptions(runtime_schema.default_exceptions(default_corpus()))
    return tuple(entries)


def _excepted(platform: str, profile: str, violation: str) -> bool:
    """Whether moby itself writes this violation at ``profile`` (an exception for the platform's cases)."""
    return any(
        fnmatch.fnmatchcase(platform, e.case.split("/", 1)[0])
        and fnmatch.fnmatchcase(profile, e.profile)
        and fnmatch.fnmatchcase(violation, e.violation)
        for e in _moby_schema_violations()
    )


def _check_schema(subject: Subject, profile: Profile, inp: Json, platform: str) -> None:
    root = subject.schema_root
    assert root is not None
    name = runtime_schema.schema_folder_name(platform, profile.id)
    assert name is not None
    response = subject.respond(platform, "spec", inp, profile.id, f"{platform}-schema")
    if isinstance(response, Built):
        found = [
            v
            for v in runtime_schema.violations(response.output, root / name)
            if not _excepted(platform, profile.id, str(v))
        ]
        _expect(
            not found, f"the spec breaks the runtime-spec schema {name}: " + "; ".join(map(str, found[:5]))
        )


@rule(
    "linux-schema",
    "linux",
    applies=_has_schema("linux"),
    inputs=lambda _p: ms.linux_spec_inputs(),
    precondition=_schema_configured("linux"),
)
def linux_schema(subject: Subject, profile: Profile, inp: Json) -> None:
    """Every built Linux spec validates against the OCI runtime-spec schema of its ``ociVersion``.

    moby writes the spec for runc as ``config.json`` (moby/moby@v1.12.0:libcontainerd/client_linux.go);
    the schema is opencontainers/runtime-spec ``schema/`` of the vendored version
    (moby/moby@v17.03.2-ce:vendor.conf). Skipped when no schema folder is configured
    (``MOBYSPEC_RUNTIME_SPEC_SCHEMA``).
    """
    _check_schema(subject, profile, inp, "linux")


@rule(
    "windows-schema",
    "windows",
    applies=_has_schema("windows"),
    inputs=lambda _p: ms.windows_spec_inputs(),
    precondition=_schema_configured("windows"),
)
def windows_schema(subject: Subject, profile: Profile, inp: Json) -> None:
    """Every built Windows spec validates against the OCI runtime-spec schema of its ``ociVersion``.

    From 1.13.0 moby builds upstream runtime-spec types (moby/moby@v1.13.0:daemon/oci_windows.go,
    vendor.conf). Violations moby's own output has (listed with their reasons in
    ``conformance/schema-exceptions.toml``: omitempty ``mounts``, an always-set ``cpu.shares``, wrapped
    CPU values) are allowed. Skipped when no schema folder is configured (``MOBYSPEC_RUNTIME_SPEC_SCHEMA``).
    """
    _check_schema(subject, profile, inp, "windows")

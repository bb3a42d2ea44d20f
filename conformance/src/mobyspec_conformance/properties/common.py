"""Checks both platforms share (hostname, determinism) and the inputs they draw."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mobyspec_conformance import strategies as ms
from mobyspec_conformance.adapters.base import Built
from mobyspec_conformance.properties.subject import Subject, _expect, _expect_equal, _spec

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from mobyspec_reference.profiles import Profile


Json = Any


# ---------------------------------------------------------------------------------------------------
# Hostname


def _full_hostname(inp: Json) -> str:
    config = inp["container"].get("Config", {})
    host, domain = config.get("Hostname", ""), config.get("Domainname", "")
    return f"{host}.{domain}" if domain else host


def _check_hostname(subject: Subject, profile: Profile, inp: Json, platform: str) -> None:
    spec = _spec(subject, platform, inp, profile, f"{platform}-hostname")
    want = _full_hostname(inp)
    _expect_equal("hostname", spec.get("hostname", ""), want, " (hostname is omitempty)")


_NAMES = {"Hostname": ms.hostnames(), "Domainname": ms.domainnames()}


# ---------------------------------------------------------------------------------------------------
# Determinism and the runtime-spec schema


def _any_input(profile: Profile, platform: str) -> SearchStrategy[Json]:  # noqa: ARG001 - the inputs signature
    return ms.spec_inputs(platform, errors=True)


def _check_determinism(subject: Subject, profile: Profile, inp: Json, platform: str) -> None:
    first = subject.respond(platform, "spec", inp, profile.id, f"{platform}-determinism")
    second = subject.respond(platform, "spec", inp, profile.id, f"{platform}-determinism")
    if isinstance(first, Built) and isinstance(second, Built):
        one = json.dumps(first.output, ensure_ascii=False)
        two = json.dumps(second.output, ensure_ascii=False)
        _expect(one == two, f"the same input built twice gave different bytes:\n{one}\n{two}")
        return
    _expect(first == second, f"the same input gave {first!r}, then {second!r}")

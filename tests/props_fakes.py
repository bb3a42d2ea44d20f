"""Fake builders for the property tests: the reference with exactly ONE rule broken each.

Each class docstring says which rule it breaks and how, as a real engine might;
``test_properties_fakes`` checks that the property of that rule, and no other, catches it.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from hypothesis import settings

from mobyspec_conformance.adapters.base import BuildRequest, Built, Hello, Response
from mobyspec_conformance.adapters.inprocess import answer

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

Json = Any


def bounded(limit: int) -> settings:
    """The loaded hypothesis profile, at most ``limit`` examples, reproducible."""
    return exactly(min(settings.default.max_examples, limit))


def exactly(count: int) -> settings:
    """The loaded hypothesis profile at ``count`` examples whatever its budget, reproducible."""
    return settings(settings.default, max_examples=count, derandomize=True)


class Fake:
    """The reference, with :meth:`bug` applied to a copy of every built spec."""

    name = "fake"

    def start(self) -> Hello:
        return Hello(name=self.name, version="0.0.1", language="python", operations=("spec",))

    def bug(self, request: BuildRequest, spec: Json) -> Json:  # noqa: ARG002 - the hook's signature
        return spec

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        for request in requests:
            response = answer(request)
            if isinstance(response, Built):
                response = Built(self.bug(request, copy.deepcopy(response.output)))
            yield response

    def close(self) -> None:
        pass


def _container(request: BuildRequest) -> Json:
    return request.input.get("container", {})


class NoCwdDefault(Fake):
    """Leaves the Linux ``process.cwd`` empty when WorkingDir is empty (moby: ``/``)."""

    name = "no-cwd-default"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        if request.platform == "linux" and not _container(request).get("Config", {}).get("WorkingDir"):
            spec["process"]["cwd"] = ""
        return spec


class HypervRootPath(Fake):
    """Keeps BaseFS as ``root.path`` for Hyper-V containers (moby 1.13.0+ leaves it unset)."""

    name = "hyperv-root-path"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        if request.platform == "windows" and spec.get("root", {}).get("path") == "":
            spec["root"]["path"] = _container(request).get("BaseFS", "")
        return spec


class DropsReadonly(Fake):
    """Drops ``ro`` (and the windowsoci ``readonly`` flag) from read-only Windows mounts."""

    name = "drops-readonly"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        for mount in spec.get("mounts") or [] if request.platform == "windows" else []:
            mount.pop("options", None)
            if mount.get("readonly"):
                mount["readonly"] = False
        return spec


class DaemonInitPathFirst(Fake):
    """Prefers the daemon's InitPath over HostConfig.InitPath (moby 1.13.0-17.03: HostConfig wins)."""

    name = "daemon-init-path-first"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        daemon_path = request.input.get("daemon", {}).get("InitPath", "")
        for mount in spec.get("mounts") or []:
            if mount.get("destination") == "/dev/init" and daemon_path:
                mount["source"] = daemon_path
        return spec


class InitSeparatorAlways(Fake):
    """Puts ``--`` after ``/dev/init`` in every profile (moby 1.13.0 and 410a8612f4 have none)."""

    name = "init-separator-always"

    def bug(self, request: BuildRequest, spec: Json) -> Json:  # noqa: ARG002
        args = spec.get("process", {}).get("args") or []
        if args[:1] == ["/dev/init"] and args[1:2] != ["--"]:
            spec["process"]["args"] = ["/dev/init", "--", *args[1:]]
        return spec


class EnvUserFirst(Fake):
    """Puts the user's variables before the daemon's defaults (moby keeps PATH, HOSTNAME, TERM first)."""

    name = "env-user-first"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        env = spec.get("process", {}).get("env")
        if request.platform == "linux" and env:
            defaults = [e for e in env if e.split("=", 1)[0] in {"PATH", "HOSTNAME", "TERM"}]
            spec["process"]["env"] = [e for e in env if e not in defaults] + defaults
        return spec


class LinkPortVarsMissing(Fake):
    """Leaves out the ``_PROTO`` variable of each linked port (moby writes four per port)."""

    name = "link-port-vars-missing"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        env = spec.get("process", {}).get("env")
        if request.input.get("links") and env:
            spec["process"]["env"] = [e for e in env if "_PROTO=" not in e]
        return spec


class ShortHostname(Fake):
    """Writes only ``Hostname`` as the Linux spec hostname (moby: ``Hostname.Domainname``)."""

    name = "short-hostname"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        config = _container(request).get("Config", {})
        if request.platform == "linux" and config.get("Domainname"):
            if config.get("Hostname"):
                spec["hostname"] = config["Hostname"]
            else:
                spec.pop("hostname", None)
        return spec


class SharesNotWrapped(Fake):
    """Clamps ``cpu.shares`` to 0..65535 instead of Go's ``uint16`` wrap (moby 1.13.0+: 70000 -> 4464)."""

    name = "shares-not-wrapped"

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        shares = _container(request).get("HostConfig", {}).get("CPUShares", 0)
        cpu = spec.get("windows", {}).get("resources", {}).get("cpu", {})
        if request.platform == "windows" and "count" in cpu and shares != shares & 0xFFFF:
            cpu["shares"] = min(max(shares, 0), 0xFFFF)
        return spec


class Flaky(Fake):
    """Writes a Linux spec's keys in another order every other time (moby's bytes never vary)."""

    name = "flaky"

    def __init__(self) -> None:
        self.calls = 0

    def bug(self, request: BuildRequest, spec: Json) -> Json:
        self.calls += 1
        if request.platform == "linux" and self.calls % 2:
            return dict(reversed(spec.items()))
        return spec


#: fake class -> (profile it is checked at, the property that must catch it)
CAUGHT_BY = {
    NoCwdDefault: ("17.06", "linux-cwd-default"),
    HypervRootPath: ("17.06", "windows-hyperv-root"),
    DropsReadonly: ("1.13.0", "windows-mount-readonly"),
    DaemonInitPathFirst: ("17.03", "linux-init"),
    InitSeparatorAlways: ("1.13.0", "linux-init"),
    EnvUserFirst: ("1.12", "linux-env"),
    LinkPortVarsMissing: ("1.11", "linux-links"),
    ShortHostname: ("17.06", "linux-hostname"),
    SharesNotWrapped: ("17.03", "windows-resources"),
    Flaky: ("17.06", "linux-determinism"),
}

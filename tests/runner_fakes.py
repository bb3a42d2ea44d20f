"""Fake builders for the runner's own tests: the reference with exactly ONE deliberate bug each.

Each class docstring says what the builder gets wrong, as a real engine might (bowtie's miniatures are
the model). Transport-level misbehaviour (crash, hang, wrong answers) is modelled by :class:`Scripted`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from mobyspec_conformance.adapters.base import (
    BuilderUnusable,
    BuildRequest,
    Built,
    Hello,
    Rejected,
    Response,
)
from mobyspec_conformance.adapters.inprocess import answer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

Json = Any


class Fake:
    """The reference, with :meth:`bug` applied to every built output (a copy)."""

    name = "fake"

    def __init__(self) -> None:
        self.closed = False
        self.started = 0

    def start(self) -> Hello:
        self.started += 1
        return Hello(name=self.name, version="0.0.1", language="python")

    def bug(self, request: BuildRequest, output: Json) -> Json:  # noqa: ARG002 - the hook's signature
        return output

    def bug_response(self, request: BuildRequest, response: Response) -> Response:
        if isinstance(response, Built):
            return Built(self.bug(request, copy.deepcopy(response.output)))
        return response

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        for request in requests:
            yield self.bug_response(request, answer(request))

    def close(self) -> None:
        self.closed = True


class NoCwdDefault(Fake):
    """Leaves ``process.cwd`` empty when Config.WorkingDir is empty (moby defaults it to ``/``)."""

    name = "no-cwd-default"

    def bug(self, request: BuildRequest, output: Json) -> Json:
        workdir = (request.input["container"].get("Config") or {}).get("WorkingDir") or ""
        if request.platform == "linux" and request.operation == "spec" and workdir == "":
            output["process"]["cwd"] = ""
        return output


class NoInitSeparator(Fake):
    """Writes ``["/dev/init", Path, ...]`` without the ``--`` that 1.13.1+ put after the init binary."""

    name = "no-init-separator"

    def bug(self, request: BuildRequest, output: Json) -> Json:  # noqa: ARG002 - the hook's signature
        args = (output.get("process") or {}).get("args") or []
        if len(args) >= 2 and args[1] == "--":
            del args[1]
        return output


class EnvOverrideAppended(Fake):
    """Appends a Config.Env override of a daemon default (PATH, HOSTNAME, TERM) instead of replacing it."""

    name = "env-override-appended"

    def bug(self, request: BuildRequest, output: Json) -> Json:
        if request.platform != "linux" or request.operation != "spec":
            return output
        overrides = {
            entry.split("=", 1)[0]
            for entry in (request.input["container"].get("Config") or {}).get("Env") or ()
            if "=" in entry
        }
        env = output["process"].get("env") or []
        moved = [e for e in env if e.split("=", 1)[0] in overrides & {"PATH", "HOSTNAME", "TERM"}]
        output["process"]["env"] = [e for e in env if e not in moved] + moved
        return output


class ShuffledLinks(Fake):
    """Emits the link env blocks in reverse block order: what moby's Go map walk may do (semantic passes)."""

    name = "shuffled-links"

    def bug(self, request: BuildRequest, output: Json) -> Json:
        links = request.input.get("links") or []
        if request.operation != "spec" or len(links) < 2 or "error" in output:
            return output
        prefixes = [link["Alias"].rsplit("/", 1)[-1].upper().replace("-", "_") + "_" for link in links]
        env = output["process"].get("env") or []
        owner = [next((p for p in prefixes if e.startswith(p)), None) for e in env]
        spots = [i for i, p in enumerate(owner) if p is not None]
        if not spots:
            return output
        first, last = spots[0], spots[-1] + 1
        order = list(dict.fromkeys(p for p in owner[first:last] if p is not None))
        blocks = [
            [e for e, p in zip(env[first:last], owner[first:last], strict=True) if p == q] for q in order
        ]
        output["process"]["env"] = env[:first] + [e for b in reversed(blocks) for e in b] + env[last:]
        return output


class Uncoded(Fake):
    """Rejects like moby but maps no error codes (every rejection comes without a code)."""

    name = "uncoded"

    def bug_response(self, request: BuildRequest, response: Response) -> Response:  # noqa: ARG002
        if isinstance(response, Rejected):
            return Rejected(None, response.message)
        return response


class MoreSpecificCodes(Fake):
    """Refines every error code by one more segment (``links.child-not-running.refined``): conformant."""

    name = "more-specific"

    def bug_response(self, request: BuildRequest, response: Response) -> Response:  # noqa: ARG002
        if isinstance(response, Rejected) and response.code:
            return Rejected(response.code + ".refined", response.message)
        return response


class Scripted(Fake):
    """Answers some requests with a scripted response (a crash, a timeout, ...), the rest as the reference."""

    name = "scripted"

    def __init__(self, script: Callable[[BuildRequest], Response | None]) -> None:
        super().__init__()
        self.script = script

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        for request in requests:
            scripted = self.script(request)
            yield scripted if scripted is not None else answer(request)


class WontStart(Fake):
    """Fails its hello."""

    name = "wont-start"

    def start(self) -> Hello:
        raise BuilderUnusable("hello: no answer", stderr_tail="boom")


class ClaimsOnly(Fake):
    """Claims one profile and does not support the ``links`` feature."""

    name = "claims-only"

    def __init__(self, profile: str) -> None:
        super().__init__()
        self.profile = profile

    def start(self) -> Hello:
        return Hello(
            name=self.name,
            version="0",
            language="python",
            profiles=(self.profile,),
            unsupported_features=("links",),
        )


class OneVersion(Fake):
    """Ignores the requested profile and always builds like one moby version (for ``detect``)."""

    name = "one-version"

    def __init__(self, profile: str) -> None:
        super().__init__()
        self.profile = profile

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        from mobyspec_conformance.adapters.base import Skipped
        from mobyspec_reference import get_profile

        target = get_profile(self.profile)
        for request in requests:
            if not target.supports(request.platform, request.operation):
                yield Skipped(f"{self.profile} has no {request.platform} {request.operation}")
                continue
            yield answer(
                BuildRequest(
                    request.seq,
                    request.case_id,
                    self.profile,
                    request.platform,
                    request.operation,
                    request.input,
                )
            )


class HyperVRootSet(Fake):
    """Sets ``root.path`` to BaseFS for Hyper-V containers (moby leaves it empty from 1.13.0)."""

    name = "hyperv-root-set"

    def bug(self, request: BuildRequest, output: Json) -> Json:
        root = output.get("root") if request.platform == "windows" else None
        if isinstance(root, dict) and root.get("path") == "":
            root["path"] = request.input["container"]["BaseFS"]
        return output


class ReadonlyDropped(Fake):
    """Loses the read-only flag of Windows mounts (``options: ["ro"]``, or ``readonly`` in windowsoci)."""

    name = "ro-dropped"

    def bug(self, request: BuildRequest, output: Json) -> Json:
        if request.platform != "windows" or not isinstance(output.get("mounts"), list):
            return output
        for mount in output["mounts"]:
            if mount.get("readonly") is True:
                mount["readonly"] = False
            if "ro" in mount.get("options", ()):
                mount["options"].remove("ro")
                if not mount["options"]:
                    del mount["options"]
        return output


class ReversedEndpoints(Fake):
    """Lists the Windows HNS endpoints in reverse: moby's own order comes from a Go map (semantic passes)."""

    name = "reversed-endpoints"

    def bug(self, request: BuildRequest, output: Json) -> Json:  # noqa: ARG002 - the hook's signature
        endpoints = ((output.get("windows") or {}).get("networking") or {}).get("endpoints")
        if isinstance(endpoints, list):
            endpoints.reverse()
        return output


class OneVersion1703(OneVersion):
    """Builds like 17.03 whatever profile is asked for (``py:runner_fakes:OneVersion1703``)."""

    def __init__(self) -> None:
        super().__init__("17.03")


class Tiny:
    """The engine author's first hour: 17.06 Linux specs only, filling args, cwd, terminal, hostname, root.

    Written from the docs alone, as a new engine would start: ``Path`` + ``Args``, ``WorkingDir`` or ``/``
    (no ``filepath.Clean``, no symlink resolution), ``Tty``, ``Hostname``, ``BaseFS`` and
    ``ReadonlyRootfs``; everything else left out, and declared so (``unsupported_behaviours``) unless
    ``declare`` is False.
    """

    name = "tiny"
    implemented = ("args", "cwd", "tty", "hostname", "root")

    def __init__(self, *, declare: bool = True) -> None:
        self.declare = declare

    def start(self) -> Hello:
        from mobyspec_conformance.behaviours import registry

        left_out = [b for b in registry().for_pair("linux", "spec") if b not in self.implemented]
        return Hello(
            name=self.name,
            version="0.0.1",
            language="python",
            platforms=("linux",),
            operations=("spec",),
            profiles=("17.06",),
            unsupported_behaviours=tuple(left_out) if self.declare else (),
        )

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        for request in requests:
            container = request.input.get("container") or {}
            config = container.get("Config") or {}
            host = container.get("HostConfig") or {}
            process: dict[str, Json] = {
                "args": [container.get("Path", ""), *(container.get("Args") or [])],
                "cwd": config.get("WorkingDir") or "/",
            }
            if config.get("Tty"):
                process["terminal"] = True
            root: dict[str, Json] = {"path": container.get("BaseFS", "")}
            if host.get("ReadonlyRootfs"):
                root["readonly"] = True
            yield Built({"hostname": config.get("Hostname", ""), "process": process, "root": root})

    def close(self) -> None:
        pass


class ClaimsOnly17(ClaimsOnly):
    """:class:`ClaimsOnly` for profile 17.06, constructible without arguments (``py:`` builders)."""

    def __init__(self) -> None:
        super().__init__("17.06")

"""Live engines as builders: ``docker:unix:///path/to.sock`` and ``managed:dockerd`` / ``managed:podman``.

Per (case, profile): map the case (:mod:`~mobyspec_conformance.live.mapping`), load its tiny image once,
ContainerCreate, ContainerStart (the capture runtime records ``config.json`` and refuses), read the
capture, remove the container. The answer is the captured spec; the runner compares it within the
live scope (:mod:`~mobyspec_conformance.live.scope`). Builders made from one builder string share one
engine, so ``--jobs N`` drives N clients against it.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mobyspec_conformance.adapters.base import (
    BuilderUnusable,
    BuildRequest,
    Built,
    Errored,
    Hello,
    Rejected,
    Response,
    Skipped,
)
from mobyspec_conformance.live.capture_runtime import DEFAULT_CAPTURE_DIR, REFUSAL, RUNTIME_NAME
from mobyspec_conformance.live.engine import Engine, EngineError, EngineUnreachable, socket_path
from mobyspec_conformance.live.image import Image, build_image
from mobyspec_conformance.live.managed import ManagedEngine, ManagedError
from mobyspec_conformance.live.mapping import (
    Inexpressible,
    Plan,
    Settings,
    case_machine_values,
    plan_case,
    stored_changes,
)
from mobyspec_conformance.live.scope import Scope, live_scopes

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

Json = Any

_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le", "s390x": "s390x"}


def host_arch() -> str:
    """This machine's GOARCH name."""
    machine = platform.machine()
    return _ARCH.get(machine, machine)


def _error_codes() -> list[tuple[re.Pattern[str], str]]:
    doc = json.loads(resources.files("mobyspec_conformance.live").joinpath("errors.json").read_text("utf-8"))
    return [(re.compile(e["pattern"]), e["code"]) for e in doc["codes"]]


_CODES = _error_codes()


def error_code(message: str) -> str | None:
    """The reference's code for an engine's error text (``errors.json``), or None."""
    return next((code for pattern, code in _CODES if pattern.search(message)), None)


def profile_for(version: str) -> tuple[str, ...]:
    """The profile an engine version claims (``20.10.24+dfsg1`` -> ``20.10``), from the release table.

    Empty when the version has no profile (a pre-release, a release no profile reproduces yet), or its
    profile does not model the Linux spec the live builders answer (28.0 and later: Windows only).
    """
    from mobyspec_reference.profiles import get_profile  # noqa: PLC0415
    from mobyspec_reference.releases import UnknownVersionError, profile_for_version  # noqa: PLC0415

    try:
        pid = profile_for_version(version)
    except UnknownVersionError:
        return ()
    return (pid,) if get_profile(pid).supports("linux", "spec") else ()


class _Target:
    """What a live builder drives: an engine to hold per case, its capture folder, the runtime name."""

    name: str
    capture_dir: Path
    runtime: str | None
    loaded: set[str]
    loaded_lock: threading.Lock
    #: Whether inspect shows moby's stored record (dockerd): then a record create changed is skipped.
    #: Podman's inspect reports its own view (Args holding Path, its default Env), so it is not checked.
    moby_record: bool = True
    #: The path the engine's ``exec.LookPath("docker-init")`` answers (None: unknown).
    lookpath_answer: str | None = None

    def start(self) -> Engine:
        """Connect (and for a managed engine, start it); BuilderUnusable when that fails."""
        raise NotImplementedError

    def hold(self, settings: Settings) -> contextlib.AbstractContextManager[Engine]:
        """The engine, running with ``settings``, for one case."""
        raise NotImplementedError

    def unsupported(self, settings: Settings) -> str | None:
        """Why this target cannot give ``settings`` (None: it can)."""
        raise NotImplementedError

    def idle(self) -> None:
        """The calling client has answered its batch."""

    def close(self) -> None:
        """Release the engine."""


class _Existing(_Target):
    """``docker:unix:///path``: an engine someone else runs, with the capture runtime registered."""

    def __init__(self, url: str) -> None:
        self.name = f"docker:{url}"
        self.url = url
        self.path = socket_path(url)
        self.engine: Engine | None = None
        self.capture_dir = Path(os.environ.get("MOBYSPEC_CAPTURE_DIR") or DEFAULT_CAPTURE_DIR)
        self.runtime = None
        self.loaded = set()
        self.loaded_lock = threading.Lock()

    def start(self) -> Engine:
        engine = Engine(self.path)
        try:
            info = engine.info()
        except (EngineUnreachable, EngineError) as err:
            raise BuilderUnusable(f"{self.name}: the engine is unreachable: {err}") from None
        for name, runtime in sorted((info.get("Runtimes") or {}).items()):
            words = [str(runtime.get("path", "")), *map(str, runtime.get("runtimeArgs") or [])]
            if any("capture_runtime" in w or "capture-runtime" in w for w in words):
                self.runtime = name
                args = runtime.get("runtimeArgs") or []
                if "--capture-dir" in args[:-1]:
                    self.capture_dir = Path(args[args.index("--capture-dir") + 1])
                break
        else:
            raise BuilderUnusable(
                f"{self.name}: the engine has no mobyspec capture runtime among its runtimes "
                f"({', '.join(sorted(info.get('Runtimes') or {}))}); register it: "
                "`mobyspec capture-runtime --print-config` prints the daemon.json snippet; restart the engine"
            )
        self.engine = engine
        return engine

    def hold(self, settings: Settings) -> contextlib.AbstractContextManager[Engine]:  # noqa: ARG002 - fixed
        assert self.engine is not None
        return contextlib.nullcontext(self.engine)

    def unsupported(self, settings: Settings) -> str | None:
        if settings != Settings():
            return f"needs an engine with {settings.describe()}; an existing engine's are fixed"
        return None

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


class _Managed(_Target):
    """``managed:KIND[:BINARY]``: a private engine this run starts and stops."""

    def __init__(self, kind: str, binary: str | None) -> None:
        self.name = f"managed:{kind}"
        self.managed = ManagedEngine(kind, binary)
        self.moby_record = kind == "dockerd"
        self.runtime = None
        self.loaded = set()
        self.loaded_lock = threading.Lock()

    @property
    def capture_dir(self) -> Path:  # type: ignore[override]
        return self.managed.capture_dir

    def start(self) -> Engine:
        try:
            self.managed.prepare()
            self.lookpath_answer = str(self.managed.bin_dir / "docker-init")
            with self.managed.using(Settings()) as engine:
                started: Engine = engine
            self.managed.idle()
        except ManagedError as err:
            self.managed.close()
            raise BuilderUnusable(str(err)) from None
        return started

    def hold(self, settings: Settings) -> contextlib.AbstractContextManager[Engine]:
        return self.managed.using(settings)

    def unsupported(self, settings: Settings) -> str | None:  # noqa: ARG002 - a managed engine takes any
        return None

    def idle(self) -> None:
        self.managed.idle()

    def close(self) -> None:
        self.managed.close()


#: Targets shared by the builders of one builder string (``--jobs N`` drives one engine), with users.
_SHARED: dict[str, tuple[_Target, list[int]]] = {}
_SHARED_LOCK = threading.Lock()


def _target(spec: str) -> _Target:
    kind, _, rest = spec.partition(":")
    if kind == "docker":
        return _Existing(rest)
    engine, _, binary = rest.partition(":")
    return _Managed(engine, binary or None)


class LiveBuilder:
    """One client of a live engine; every LiveBuilder of the same builder string shares that engine."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.scopes: tuple[Scope, ...] = live_scopes()
        self._target: _Target | None = None
        self._hello: Hello | None = None
        self.arch = host_arch()
        self._images: dict[tuple[tuple[str, str], ...], Image] = {}

    @property
    def comparison_scopes(self) -> tuple[Scope, ...]:
        """What the runner compares for this builder (the live scope)."""
        return self.scopes

    def start(self) -> Hello:
        """Connect to (or start) the engine; BuilderUnusable (exit 3) with the reason if not."""
        if self._hello is not None:
            return self._hello
        with _SHARED_LOCK:
            shared = _SHARED.get(self.spec)
            if shared is None:
                target = _target(self.spec)
                engine = target.start()
                try:
                    version = engine.version()
                except (EngineError, EngineUnreachable) as err:
                    target.close()
                    raise BuilderUnusable(f"{self.spec}: GET /version failed: {err}") from None
                target.version = str(version.get("Version", "unknown"))  # type: ignore[attr-defined]
                shared = (target, [0])
                _SHARED[self.spec] = shared
            shared[1][0] += 1
            self._target = shared[0]
        version_text = getattr(self._target, "version", "unknown")
        self._hello = Hello(
            name=self.spec,
            version=version_text,
            language="go",
            platforms=("linux",),
            operations=("spec",),
            profiles=profile_for(version_text),
        )
        return self._hello

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """Answer every request; pairs are run grouped by daemon settings, answered in request order."""
        self.start()
        batch = list(requests)
        plans = [self._plan(r) for r in batch]
        order = sorted(range(len(batch)), key=lambda i: _settings_key(plans[i]))
        answers: dict[int, Response] = {}
        try:
            for i in order:
                answers[i] = self._answer(plans[i])
        finally:
            if self._target is not None:
                self._target.idle()
        for i in range(len(batch)):
            yield answers[i]

    def _plan(self, request: BuildRequest) -> Plan | Inexpressible:
        if request.platform != "linux" or request.operation != "spec":
            return Inexpressible(
                f"live engines answer linux spec cases, not {request.platform} {request.operation}"
            )
        return plan_case(request.input, host_arch=self.arch)

    def _answer(self, plan: Plan | Inexpressible) -> Response:
        if isinstance(plan, Inexpressible):
            return Skipped(f"not expressible through the Docker API: {plan.reason}")
        target = self._target
        assert target is not None
        why = target.unsupported(plan.settings)
        if why:
            return Skipped(why)
        for attempt in (1, 2):
            try:
                with target.hold(plan.settings) as engine:
                    return self._build(target, engine, plan)
            except EngineUnreachable as err:
                if attempt == 2 or not isinstance(target, _Managed):
                    raise BuilderUnusable(f"{self.spec}: the engine stopped answering: {err}") from None
                # a managed engine that died is started again by the next hold(), once its process has
                # ended (a killed one refuses connections before it can be reaped)
                target.managed.lost()
            except ManagedError as err:
                raise BuilderUnusable(str(err)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _ensure_image(self, target: _Target, engine: Engine, plan: Plan) -> str:
        key = tuple(sorted(plan.files.items()))
        image = self._images.get(key)
        if image is None:
            image = self._images[key] = build_image(plan.files)
        with target.loaded_lock:
            if image.tag not in target.loaded:
                engine.load_image(image.tar)
                target.loaded.add(image.tag)
        return image.tag

    def _build(self, target: _Target, engine: Engine, plan: Plan) -> Response:
        try:
            tag = self._ensure_image(target, engine, plan)
        except EngineError as err:
            return Errored(f"loading the case's image failed: {err.message}")
        body = dict(plan.create, Image=tag)
        if target.runtime:
            body["HostConfig"] = dict(body["HostConfig"], Runtime=target.runtime)
        try:
            container_id = engine.create(body)
        except EngineError as err:
            code = error_code(err.message)
            if code and not code.startswith("create."):
                # create runs SetupWorkingDirectory, the very step populateCommonSpec runs again
                # (moby/moby@v20.10.24:daemon/create_unix.go, daemon/oci_linux.go): its error is the
                # spec operation's answer for this record
                return Rejected(code, err.message)
            # any other refusal: the record is never stored, so the spec operation (built from the
            # stored record) cannot be reached; the refusal belongs to the create operation
            known = f", {code}" if code else ""
            return Skipped(
                f"the engine refuses to create this record (HTTP {err.status}{known}): {err.message}"
            )
        capture = target.capture_dir / f"{container_id}.json"
        try:
            try:
                changes = (
                    stored_changes(plan.create, engine.inspect(container_id)) if target.moby_record else []
                )
            except EngineError as err:
                return Errored(f"inspecting the new container failed: {err.message}")
            if changes:
                return Skipped("create stored another record than the case's: " + "; ".join(changes))
            try:
                engine.start(container_id)
            except EngineError as err:
                if REFUSAL in err.message:
                    try:
                        record = json.loads(capture.read_text(encoding="utf-8"))
                    except (OSError, ValueError) as read_err:
                        return Errored(f"the capture runtime ran but {capture} is unreadable: {read_err}")
                    spec = case_machine_values(record["config"], plan, target.lookpath_answer)
                    return Built(spec, plain_json=True)
                return Rejected(error_code(err.message), err.message)
            return Errored(
                f"ContainerStart succeeded: {RUNTIME_NAME} is not the runtime this container ran with"
            )
        finally:
            capture.unlink(missing_ok=True)
            with contextlib.suppress(EngineError):
                engine.remove(container_id)

    def close(self) -> None:
        """Let go of the engine; the last builder of a builder string stops a managed engine."""
        target, self._target = self._target, None
        self._hello = None
        if target is None:
            return
        with _SHARED_LOCK:
            shared = _SHARED.get(self.spec)
            if shared is not None and shared[0] is target:
                shared[1][0] -= 1
                if shared[1][0] > 0:
                    return
                del _SHARED[self.spec]
        target.close()

    def abort(self) -> None:
        """Interrupted: stop the engine now (from any thread)."""
        self.close()


def _settings_key(plan: Plan | Inexpressible) -> tuple[bool, bool, str, bool]:
    if isinstance(plan, Inexpressible):
        return (False, False, "", True)
    s = plan.settings
    return (s != Settings(), s.init, s.init_path, s.init_on_path)

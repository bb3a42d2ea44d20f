"""Builder strings to builders: ``reference``, ``py:``, ``cmd:``, ``oneshot:``, or a manifest path.

Commands are split like a POSIX shell would (``shlex``), but never run through one.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from mobyspec_conformance.adapters import oneshot, session
from mobyspec_conformance.adapters.base import BuilderConfigError, Hello
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.adapters.manifest import Manifest, ManifestError, SetupFirst, load_manifest
from mobyspec_conformance.adapters.pycall import load_py

if TYPE_CHECKING:
    from mobyspec_conformance.adapters.base import Builder

#: What ``--builder`` accepts, for help texts and error messages.
FORMS = (
    "reference, py:MODULE:ATTR, cmd:COMMAND ..., oneshot:COMMAND ..., docker:unix:///PATH.sock, "
    "managed:dockerd[:BINARY], managed:podman[:BINARY], or the path of a .toml manifest"
)


def _split(kind: str, command: str) -> tuple[str, ...]:
    try:
        argv = tuple(shlex.split(command))
    except ValueError as err:
        raise BuilderConfigError(f"{kind}:{command}: cannot split the command: {err}") from None
    if not argv:
        raise BuilderConfigError(f"{kind}: the command is empty (for example {kind}:mybuilder --serve)")
    return argv


def _oneshot_concurrency(window: int | None) -> int:
    """Processes at once in oneshot mode: the window, at most the CPU count (the default)."""
    cpus = os.cpu_count() or 1
    return max(1, min(window or cpus, cpus))


def make_builder(spec: str, *, timeout: float | None = None, window: int | None = None) -> Builder:
    """The builder a builder string names; :class:`BuilderConfigError` (exit 2) when it names none.

    ``timeout`` (seconds per case) and ``window`` (session: requests in flight; oneshot: processes at
    once, at most and by default the CPU count) override a manifest's values; None keeps them or the defaults.
    Nothing is started here: ``start()`` raises :class:`BuilderUnusable` when the builder cannot run.
    """
    if timeout is not None and timeout <= 0:
        raise BuilderConfigError(f"the timeout must be positive, not {timeout}")
    if window is not None and window < 1:
        raise BuilderConfigError(f"the window must be at least 1, not {window}")
    kind, sep, rest = spec.partition(":")
    if spec == "reference":
        return ReferenceBuilder()
    if sep and kind == "py":
        return load_py(rest)
    if sep and kind == "cmd":
        return session.SessionBuilder(
            _split(kind, rest),
            timeout=timeout or session.DEFAULT_TIMEOUT,
            window=window or session.DEFAULT_WINDOW,
        )
    if sep and kind in {"docker", "managed"}:
        return _live(spec)
    if sep and kind == "oneshot":
        return oneshot.OneshotBuilder(
            _split(kind, rest),
            timeout=timeout or oneshot.DEFAULT_TIMEOUT,
            concurrency=_oneshot_concurrency(window),
        )
    path = Path(spec)
    if spec.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise ManifestError(path, "no such manifest file")
        return manifest_builder(load_manifest(path), timeout=timeout, window=window)
    raise BuilderConfigError(f"unknown builder {spec!r}: expected {FORMS}")


def _live(spec: str) -> Builder:
    """``docker:unix:///PATH`` or ``managed:ENGINE[:BINARY]`` (imported only when named)."""
    from mobyspec_conformance.live.builder import LiveBuilder  # noqa: PLC0415 - httpx only for live runs
    from mobyspec_conformance.live.engine import socket_path  # noqa: PLC0415
    from mobyspec_conformance.live.managed import HELPERS  # noqa: PLC0415

    kind, _, rest = spec.partition(":")
    if kind == "docker":
        try:
            socket_path(rest)
        except ValueError as err:
            raise BuilderConfigError(f"{spec}: {err}") from None
    elif rest.partition(":")[0] not in HELPERS:
        raise BuilderConfigError(f"{spec}: expected managed:dockerd[:BINARY] or managed:podman[:BINARY]")
    return LiveBuilder(spec)


def manifest_builder(
    manifest: Manifest, *, timeout: float | None = None, window: int | None = None
) -> Builder:
    """The builder a loaded manifest describes (its setup commands run at ``start()``)."""
    env = dict(manifest.env) or None
    cwd = str(manifest.cwd)
    inner: Builder
    if manifest.mode == "session":
        inner = session.SessionBuilder(
            manifest.command,
            timeout=timeout or manifest.timeout or session.DEFAULT_TIMEOUT,
            window=window or manifest.window or session.DEFAULT_WINDOW,
            start_timeout=manifest.start_timeout,
            max_restarts=(
                session.DEFAULT_MAX_RESTARTS if manifest.max_restarts is None else manifest.max_restarts
            ),
            env=env,
            cwd=cwd,
        )
    else:
        inner = oneshot.OneshotBuilder(
            manifest.command,
            timeout=timeout or manifest.timeout or oneshot.DEFAULT_TIMEOUT,
            concurrency=_oneshot_concurrency(window or manifest.window),
            env=env,
            cwd=cwd,
            hello=manifest.hello or Hello(name=manifest.name, version="unknown", language="unknown"),
        )
    return SetupFirst(inner, manifest) if manifest.setup else inner

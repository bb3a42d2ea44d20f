"""Adapter manifests: one TOML file that says how to run a builder, so no command line quotes a command.

Every problem names the file, and the line and key where it can tell them; unknown keys are errors
(a typo must not silently fall back to a default). Relative paths run from the manifest's folder.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from typing import TYPE_CHECKING, Any, NoReturn

from attrs import frozen

from mobyspec_conformance import interrupts
from mobyspec_conformance.adapters.base import BuilderConfigError, BuilderUnusable, Hello
from mobyspec_conformance.adapters.process import StderrRing, kill_tree, spawn
from mobyspec_conformance.adapters.protocol import ProtocolError, parse_hello

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from pathlib import Path

    from mobyspec_conformance.adapters.base import Builder, BuildRequest, Response

Json = Any

MODES = ("session", "oneshot")
#: Keys of a manifest and what each must be (the error text names the expectation).
KEYS = {
    "protocol": "the integer 1",
    "name": "a non-empty string",
    "mode": '"session" or "oneshot"',
    "command": "a non-empty array of strings, or one string (split like a shell would)",
    "setup": "an array of commands (each an array of strings or one string)",
    "timeout_ms": "a positive integer (milliseconds per case)",
    "start_timeout_ms": "a positive integer (milliseconds to answer hello)",
    "setup_timeout_ms": "a positive integer (milliseconds per setup command)",
    "window": "a positive integer",
    "max_restarts": "a non-negative integer",
    "env": "a table of strings",
    "cwd": "a string (a folder, relative to the manifest's)",
    "hello": "a table (oneshot mode: version, language, homepage, platforms, operations, profiles, "
    "unsupported_features, unsupported_behaviours)",
}
HELLO_KEYS = (
    "version",
    "language",
    "homepage",
    "platforms",
    "operations",
    "profiles",
    "unsupported_features",
    "unsupported_behaviours",
)
#: Default per setup command: builds can be slow.
DEFAULT_SETUP_TIMEOUT = 600.0


class ManifestError(BuilderConfigError):
    """A manifest is malformed; the message starts with ``FILE:LINE:`` (or ``FILE:``)."""

    def __init__(self, file: Path, message: str, line: int | None = None, key: str | None = None) -> None:
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")
        self.file = file
        self.line = line
        self.key = key


@frozen
class Manifest:
    """A parsed adapter manifest."""

    path: Path
    name: str
    mode: str
    command: tuple[str, ...]
    cwd: Path
    setup: tuple[tuple[str, ...], ...] = ()
    #: Seconds; None: the transport's default.
    timeout: float | None = None
    start_timeout: float | None = None
    setup_timeout: float = DEFAULT_SETUP_TIMEOUT
    window: int | None = None
    max_restarts: int | None = None
    env: tuple[tuple[str, str], ...] = ()
    hello: Hello | None = None


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key`` is set or its table opens (tomllib keeps no positions)."""
    pattern = re.compile(
        rf"^[ \t]*(?:\[[ \t]*{re.escape(key)}[ \t]*\]|(?:{re.escape(key)}|\"{re.escape(key)}\")\s*[=.])",
        re.MULTILINE,
    )
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _command(value: Json, fail: Callable[[str], NoReturn]) -> tuple[str, ...]:
    if isinstance(value, str):
        try:
            argv = shlex.split(value)
        except ValueError as err:
            fail(f"cannot split {value!r}: {err}")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        argv = list(value)
    else:
        fail(f"must be {KEYS['command']}")
    if not argv:
        fail("is empty")
    if any("\0" in arg for arg in argv):
        fail("contains a NUL character (no program can receive it)")
    return tuple(argv)


def load_manifest(path: Path) -> Manifest:
    """Read and check one manifest; :class:`ManifestError` names the file, line and key of a problem."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ManifestError(path, f"cannot read: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ManifestError(path, f"not UTF-8 (byte {err.start}): {err.reason}", line) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r" \(at line (\d+), column \d+\)$", str(err))
        message = str(err)[: found.start()] if found else str(err)
        raise ManifestError(path, f"not TOML: {message}", int(found.group(1)) if found else None) from None
    except RecursionError:
        raise ManifestError(path, "not TOML: nested too deeply") from None
    except ValueError as err:  # an integer of thousands of digits: int() refuses it
        raise ManifestError(path, f"not TOML: {err}") from None

    def fail(key: str, message: str) -> NoReturn:
        raise ManifestError(path, message, _line_of(text, key), key)

    for key in doc:
        if key not in KEYS:
            fail(key, f"unknown key (known: {', '.join(KEYS)})")
    for key in ("name", "mode", "command"):
        if key not in doc:
            raise ManifestError(path, f"missing required key {key!r} ({KEYS[key]})")

    def positive(key: str, *, zero: bool = False) -> int | None:
        value = doc.get(key)
        if value is None:
            return None
        if type(value) is not int or value < (0 if zero else 1):
            fail(key, f"must be {KEYS[key]}, not {value!r}")
        return int(value)

    def seconds(key: str) -> float | None:
        millis = positive(key)
        return None if millis is None else millis / 1000

    if "protocol" in doc and (type(doc["protocol"]) is not int or doc["protocol"] != 1):
        fail(
            "protocol", f"must be {KEYS['protocol']} (this runner speaks protocol 1), not {doc['protocol']!r}"
        )
    name = doc["name"]
    if not isinstance(name, str) or not name.strip():
        fail("name", f"must be {KEYS['name']}")
    mode = doc["mode"]
    if mode not in MODES:
        fail("mode", f"must be {KEYS['mode']}, not {mode!r}")
    command = _command(doc["command"], lambda m: fail("command", m))
    setup_value = doc.get("setup", [])
    if not isinstance(setup_value, list):
        fail("setup", f"must be {KEYS['setup']}")
    setup_items: list[tuple[str, ...]] = []
    for i, item in enumerate(setup_value):

        def setup_fail(message: str, i: int = i) -> NoReturn:
            fail("setup", f"[{i}] {message}")

        setup_items.append(_command(item, setup_fail))
    setup = tuple(setup_items)
    env = doc.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        fail("env", f"must be {KEYS['env']}")
    if any("\0" in k or "=" in k or not k or "\0" in v for k, v in env.items()):
        fail("env", "names must be non-empty without '=' or NUL, and values without NUL")
    cwd_value = doc.get("cwd", ".")
    if not isinstance(cwd_value, str) or "\0" in cwd_value:
        fail("cwd", f"must be {KEYS['cwd']}")
    cwd = (path.parent / cwd_value).resolve()
    if not cwd.is_dir():
        fail("cwd", f"{cwd} is not a folder")
    for key in ("start_timeout_ms", "max_restarts"):
        if key in doc and mode != "session":
            fail(key, "applies to session mode only")
    hello = None
    if "hello" in doc:
        if mode != "oneshot":
            fail("hello", "applies to oneshot mode only (a session builder answers hello itself)")
        hello = _hello(doc["hello"], name, lambda m: fail("hello", m))
    setup_timeout = seconds("setup_timeout_ms")
    return Manifest(
        path=path,
        name=name,
        mode=mode,
        command=command,
        cwd=cwd,
        setup=setup,
        timeout=seconds("timeout_ms"),
        start_timeout=seconds("start_timeout_ms"),
        setup_timeout=DEFAULT_SETUP_TIMEOUT if setup_timeout is None else setup_timeout,
        window=positive("window"),
        max_restarts=positive("max_restarts", zero=True),
        env=tuple(sorted(env.items())),
        hello=hello,
    )


def _hello(table: Json, name: str, fail: Callable[[str], NoReturn]) -> Hello:
    """The ``[hello]`` table of a oneshot manifest, checked as the hello response it stands for."""
    if not isinstance(table, dict):
        fail(f"must be {KEYS['hello']}")
    unknown = sorted(set(table) - set(HELLO_KEYS))
    if unknown:
        fail(f"unknown key {unknown[0]!r} (known: {', '.join(HELLO_KEYS)})")
    implementation = {"name": name, "version": "unknown", "language": "unknown"}
    implementation.update({k: table[k] for k in ("version", "language", "homepage") if k in table})
    message = {"protocol": 1, "implementation": implementation}
    message.update({k: table[k] for k in HELLO_KEYS[3:] if k in table})
    try:
        return parse_hello(message)
    except ProtocolError as err:
        fail(str(err).replace("not a hello response: ", ""))


class SetupFirst:
    """Runs the manifest's setup commands once, before the builder starts; a failure makes it unusable."""

    def __init__(self, inner: Builder, manifest: Manifest) -> None:
        self.inner = inner
        self.manifest = manifest
        self._done = False

    def start(self) -> Hello:
        """Run the setup commands (first time only), then start the builder."""
        if not self._done:
            for argv in self.manifest.setup:
                self._setup(argv)
            self._done = True
        return self.inner.start()

    def _setup(self, argv: tuple[str, ...]) -> None:
        """Run one setup command, keeping the newest 64 KiB of its output (stdout and stderr).

        At its timeout or an interrupt, everything it started is killed (its session, its tree, its token).
        """
        shown = shlex.join(argv)
        output = StderrRing()
        popen: subprocess.Popen[bytes] | None = None
        reader = None
        try:
            with interrupts.deferred():  # started and known to the finally below, or not started
                try:
                    popen = spawn(
                        argv,
                        env=dict(self.manifest.env),
                        cwd=str(self.manifest.cwd),
                        stdin=subprocess.DEVNULL,
                        stderr=subprocess.STDOUT,
                    )
                except OSError as err:
                    raise BuilderUnusable(
                        f"{self.manifest.path}: setup {shown}: {err.strerror or err}"
                    ) from None
                assert popen.stdout is not None
                reader = output.follow(popen.stdout)
            status = popen.wait(self.manifest.setup_timeout)
        except subprocess.TimeoutExpired:
            raise BuilderUnusable(
                f"{self.manifest.path}: setup {shown}: no exit within {self.manifest.setup_timeout:g} s",
                output.tail(),
            ) from None
        finally:
            if popen is not None and popen.returncode is None:  # the timeout, or an interrupt
                kill_tree(popen)
            if reader is not None:
                reader.join(1.0)  # a process it left behind may hold the pipe: do not wait for it
        if status != 0:
            raise BuilderUnusable(
                f"{self.manifest.path}: setup {shown} exited with status {status}", output.tail()
            )

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """The builder's responses."""
        return self.inner.run(requests)

    def abort(self) -> None:
        """Stop the builder's processes now (an interrupt), when its transport can."""
        abort = getattr(self.inner, "abort", None)
        if callable(abort):
            abort()

    def close(self) -> None:
        """Close the builder."""
        self.inner.close()

    def stderr_tail(self) -> str:
        """The builder's latest stderr, when its transport keeps one."""
        tail = getattr(self.inner, "stderr_tail", None)
        return str(tail()) if callable(tail) else ""

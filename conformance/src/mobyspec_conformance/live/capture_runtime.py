"""The capture runtime: an OCI runtime that records the bundle's ``config.json`` and refuses to run it.

dockerd (through containerd's runc shim) and podman (through conmon) call their OCI runtime as
``RUNTIME [global flags] create --bundle DIR [--pid-file F] [--console-socket S] ID``. This one copies
``DIR/config.json`` with the container ID into ``CAPTURE_DIR/ID.json`` and exits 1 with a clear message
(also written to the ``--log`` file in runc's JSON log format, which the shim quotes in its error), so
nothing ever runs. ``state``/``kill``/``delete`` answer as runc does for a container that does not exist,
so the shim cleans up without complaint. Standard library only: every container create runs it.

Run as ``python -m mobyspec_conformance.live.capture_runtime --capture-dir DIR …`` or
``mobyspec capture-runtime --capture-dir DIR …`` (the same code).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

#: Where captures go when neither ``--capture-dir`` nor ``$MOBYSPEC_CAPTURE_DIR`` names a folder.
DEFAULT_CAPTURE_DIR = "/run/mobyspec/capture"
#: The name engines know the runtime by (``--add-runtime capture=…``, ``HostConfig.Runtime``).
RUNTIME_NAME = "mobyspec-capture"
#: What ``--version`` prints: runc's layout (dockerd parses ``commit:`` for ``docker info``).
VERSION_TEXT = "runc version 1.1.5+mobyspec-capture\ncommit: mobyspec-capture\nspec: 1.0.2-dev\n"
#: The message of every refusal; the live adapters look for it in the engine's start error.
REFUSAL = "mobyspec capture runtime: config.json captured, refusing to run the container"

#: runc's global flags that take a value (``--root DIR`` or ``--root=DIR``).
_GLOBAL_VALUE_FLAGS = frozenset({"--root", "--log", "--log-format", "--criu", "--rootless"})
#: ``create``/``run`` flags that take a value.
_CREATE_VALUE_FLAGS = frozenset({"--bundle", "-b", "--pid-file", "--console-socket", "--preserve-fds"})


class UsageError(Exception):
    """The command line is not one this runtime understands (exit 2, like runc's usage errors)."""


def _split_flags(argv: list[str], value_flags: frozenset[str]) -> tuple[dict[str, str], list[str]]:
    """Leading ``--flag [value]`` / ``--flag=value`` pairs, then the rest (a subcommand and its args)."""
    flags: dict[str, str] = {}
    rest = list(argv)
    while rest and rest[0].startswith("-") and rest[0] != "-":
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if not eq and name in value_flags:
            if not rest:
                raise UsageError(f"flag needs an argument: {name}")
            value = rest.pop(0)
        flags[name] = value if (eq or name in value_flags) else "true"
    return flags, rest


def _create_args(argv: list[str]) -> tuple[dict[str, str], str]:
    """``create``'s flags (anywhere before or after the ID, as urfave/cli allows before) and the ID."""
    flags: dict[str, str] = {}
    positional: list[str] = []
    rest = list(argv)
    while rest:
        more, rest = _split_flags(rest, _CREATE_VALUE_FLAGS)
        flags.update(more)
        if rest:
            positional.append(rest.pop(0))
    if len(positional) != 1:
        raise UsageError(f"create needs exactly one container id, got {positional!r}")
    return flags, positional[0]


def _write_log(global_flags: dict[str, str], message: str) -> None:
    """Put ``message`` in the ``--log`` file as runc would (the shim reads it back for its error)."""
    log = global_flags.get("--log")
    if not log:
        return
    if global_flags.get("--log-format") == "json":
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        line = json.dumps({"level": "error", "msg": message, "time": stamp}) + "\n"
    else:
        line = f"level=error msg={json.dumps(message)}\n"
    try:
        with Path(log).open("a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError:
        pass  # the message still goes to stderr


def capture(capture_dir: Path, bundle: Path, container_id: str, extra: dict[str, str]) -> Path:
    """Copy ``bundle/config.json`` with the ID into ``capture_dir/ID.json`` (atomically); return that path."""
    if "/" in container_id or container_id in {"", ".", ".."}:
        raise UsageError(f"invalid container id {container_id!r}")
    config = json.loads((bundle / "config.json").read_text(encoding="utf-8"))
    record = {"id": container_id, "bundle": str(bundle), "flags": extra, "config": config}
    capture_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{container_id}.", suffix=".tmp", dir=capture_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle, sort_keys=True)
    target = capture_dir / f"{container_id}.json"
    Path(tmp).replace(target)
    return target


def run(argv: list[str], capture_dir: Path) -> int:
    """Act on one runtime command line (after ``--capture-dir``); return the exit status."""
    global_flags, rest = _split_flags(argv, _GLOBAL_VALUE_FLAGS)
    if "--version" in global_flags or "-v" in global_flags:
        sys.stdout.write(VERSION_TEXT)
        return 0
    if not rest:
        raise UsageError("no command given (this is mobyspec's capture runtime; it only records create)")
    command, args = rest[0], rest[1:]
    if command == "features":
        features = {"ociVersionMin": "1.0.0", "ociVersionMax": "1.0.2-dev", "annotations": {}}
        sys.stdout.write(json.dumps(features) + "\n")
        return 0
    if command in {"create", "run"}:
        flags, container_id = _create_args(args)
        bundle = Path(flags.get("--bundle") or flags.get("-b") or ".")
        try:
            target = capture(capture_dir, bundle, container_id, flags)
        except (OSError, ValueError) as err:
            message = f"mobyspec capture runtime: cannot capture {bundle / 'config.json'}: {err}"
        else:
            message = f"{REFUSAL} (saved as {target})"
        _write_log(global_flags, message)
        sys.stderr.write(message + "\n")
        return 1
    if command in {"delete", "kill"}:
        return 0  # nothing was created, so nothing is left to signal or delete
    if command == "state":
        message = f"container does not exist (mobyspec capture runtime never runs {args[-1:]})"
        _write_log(global_flags, message)
        sys.stderr.write(message + "\n")
        return 1
    message = f"mobyspec capture runtime: {command!r} is not supported (containers never run here)"
    _write_log(global_flags, message)
    sys.stderr.write(message + "\n")
    return 1


def main(argv: list[str] | None = None) -> int:
    """``[--capture-dir DIR] RUNTIME-ARGS…``: the executable's entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    capture_dir = os.environ.get("MOBYSPEC_CAPTURE_DIR") or DEFAULT_CAPTURE_DIR
    if args[:1] == ["--capture-dir"] and len(args) > 1:
        capture_dir, args = args[1], args[2:]
    elif args[:1] and args[0].startswith("--capture-dir="):
        capture_dir, args = args[0].partition("=")[2], args[1:]
    try:
        return run(args, Path(capture_dir))
    except UsageError as err:
        sys.stderr.write(f"mobyspec capture runtime: {err}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""``mobyspec capture-runtime``: the capture runtime itself, or (``--print-config``) how to register it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from mobyspec_conformance import atomic, exitcodes
from mobyspec_conformance.live import capture_runtime


def daemon_json(capture_dir: str) -> dict[str, object]:
    """The daemon.json snippet that registers the capture runtime (this Python runs it as a module)."""
    return {
        "runtimes": {
            capture_runtime.RUNTIME_NAME: {
                "path": sys.executable,
                "runtimeArgs": [
                    "-m",
                    "mobyspec_conformance.live.capture_runtime",
                    "--capture-dir",
                    capture_dir,
                ],
            }
        }
    }


@click.command(
    "capture-runtime",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
)
@click.option(
    "--print-config", is_flag=True, help="Print the daemon.json snippet that registers this runtime."
)
@click.option(
    "--capture-dir",
    default=None,
    help=f"Where captures go (default $MOBYSPEC_CAPTURE_DIR, else {capture_runtime.DEFAULT_CAPTURE_DIR}).",
)
@click.argument("runtime_args", nargs=-1, type=click.UNPROCESSED)
def capture_runtime_command(
    *, print_config: bool, capture_dir: str | None, runtime_args: tuple[str, ...]
) -> None:
    """An OCI runtime that records the bundle's config.json and refuses to run the container.

    Called by containerd's shim or conmon as RUNTIME [global flags] create --bundle DIR ... ID, it writes
    CAPTURE_DIR/ID.json and exits 1. With --print-config it prints the daemon.json snippet for dockerd.
    """
    directory = capture_dir or os.environ.get("MOBYSPEC_CAPTURE_DIR") or capture_runtime.DEFAULT_CAPTURE_DIR
    if print_config:
        click.echo(json.dumps(daemon_json(directory), indent=2))
        click.echo(
            f"# merge into /etc/docker/daemon.json, restart dockerd, then: mkdir -p {directory} && "
            "mobyspec run --builder docker:unix:///run/docker.sock",
            err=True,
        )
        return
    sys.exit(capture_runtime.main(["--capture-dir", directory, *runtime_args]))


@click.command("import")
@click.argument("inspect_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--index",
    default=0,
    show_default=True,
    help="Which container of the document (docker inspect prints a list).",
)
@click.option("--id", "case_id", default=None, help="The case id (default imported/<container name>).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the case here (default stdout).",
)
def import_command(inspect_file: Path, index: int, case_id: str | None, output: Path | None) -> None:
    """Turn a docker inspect document (any engine) into a case file (format v1).

    The facts an inspect cannot know (daemon --init and --init-path, what LookPath finds, the image's
    files) are listed on stderr with the JSON Pointer to fill; the description starts with TODO.
    Exit 2 when the file is not JSON or not a container inspect.
    """
    from mobyspec_conformance.canonical import dumps  # noqa: PLC0415 - only this command needs it
    from mobyspec_conformance.live.inspect_import import import_inspect  # noqa: PLC0415

    try:
        text = sys.stdin.read() if str(inspect_file) == "-" else inspect_file.read_text(encoding="utf-8")
        doc = json.loads(text)
        imported = import_inspect(doc, index=index, case_id=case_id)
    except OSError as err:
        click.echo(f"{inspect_file}: cannot read: {err.strerror}", err=True)
        sys.exit(exitcodes.USAGE)
    except ValueError as err:
        click.echo(f"{inspect_file}: {err}", err=True)
        sys.exit(exitcodes.USAGE)
    text = dumps(imported.case)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic.write_text(output, text)
    for pointer, what in imported.todo:
        click.echo(f"TODO {pointer}: {what}", err=True)

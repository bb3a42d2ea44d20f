"""``mobyspec capture-runtime``: the capture runtime itself, or (``--print-config``) how to register it."""

from __future__ import annotations

import json
import os
import sys

import click

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

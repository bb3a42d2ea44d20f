"""The ``mobyspec`` command line: one click group; each subcommand lives with what it drives."""

from __future__ import annotations

import importlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from mobyspec_conformance import __version__, exitcodes
from mobyspec_conformance.corpus import default_corpus, parse_case
from mobyspec_conformance.vocabulary import MobyspecError, UsageError, is_error_output
from mobyspec_reference import PROFILES, build_output, get_profile

#: Subcommands defined elsewhere, imported when named: ``mobyspec serve`` and ``mobyspec run`` start
#: without importing hypothesis (props, fuzz) and the rest, a third of a second off every session start.
LAZY_COMMANDS = {
    "serve": "mobyspec_conformance.serve:serve",
    "run": "mobyspec_conformance.run_cli:run_command",
    "detect": "mobyspec_conformance.run_cli:detect_command",
    "report": "mobyspec_conformance.run_cli:report_group",
    "lint": "mobyspec_conformance.lint:lint_command",
    "props": "mobyspec_conformance.props_cli:props_command",
    "fuzz": "mobyspec_conformance.props_cli:fuzz_command",
}


class _LazyGroup(click.Group):
    """A click group whose :data:`LAZY_COMMANDS` are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - whatever the subcommand returns
        """Run the subcommand; an error of the suite's own is printed once, here, and exits its code."""
        try:
            return super().invoke(ctx)
        except MobyspecError as err:
            click.echo(err.render(), err=True)
            sys.exit(err.exit_code)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mobyspec")
def main() -> None:
    """Check that a container engine builds the same OCI runtime spec as Docker (moby) does."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # a builder's lone surrogate (JSON "\ud800") is printed as that escape, not a crash
            stream.reconfigure(errors="backslashreplace")


def _case_id_from_path(path: Path) -> str | None:
    """The id a case file must have, when it lies below the default corpus folder."""
    corpus = default_corpus().resolve()
    try:
        return path.resolve().relative_to(corpus).with_suffix("").as_posix()
    except ValueError:
        return None


@main.command()
@click.option(
    "--profile", "-p", "profile_id", help="Profile id (default: the newest that supports the case)."
)
@click.argument("case_file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
def build(profile_id: str | None, case_file: Path) -> None:
    """Build CASE_FILE (or - for stdin) with the reference and print the spec, result or error as JSON.

    Exit 0 with a spec or start result, 1 when moby returns an error, 2 when the case is invalid.
    """
    if str(case_file) == "-":
        data, name, expected = sys.stdin.buffer.read(), "<stdin>", None
    else:
        try:
            data = case_file.read_bytes()
        except OSError as err:
            raise UsageError(f"{case_file}: cannot read: {err.strerror}") from None
        name, expected = str(case_file), _case_id_from_path(case_file)
    case = parse_case(data, name, expected)
    applicable = case.applicable_profiles()
    if profile_id is None:
        if not applicable:
            raise UsageError(f"{name}: no profile supports {case.platform} {case.operation}")
        profile_id = applicable[-1]
    try:
        profile = get_profile(profile_id)
    except KeyError as err:
        raise UsageError(f"--profile: {err.args[0]}") from None
    if profile_id not in applicable:
        raise UsageError(
            f"--profile: {profile_id} does not apply to {name} ({case.platform} {case.operation}; "
            f"applicable: {', '.join(applicable) or 'none'})"
        )
    out = build_output(case.platform, case.operation, case.input, profile)
    click.echo(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
    sys.exit(exitcodes.FAILED if is_error_output(out) else exitcodes.OK)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
def profiles(*, as_json: bool) -> None:
    """Print the profile table: each profile, the moby tree it reproduces and what it supports."""
    rows = [
        {
            "id": p.id,
            "moby": p.moby_tree,
            "go": p.go_version,
            "linux_spec": p.linux.oci_version if p.linux else None,
            "windows_spec": p.windows.oci_version if p.windows else None,
            "start": list(p.start.platforms) if p.start else [],
            "summary": p.summary,
        }
        for p in PROFILES
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="mobyspec profiles")
    for col in ("profile", "moby tree", "Go", "Linux spec", "Windows spec", "start", "summary"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["moby"]),
            str(r["go"]),
            str(r["linux_spec"] or "-"),
            str(r["windows_spec"] or "-"),
            ", ".join(r["start"]) or "-",  # type: ignore[arg-type]
            str(r["summary"]),
        )
    Console(width=200).print(table)

"""The ``mobyspec`` command line: one click group; each subcommand lives with what it drives."""

from __future__ import annotations

import difflib
import importlib
import io
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from mobyspec_conformance import __version__, exitcodes
from mobyspec_conformance.corpus import CaseError, default_corpus, parse_case, read_case_bytes
from mobyspec_conformance.suitepack import SuiteDataError
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
    "capture-runtime": "mobyspec_conformance.live.cli:capture_runtime_command",
    "import": "mobyspec_conformance.live.cli:import_command",
}


class _LazyGroup(click.Group):
    """A click group whose :data:`LAZY_COMMANDS` are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as err:
            close = difflib.get_close_matches(args[0], self.list_commands(ctx), n=1) if args else []
            if close and not args[0].startswith("-"):
                msg = f"No such command {args[0]!r}. Did you mean {close[0]!r}?"
                raise click.UsageError(msg, ctx) from err
            raise

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SuiteDataError as err:
            # the shipped corpus or goldens are missing or damaged: name it, no traceback
            click.echo(f"mobyspec: {err}", err=True)
            ctx.exit(exitcodes.USAGE)


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
            data = read_case_bytes(case_file)
        except CaseError as err:
            click.echo(str(err), err=True)
            sys.exit(exitcodes.USAGE)
        name, expected = str(case_file), _case_id_from_path(case_file)
    try:
        case = parse_case(data, name, expected)
    except CaseError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        sys.exit(exitcodes.USAGE)
    applicable = case.applicable_profiles()
    if profile_id is None:
        if not applicable:
            click.echo(f"{name}: no profile supports {case.platform} {case.operation}", err=True)
            sys.exit(exitcodes.USAGE)
        profile_id = applicable[-1]
    try:
        profile = get_profile(profile_id)
    except KeyError as err:
        click.echo(f"--profile: {err.args[0]}", err=True)
        sys.exit(exitcodes.USAGE)
    if profile_id not in applicable:
        click.echo(
            f"--profile: {profile_id} does not apply to {name} ({case.platform} {case.operation}; "
            f"applicable: {', '.join(applicable) or 'none'})",
            err=True,
        )
        sys.exit(exitcodes.USAGE)
    out = build_output(case.platform, case.operation, case.input, profile)
    click.echo(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
    sys.exit(exitcodes.FAILED if "error" in out and len(out) == 1 else exitcodes.OK)


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
            "create": list(p.create.platforms) if p.create else [],
            "summary": p.summary,
        }
        for p in PROFILES
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="mobyspec profiles")
    for col in ("profile", "moby tree", "Go", "Linux spec", "Windows spec", "start", "create", "summary"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["moby"]),
            str(r["go"]),
            str(r["linux_spec"] or "-"),
            str(r["windows_spec"] or "-"),
            ", ".join(r["start"]) or "-",  # type: ignore[arg-type]
            ", ".join(r["create"]) or "-",  # type: ignore[arg-type]
            str(r["summary"]),
        )
    Console(width=200).print(table)

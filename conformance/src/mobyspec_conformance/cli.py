"""The ``mobyspec`` command line: one click group; each subcommand lives with what it drives.

Only click and the error bases are imported up front: ``mobyspec --help`` lists the subcommands from
:data:`LAZY_COMMANDS` without importing them, and each command imports what it uses when it runs.
"""

from __future__ import annotations

import importlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from mobyspec_conformance import __version__, exitcodes
from mobyspec_conformance.errors import MobyspecError, UsageError

#: Subcommands defined elsewhere, imported when named, with the summary ``--help`` lists (the first line
#: of each command's docstring; ``tests/test_cli.py`` keeps them equal). ``mobyspec serve`` and
#: ``mobyspec run`` start without importing hypothesis (props, fuzz) and the rest.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "serve": (
        "mobyspec_conformance.serve:serve",
        "Serve the reference builder over protocol v1 (JSON lines on stdin/stdout) for `--builder cmd:`.",
    ),
    "run": (
        "mobyspec_conformance.run_cli:run_command",
        "Run the corpus against a builder and report what differs from moby.",
    ),
    "detect": (
        "mobyspec_conformance.run_cli:detect_command",
        "Run the corpus under every profile and rank the profiles by agreement with the builder.",
    ),
    "report": ("mobyspec_conformance.run_cli:report_group", "Work with JSON-lines run reports."),
    "lint": (
        "mobyspec_conformance.lint:lint_command",
        "Check the corpus, the goldens and cases.lock; exit 0 when clean, 2 on any problem.",
    ),
    "props": (
        "mobyspec_conformance.props_cli:props_command",
        "Check the rules of moby's spec building against a builder, on generated inputs.",
    ),
    "fuzz": (
        "mobyspec_conformance.props_cli:fuzz_command",
        "Compare a builder with the reference on generated inputs; write each disagreement as a draft case.",
    ),
    "regen": (
        "mobyspec_conformance.regen:regen_command",
        "Regenerate the corpus, every golden and cases.lock from the reference (a checkout only).",
    ),
    "capture-runtime": (
        "mobyspec_conformance.live.cli:capture_runtime_command",
        "An OCI runtime that records the bundle's config.json and refuses to run the container.",
    ),
    "import": (
        "mobyspec_conformance.live.cli:import_command",
        "Turn a docker inspect document (any engine) into a case file (format v1).",
    ),
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
        except Exception as err:
            # the shipped corpus or goldens are missing or damaged: name it, no traceback (suitepack is
            # standard library only, for the wheel's build hook, so its error is no MobyspecError)
            suitepack = sys.modules.get("mobyspec_conformance.suitepack")
            if suitepack is None or not isinstance(err, suitepack.SuiteDataError):
                raise
            click.echo(f"mobyspec: {err}", err=True)
            sys.exit(exitcodes.USAGE)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, _, attr = LAZY_COMMANDS[cmd_name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as err:
            import difflib  # noqa: PLC0415 - only a mistyped command needs it

            close = difflib.get_close_matches(args[0], self.list_commands(ctx), n=1) if args else []
            if close and not args[0].startswith("-"):
                msg = f"No such command {args[0]!r}. Did you mean {close[0]!r}?"
                raise click.UsageError(msg, ctx) from err
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, with the summaries of :data:`LAZY_COMMANDS` taken from the table."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [
            (
                name,
                click.Command(name, help=LAZY_COMMANDS[name][1]).get_short_help_str(limit)
                if name in LAZY_COMMANDS and name not in self.commands
                else self.commands[name].get_short_help_str(limit),
            )
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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
    from mobyspec_conformance.corpus import default_corpus  # noqa: PLC0415 - only `build` needs it

    corpus = default_corpus().resolve()
    try:
        return path.resolve().relative_to(corpus).with_suffix("").as_posix()
    except ValueError:
        return None


@main.command()
@click.option(
    "--profile",
    "-p",
    "profile_id",
    help="Profile id or moby version such as 20.10.24 (default: the newest that supports the case).",
)
@click.argument("case_file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
def build(profile_id: str | None, case_file: Path) -> None:
    """Build CASE_FILE (or - for stdin) with the reference and print the spec, result or error as JSON.

    Exit 0 with a spec or start result, 1 when moby returns an error, 2 when the case is invalid.
    """
    from mobyspec_conformance.corpus import parse_case, read_case_bytes  # noqa: PLC0415 - imported by the command that uses it
    from mobyspec_conformance.vocabulary import is_error_output  # noqa: PLC0415
    from mobyspec_reference import build_output, get_profile  # noqa: PLC0415

    if str(case_file) == "-":
        data, name, expected = sys.stdin.buffer.read(), "<stdin>", None
    else:
        data = read_case_bytes(case_file)
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
    if profile.id not in applicable:
        raise UsageError(
            f"--profile: {profile.id} does not apply to {name} ({case.platform} {case.operation}; "
            f"applicable: {', '.join(applicable) or 'none'})"
        )
    out = build_output(case.platform, case.operation, case.input, profile)
    click.echo(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
    sys.exit(exitcodes.FAILED if is_error_output(out) else exitcodes.OK)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@click.option(
    "--for-version",
    "for_version",
    metavar="VERSION",
    help="Print only the id of the profile that reproduces this moby version (20.10.24, v28.0.0, ...).",
)
def profiles(*, as_json: bool, for_version: str | None) -> None:
    """Print the profile table: each profile, the moby tree it reproduces and what it supports.

    With --for-version, print the id of the profile that reproduces that moby release (exit 2 when no
    profile does, with the reason).
    """
    if for_version is not None:
        from mobyspec_reference.releases import UnknownVersionError, profile_for_version  # noqa: PLC0415

        try:
            click.echo(profile_for_version(for_version))
        except UnknownVersionError as err:
            raise UsageError(f"--for-version: {err}") from None
        return
    from rich.console import Console  # noqa: PLC0415 - imported by the command that uses it
    from rich.table import Table  # noqa: PLC0415

    from mobyspec_reference import PROFILES  # noqa: PLC0415

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

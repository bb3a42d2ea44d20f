"""``mobyspec props`` and ``mobyspec fuzz``: the properties, and differential fuzzing, against any builder.

Exit codes are the runner's (:mod:`mobyspec_conformance.exitcodes`): 0 every property held (``fuzz``:
no disagreement), 1 a property failed or errored (``fuzz``: disagreements were written), 2 usage error,
3 the builder is unusable, 4 nothing ran.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from hypothesis import HealthCheck, Verbosity
from hypothesis import settings as hsettings

from mobyspec_conformance import exitcodes, properties, runtime_schema
from mobyspec_conformance.corpus import (
    default_corpus,
    default_goldens,
)
from mobyspec_conformance.fuzz import DEFAULT_MAX_CASES, fuzz, write_draft
from mobyspec_conformance.report.junit import write_properties as write_junit
from mobyspec_conformance.run_cli import builder_factory, builder_option, timeout_option
from mobyspec_conformance.vocabulary import UsageError
from mobyspec_reference import PROFILES, get_profile

if TYPE_CHECKING:
    from mobyspec_conformance.properties import Result, Subject
    from mobyspec_reference.profiles import Profile

Json = Any

#: Examples per property (``props``) and inputs tried per platform (``fuzz``) unless ``--examples``.
DEFAULT_EXAMPLES = 100


#: ``--seed``, the same in ``props`` and ``fuzz``.
seed_option = click.option(
    "--seed", type=int, help="Explore randomly from this seed (default: the same inputs every run)."
)


def hypothesis_settings(examples: int, seed: int | None) -> hsettings:
    """Settings of a command-line run: no example database, no deadline, reproducible without a seed."""
    return hsettings(
        max_examples=examples,
        derandomize=seed is None,
        database=None,
        deadline=None,
        print_blob=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


def _profiles(ids: tuple[str, ...]) -> tuple[Profile, ...]:
    chosen = []
    for pid in ids:
        try:
            chosen.append(get_profile(pid))
        except KeyError as err:
            raise UsageError(f"--profile: {err.args[0]}") from None
    return tuple(chosen) or PROFILES


def _start(spec: str, timeout: float | None, schema: Path | None) -> Subject:
    """Make and start the builder (one process for the whole run); exit 2 or 3 when that fails."""
    builder = builder_factory(spec, timeout)()
    return properties.Subject(builder, spec, schema_root=runtime_schema.configured_root(schema))


# ---------------------------------------------------------------------------------------------------
# props


_MARK = {"passed": "PASS", "failed": "FAIL", "errored": "ERROR", "skipped": "SKIP"}


def _print_result(result: Result, *, verbose: bool) -> None:
    if result.status == "skipped" and not verbose:
        return
    rate = f"{result.requests} requests, {result.seconds:.1f} s"
    click.echo(f"{_MARK[result.status]:5} {result.property} [{result.profile}] ({rate})")
    if result.status in {"failed", "errored"} or (verbose and result.message):
        for line in result.message.splitlines():
            click.echo(f"      {line}")
    if result.example is not None:
        click.echo("      minimal input: " + json.dumps(result.example, ensure_ascii=False, sort_keys=True))


@click.command("props")
@builder_option
@click.option(
    "--profile",
    "-p",
    "profile_ids",
    multiple=True,
    help="Profile id or moby version (repeatable; default: every profile).",
)
@click.option("--property", "names", multiple=True, help="Only this property (repeatable; see --list).")
@click.option(
    "--examples",
    "-n",
    type=click.IntRange(min=1),
    default=DEFAULT_EXAMPLES,
    show_default=True,
    help="Examples per property and profile.",
)
@seed_option
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML.")
@timeout_option("request")
@click.option(
    "--runtime-spec-schema",
    "schema",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Folder of runtime-spec schema versions (default: ${runtime_schema.SCHEMA_ENV}; unset: skipped).",
)
@click.option("--list", "list_only", is_flag=True, help="List the properties and what they check, then exit.")
@click.option("--verbose", "-v", is_flag=True, help="Also print the skipped properties and why.")
def props_command(
    builder: str,
    profile_ids: tuple[str, ...],
    names: tuple[str, ...],
    examples: int,
    seed: int | None,
    junit: Path | None,
    timeout: float | None,
    schema: Path | None,
    *,
    list_only: bool,
    verbose: bool,
) -> None:
    """Check the rules of moby's spec building against a builder, on generated inputs.

    Each property runs at every profile where moby has its rule (and the builder claims it); a violation
    is shrunk to a minimal input. Exit 0 all held, 1 a property failed or errored, 2 usage error,
    3 builder unusable, 4 nothing ran.
    """
    try:
        chosen = [properties.find(n) for n in names] or list(properties.all_properties())
    except KeyError as err:
        raise UsageError(f"--property: {err.args[0]}") from None
    if list_only:
        for prop in chosen:
            click.echo(f"{prop.name} ({prop.platform} {prop.operation}): {prop.summary}")
        return
    profiles = _profiles(profile_ids)
    subject = _start(builder, timeout, schema)
    cfg = hypothesis_settings(examples, seed)
    results: list[Result] = []
    started = time.monotonic()
    try:
        for prop in chosen:
            for profile in profiles:
                result = prop.run(subject, profile, cfg, seed=seed)
                results.append(result)
                _print_result(result, verbose=verbose)
    finally:
        subject.builder.close()
    elapsed = time.monotonic() - started
    if junit is not None:
        write_junit(results, junit, builder)
    tally = {s: sum(r.status == s for r in results) for s in ("passed", "failed", "errored", "skipped")}
    click.echo(
        f"{subject.requests} requests in {elapsed:.1f} s ({subject.requests / max(elapsed, 1e-9):.0f}/s); "
        + ", ".join(f"{tally[s]} {s}" for s in ("passed", "failed", "errored", "skipped"))
    )
    if tally["failed"] or tally["errored"]:
        sys.exit(exitcodes.FAILED)
    if not tally["passed"]:
        sys.exit(exitcodes.NOTHING_RAN)
    sys.exit(exitcodes.OK)


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


@click.command("fuzz")
@builder_option
@click.option(
    "--profile", "-p", "profile_id", required=True, help="The profile id (or moby version) to compare at."
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the draft cases.",
)
@click.option(
    "--examples",
    "-n",
    type=click.IntRange(min=1),
    default=DEFAULT_EXAMPLES,
    show_default=True,
    help="Inputs tried per search (per platform and disagreement).",
)
@click.option(
    "--max-cases",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_CASES,
    show_default=True,
    help="Draft cases per platform at most.",
)
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(["linux", "windows"]),
    help="Only this platform.",
)
@seed_option
@timeout_option("request")
def fuzz_command(
    builder: str,
    profile_id: str,
    out: Path,
    examples: int,
    max_cases: int,
    platforms: tuple[str, ...],
    seed: int | None,
    timeout: float | None,
) -> None:
    """Compare a builder with the reference on generated inputs; write each disagreement as a draft case.

    Every distinct disagreement is shrunk to a minimal input and written for review under OUT:
    ``cases/fuzz/<platform>/<profile>/<hash>.json`` (case format v1, the description says what differed),
    ``goldens/<profile>/<same id>.json`` (the reference's output) and ``builder/<profile>/<same id>.json``.
    Never into the corpus: review, name and move a draft there by hand. Exit 0 no disagreement,
    1 disagreements written, 2 usage error, 3 builder unusable, 4 nothing ran.
    """
    profile = _profiles((profile_id,))[0]
    for folder in (default_corpus(), default_goldens()):
        if _inside(out, folder) or _inside(folder, out):
            raise UsageError(
                f"--out {out}: drafts never go into (or around) the corpus or the goldens ({folder})"
            )
    subject = _start(builder, timeout, None)
    cfg = hypothesis_settings(examples, seed)
    wanted = [
        p for p in ("linux", "windows") if (not platforms or p in platforms) and profile.supports(p, "spec")
    ]
    ran = 0
    written: list[Path] = []
    started = time.monotonic()
    try:
        for platform in wanted:
            reason = subject.claims(platform, "spec", profile.id)
            if reason is not None:
                click.echo(f"SKIP  {platform} at {profile.id}: {reason}")
                continue
            ran += 1
            for found in fuzz(subject, profile, platform, cfg, max_cases=max_cases, seed=seed):
                path = write_draft(out, found, builder)
                written.append(path)
                click.echo(
                    f"DIFF  {platform} at {profile.id}: {found.kind}: {', '.join(found.signature[1:]) or '/'}"
                )
                click.echo(f"      wrote {path}")
    finally:
        subject.builder.close()
    elapsed = time.monotonic() - started
    click.echo(f"{subject.requests} requests in {elapsed:.1f} s; {len(written)} draft cases in {out}")
    if not ran:
        sys.exit(exitcodes.NOTHING_RAN)
    sys.exit(exitcodes.FAILED if written else exitcodes.OK)

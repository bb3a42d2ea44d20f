"""``mobyspec lint``: the corpus, its goldens and ``cases.lock`` agree with each other and the registries.

Checks, each reported as ``file#pointer: message``:

* every case file validates against the case schema and the feature registry, its id equals its path
  (so ids are unique), and its description is one line;
* every golden is canonical JSON, belongs to an existing case and to a profile that case applies to,
  every (case, applicable profile) has a golden, and the ``code`` of every error golden is registered;
* ``cases.lock`` lists exactly the sha256 of every case file and of each of its goldens, and the
  reference version that produced them;
* when a runtime-spec schema folder is configured, every spec golden validates against the schema of its
  profile's runtime-spec version, except the (case, profile) pairs listed with a reason in the
  exceptions file (an exception that matches no violation is a problem too).

Exit 0 when clean, 2 when any problem is found (see :mod:`mobyspec_conformance.exitcodes`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import click
from attrs import field, frozen

from mobyspec_conformance import atomic, canonical, runtime_schema
from mobyspec_conformance.corpus import (
    CaseError,
    Problem,
    case_id_for,
    default_corpus,
    default_goldens,
    discover,
    golden_path,
    read_case_bytes,
)
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_conformance.runtime_schema import default_exceptions, load_exceptions
from mobyspec_conformance.vocabulary import Case, UsageError, pointer
from mobyspec_reference import __version__ as reference_version
from mobyspec_reference.errors import registry
from mobyspec_reference.profiles import PROFILES

#: The lock file's format version (its ``format`` key).
LOCK_FORMAT = 1

#: The counts the corpus issue asks for: (platform, operation) -> minimum number of cases.
TARGETS = {
    ("linux", "spec"): 400,
    ("windows", "spec"): 400,
    ("linux", "start"): 0,
    ("windows", "start"): 0,
    ("linux", "create"): 0,
    ("windows", "create"): 0,
}
#: Minimum number of ``start`` cases (both platforms), error-expecting cases and cases in all.
START_TARGET, ERROR_TARGET, TOTAL_TARGET = 100, 150, 1000


def default_lock(goldens: Path) -> Path:
    """``cases.lock`` beside the goldens folder (the checkout's top level)."""
    return goldens.parent / "cases.lock"


@frozen
class Stats:
    """The corpus counts ``--stats`` prints."""

    cases: Counter[tuple[str, str]] = field(factory=Counter)
    error_cases: Counter[tuple[str, str]] = field(factory=Counter)
    goldens: Counter[str] = field(factory=Counter)
    error_goldens: Counter[str] = field(factory=Counter)


@frozen
class LintReport:
    """What lint found: problems (each fails the run) and notes (said, never failing)."""

    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    stats: Stats


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compute_lock(corpus: Path, goldens: Path) -> dict[str, Any]:
    """The lock document for the files as they are: case and golden hashes plus the reference version."""
    entries: dict[str, Any] = {}
    for path in discover(corpus):
        case_id = case_id_for(path, corpus)
        try:
            case_sha = hashlib.sha256(read_case_bytes(path)).hexdigest()
        except CaseError:
            continue  # a FIFO, a device, a huge file: the load reports it
        golden_hashes = {
            p.id: _sha256(golden_path(goldens, p.id, case_id))
            for p in PROFILES
            if golden_path(goldens, p.id, case_id).is_file()
        }
        entries[case_id] = {"case": case_sha, "goldens": golden_hashes}
    return {"format": LOCK_FORMAT, "reference_version": reference_version, "cases": entries}


def write_lock(corpus: Path, goldens: Path, lock: Path) -> int:
    """Write ``lock`` for the current corpus and goldens; returns the number of cases listed."""
    doc = compute_lock(corpus, goldens)
    atomic.write_text(lock, canonical.dumps(doc))
    return len(doc["cases"])


def _lock_problems(lock: Path, fresh: dict[str, Any]) -> list[Problem]:
    """Differences between the lock file and the lock the current files give."""
    hint = "stale: run `mobyspec lint --write-lock` (tox -e regen does) and review the diff"
    if not lock.is_file():
        return [Problem(str(lock), "", f"missing: run `mobyspec lint --write-lock` ({hint})")]
    try:
        old = json.loads(lock.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return [Problem(str(lock), "", f"not JSON: {err}")]
    if not isinstance(old, dict) or not isinstance(old.get("cases"), dict):
        return [Problem(str(lock), "", "not a lock file (no cases object)")]
    out: list[Problem] = []
    f = str(lock)
    if old.get("format") != LOCK_FORMAT:
        out.append(Problem(f, "/format", f"format {old.get('format')!r}, expected {LOCK_FORMAT}: {hint}"))
    if old.get("reference_version") != fresh["reference_version"]:
        out.append(
            Problem(
                f,
                "/reference_version",
                f"{old.get('reference_version')!r} but the reference is {fresh['reference_version']}: {hint}",
            )
        )
    old_cases: dict[str, Any] = old["cases"]
    new_cases: dict[str, Any] = fresh["cases"]
    for case_id in sorted(old_cases.keys() | new_cases.keys()):
        where = pointer(("cases", case_id))
        was, now = old_cases.get(case_id), new_cases.get(case_id)
        if now is None:
            out.append(Problem(f, where, f"lists a case that no longer exists: {hint}"))
            continue
        if not isinstance(was, dict):
            out.append(Problem(f, where, f"does not list this case: {hint}"))
            continue
        if was.get("case") != now["case"]:
            out.append(Problem(f, f"{where}/case", f"case file changed: {hint}"))
        old_g: dict[str, Any] = was.get("goldens") if isinstance(was.get("goldens"), dict) else {}  # type: ignore[assignment]
        for profile in sorted(old_g.keys() | now["goldens"].keys()):
            if old_g.get(profile) != now["goldens"].get(profile):
                state = (
                    "added"
                    if profile not in old_g
                    else "removed"
                    if profile not in now["goldens"]
                    else "changed"
                )
                out.append(Problem(f, f"{where}/goldens/{profile}", f"golden {state}: {hint}"))
    return out


def _golden_files(goldens: Path) -> list[tuple[Path, str, str]]:
    """Every ``goldens/<profile>/<case id>.json`` as (path, profile folder, case id), sorted."""
    out: list[tuple[Path, str, str]] = []
    if not goldens.is_dir():
        return out
    for path in sorted(goldens.rglob("*.json")):
        rel = path.relative_to(goldens)
        if len(rel.parts) < 2:
            out.append((path, "", rel.with_suffix("").as_posix()))
            continue
        out.append((path, rel.parts[0], Path(*rel.parts[1:]).with_suffix("").as_posix()))
    return out


def lint(
    corpus: Path,
    goldens: Path,
    *,
    lock: Path | None = None,
    schema_root: Path | None = None,
    exceptions: Path | None = None,
) -> LintReport:
    """Run every check; never raises for a problem in the data."""
    problems: list[Problem] = []
    notes: list[str] = []
    stats = Stats()

    # Cases: schema, registries, id == path (the loader), then what the schema cannot say.
    loaded = load_corpus(corpus, collect=True)
    cases = loaded.cases
    problems.extend(loaded.problems)
    # Ids are unique because each equals its file's path (checked by the loader).
    by_id: dict[str, Case] = {case.id: case for case in cases}
    problems.extend(
        Problem(str(case.path), "/description", "must be one line")
        for case in cases
        if len(case.description.splitlines()) != 1
    )
    known_profiles = {p.id for p in PROFILES}
    codes = registry()

    # Goldens: each belongs to a case and an applicable profile, is canonical, and names a known code.
    errored_cases: set[str] = set()
    # (case, profile, golden path, the golden's bytes, its value) of each spec golden
    specs: list[tuple[Case, str, Path, bytes, Any]] = []
    seen: set[tuple[str, str]] = set()
    for path, profile, case_id in _golden_files(goldens):
        file = str(path)
        if profile not in known_profiles:
            problems.append(Problem(file, "", f"golden outside a profile folder ({profile or 'top level'})"))
            continue
        owner = by_id.get(case_id)
        if owner is None:
            problems.append(Problem(file, "", f"golden without a case: no case {case_id!r} in the corpus"))
            continue
        if profile not in owner.applicable_profiles():
            problems.append(
                Problem(file, "", f"golden without a case: {case_id} does not apply to {profile}")
            )
            continue
        seen.add((case_id, profile))
        data = path.read_bytes()
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            problems.append(Problem(file, "", f"not JSON: {err}"))
            continue
        if data != canonical.dumps(value).encode("utf-8"):
            problems.append(
                Problem(file, "", "not canonical JSON (sorted keys, 2-space indent, final newline)")
            )
        stats.goldens[profile] += 1
        if isinstance(value, dict) and set(value) == {"error"}:
            stats.error_goldens[profile] += 1
            errored_cases.add(case_id)
            code = value["error"].get("code") if isinstance(value["error"], dict) else None
            if code not in codes:
                problems.append(Problem(file, "/error/code", f"error code {code!r} is not registered"))
        elif owner.operation == "spec":
            specs.append((owner, profile, path, data, value))
    for case in by_id.values():
        stats.cases[case.platform, case.operation] += 1
        if case.id in errored_cases:
            stats.error_cases[case.platform, case.operation] += 1
        for profile in case.applicable_profiles():
            if (case.id, profile) not in seen:
                expected = golden_path(goldens, profile, case.id)
                problems.append(Problem(str(expected), "", f"missing golden of {case.id} under {profile}"))

    if lock is not None:
        problems.extend(_lock_problems(lock, compute_lock(corpus, goldens)))

    schema_problems, schema_notes = _schema_check(specs, schema_root, exceptions)
    problems.extend(schema_problems)
    notes.extend(schema_notes)
    return LintReport(tuple(problems), tuple(notes), stats)


def _schema_check(
    specs: list[tuple[Case, str, Path, bytes, Any]], root: Path | None, exceptions: Path | None
) -> tuple[list[Problem], list[str]]:
    """Validate spec goldens against their runtime-spec schema; honour and verify the exceptions file.

    Many profiles of one schema version build the same spec for a case; the same bytes validate once
    per schema folder (the violations are a function of the value and the schema), and every golden
    still gets its own verdict, exceptions and problems.
    """
    if root is None:
        note = (
            "runtime-spec schema check skipped: no schema folder configured "
            f"(set {runtime_schema.SCHEMA_ENV} or pass --runtime-spec-schema)"
        )
        return [], [note]
    if not root.is_dir():
        return [Problem(str(root), "", "runtime-spec schema folder does not exist")], []
    entries, problems = load_exceptions(exceptions) if exceptions is not None else ([], [])
    used: set[int] = set()
    checked = excepted = 0
    skipped: Counter[str] = Counter()
    validated: dict[tuple[Path, bytes], list[runtime_schema.Violation]] = {}
    for case, profile, path, data, spec in specs:
        reason = runtime_schema.skip_reason(case.platform, profile, root)
        if reason is not None:
            skipped[f"{case.platform} {profile}: {reason.removeprefix('skipped: ')}"] += 1
            continue
        folder = root / str(runtime_schema.schema_folder_name(case.platform, profile))
        found = validated.get((folder, data))
        if found is None:
            found = validated[folder, data] = runtime_schema.violations(spec, folder)
        checked += 1
        if not found:
            continue
        unexcepted = []
        for v in found:
            hits = [i for i, e in enumerate(entries) if e.matches(case.id, profile, str(v))]
            used.update(hits)
            if not hits:
                unexcepted.append(v)
        excepted += not unexcepted
        problems.extend(
            Problem(str(path), v.pointer, f"breaks runtime-spec schema {folder.name}: {v.message}")
            for v in unexcepted
        )
    where = str(exceptions) if exceptions is not None else "exceptions"
    problems.extend(
        Problem(where, f"/exception/{i}", f"matches no violation ({e.case} under {e.profile}): remove it")
        for i, e in enumerate(entries)
        if i not in used
    )
    notes = [f"runtime-spec schema: {checked} spec goldens checked against {root} ({excepted} excepted)"]
    notes.extend(
        f"runtime-spec schema check skipped for {n} goldens of {what}" for what, n in sorted(skipped.items())
    )
    return problems, notes


def format_stats(stats: Stats) -> list[str]:
    """The ``--stats`` lines: cases per platform/operation, error-expecting cases, goldens, targets."""
    lines = ["cases by platform/operation (error-expecting / all):"]
    for platform, operation in (
        ("linux", "spec"),
        ("windows", "spec"),
        ("linux", "start"),
        ("windows", "start"),
        ("linux", "create"),
        ("windows", "create"),
    ):
        n = stats.cases[platform, operation]
        target = TARGETS[platform, operation]
        mark = f"  (target >= {target}: {'met' if n >= target else 'NOT met'})" if target else ""
        lines.append(f"  {platform} {operation}: {stats.error_cases[platform, operation]} / {n}{mark}")
    start = stats.cases["linux", "start"] + stats.cases["windows", "start"]
    total = sum(stats.cases.values())
    errors = sum(stats.error_cases.values())
    lines.append(f"  start, both platforms: {start} (target >= {START_TARGET}: {_met(start, START_TARGET)})")
    lines.append(
        f"  error-expecting cases: {errors} (target >= {ERROR_TARGET}: {_met(errors, ERROR_TARGET)})"
    )
    lines.append(f"  cases in all: {total} (target >= {TOTAL_TARGET}: {_met(total, TOTAL_TARGET)})")
    lines.append(f"goldens: {sum(stats.goldens.values())} ({sum(stats.error_goldens.values())} errors)")
    lines.extend(f"  {p.id}: {stats.goldens[p.id]}" for p in PROFILES if stats.goldens[p.id])
    return lines


def _met(n: int, target: int) -> str:
    return "met" if n >= target else "NOT met"


@click.command("lint")
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    help="Corpus folder (default: $MOBYSPEC_CORPUS or conformance/cases).",
)
@click.option(
    "--goldens",
    type=click.Path(file_okay=False, path_type=Path),
    help="Goldens folder (default: $MOBYSPEC_GOLDENS or goldens).",
)
@click.option(
    "--lock", type=click.Path(dir_okay=False, path_type=Path), help="Lock file (default: cases.lock)."
)
@click.option(
    "--runtime-spec-schema",
    "schema",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Folder of runtime-spec schema versions (default: ${runtime_schema.SCHEMA_ENV}; unset: skipped).",
)
@click.option(
    "--exceptions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Schema exceptions file (default: conformance/schema-exceptions.toml).",
)
@click.option("--stats", "show_stats", is_flag=True, help="Print the corpus counts.")
@click.option("--write-lock", is_flag=True, help="Rewrite the lock file from the current files first.")
def lint_command(
    corpus: Path | None,
    goldens: Path | None,
    lock: Path | None,
    schema: Path | None,
    exceptions: Path | None,
    *,
    show_stats: bool,
    write_lock: bool,
) -> None:
    """Check the corpus, the goldens and cases.lock; exit 0 when clean, 2 on any problem."""
    corpus = corpus or default_corpus()
    goldens = goldens or default_goldens()
    lock = lock or default_lock(goldens)
    if not corpus.is_dir():
        raise UsageError(f"{corpus}: corpus folder does not exist")
    if write_lock:
        n = write_lock_file(corpus, goldens, lock)
        click.echo(f"wrote {lock} ({n} cases)")
    report = lint(
        corpus,
        goldens,
        lock=lock,
        schema_root=runtime_schema.configured_root(schema),
        exceptions=exceptions or default_exceptions(corpus),
    )
    for problem in report.problems:
        click.echo(str(problem), err=True)
    for note in report.notes:
        click.echo(note)
    if show_stats:
        for line in format_stats(report.stats):
            click.echo(line)
    n_cases = sum(report.stats.cases.values())
    n_goldens = sum(report.stats.goldens.values())
    if report.problems:
        raise UsageError(f"lint: {len(report.problems)} problems ({n_cases} cases, {n_goldens} goldens)")
    click.echo(f"lint: ok ({n_cases} cases, {n_goldens} goldens)")


#: ``write_lock`` under a name the command's flag does not shadow.
write_lock_file = write_lock

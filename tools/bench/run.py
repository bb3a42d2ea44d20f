#!/usr/bin/env python3
"""mobyspec's speed figures, in one run on one machine (docs/performance.md).

Prints the machine (cores, Python, load), then:

* the reference: specs built per second in-process (CPU time, best of three), each output dropped once
  built as the runner drops it (and, alongside, with every output kept alive);
* comparisons: equal-spec comparisons per second on the runner's fast path (decoded answers, and a
  ``py:`` builder's Python objects) and through ``compare()``,
  and the time to explain a mismatching pair;
* full-corpus runs of ``mobyspec run`` as a user starts it: (a) ``reference`` in-process, (b)
  ``cmd:mobyspec serve``, (c) the echo floor (``tools/bench/echo.py``: the expected answers, nothing
  built), (d) ``oneshot:`` on a ~100-pair sample; wall time, CPU time, pairs per second, and (b)/(c);
* ``--jobs``: a builder that burns CPU per case (``tools/bench/burn.py``), one job against two;
* property examples per second against a session builder (``mobyspec_conformance.properties``);
* the runner's peak memory on the full corpus (its own RSS, the builder in another process);
* the start-up: ``mobyspec --help`` wall time, best of five (ten in the full run);
* optionally the default ``tox`` run of a checkout (``--tox DIR``; run it once before, to warm it).

``--quick`` is the CI mode: an eighth of the corpus for (b) and (c), the in-process rates on a sample,
nothing else; ``tests/test_bench_quick.py`` fails only when a ratio grossly regresses. ``--json FILE``
writes every figure. Times are wall-clock unless they say CPU; on a shared machine the load average
printed first says how much to trust them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
MOBYSPEC = str(Path(sys.executable).with_name("mobyspec"))
ONESHOT = ROOT / "conformance" / "adapters" / "python-oneshot" / "oneshot_reference.py"

#: The issue's targets on a two-core machine: (figure, comparison, bound).
TARGETS = {
    "reference_specs_per_s": (">=", 20_000),
    "equal_comparisons_per_s": (">=", 50_000),
    "serve_pairs_per_s": (">=", 3_000),
    "serve_over_floor": ("<=", 1.5),
    "property_examples_per_s": (">=", 150),
    "runner_peak_rss_mb": ("<=", 200),
    "tox_s": ("<=", 120),
    "help_ms": ("<=", 120),
}

Json = Any


def _best_cpu(func: Callable[[], object], repeat: int) -> float:
    """The least CPU time (of this process) ``func`` took over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def machine() -> dict[str, Json]:
    """What the figures were measured on."""
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def corpus_pairs(step: int) -> list[tuple[Any, Any]]:
    """Every ``step``-th (case, profile) of the corpus, as (Case, Profile)."""
    from mobyspec_conformance.corpus import Selection, default_corpus, load  # noqa: PLC0415
    from mobyspec_reference import get_profile  # noqa: PLC0415

    cases = load(default_corpus()).cases
    return [(case, get_profile(pid)) for case, pid in list(Selection().pairs(cases))[::step]]


def reference_rate(pairs: list[tuple[Any, Any]], repeat: int) -> dict[str, Json]:
    """Specs (and start results, and errors) the reference builds per CPU second, in-process.

    The figure (``reference_specs_per_s``) drops each output once built, as the runner drops it once
    compared. Keeping every output alive in one list (``reference_specs_per_s_kept``, how this was
    first measured) adds the cyclic garbage collector walking the growing heap of specs, about a quarter
    of the time on the full corpus: a cost of the measurement, not of the reference.
    """
    from mobyspec_reference import build_output  # noqa: PLC0415

    def dropped() -> None:
        for c, p in pairs:
            build_output(c.platform, c.operation, c.input, p)

    seconds = _best_cpu(dropped, repeat)
    kept = _best_cpu(lambda: [build_output(c.platform, c.operation, c.input, p) for c, p in pairs], repeat)
    return {
        "pairs": len(pairs),
        "reference_specs_per_s": round(len(pairs) / seconds),
        "reference_specs_per_s_kept": round(len(pairs) / kept),
    }


def comparison_rates(pairs: list[tuple[Any, Any]], repeat: int) -> dict[str, Json]:
    """Equal-spec comparisons per CPU second (fast path and ``compare()``), and one explained diff."""
    from mobyspec_conformance.adapters.base import Built  # noqa: PLC0415
    from mobyspec_conformance.canonical import matches_dumps_text  # noqa: PLC0415
    from mobyspec_conformance.compare import compare  # noqa: PLC0415
    from mobyspec_conformance.corpus import default_goldens, golden_path  # noqa: PLC0415
    from mobyspec_conformance.vocabulary import is_error_output  # noqa: PLC0415
    from mobyspec_reference import build_output  # noqa: PLC0415

    goldens = default_goldens()
    built = []
    for case, profile in pairs:
        out = build_output(case.platform, case.operation, case.input, profile)
        if not is_error_output(out):
            data = golden_path(goldens, profile.id, case.id).read_bytes()
            built.append((case, profile.id, out, data, json.loads(data)))
    # answers as the runner holds them after a session or oneshot builder: decoded from JSON text
    fast = _best_cpu(
        lambda: [matches_dumps_text(out, data, plain_json=True) for _, _, out, data, _ in built], repeat
    )
    assert all(matches_dumps_text(out, data, plain_json=True) for _, _, out, data, _ in built)
    # answers from a py: builder, which may hold any Python object: the json-module route
    objects = _best_cpu(lambda: [matches_dumps_text(out, data) for _, _, out, data, _ in built], repeat)

    def full() -> None:
        for case, pid, out, _, golden in built:
            compare(golden, Built(out), platform=case.platform, operation=case.operation, profile=pid,
                    case_input=case.input)  # fmt: skip

    slow = _best_cpu(full, repeat)
    # one mismatching Linux spec: a wrong cwd and a dropped env entry, explained line by line
    case, pid, out, _, golden = next(b for b in built if b[0].platform == "linux" and "process" in b[2])
    wrong = json.loads(json.dumps(out))
    wrong["process"]["cwd"] = "/elsewhere"
    wrong["process"]["env"] = wrong["process"]["env"][1:]
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        verdict = compare(golden, Built(wrong), platform="linux", operation="spec", profile=pid,
                          case_input=case.input)  # fmt: skip
    explained_ms = (time.perf_counter() - start) / runs * 1000
    assert not verdict.exact
    assert verdict.diff
    return {
        "compared": len(built),
        "equal_comparisons_per_s": round(len(built) / fast),
        "equal_python_objects_per_s": round(len(built) / objects),
        "compare_api_per_s": round(len(built) / slow),
        "explained_diff_ms": round(explained_ms, 2),
        "explained_diff_lines": len(verdict.diff),
    }


def timed_run(builder: str, *extra: str) -> dict[str, Json]:
    """``mobyspec run`` as a user starts it: wall and CPU time (runner plus builder), pairs per second."""
    with tempfile.TemporaryDirectory(prefix="mobyspec-bench-") as tmp:
        report = Path(tmp) / "report.jsonl"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [MOBYSPEC, "run", "--builder", builder, "--report", str(report), *extra],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
        footer = json.loads(lines[-1]) if lines else {}
        loop = sum(json.loads(line).get("duration_ms", 0) for line in lines[1:-1]) / 1000
    pairs = sum(footer.get("counts", {}).values())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "builder": builder,
        "args": list(extra),
        "exit": done.returncode,
        "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:],
        "pairs": pairs,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "loop_s": round(loop, 3),
        "pairs_per_s": round(pairs / wall) if wall else 0,
    }


def peak_rss_mb(builder: str, *extra: str) -> float:
    """The runner process's own peak RSS over a run (read in that process: the builder is not counted).

    Linux's ``ru_maxrss`` survives ``exec``: a child of this (large) process would report our size. The
    peak of the runner's own memory map, ``VmHWM`` in ``/proc/self/status``, does not; elsewhere the
    ``ru_maxrss`` is the figure.
    """
    code = (
        "import re, resource, sys\n"
        "from mobyspec_conformance.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    try:\n"
        "        with open('/proc/self/status') as f:\n"
        "            kib = int(re.search(r'VmHWM:\\s+(\\d+) kB', f.read()).group(1))\n"
        "    except OSError:\n"
        "        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    print(kib, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "run", "--builder", builder, *extra],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    kib = int(done.stderr.strip().splitlines()[-1])
    return round(kib / 1024, 1)  # Linux reports KiB


def property_rate(examples: int) -> dict[str, Json]:
    """Examples per second of every rule property at every profile, against ``cmd:mobyspec serve``."""
    import attrs  # noqa: PLC0415

    from mobyspec_conformance import properties  # noqa: PLC0415
    from mobyspec_conformance.adapters.factory import make_builder  # noqa: PLC0415
    from mobyspec_conformance.props_cli import hypothesis_settings  # noqa: PLC0415
    from mobyspec_reference import PROFILES  # noqa: PLC0415

    subject = properties.Subject(make_builder(f"cmd:{MOBYSPEC} serve"), "serve", schema_root=None)
    calls = [0]

    def counted(check: Callable[..., None]) -> Callable[..., None]:
        def wrapper(*args: Any) -> None:  # noqa: ANN401 - passes through
            calls[0] += 1
            check(*args)

        return wrapper

    settings = hypothesis_settings(examples, None)
    statuses: dict[str, int] = {}
    start = time.perf_counter()
    try:
        for prop in properties.PROPERTIES:
            counting = attrs.evolve(prop, check=counted(prop.check))
            for profile in PROFILES:
                result = counting.run(subject, profile, settings)
                statuses[result.status] = statuses.get(result.status, 0) + 1
    finally:
        subject.builder.close()
    seconds = time.perf_counter() - start
    return {
        "property_examples": calls[0],
        "property_requests": subject.requests,
        "property_s": round(seconds, 2),
        "property_examples_per_s": round(calls[0] / seconds),
        "property_results": statuses,
    }


def tox_time(folder: Path) -> float:
    """Wall seconds of a plain ``tox`` (the default environments) in ``folder``."""
    start = time.perf_counter()
    subprocess.run(["tox"], cwd=folder, check=True, capture_output=True)  # noqa: S607 - the user's tox
    return round(time.perf_counter() - start, 1)


def verdicts(figures: dict[str, Json]) -> dict[str, str]:
    """Each target the figures cover: met or missed."""
    out = {}
    for name, (op, bound) in TARGETS.items():
        if name in figures:
            value = figures[name]
            ok = value >= bound if op == ">=" else value <= bound
            out[name] = f"{'met' if ok else 'MISSED'} ({value} {op} {bound})"
    return out


def help_ms(repeat: int) -> float:
    """Wall time of ``mobyspec --help`` (process start to exit), best of ``repeat``, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        clock = time.perf_counter()
        subprocess.run([MOBYSPEC, "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - clock)
    return round(best * 1000, 1)


def main() -> int:
    """Measure, print, and optionally write the figures as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="CI mode: ratios on an eighth of the corpus")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--tox", type=Path, metavar="DIR", help="also time `tox` in this (warm) checkout")
    parser.add_argument("--examples", type=int, default=20, help="property examples per property/profile")
    args = parser.parse_args()
    quick = args.quick
    figures: dict[str, Json] = {"mode": "quick" if quick else "full", "machine": machine()}
    say = print
    say(f"machine: {json.dumps(figures['machine'])}")

    pairs = corpus_pairs(8 if quick else 1)
    figures.update(reference_rate(pairs, 1 if quick else 3))
    say(
        f"reference: {figures['reference_specs_per_s']} specs/s in-process ({figures['pairs']} pairs, CPU; "
        f"{figures['reference_specs_per_s_kept']}/s keeping every output alive)"
    )
    figures.update(comparison_rates(pairs, 1 if quick else 3))
    say(
        f"comparisons: {figures['equal_comparisons_per_s']} equal specs/s on the runner's fast path "
        f"({figures['equal_python_objects_per_s']}/s for a py: builder's Python objects), "
        f"{figures['compare_api_per_s']}/s through compare(); explaining a mismatch: "
        f"{figures['explained_diff_ms']} ms ({figures['explained_diff_lines']} lines)"
    )

    sample = ["--shard", "1/8"] if quick else []
    runs: dict[str, dict[str, Json]] = {}
    if not quick:
        runs["a_reference"] = timed_run("reference", *sample)
    runs["b_serve"] = timed_run(f"cmd:{MOBYSPEC} serve", *sample)
    runs["c_floor"] = timed_run(f"cmd:{sys.executable} {BENCH / 'echo.py'}", *sample)
    if not quick:
        runs["d_oneshot_sample"] = timed_run(f"oneshot:{sys.executable} {ONESHOT}", "--shard", "1/85")
    for name, run in runs.items():
        say(
            f"run {name}: {run['pairs']} pairs in {run['wall_s']} s wall ({run['pairs_per_s']}/s), "
            f"{run['cpu_s']} s CPU, exit {run['exit']}: {run['summary']}"
        )
    figures["runs"] = runs
    # on a sample the start-up dominates: the end-to-end rate target is the full corpus's
    figures["sample_pairs_per_s" if quick else "serve_pairs_per_s"] = runs["b_serve"]["pairs_per_s"]
    figures["serve_over_floor"] = round(runs["b_serve"]["wall_s"] / runs["c_floor"]["wall_s"], 2)
    say(f"(b)/(c): {figures['serve_over_floor']}")
    if "d_oneshot_sample" in runs:
        one = runs["d_oneshot_sample"]
        figures["oneshot_full_corpus_estimate_s"] = round(one["wall_s"] / max(one["pairs"], 1) * 8516, 1)
        say(f"oneshot: about {figures['oneshot_full_corpus_estimate_s']} s for the full corpus at that rate")

    if not quick:
        burn = f"cmd:{sys.executable} {BENCH / 'burn.py'} --burn-ms 2"
        jobs = {n: timed_run(burn, "--shard", "1/8", "--jobs", str(n)) for n in (1, 2)}
        figures["jobs"] = jobs
        figures["jobs2_speedup"] = round(jobs[1]["wall_s"] / jobs[2]["wall_s"], 2)
        say(
            f"--jobs (2 ms CPU a case, {jobs[1]['pairs']} pairs): 1 job {jobs[1]['wall_s']} s, "
            f"2 jobs {jobs[2]['wall_s']} s: x{figures['jobs2_speedup']}"
        )
        figures.update(property_rate(args.examples))
        say(
            f"properties: {figures['property_examples_per_s']} examples/s against cmd:mobyspec serve "
            f"({figures['property_examples']} examples, {figures['property_requests']} requests in "
            f"{figures['property_s']} s)"
        )
        figures["runner_peak_rss_mb"] = peak_rss_mb(f"cmd:{MOBYSPEC} serve")
        figures["reference_in_process_peak_rss_mb"] = peak_rss_mb("reference")
        say(
            f"memory: the runner peaks at {figures['runner_peak_rss_mb']} MB on the full corpus "
            f"({figures['reference_in_process_peak_rss_mb']} MB with the reference in-process)"
        )
    if args.tox:
        figures["tox_s"] = tox_time(args.tox)
        say(f"tox: {figures['tox_s']} s")

    figures["help_ms"] = help_ms(5 if quick else 10)
    say(f"start-up: `mobyspec --help` in {figures['help_ms']} ms (best of {5 if quick else 10})")
    figures["targets"] = verdicts(figures)
    for name, verdict in figures["targets"].items():
        say(f"target {name}: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    bad = [r for r in runs.values() if r["exit"] != 0]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""Corpus generation is deterministic, and the Linux systematic generator keeps its promises."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Writes the whole corpus into a folder with generate.write and prints one line per file: sha256, path.
_SCRIPT = """
import hashlib, sys, pathlib
from tools.corpus import generate
out = pathlib.Path(sys.argv[1])
generate.write(out, generate.all_cases())
for p in sorted(out.rglob("*.json")):
    print(hashlib.sha256(p.read_bytes()).hexdigest(), p.relative_to(out).as_posix())
"""


def _generate(tmp_path: Path, name: str, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / name)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return result.stdout


@pytest.mark.full
@pytest.mark.subprocess
@pytest.mark.slow
def test_generation_is_byte_identical_across_runs_and_hash_seeds(tmp_path):
    first = _generate(tmp_path, "a", "0")
    assert first.count("\n") > 500
    assert _generate(tmp_path, "b", "0") == first
    assert _generate(tmp_path, "c", "4242") == first


@pytest.fixture(scope="module")
def tools():
    from tools.corpus import allpairs, gen_linux_systematic

    return allpairs, gen_linux_systematic


@pytest.mark.parametrize("sizes", [[2], [3, 3], [2, 2, 2, 2], [3, 4, 2, 5], [19, 14, 2, 7, 3, 1]])
def test_all_pairs_covers_every_pair(tools, sizes):
    allpairs, _ = tools
    rows = allpairs.all_pairs(sizes)
    assert allpairs.covers_all_pairs(sizes, rows)
    assert len(set(rows)) == len(rows)
    assert all(len(r) == len(sizes) and all(0 <= v < n for v, n in zip(r, sizes, strict=True)) for r in rows)
    # No bigger than the full product, and never below the product of the two largest dimensions.
    top = sorted(sizes, reverse=True)
    full = len(list(itertools.product(*map(range, sizes))))
    assert (top[0] * top[1] if len(top) > 1 else top[0]) <= len(rows) <= full


def test_all_pairs_refuses_an_empty_dimension(tools):
    allpairs, _ = tools
    with pytest.raises(ValueError, match="at least one value"):
        allpairs.all_pairs([2, 0])


def test_a_missed_pair_is_detected(tools):
    allpairs, _ = tools
    assert not allpairs.covers_all_pairs([2, 2], [(0, 0), (1, 1), (0, 1)])


def test_linux_systematic_counts_and_ids(tools):
    _, gen = tools
    cases = gen.cases()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    assert len(cases) >= 400
    assert all(i.startswith("linux/sys/") and len(i) <= 200 for i in ids)
    assert sum("error" in c["features"] for c in cases) >= 100
    assert all(c["platform"] == "linux" and c["operation"] == "spec" for c in cases)


@pytest.mark.parametrize(
    "ports",
    [
        ("53/udp", "53/sctp"),  # two non-tcp ports with one number
        ("80/tcp", "80"),  # both count as tcp
        ("80/tcp", "80/TCP"),
        ("80-90/tcp", "abc/udp"),  # two ports with Int() 0
        ("70000/tcp", "80-90/tcp"),  # -1 and 0 before 1.13, both 0 after
    ],
)
def test_port_sets_without_a_defined_order_are_refused(tools, ports):
    _, gen = tools
    with pytest.raises(ValueError, match=r"no defined order|several ports"):
        gen.check_ports(ports)

"""A small deterministic covering-array routine: every pair of values of any two dimensions in some row.

Greedy in the AETG manner, without randomness: a row starts from the first pair not yet covered (in
index order) and every other dimension, in order, takes the value that covers the most new pairs with
the values already chosen (ties: the value used least so far, then the lowest index). The same
dimensions always give the same rows, whatever the Python version or hash seed.

A local routine rather than a PyPI package: case ids encode the rows, so the rows must not change
when a third-party algorithm changes between releases.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

#: (dimension i, value index a, dimension j, value index b) with i < j.
Pair = tuple[int, int, int, int]


def all_pairs(sizes: Sequence[int]) -> list[tuple[int, ...]]:
    """Rows of value indexes, one per dimension, that together cover every pair of values."""
    if any(size < 1 for size in sizes):
        msg = "every dimension needs at least one value"
        raise ValueError(msg)
    n = len(sizes)
    uncovered: set[Pair] = {
        (i, a, j, b) for i, j in combinations(range(n), 2) for a in range(sizes[i]) for b in range(sizes[j])
    }
    uses = [[0] * size for size in sizes]
    rows: list[tuple[int, ...]] = []
    if n == 1:
        return [(a,) for a in range(sizes[0])]
    while uncovered:
        i, a, j, b = min(uncovered)
        row: list[int | None] = [None] * n
        row[i], row[j] = a, b
        for k in range(n):
            if row[k] is not None:
                continue
            scores = [(_gain(uncovered, row, k, v), -uses[k][v], -v) for v in range(sizes[k])]
            row[k] = -max(scores)[2]
        done = tuple(v for v in row if v is not None)
        for p, q in combinations(range(n), 2):
            uncovered.discard((p, done[p], q, done[q]))
        for k, v in enumerate(done):
            uses[k][v] += 1
        rows.append(done)
    return rows


def _gain(uncovered: set[Pair], row: Sequence[int | None], k: int, v: int) -> int:
    """How many uncovered pairs value ``v`` of dimension ``k`` would cover with the values chosen so far."""
    gain = 0
    for m, w in enumerate(row):
        if w is None or m == k:
            continue
        pair = (m, w, k, v) if m < k else (k, v, m, w)
        gain += pair in uncovered
    return gain


def covers_all_pairs(sizes: Sequence[int], rows: Sequence[Sequence[int]]) -> bool:
    """Whether ``rows`` cover every pair of values of any two dimensions (for tests)."""
    seen = {(i, r[i], j, r[j]) for r in rows for i, j in combinations(range(len(sizes)), 2)}
    return all(
        (i, a, j, b) in seen
        for i, j in combinations(range(len(sizes)), 2)
        for a in range(sizes[i])
        for b in range(sizes[j])
    )

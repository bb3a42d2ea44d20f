"""A shields.io endpoint badge (``{"schemaVersion": 1, "label", "message", "color"}``) from a report."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from mobyspec_conformance import atomic

if TYPE_CHECKING:
    from pathlib import Path

    from mobyspec_conformance.report.jsonl import Report

Json = Any

#: (minimum pass rate, colour), first match wins.
COLOURS = ((1.0, "brightgreen"), (0.95, "green"), (0.9, "yellowgreen"), (0.75, "yellow"), (0.5, "orange"))


def badge(report: Report) -> Json:
    """The badge of a report: passed / ran (skips excluded), coloured by the rate."""
    if report.footer is None:
        return {"schemaVersion": 1, "label": "mobyspec", "message": "incomplete run", "color": "lightgrey"}
    counts = report.footer["counts"]
    ran = sum(n for outcome, n in counts.items() if outcome != "skip")
    passed = counts.get("pass", 0)
    gate = report.header.get("gate", "semantic")
    if ran == 0:
        return {
            "schemaVersion": 1,
            "label": f"mobyspec ({gate})",
            "message": "no cases ran",
            "color": "lightgrey",
        }
    rate = passed / ran
    colour = next((c for floor, c in COLOURS if rate >= floor), "red")
    # floor, so that 99.99% never shows as 100%
    percent = "100" if passed == ran else f"{math.floor(rate * 1000) / 10:.1f}"
    return {
        "schemaVersion": 1,
        "label": f"mobyspec ({gate})",
        "message": f"{percent}% ({passed}/{ran})",
        "color": colour,
    }


def write(report: Report, path: Path) -> None:
    """Write the badge JSON to ``path``."""
    atomic.write_text(path, json.dumps(badge(report), sort_keys=True) + "\n")

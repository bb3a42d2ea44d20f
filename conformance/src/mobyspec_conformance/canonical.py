"""Canonical JSON: the one byte form of goldens, reports and the comparison fast path."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:  # noqa: ANN401 - any JSON value
    """Sorted keys, 2-space indent, UTF-8 text, one trailing newline (the golden file form)."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def compact(value: Any) -> str:  # noqa: ANN401 - any JSON value
    """Sorted keys, no whitespace: the form compared on the fast path and hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

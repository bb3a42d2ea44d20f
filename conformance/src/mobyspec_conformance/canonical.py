"""Canonical JSON: the one byte form of goldens, reports and the comparison fast path."""

from __future__ import annotations

import json
import re
from typing import Any

#: A line break and the indent after it: all the whitespace :func:`dumps` adds outside strings.
_BREAK = re.compile(rb"\n *")


def dumps(value: Any) -> str:  # noqa: ANN401 - any JSON value
    """Sorted keys, 2-space indent, UTF-8 text, one trailing newline (the golden file form)."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def compact(value: Any) -> str:  # noqa: ANN401 - any JSON value
    """Sorted keys, no whitespace: the form compared on the fast path and hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _spaced(value: Any) -> str:  # noqa: ANN401 - any JSON value
    """Sorted keys, separators ``,`` and ``: ``: :func:`dumps` without its line breaks and indents."""
    return json.dumps(value, sort_keys=True, separators=(",", ": "), ensure_ascii=False)


def matches_dumps_text(value: Any, data: bytes) -> bool:  # noqa: ANN401 - any JSON value
    """Whether ``data`` is the file :func:`dumps` writes for ``value`` (up to line breaks and indents).

    The comparison fast path: a golden file that matches needs no parsing. In the :func:`dumps` form a
    line break and its indent only ever follow ``[``, ``{`` or ``,`` or precede ``]`` or ``}`` (a JSON
    string holds no raw line break), so joining the lines of ``data`` with their leading spaces removed
    gives ``value`` encoded with sorted keys and the separators ``,`` and ``: ``, C-encoded and compared
    as bytes. Equal text means canonically equal values (``true`` is not ``1``). A file in any other
    layout (CRLF, tabs, other key order) simply does not match, and the caller parses it.
    """
    try:
        text = _spaced(value)
    except (TypeError, ValueError, RecursionError):
        return False
    return _BREAK.sub(b"", data) == text.encode("utf-8")

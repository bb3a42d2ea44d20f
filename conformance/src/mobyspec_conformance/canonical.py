"""Canonical JSON: the one byte form of goldens, reports and the comparison fast path."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

#: orjson's form of :func:`dumps`: byte for byte the same for every value JSON text can decode to, floats
#: aside (orjson writes ``1e16`` where Python writes ``1e+16``). Subclasses, dataclasses and datetimes
#: raise instead of being converted, as :mod:`json` would not convert them either.
_GOLDEN_FORM = (
    orjson.OPT_INDENT_2
    | orjson.OPT_SORT_KEYS
    | orjson.OPT_APPEND_NEWLINE
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
)

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


def matches_dumps_text(value: Any, data: bytes, *, plain_json: bool = False) -> bool:  # noqa: ANN401 - any JSON value
    """Whether ``data`` is the file :func:`dumps` writes for ``value`` (up to line breaks and indents).

    The comparison fast path: a golden file that matches needs no parsing. ``plain_json`` says that
    ``value`` holds only what JSON text decodes to (an answer read from a pipe, or the reference's own
    output); then orjson writes the golden form in one call, and equal bytes mean equal values. Other
    Python objects never take that route, because orjson writes NaN as ``null`` and converts UUIDs and
    enums, where the canonical comparison refuses them.

    Otherwise, and when orjson's bytes differ (a float it writes in another notation, a file in another
    layout), the text is checked with :mod:`json`: in the :func:`dumps` form a line break and its indent
    only ever follow ``[``, ``{`` or ``,`` or precede ``]`` or ``}`` (a JSON string holds no raw line
    break), so joining the lines of ``data`` with their leading spaces removed gives ``value`` encoded
    with sorted keys and the separators ``,`` and ``: ``. Equal text means canonically equal values
    (``true`` is not ``1``). A file in any other layout (CRLF, tabs, other key order) does not match,
    and the caller parses it.
    """
    if plain_json:
        try:
            if orjson.dumps(value, option=_GOLDEN_FORM) == data:
                return True
        except orjson.JSONEncodeError:
            pass  # an integer beyond 64 bits, a lone surrogate, deep nesting: json decides
    try:
        text = _spaced(value).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return False
    return _BREAK.sub(b"", data) == text

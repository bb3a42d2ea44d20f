"""The comparison fast path decides exactly what the canonical comparison decides.

``matches_dumps_text(value, golden_file_bytes)`` replaces parsing the golden and comparing canonical
texts when the answer is right; it must agree with ``compact(value) == compact(golden)`` for every pair
of JSON values (``true`` is not ``1``, ``1`` is not ``1.0``), and never match a file in another layout
that it cannot vouch for.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mobyspec_conformance.canonical import compact, dumps, matches_dumps_text

scalars = (
    st.none()
    | st.booleans()
    | st.sampled_from([0, 1, 1.0, -0.0, 0.0, True, False, 2**64])
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('\n\r\t"\\,:[]{} '), max_size=6)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@given(values, values)
def test_agrees_with_the_canonical_comparison(value: Any, golden: Any) -> None:
    assert matches_dumps_text(value, dumps(golden).encode("utf-8")) == (compact(value) == compact(golden))


@given(values)
def test_a_golden_matches_itself(value: Any) -> None:
    assert matches_dumps_text(value, dumps(value).encode("utf-8"))


@given(values)
def test_other_layouts_fall_back_to_parsing(value: Any) -> None:
    crlf = dumps(value).replace("\n", "\r\n").encode("utf-8")
    if "\n" in dumps(value).rstrip("\n"):
        assert not matches_dumps_text(value, crlf)
    ascii_only = (json.dumps(value, indent=2, sort_keys=True) + "\n").encode("ascii")
    assert matches_dumps_text(value, ascii_only) == (ascii_only == dumps(value).encode("utf-8"))


def test_not_json_never_matches() -> None:
    assert not matches_dumps_text({1, 2}, b"[1, 2]\n")
    assert not matches_dumps_text(object(), b"null\n")

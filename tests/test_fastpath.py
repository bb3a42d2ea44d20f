"""The comparison fast path decides exactly what the canonical comparison decides.

``matches_dumps_text(value, golden_file_bytes)`` replaces parsing the golden and comparing canonical
texts when the answer is right; it must agree with ``compact(value) == compact(golden)`` for every pair
of JSON values (``true`` is not ``1``, ``1`` is not ``1.0``), and never match a file in another layout
that it cannot vouch for.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobyspec_conformance.canonical import _GOLDEN_FORM, compact, dumps, matches_dumps_text
from mobyspec_conformance.corpus import default_goldens

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


#: Both routes: a py: builder's Python objects (json only) and an answer decoded from a pipe (orjson first).
routes = pytest.mark.parametrize("route", ["python-objects", "plain-json"])


@routes
@given(values, values)
def test_agrees_with_the_canonical_comparison(route: str, value: Any, golden: Any) -> None:
    verdict = matches_dumps_text(value, dumps(golden).encode("utf-8"), plain_json=route == "plain-json")
    assert verdict == (compact(value) == compact(golden))


@routes
@given(values)
def test_a_golden_matches_itself(route: str, value: Any) -> None:
    assert matches_dumps_text(value, dumps(value).encode("utf-8"), plain_json=route == "plain-json")


def test_every_golden_is_orjsons_form_of_its_value() -> None:
    """Each golden file is byte for byte what one orjson call writes, so a right answer never needs json."""
    files = sorted(default_goldens().rglob("*.json"))
    assert len(files) > 1000
    differ = [
        f for f in files if orjson.dumps(json.loads(f.read_bytes()), option=_GOLDEN_FORM) != f.read_bytes()
    ]
    assert differ == []


@pytest.mark.parametrize(
    ("value", "golden"),
    [(float("nan"), None), (float("inf"), None), (uuid.UUID(int=1), str(uuid.UUID(int=1)))],
    ids=["nan-is-not-null", "infinity-is-not-null", "uuid-is-not-a-string"],
)
def test_python_objects_never_take_the_orjson_route(value: Any, golden: Any) -> None:
    """orjson writes NaN as null and a UUID as its string; only plain JSON values may go through it."""
    assert not matches_dumps_text({"x": value}, dumps({"x": golden}).encode("utf-8"))


@given(values)
def test_other_layouts_fall_back_to_parsing(value: Any) -> None:
    crlf = dumps(value).replace("\n", "\r\n").encode("utf-8")
    if "\n" in dumps(value).rstrip("\n"):
        assert not matches_dumps_text(value, crlf)
    ascii_only = (json.dumps(value, indent=2, sort_keys=True) + "\n").encode("ascii")
    assert matches_dumps_text(value, ascii_only) == (ascii_only == dumps(value).encode("utf-8"))


@routes
def test_not_json_never_matches(route: str) -> None:
    plain_json = route == "plain-json"
    assert not matches_dumps_text({1, 2}, b"[1, 2]\n", plain_json=plain_json)
    assert not matches_dumps_text(object(), b"null\n", plain_json=plain_json)
    assert not matches_dumps_text({"s": "\ud800"}, b'{\n  "s": "\\ud800"\n}\n', plain_json=plain_json)

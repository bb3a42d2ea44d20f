"""The yes/no schema check (``fastcheck``, jsonschema-rs) never passes what jsonschema rejects.

It is the fast path of case loading and of every protocol message; jsonschema stays the judge of
everything it refuses, so the one property that matters is soundness: fast(doc) implies jsonschema finds
no error.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mobyspec_conformance.corpus import case_schema, default_corpus, discover
from mobyspec_conformance.fastcheck import known_valid

FAST = known_valid(case_schema())
SLOW = Draft202012Validator(case_schema())
DOCS = [json.loads(p.read_bytes()) for p in discover(default_corpus())]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, 1, 1.0, -1, 2.5, 65535, 65536, 4294967295, 1e300])
    | st.text(max_size=8)
    | st.sampled_from(["", "linux", "spec", "file", "dir", "a\n", "x/y@v1:z", "/", "a" * 201]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out.extend(_paths(value, (*prefix, i)))
    return out


@st.composite
def mutated_cases(draw: st.DrawFn) -> Any:
    """A corpus case with one to three edits: a value replaced, a key dropped or added, an item appended."""
    doc = copy.deepcopy(draw(st.sampled_from(DOCS)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        parent: Any = doc
        for step in path[:-1]:
            parent = parent[step]
        target = parent[path[-1]] if path else doc
        action = draw(st.sampled_from(["replace", "drop", "add", "append", "duplicate"]))
        if action == "replace" and path:
            parent[path[-1]] = draw(json_values)
        elif action == "drop" and path and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(target, dict):
            target[draw(st.text(max_size=12) | st.sampled_from(sorted(target) or ["x"]))] = draw(json_values)
        elif action == "append" and isinstance(target, list):
            target.append(draw(json_values))
        elif action == "duplicate" and isinstance(target, list) and target:
            target.append(copy.deepcopy(target[0]))
    return doc


def test_every_corpus_case_passes_the_fast_path() -> None:
    # (jsonschema's verdict on the corpus is mobyspec lint's business; here: none falls back to it)
    assert DOCS
    assert [doc["id"] for doc in DOCS if not FAST(doc)] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_cases())
def test_fast_valid_implies_jsonschema_valid(doc: Any) -> None:
    if FAST(doc):
        assert list(SLOW.iter_errors(doc)) == []


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ({"type": "integer"}, 1.0, True),  # draft 6+: a float with no fraction is an integer
        ({"type": "integer"}, True, False),  # a bool is never a number
        ({"type": "number"}, False, False),
        ({"type": ["string", "null"]}, None, True),
        ({"enum": ["a", "b"]}, "b", True),
        ({"enum": ["a", "b"]}, "c", False),
        ({"minimum": 0, "maximum": 65535}, 65536, False),
        ({"minimum": 0}, "not a number", True),  # bounds apply to numbers only
        ({"pattern": "^a$"}, "a\n", True),  # re.search: $ also matches before a final newline
        ({"maxLength": 2}, "\U0001f600\U0001f600", True),  # code points, not bytes
        ({"uniqueItems": True}, ["a", "a"], False),
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x", "b": 1}, False),
        ({"propertyNames": {"enum": ["x"]}}, {"y": 1}, False),
        ({"required": ["a"]}, [], True),  # required applies to objects only
        ({"minProperties": 2, "maxProperties": 2}, {"seq": 1}, False),
        ({"$defs": {"n": {"type": "null"}}, "anyOf": [{"$ref": "#/$defs/n"}, {"type": "string"}]}, 3, False),
    ],
)
def test_keywords_agree_with_jsonschema(schema: Any, instance: Any, valid: bool) -> None:  # noqa: FBT001
    assert Draft202012Validator(schema).is_valid(instance) is valid
    if known_valid(schema)(instance):  # ECMA $ does not match before a final newline: refused, not wrong
        assert valid


def test_what_it_cannot_take_is_not_known_valid() -> None:
    # (jsonschema-rs crashes the process on ~100,000 levels of nesting; decoded JSON and case files
    # never get there: Python's decoder stops near 1,000 levels, the case loader at 64)
    deep: Any = []
    for _ in range(10_000):
        deep = [deep]
    assert known_valid({"items": {"$ref": "#"}})(deep) is True
    assert known_valid({"type": "string", "pattern": "^a$"})("a\n") is False  # jsonschema says valid


_bodies = st.fixed_dictionaries(
    {},
    optional={
        "code": st.none() | st.sampled_from(["links.child", "a-b.c", "Bad", "x..y", ""]) | st.integers(),
        "message": st.text(max_size=4) | st.integers(),
        "reason": st.text(max_size=4) | st.none(),
        "details": json_values,
        "extra": json_values,
    },
)
responses = st.dictionaries(
    st.sampled_from(["seq", "built", "rejected", "skipped", "errored", "other"]),
    st.integers(-2, 3) | st.sampled_from([1.0, True, "1"]) | _bodies | json_values,
    max_size=3,
)


@given(responses)
def test_build_responses_fast_valid_implies_jsonschema_valid(message: Any) -> None:
    from mobyspec_conformance.adapters.protocol import schema

    fast = known_valid(schema("build.response"))
    if fast(message):
        assert Draft202012Validator(schema("build.response")).is_valid(message), message

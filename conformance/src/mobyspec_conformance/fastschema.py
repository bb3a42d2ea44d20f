"""A compiled validity check for JSON Schema documents such as ``case.v1.json``: the fast path of loading.

jsonschema walks a schema afresh for every instance (about a millisecond per case file, most of a run's
start-up). This module turns a schema into nested closures once; a case file is then checked in a few
microseconds. The check is one-sided: it answers True only when the document is valid under the exact
rules jsonschema applies for these keywords (Draft 2020-12), and False whenever it is unsure (a
keyword value it does not model, a non-string item under ``uniqueItems``, recursion too deep). The caller
runs jsonschema on False, so errors, their order and their wording stay jsonschema's.

A schema with a keyword outside :data:`KEYWORDS` does not compile (:class:`UnsupportedSchemaError`); the
caller then validates with jsonschema alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mobyspec_conformance.errors import MobyspecError

if TYPE_CHECKING:
    from collections.abc import Callable

Json = Any

#: Keywords that only annotate: they never make an instance invalid.
ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)
#: Keywords the compiler models (with the annotations above); any other one makes a schema unsupported.
KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "anyOf",
        "$ref",
        "pattern",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "uniqueItems",
        "propertyNames",
        "minimum",
        "maximum",
    }
)


class UnsupportedSchemaError(MobyspecError, ValueError):
    """The schema uses a keyword (or a keyword value) this compiler does not model."""


def _is_number(value: Json) -> bool:
    return (type(value) is int or type(value) is float) and value == value  # noqa: PLR0124 - NaN is no JSON


# Draft 6 and later: an integer is any number with a zero fractional part (1.0 is an integer); a bool is
# never a number (jsonschema's draft-2020-12 type checker).
_TYPES: dict[str, Callable[[Json], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: type(v) is bool,
    "integer": lambda v: type(v) is int or (type(v) is float and v.is_integer()),
    "number": _is_number,
    "string": lambda v: type(v) is str,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
}


def _always(_: Json) -> bool:
    return True


def _never(_: Json) -> bool:
    return False


class _Compiler:
    """Compiles one root schema; ``$ref`` targets are compiled once, lazily, so recursion is fine."""

    def __init__(self, root: Json) -> None:
        self.root = root
        self.refs: dict[str, Callable[[Json], bool]] = {}

    def ref(self, pointer: str) -> Callable[[Json], bool]:
        if not pointer.startswith("#"):
            raise UnsupportedSchemaError(f"non-local $ref {pointer!r}")
        if pointer not in self.refs:
            target: Json = self.root
            for part in filter(None, pointer[1:].split("/")):
                key = part.replace("~1", "/").replace("~0", "~")
                try:
                    target = target[int(key)] if isinstance(target, list) else target[key]
                except (KeyError, IndexError, ValueError, TypeError):
                    raise UnsupportedSchemaError(f"unresolvable $ref {pointer!r}") from None
            cell: list[Callable[[Json], bool]] = []
            self.refs[pointer] = lambda v: cell[0](v)  # noqa: PLW0108 - bound late (recursion)
            cell.append(self.compile(target))
        return self.refs[pointer]

    def compile(self, schema: Json) -> Callable[[Json], bool]:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if type(schema) is not dict:
            raise UnsupportedSchemaError(f"not a schema: {schema!r}")
        unknown = set(schema) - KEYWORDS - ANNOTATIONS
        if unknown:
            raise UnsupportedSchemaError(f"unsupported keywords {sorted(unknown)}")
        checks: list[Callable[[Json], bool]] = []
        for keyword in sorted(set(schema) & KEYWORDS):
            method: Callable[[Json, Json], Callable[[Json], bool] | None] = getattr(
                self, "_" + keyword.lstrip("$")
            )
            check = method(schema[keyword], schema)
            if check is not None:
                checks.append(check)
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    # --- one method per keyword: returns a check, or None when the keyword adds nothing --------------

    def _type(self, value: Json, _: Json) -> Callable[[Json], bool]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(n in _TYPES for n in names):
            raise UnsupportedSchemaError(f"type {value!r}")
        tests = tuple(_TYPES[n] for n in names)
        if len(tests) == 1:
            return tests[0]
        return lambda v: any(t(v) for t in tests)

    def _enum(self, value: Json, _: Json) -> Callable[[Json], bool]:
        # String enums only: jsonschema's equality for other values (1 == 1.0, True != 1) is not modelled.
        if not isinstance(value, list) or not all(type(x) is str for x in value):
            raise UnsupportedSchemaError("enum with non-string values")
        allowed = frozenset(value)
        return lambda v: type(v) is str and v in allowed

    def _properties(self, value: Json, _: Json) -> Callable[[Json], bool]:
        props = tuple((name, self.compile(sub)) for name, sub in value.items())

        def check(v: Json) -> bool:
            if type(v) is not dict:
                return True
            for name, sub in props:  # noqa: SIM110 - a plain loop: the hottest check
                if name in v and not sub(v[name]):
                    return False
            return True

        return check

    def _additionalProperties(self, value: Json, schema: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        if "patternProperties" in schema:
            raise UnsupportedSchemaError("patternProperties")
        known = frozenset(schema.get("properties", ()))
        sub = self.compile(value)
        if sub is _always:
            return _always
        if sub is _never:
            return lambda v: type(v) is not dict or v.keys() <= known
        return lambda v: type(v) is not dict or all(sub(x) for k, x in v.items() if k not in known)

    def _required(self, value: Json, _: Json) -> Callable[[Json], bool]:
        names = tuple(value)
        return lambda v: type(v) is not dict or all(n in v for n in names)

    def _items(self, value: Json, _: Json) -> Callable[[Json], bool]:
        sub = self.compile(value)
        return lambda v: type(v) is not list or all(sub(x) for x in v)

    def _anyOf(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        subs = tuple(self.compile(s) for s in value)
        return lambda v: any(s(v) for s in subs)

    def _ref(self, value: Json, _: Json) -> Callable[[Json], bool]:
        return self.ref(value)

    def _pattern(self, value: Json, _: Json) -> Callable[[Json], bool]:
        search = re.compile(value).search  # jsonschema uses re.search: unanchored, Python's dialect
        return lambda v: type(v) is not str or search(v) is not None

    def _minLength(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        return lambda v: type(v) is not str or len(v) >= value

    def _maxLength(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        return lambda v: type(v) is not str or len(v) <= value

    def _minItems(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        return lambda v: type(v) is not list or len(v) >= value

    def _maxItems(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        return lambda v: type(v) is not list or len(v) <= value

    def _minProperties(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        return lambda v: type(v) is not dict or len(v) >= value

    def _maxProperties(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        return lambda v: type(v) is not dict or len(v) <= value

    def _uniqueItems(self, value: Json, _: Json) -> Callable[[Json], bool] | None:  # noqa: N802 - keyword
        if value is not True:
            return None
        # Strings only: for them uniqueness is plain set membership; other items leave it to jsonschema.
        return lambda v: type(v) is not list or (all(type(x) is str for x in v) and len(set(v)) == len(v))

    def _propertyNames(self, value: Json, _: Json) -> Callable[[Json], bool]:  # noqa: N802 - keyword
        sub = self.compile(value)
        return lambda v: type(v) is not dict or all(sub(k) for k in v)

    def _minimum(self, value: Json, _: Json) -> Callable[[Json], bool]:
        if not _is_number(value):
            raise UnsupportedSchemaError("minimum")
        return lambda v: not _is_number(v) or v >= value

    def _maximum(self, value: Json, _: Json) -> Callable[[Json], bool]:
        if not _is_number(value):
            raise UnsupportedSchemaError("maximum")
        return lambda v: not _is_number(v) or v <= value


def compile_schema(schema: Json) -> Callable[[Json], bool]:
    """A function that is True only for documents valid under ``schema``; raises when unsupported.

    False means "not known to be valid": validate with jsonschema to learn why (or that it is valid).
    """
    try:
        check = _Compiler(schema).compile(schema)
    except (AttributeError, TypeError, re.error) as err:
        raise UnsupportedSchemaError(f"malformed schema: {err}") from None

    def valid(document: Json) -> bool:
        try:
            return check(document)
        except RecursionError:
            return False

    return valid

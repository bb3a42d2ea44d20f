"""The yes/no schema check: jsonschema-rs says in microseconds whether a document is valid.

jsonschema walks a schema afresh for every instance (about a millisecond per case file); jsonschema-rs
compiles it once. Its "valid" is trusted, its "invalid" is not: the caller then asks jsonschema, whose
errors, their order and their wording are the ones users see. The check is sound for JSON values: where
the two libraries differ they differ towards jsonschema-rs refusing (its ECMA ``$`` does not match before
a final newline, as Python's does), and anything it cannot take (a lone surrogate, a Python object that
is not JSON, nesting too deep) counts as "not known valid".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from collections.abc import Callable

Json = Any


def _never(_: Json) -> bool:
    return False


def known_valid(schema: Json) -> Callable[[Json], bool]:
    """A check of ``schema`` that answers True only for documents jsonschema also finds valid."""
    try:
        check = jsonschema_rs.validator_for(schema).is_valid
    except (ValueError, TypeError):  # a schema it cannot compile: jsonschema judges every document
        return _never

    def valid(doc: Json) -> bool:
        try:
            return bool(check(doc))
        except (ValueError, TypeError, OverflowError, RecursionError):
            return False

    return valid

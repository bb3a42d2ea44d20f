"""The comparison scope of a partial builder: which fields of a spec are compared, and which only by shape.

The scope is data (``scope.json``, schema-free but checked on load). :meth:`Scope.project` is applied to
the golden and to the answer alike before the usual comparison, so a live engine's full ``config.json``
is compared only on what the operation models, and machine values (the engine's root path, the init
binary's path) only on their shape. Error outputs are left whole: they compare by code.

Kept in one module so the runner can switch to the project-wide scope mechanism when it lands.
"""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import Any

from attrs import frozen

Json = Any


class ScopeError(ValueError):
    """``scope.json`` is malformed (a packaging bug)."""


@frozen
class Select:
    """Keep only the items of the list at ``pointer`` whose ``key`` is one of ``values``."""

    pointer: str
    key: str
    values: frozenset[str]


@frozen
class Shape:
    """The strings at ``pointer`` (``*`` matches any list index or key) compare by ``pattern`` only."""

    pointer: str
    name: str
    pattern: re.Pattern[str]


@frozen
class Scope:
    """One (platform, operation)'s compared fields."""

    name: str
    platform: str
    operation: str
    keep: tuple[str, ...]
    select: tuple[Select, ...]
    shapes: tuple[Shape, ...]

    def project(self, doc: Json) -> Json:
        """``doc`` reduced to the scope (errors and non-objects unchanged)."""
        if not isinstance(doc, dict) or "error" in doc:
            return doc
        out: dict[str, Json] = {}
        for pointer in self.keep:
            parts = _parts(pointer)
            found, value = _get(doc, parts)
            if found:
                _put(out, parts, copy.deepcopy(value))
        for sel in self.select:
            found, value = _get(out, _parts(sel.pointer))
            if found and isinstance(value, list):
                value[:] = [i for i in value if isinstance(i, dict) and i.get(sel.key) in sel.values]
        for shape in self.shapes:
            _reshape(out, _parts(shape.pointer), shape)
        return out


def _parts(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        raise ScopeError(f"scope pointer {pointer!r} does not start with /")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def _get(doc: Json, parts: list[str]) -> tuple[bool, Json]:
    node = doc
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def _put(doc: dict[str, Json], parts: list[str], value: Json) -> None:
    node = doc
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _reshape(node: Json, parts: list[str], shape: Shape) -> None:
    """Replace each matching string at ``parts`` by ``<shape name>`` (a non-matching one stays, and shows)."""
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    if isinstance(node, list):
        keys: list[Any] = list(range(len(node))) if head == "*" else ([int(head)] if head.isdigit() else [])
        keys = [k for k in keys if k < len(node)]
    elif isinstance(node, dict):
        keys = list(node) if head == "*" else ([head] if head in node else [])
    else:
        return
    for key in keys:
        if rest:
            _reshape(node[key], rest, shape)
        elif isinstance(node[key], str) and shape.pattern.search(node[key]):
            node[key] = f"<{shape.name}>"


def parse_scopes(doc: Json) -> tuple[Scope, ...]:
    """The scopes of a ``scope.json`` document."""
    try:
        patterns = {name: re.compile(p) for name, p in doc["shape_patterns"].items()}
        return tuple(
            Scope(
                name=s["name"],
                platform=s["platform"],
                operation=s["operation"],
                keep=tuple(s["keep"]),
                select=tuple(
                    Select(x["pointer"], x["key"], frozenset(x["values"])) for x in s.get("select", ())
                ),
                shapes=tuple(
                    Shape(x["pointer"], x["shape"], patterns[x["shape"]]) for x in s.get("shapes", ())
                ),
            )
            for s in doc["scopes"]
        )
    except (KeyError, TypeError, re.error) as err:
        raise ScopeError(f"scope.json: {type(err).__name__}: {err}") from None


def live_scopes() -> tuple[Scope, ...]:
    """The scopes shipped for live engines."""
    text = resources.files("mobyspec_conformance.live").joinpath("scope.json").read_text(encoding="utf-8")
    return parse_scopes(json.loads(text))


def scope_for(scopes: tuple[Scope, ...], platform: str, operation: str) -> Scope | None:
    """The scope of (platform, operation), or None (compared whole)."""
    return next((s for s in scopes if s.platform == platform and s.operation == operation), None)

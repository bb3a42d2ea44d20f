"""Scope: which parts of an output are compared, as data.

A :class:`Scope` is an ordered table of selectors (a JSON Pointer pattern, optionally narrowed by a test
on the value there), each with a mode: ``compare`` (the default), ``exclude`` (left out of both sides) or
``shape`` (compared by JSON type only: a machine-specific value such as a generated id). Every node of an
output takes the mode of the deepest selector that matches it, else its parent's, else the scope's
``default``. :meth:`Scope.project` applies it to a golden and to an answer alike, and the comparison runs
on the projections, so a difference outside the scope never fails a pair.

Uses: a partial builder's unimplemented behaviours (``behaviours.scope_for``), and only the fields an
operation models or machine values compared by shape (``Scope.from_json`` of a data file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

from mobyspec_conformance.compare import link_aliases

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

Json = Any
Mode = Literal["compare", "exclude", "shape"]
MODES: tuple[Mode, ...] = ("compare", "exclude", "shape")

#: What :meth:`Scope.project` returns for a node that is out of scope (never part of the result).
_DROP = object()


def parse_pointer(pointer: str) -> tuple[str, ...]:
    """The segments of a JSON Pointer (RFC 6901 escapes undone); ``*`` stays a wildcard segment."""
    if pointer in {"", "/"}:
        return ()
    if not pointer.startswith("/"):
        msg = f"JSON Pointer {pointer!r} must start with /"
        raise ValueError(msg)
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:])


@frozen
class Context:
    """What value tests may need besides the value: the case input's link env prefixes."""

    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, case_input: Mapping[str, Json] | None) -> Context:
        """The context of one case."""
        return cls(link_aliases(case_input) if case_input else ())


@frozen
class Selector:
    """A node pattern: a pointer (``*`` matches any key or index) and an optional test of the value.

    Tests (at most one kind is usually given, all given must hold): ``where`` (an object whose keys have
    these values), ``prefix`` (a string starting with it), ``leading`` (a list item in the leading run
    equal to these values, e.g. ``/dev/init``, ``--``), ``link_env`` (a string that is a link variable of
    the case's links: ``<ALIAS>_PORT…``, ``<ALIAS>_NAME=``, ``<ALIAS>_ENV_…``).
    """

    pointer: tuple[str, ...]
    where: tuple[tuple[str, Json], ...] = ()
    prefix: str | None = None
    leading: tuple[Json, ...] = ()
    link_env: bool = False

    @classmethod
    def from_json(cls, doc: Mapping[str, Json]) -> Selector:
        """A selector from data: ``{"pointer": "/mounts/*", "where": {"destination": "/dev/init"}}``."""
        known = {"pointer", "where", "prefix", "leading", "link_env"}
        extra = set(doc) - known - {"mode", "behaviour", "applies"}
        if extra:
            msg = f"selector {doc.get('pointer')!r}: unknown keys {sorted(extra)}"
            raise ValueError(msg)
        return cls(
            pointer=parse_pointer(doc["pointer"]),
            where=tuple(sorted((doc.get("where") or {}).items())),
            prefix=doc.get("prefix"),
            leading=tuple(doc.get("leading") or ()),
            link_env=bool(doc.get("link_env", False)),
        )

    def matches(self, path: Sequence[str | int], value: Json, parent: Json, ctx: Context) -> bool:
        """Whether the node at ``path`` (its value, and the list or object holding it) is selected."""
        if len(path) != len(self.pointer):
            return False
        for want, got in zip(self.pointer, path, strict=True):
            if want not in {"*", str(got)}:
                return False
        if self.where and not (
            isinstance(value, dict) and all(k in value and value[k] == v for k, v in self.where)
        ):
            return False
        if self.prefix is not None and not (isinstance(value, str) and value.startswith(self.prefix)):
            return False
        if self.leading and not _in_leading_run(path[-1] if path else None, parent, self.leading):
            return False
        return not self.link_env or _is_link_var(value, ctx.aliases)


def _in_leading_run(index: str | int | None, parent: Json, values: Sequence[Json]) -> bool:
    if not isinstance(index, int) or not isinstance(parent, list) or index >= len(values):
        return False
    return all(i < len(parent) and parent[i] == values[i] for i in range(index + 1))


def _is_link_var(value: Json, aliases: Sequence[str]) -> bool:
    return isinstance(value, str) and any(
        value.startswith((a + "_PORT", a + "_NAME=", a + "_ENV_")) for a in aliases
    )


class Labels:
    """An ordered selector table with a label each: the deepest match labels a node (first wins a tie)."""

    def __init__(self, rules: Sequence[tuple[Selector, str]]) -> None:
        self.by_depth: dict[int, list[tuple[Selector, str]]] = {}
        for selector, label in rules:
            self.by_depth.setdefault(len(selector.pointer), []).append((selector, label))

    def label(self, path: Sequence[str | int], value: Json, parent: Json, ctx: Context) -> str | None:
        """The label of the first selector of this depth that matches the node, or None."""
        for selector, label in self.by_depth.get(len(path), ()):
            if selector.matches(path, value, parent, ctx):
                return label
        return None

    def owner(self, doc: Json, path: Sequence[str | int], ctx: Context, default: str) -> tuple[str, bool]:
        """The label of the node at ``path`` in ``doc`` (the deepest match on the way), and whether it exists.

        Below a missing node the walk goes on with no value, so plain pointer selectors still label it.
        """
        label, node, present = self.label((), doc, None, ctx) or default, doc, True
        parent: Json = None
        for depth, part in enumerate(path, start=1):
            if present and isinstance(node, dict) and str(part) in node:
                parent, node = node, node[str(part)]
            elif present and isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
                parent, node = node, node[int(part)]
            else:
                parent, node, present = None, None, False
            step: Sequence[str | int] = (*path[: depth - 1], int(part) if str(part).isdigit() else part)
            label = self.label(step, node, parent, ctx) or label
        return label, present


@frozen
class Scope:
    """Which nodes of an output are compared, excluded or compared by shape (see the module docstring)."""

    rules: tuple[tuple[Selector, Mode], ...] = ()
    default: Mode = "compare"
    _labels: Labels = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for _, mode in self.rules:
            if mode not in MODES:
                msg = f"scope mode {mode!r}: must be one of {', '.join(MODES)}"
                raise ValueError(msg)
        object.__setattr__(self, "_labels", Labels(self.rules))

    @classmethod
    def from_json(cls, doc: Mapping[str, Json]) -> Scope:
        """A scope from data: ``{"default": "compare", "rules": [{"pointer": ..., "mode": ...}, ...]}``."""
        rules = tuple((Selector.from_json(r), r.get("mode", "exclude")) for r in doc.get("rules") or ())
        return cls(rules=rules, default=doc.get("default", "compare"))

    @property
    def full(self) -> bool:
        """Whether everything is compared as is (projection is the identity)."""
        return self.default == "compare" and all(mode == "compare" for _, mode in self.rules)

    def project(self, doc: Json, case_input: Mapping[str, Json] | None = None) -> Json:
        """``doc`` with excluded nodes left out and shape-only leaves replaced by their JSON type."""
        if self.full:
            return doc
        ctx = Context.of(case_input)
        mode = self._labels.label((), doc, None, ctx) or self.default
        out = self._project(doc, [], mode, ctx)
        return {} if out is _DROP else out

    def _project(self, node: Json, path: list[str | int], mode: str, ctx: Context) -> Json:
        if isinstance(node, dict):
            kept = {}
            for key, value in node.items():
                child = self._child(value, [*path, key], node, mode, ctx)
                if child is not _DROP:
                    kept[key] = child
            return _DROP if mode == "exclude" and not kept else kept
        if isinstance(node, list):
            items = [self._child(v, [*path, i], node, mode, ctx) for i, v in enumerate(node)]
            kept_items = [v for v in items if v is not _DROP]
            return _DROP if mode == "exclude" and not kept_items else kept_items
        if mode == "exclude":
            return _DROP
        return shape_of(node) if mode == "shape" else node

    def _child(self, value: Json, path: list[str | int], parent: Json, mode: str, ctx: Context) -> Json:
        return self._project(value, path, self._labels.label(path, value, parent, ctx) or mode, ctx)


def shape_of(value: Json) -> str:
    """The JSON type of a leaf, as compared by a ``shape`` scope: ``<string>``, ``<number>``, ..."""
    if isinstance(value, bool):
        return "<boolean>"
    if isinstance(value, int | float):
        return "<number>"
    if value is None:
        return "<null>"
    return "<string>"


#: The scope that compares everything (what a builder that declares no unsupported behaviour gets).
FULL = Scope()

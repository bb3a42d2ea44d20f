"""Compare a builder's response with a golden: two scores, error codes, and a readable explanation.

* ``exact``: the canonical JSON forms are equal (sorted keys, no whitespace; ``true`` is not ``1``).
* ``semantic``: equal after the comparison policy (``policy.json``, shipped as data) has made the lists
  whose order moby itself leaves to a Go map order-free.
* Errors match by code, never by message, and hierarchically: an actual code that extends the expected
  one (``links.child-not-running.stopped`` for ``links.child-not-running``) passes. A rejection without
  a code is its own mismatch kind, counted apart.
* DeepDiff runs only to explain a failure: one line per JSON Pointer with the expected and actual value.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from attrs import frozen
from deepdiff import DeepDiff

from mobyspec_conformance.adapters.base import Built, Rejected
from mobyspec_conformance.canonical import compact
from mobyspec_conformance.vocabulary import is_error_output, pointer
from mobyspec_reference.gosemantics import go_upper

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence


Json = Any

#: Why a comparison failed; ``None`` when both scores pass.
Mismatch = Literal[
    "spec-differs",  # both built, the outputs differ
    "error-code-differs",  # both rejected, the codes differ (neither equal nor more specific)
    "accepted-invalid",  # moby returns an error, the builder built something
    "rejected-valid",  # moby builds, the builder rejected the input
    "rejected-unmapped",  # moby returns an error, the builder rejected without a code
]

#: How a policy group makes its list order-free.
MODES = ("set", "link-env-blocks")

#: Longest rendering of one value in a diff line.
VALUE_LIMIT = 160


@frozen
class Group:
    """One order-free group of the policy: a list at ``pointer`` whose order moby does not define."""

    name: str
    platform: str
    operation: str
    pointer: str
    mode: Literal["set", "link-env-blocks"]
    profiles: tuple[str, ...] = ()
    #: For ``set``: only the list items whose ``key`` equals ``value`` are order-free (kept in their slots).
    match: tuple[str, Json] | None = None

    def applies(self, platform: str, operation: str, profile: str) -> bool:
        """Whether this group governs a (platform, operation, profile) output."""
        return (
            self.platform == platform
            and self.operation == operation
            and (not self.profiles or profile in self.profiles)
        )


@frozen
class Policy:
    """The comparison policy: its format version and its order-free groups."""

    version: int
    groups: tuple[Group, ...]

    def groups_for(self, platform: str, operation: str, profile: str) -> tuple[Group, ...]:
        """The groups that apply to one output."""
        return tuple(g for g in self.groups if g.applies(platform, operation, profile))

    def group(self, name: str) -> Group:
        """The group called ``name`` (KeyError when there is none)."""
        for g in self.groups:
            if g.name == name:
                return g
        raise KeyError(name)


def parse_policy(doc: Mapping[str, Json]) -> Policy:
    """A :class:`Policy` from its JSON document (``policy.json``)."""
    groups = []
    for raw in doc["groups"]:
        if raw["mode"] not in MODES:
            msg = f"policy group {raw['name']!r}: unknown mode {raw['mode']!r} (known: {', '.join(MODES)})"
            raise ValueError(msg)
        match = raw.get("match")
        groups.append(
            Group(
                name=raw["name"],
                platform=raw["platform"],
                operation=raw["operation"],
                pointer=raw["pointer"],
                mode=raw["mode"],
                profiles=tuple(raw.get("profiles") or ()),
                match=None if match is None else (match["key"], match["value"]),
            )
        )
    return Policy(version=doc["version"], groups=tuple(groups))


@cache
def default_policy() -> Policy:
    """The policy shipped with this package."""
    text = resources.files("mobyspec_conformance").joinpath("policy.json").read_text("utf-8")
    return parse_policy(json.loads(text))


@frozen
class Verdict:
    """The result of comparing one response with its golden."""

    exact: bool
    semantic: bool
    mismatch: Mismatch | None = None
    #: One line per difference (JSON Pointer: expected ..., got ...); empty when ``exact``.
    diff: tuple[str, ...] = ()

    def passed(self, gate: Literal["exact", "semantic"]) -> bool:
        """Whether the score that ``gate`` names passes."""
        return self.exact if gate == "exact" else self.semantic


def code_matches(expected: str, actual: str) -> bool:
    """Hierarchical match: ``actual`` equals ``expected`` or extends it by more dotted segments."""
    return actual == expected or actual.startswith(expected + ".")


def compare(
    golden: Json,
    response: Built | Rejected,
    *,
    platform: str,
    operation: str,
    profile: str,
    case_input: Mapping[str, Json],
    policy: Policy | None = None,
    explained: bool = True,
) -> Verdict:
    """Compare a built or rejected response with the golden of (case, profile).

    ``explained=False`` skips the DeepDiff explanation of a spec difference (``detect`` needs scores only).
    """
    if is_error_output(golden):
        expected = golden["error"]
        if isinstance(response, Built):
            return _fail(
                "accepted-invalid",
                f"/: expected the error {expected['code']} ({_show(expected['message'])}), "
                "got a built output",
            )
        if response.code is None:
            return _fail(
                "rejected-unmapped",
                f"/error/code: expected {expected['code']}, got a rejection without a code "
                f"({_show(response.message)})",
            )
        if code_matches(expected["code"], response.code):
            return Verdict(exact=True, semantic=True)
        return _fail(
            "error-code-differs",
            f"/error/code: expected {expected['code']} (or a more specific code), got {response.code} "
            f"({_show(response.message)})",
        )
    if isinstance(response, Rejected):
        return _fail(
            "rejected-valid",
            f"/: expected a built output, got the error {response.code or '(no code)'} "
            f"({_show(response.message)})",
        )
    actual = response.output
    if compact(actual) == compact(golden):
        return Verdict(exact=True, semantic=True)
    groups = (policy or default_policy()).groups_for(platform, operation, profile)
    semantic = False
    left, right = golden, actual
    if groups:
        norm_golden = normalise(golden, groups, case_input)
        norm_actual = normalise(actual, groups, case_input)
        semantic = compact(norm_golden) == compact(norm_actual)
        if not semantic:
            left, right = norm_golden, norm_actual
    lines = explain(left, right) if explained else ()
    return Verdict(exact=False, semantic=semantic, mismatch=None if semantic else "spec-differs", diff=lines)


def _fail(kind: Mismatch, line: str) -> Verdict:
    return Verdict(exact=False, semantic=False, mismatch=kind, diff=(line,))


# --- normalisation (semantic mode) ----------------------------------------------------------------


def normalise(doc: Json, groups: Iterable[Group], case_input: Mapping[str, Json]) -> Json:
    """A copy of ``doc`` with every group's list put in a canonical order."""
    out = copy.deepcopy(doc)
    for group in groups:
        parent, key = _locate(out, group.pointer)
        if parent is None:
            continue
        value = parent[key]
        if not isinstance(value, list):
            continue
        if group.mode == "set":
            parent[key] = _sorted_set(value, group.match)
        else:
            parent[key] = _sorted_link_blocks(value, link_aliases(case_input))
    return out


def _locate(doc: Json, pointer: str) -> tuple[Any, Any]:
    """(container, key) of the value at ``pointer``; (None, None) when the path does not exist."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    node = doc
    for part in parts[:-1]:
        node = _child(node, part)
        if node is None:
            return None, None
    last = parts[-1]
    if isinstance(node, dict) and last in node:
        return node, last
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        return node, int(last)
    return None, None


def _child(node: Json, part: str) -> Json:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return None


def _sorted_set(items: list[Json], match: tuple[str, Json] | None) -> list[Json]:
    """Sort the order-free items by their canonical JSON; with ``match``, only those items, in their slots."""
    if match is None:
        return sorted(items, key=compact)
    key, value = match
    slots = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get(key) == value]
    chosen = sorted((items[i] for i in slots), key=compact)
    out = list(items)
    for slot, item in zip(slots, chosen, strict=True):
        out[slot] = item
    return out


def link_aliases(case_input: Mapping[str, Json]) -> tuple[str, ...]:
    """The env prefixes of the case's links: Go ``ToUpper`` of the alias's last element, ``-`` -> ``_``.

    Longest first, so that an alias that extends another (``DB_PORT`` and ``DB``) claims its own entries.
    Source: moby/moby@v1.12.0:daemon/links/links.go (``ToEnv``).
    """
    aliases = set()
    for link in case_input.get("links") or ():
        full = str(link.get("Alias", ""))
        last = full.rstrip("/").rsplit("/", 1)[-1]
        if last:
            aliases.add(go_upper(last).replace("-", "_"))
    return tuple(sorted(aliases, key=lambda a: (-len(a), a)))


def _alias_of(entry: Json, aliases: Sequence[str]) -> str | None:
    """The link alias an env entry belongs to: ``<ALIAS>_PORT...``, ``<ALIAS>_NAME=``, ``<ALIAS>_ENV_...``."""
    if not isinstance(entry, str):
        return None
    for alias in aliases:
        if entry.startswith((alias + "_PORT", alias + "_NAME=", alias + "_ENV_")):
            return alias
    return None


def _sorted_link_blocks(env: list[Json], aliases: Sequence[str]) -> list[Json]:
    """Reorder whole contiguous link blocks of an env list into a canonical order; entries keep their order.

    A block starts at an entry of a new alias, at ``<ALIAS>_PORT=`` (the first entry of a block with
    ports), or at a ``_PORT``/``_NAME`` entry after the current block's ``_NAME`` (two aliases that
    upper-case to the same prefix). Each maximal run of consecutive link entries is sorted by block.
    """
    if not aliases:
        return env
    out: list[Json] = []
    run: list[list[Json]] = []
    current: str | None = None
    named = False
    for entry in env:
        alias = _alias_of(entry, aliases)
        if alias is None:
            out.extend(item for block in sorted(run, key=compact) for item in block)
            run, current = [], None
            out.append(entry)
            continue
        starts = (
            alias != current
            or entry.startswith(alias + "_PORT=")
            or (named and not entry.startswith(alias + "_ENV_"))
        )
        if starts:
            run.append([])
            current, named = alias, False
        run[-1].append(entry)
        named = named or entry.startswith(alias + "_NAME=")
    out.extend(item for block in sorted(run, key=compact) for item in block)
    return out


# --- explanation --------------------------------------------------------------------------------


def _show(value: Json) -> str:
    """A value as compact JSON, cut to :data:`VALUE_LIMIT` characters."""
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 3] + "..."


def explain(expected: Json, actual: Json) -> tuple[str, ...]:
    """One line per JSON Pointer where ``actual`` differs from ``expected``, sorted by pointer.

    Lists of scalars are aligned (an inserted or dropped element is one line, not a cascade).
    """
    diff = DeepDiff(expected, actual, view="tree", verbose_level=2)
    rows: list[tuple[str, str]] = []
    for kind, levels in diff.tree.items():
        for level in levels:
            where = pointer(level.path(output_format="list"), root="/")
            if kind in {"dictionary_item_added", "iterable_item_added", "attribute_added"}:
                rows.append((where, f"{where}: unexpected {_show(level.t2)}"))
            elif kind in {"dictionary_item_removed", "iterable_item_removed", "attribute_removed"}:
                rows.append((where, f"{where}: missing (expected {_show(level.t1)})"))
            else:
                rows.append((where, f"{where}: expected {_show(level.t1)}, got {_show(level.t2)}"))
    return tuple(line for _, line in sorted(rows))

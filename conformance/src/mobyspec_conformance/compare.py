"""Compare a builder's response with a golden: two scores, error codes, and a readable explanation.

* ``exact``: the canonical JSON forms are equal (sorted keys, no whitespace; ``true`` is not ``1``).
* ``semantic``: equal after the comparison policy (``policy.json``, shipped as data) has made the lists
  whose order moby itself leaves to a Go map order-free.
* Errors match by code, never by message, and hierarchically: an actual code that extends the expected
  one (``links.child-not-running.stopped`` for ``links.child-not-running``) passes. A rejection without
  a code is its own mismatch kind, counted apart.
* DeepDiff runs only to explain a failure: one line per JSON Pointer with the expected and actual value.
* The work is bounded whatever the answer: past :data:`EXPLAIN_BUDGET` values or :data:`DEPTH_LIMIT` levels
  (the largest golden has 269 values and 7 levels), an answer is neither normalised nor given to DeepDiff,
  whose time and memory grow with it (a 12 MB answer took 95 s and 4.7 GB); an iterative walk summarises
  its first differences instead. A failure carries at most :data:`MAX_LINES` diff lines.
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

    from mobyspec_conformance.scope import Scope


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
#: Values (JSON nodes) of an answer past which its differences are summarised, not explained by DeepDiff
#: (about 0.3 s at 1,300 values, and growing faster than the answer); the largest golden has 269.
EXPLAIN_BUDGET = 1000
#: Nesting past which an answer is not compared further (the deepest golden has 7 levels): nothing below
#: recurses into it, so no depth can exhaust the stack.
DEPTH_LIMIT = 64
#: Most diff lines one failure carries (the rest are counted).
MAX_LINES = 50


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
    scope: Scope | None = None,
) -> Verdict:
    """Compare a built or rejected response with the golden of (case, profile).

    ``explained=False`` skips the DeepDiff explanation of a spec difference (``detect`` needs scores only).
    ``scope`` (:mod:`~mobyspec_conformance.scope`) leaves nodes out of both sides, or compares them by
    shape only, before they are compared; it is applied only when the outputs are not already equal.
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
    values, depth = measure(actual, EXPLAIN_BUDGET)
    if values > EXPLAIN_BUDGET or depth > DEPTH_LIMIT:
        # Beyond every golden's size or depth: it cannot be equal to one of ours, and neither
        # normalisation nor DeepDiff may run on it.
        lines = summarise(golden, actual) if explained else ()
        return Verdict(exact=False, semantic=False, mismatch="spec-differs", diff=lines)
    if compact(actual) == compact(golden):
        return Verdict(exact=True, semantic=True)
    if scope is not None and not scope.full:
        golden, actual = scope.project(golden, case_input), scope.project(actual, case_input)
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
    values, depth = measure(value, 10 * VALUE_LIMIT)
    if depth > DEPTH_LIMIT:
        return f"a value nested deeper than {DEPTH_LIMIT} levels"
    if values > 10 * VALUE_LIMIT:
        kind = "an object" if isinstance(value, dict) else "a list"
        return f"{kind} of {len(value)} items"
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 3] + "..."


def explain(expected: Json, actual: Json) -> tuple[str, ...]:
    """One line per JSON Pointer where ``actual`` differs from ``expected``, sorted by pointer.

    Lists of scalars are aligned (an inserted or dropped element is one line, not a cascade). Past
    :data:`EXPLAIN_BUDGET` values or :data:`DEPTH_LIMIT` levels on either side, :func:`summarise` answers.
    """
    for side in (expected, actual):
        values, depth = measure(side, EXPLAIN_BUDGET)
        if values > EXPLAIN_BUDGET or depth > DEPTH_LIMIT:
            return summarise(expected, actual)
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
    return _capped([line for _, line in sorted(rows)])


def _capped(lines: Sequence[str], more: int = 0) -> tuple[str, ...]:
    """At most :data:`MAX_LINES` lines, then one that counts the rest (``more``: known beyond ``lines``)."""
    rest = max(len(lines) - MAX_LINES, 0) + more
    kept = tuple(lines[:MAX_LINES])
    return (*kept, f"... and {rest} more differences") if rest else kept


def measure(value: Json, budget: int) -> tuple[int, int]:
    """(values, depth) of a JSON value, walked without recursion.

    Counting stops past ``budget`` values or :data:`DEPTH_LIMIT` levels, so the cost is bounded.
    """
    values, deepest = 0, 0
    stack: list[tuple[Json, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        values += 1
        deepest = max(deepest, depth)
        if depth > DEPTH_LIMIT:
            break
        if isinstance(node, dict | list):
            if values + len(stack) + len(node) > budget:
                return budget + 1, deepest  # without pushing a million children first
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return values, deepest


def summarise(expected: Json, actual: Json) -> tuple[str, ...]:
    """The first differences of two values of any size or depth, from an iterative walk of both.

    Objects are compared key by key, lists index by index (a longer or shorter list is one line, with
    its first extra or missing items); nothing deeper than :data:`DEPTH_LIMIT` levels is entered. The
    walk stops after :data:`MAX_LINES` lines, so it costs little more than the lines it writes.
    """
    lines: list[str] = []
    more = 0
    stack: list[tuple[tuple[str | int, ...], Json, Json]] = [((), expected, actual)]
    while stack:
        if len(lines) >= MAX_LINES:
            lines.append("... (the walk stopped here; later differences are not shown)")
            break
        path, want, got = stack.pop()
        where = pointer(path)
        if len(path) >= DEPTH_LIMIT and (isinstance(got, dict | list) or isinstance(want, dict | list)):
            lines.append(f"{where}: nested deeper than {DEPTH_LIMIT} levels; not compared further")
        elif isinstance(want, dict) and isinstance(got, dict):
            missing = [k for k in want if k not in got]
            extra = [k for k in got if k not in want]
            lines.extend(
                f"{pointer((*path, k))}: missing (expected {_show(want[k])})" for k in missing[:MAX_LINES]
            )
            lines.extend(f"{pointer((*path, k))}: unexpected {_show(got[k])}" for k in extra[:MAX_LINES])
            more += max(len(missing) - MAX_LINES, 0) + max(len(extra) - MAX_LINES, 0)
            shared = [k for k in want if k in got]
            stack.extend(((*path, k), want[k], got[k]) for k in reversed(shared))
        elif isinstance(want, list) and isinstance(got, list):
            if len(want) != len(got):
                lines.append(f"{where}: expected {len(want)} items, got {len(got)}")
            extra_items = range(len(want), min(len(got), len(want) + MAX_LINES))
            lines.extend(f"{pointer((*path, i))}: unexpected {_show(got[i])}" for i in extra_items)
            missing_items = range(len(got), min(len(want), len(got) + MAX_LINES))
            lines.extend(f"{pointer((*path, i))}: missing (expected {_show(want[i])})" for i in missing_items)
            more += max(abs(len(got) - len(want)) - MAX_LINES, 0)
            stack.extend(((*path, i), want[i], got[i]) for i in reversed(range(min(len(want), len(got)))))
        elif type(want) is not type(got) or want != got:
            lines.append(f"{where}: expected {_show(want)}, got {_show(got)}")
    return _capped(lines, more) if len(lines) <= MAX_LINES else (*lines[:MAX_LINES], lines[-1])

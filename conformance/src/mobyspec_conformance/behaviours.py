"""Behaviours: which moby behaviour owns each part of an output (``registry/behaviours.toml``).

The registry maps JSON Pointers (with value tests: the ``/dev/init`` mount, the ``/dev/init --`` args
prefix, the link variables in ``/process/env``) to behaviours. It answers three questions: which
behaviours a failure's differences belong to (``record["behaviours"]``), which behaviours a pair is
counted under (per-behaviour pass/fail), and what a builder that does not implement some behaviours is
compared on (:func:`Registry.scope_for`, a :class:`~mobyspec_conformance.scope.Scope`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from attrs import frozen

from mobyspec_conformance.scope import FULL, Context, Labels, Mode, Scope, Selector, parse_pointer

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

Json = Any

#: Mismatch kinds about moby's error rather than a spec's fields: they belong to ``errors``.
ERROR_MISMATCHES = frozenset(
    {"accepted-invalid", "error-code-differs", "rejected-valid", "rejected-unmapped"}
)
ERRORS = "errors"


@frozen
class Rule:
    """One registry rule: the behaviour that owns the nodes a selector matches, for some pairs."""

    behaviour: str
    applies: frozenset[str]
    selector: Selector


@frozen
class Registry:
    """The behaviour registry: summaries, the default owner per platform/operation, the rules in order."""

    summaries: tuple[tuple[str, str], ...]
    defaults: tuple[tuple[str, str], ...]
    rules: tuple[Rule, ...]

    def names(self) -> tuple[str, ...]:
        """Every behaviour name, in registry order."""
        return tuple(name for name, _ in self.summaries)

    def default(self, platform: str, operation: str) -> str:
        """The behaviour of nodes no rule claims."""
        return dict(self.defaults).get(f"{platform}/{operation}", "default-spec")

    def for_pair(self, platform: str, operation: str) -> tuple[str, ...]:
        """The behaviours a (platform, operation) output is made of, in registry order."""
        return _for_pair(self, platform, operation)

    def labels(self, platform: str, operation: str) -> Labels:
        """The rule table of one (platform, operation), labelled by behaviour."""
        return _labels(self, f"{platform}/{operation}")

    def attribute(
        self,
        pointers: Iterable[str],
        expected: Json,
        actual: Json,
        *,
        platform: str,
        operation: str,
        case_input: Mapping[str, Json] | None = None,
    ) -> tuple[str, ...]:
        """The behaviours that own the nodes at ``pointers`` (looked up in ``expected``, else ``actual``)."""
        labels = self.labels(platform, operation)
        default = self.default(platform, operation)
        ctx = Context.of(case_input)
        found = set()
        for ptr in pointers:
            path = parse_pointer(ptr)
            owner, present = labels.owner(expected, path, ctx, default)
            if not present:
                owner = labels.owner(actual, path, ctx, default)[0]
            found.add(owner)
        return tuple(n for n in self.names() if n in found)

    def scope_for(self, unsupported: Iterable[str], platform: str, operation: str) -> Scope:
        """The scope of a builder that does not implement ``unsupported``: their nodes are excluded."""
        left_out = frozenset(unsupported)
        if not left_out & set(self.for_pair(platform, operation)):
            return FULL
        return _scope(self, f"{platform}/{operation}", left_out)


@cache
def _for_pair(registry: Registry, platform: str, operation: str) -> tuple[str, ...]:
    key = f"{platform}/{operation}"
    present = {registry.default(platform, operation)} | {
        r.behaviour for r in registry.rules if key in r.applies
    }
    return tuple(n for n in registry.names() if n in present)


@cache
def _labels(registry: Registry, key: str) -> Labels:
    return Labels([(r.selector, r.behaviour) for r in registry.rules if key in r.applies])


@cache
def _scope(registry: Registry, key: str, left_out: frozenset[str]) -> Scope:
    platform, operation = key.split("/")
    rules = tuple((r.selector, _mode(r.behaviour in left_out)) for r in registry.rules if key in r.applies)
    default = _mode(registry.default(platform, operation) in left_out)
    return Scope(rules=rules, default=default)


def _mode(left_out: bool) -> Mode:  # noqa: FBT001 - a predicate turned into a mode
    return "exclude" if left_out else "compare"


def parse_registry(doc: Mapping[str, Json], file: str = "behaviours.toml") -> Registry:
    """A :class:`Registry` from its TOML document; ValueError names the file and the bad entry."""
    summaries = tuple((name, info["summary"]) for name, info in doc.get("behaviour", {}).items())
    names = {n for n, _ in summaries}
    defaults = tuple(doc.get("default", {}).items())
    rules = []
    for i, raw in enumerate(doc.get("rule", ())):
        where = f"{file}: rule {i + 1}"
        if raw.get("behaviour") not in names:
            msg = f"{where}: unknown behaviour {raw.get('behaviour')!r}"
            raise ValueError(msg)
        try:
            selector = Selector.from_json(raw)
        except (KeyError, ValueError) as err:
            msg = f"{where}: {err}"
            raise ValueError(msg) from None
        rules.append(Rule(raw["behaviour"], frozenset(raw.get("applies", ())), selector))
    for pair, name in defaults:
        if name not in names:
            msg = f"{file}: default for {pair}: unknown behaviour {name!r}"
            raise ValueError(msg)
    return Registry(summaries=summaries, defaults=defaults, rules=tuple(rules))


@cache
def registry() -> Registry:
    """The behaviour registry shipped in this package."""
    text = resources.files("mobyspec_conformance").joinpath("registry", "behaviours.toml").read_text("utf-8")
    return parse_registry(tomllib.loads(text))


def diff_pointers(lines: Iterable[str]) -> Iterator[str]:
    """The JSON Pointers diff lines start with (``/process/cwd: expected …``).

    The summary lines of a long or deep difference (``... and 12 more differences``) name no place.
    """
    for line in lines:
        if not line.startswith("..."):
            yield line.split(": ", 1)[0]

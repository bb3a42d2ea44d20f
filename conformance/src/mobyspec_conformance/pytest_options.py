"""The ``pytest11`` entry point: mobyspec's pytest options, every one prefixed ``--mobyspec-``.

Installing mobyspec adds these options to every pytest run and nothing else: the plugin proper
(:mod:`mobyspec_conformance.plugin`: its fixture, parametrization and summary table) is registered only
when one of these options is given, or when mobyspec's own test module is collected
(``pytest --pyargs mobyspec_conformance``, whose ``conftest.py`` calls :func:`activate`). A suite with
its own ``--builder`` option or ``builder`` fixture is untouched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

#: The plugin manager's name of the registered plugin proper.
PLUGIN_NAME = "mobyspec-conformance"

#: (option, dest, extra addoption arguments); every dest starts with ``mobyspec_``.
OPTIONS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("--mobyspec-builder", "mobyspec_builder", {"help": "the builder under test (default: reference)"}),
    ("--mobyspec-profile", "mobyspec_profiles", {"action": "append", "help": "only this profile"}),
    ("--mobyspec-platform", "mobyspec_platforms", {"action": "append", "help": "only this platform"}),
    ("--mobyspec-operation", "mobyspec_operations", {"action": "append", "help": "only this operation"}),
    ("--mobyspec-feature", "mobyspec_features", {"action": "append", "help": "only cases with this tag"}),
    ("--mobyspec-id", "mobyspec_ids", {"action": "append", "help": "case id glob"}),
    ("--mobyspec-expectations", "mobyspec_expectations", {"help": "known-failures TOML"}),
    ("--mobyspec-gate", "mobyspec_gate", {"choices": ["exact", "semantic"], "help": "default semantic"}),
    ("--mobyspec-timeout", "mobyspec_timeout", {"type": float, "help": "per-case seconds"}),
    ("--mobyspec-corpus", "mobyspec_corpus", {"help": "case folder ($MOBYSPEC_CORPUS)"}),
    ("--mobyspec-goldens", "mobyspec_goldens", {"help": "goldens folder ($MOBYSPEC_GOLDENS)"}),
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--mobyspec-*`` options (all default to None: "not given")."""
    group = parser.getgroup("mobyspec", "mobyspec conformance (pytest --pyargs mobyspec_conformance)")
    for name, dest, extra in OPTIONS:
        group.addoption(name, dest=dest, default=None, **extra)


def given(config: pytest.Config) -> bool:
    """Whether any ``--mobyspec-*`` option was given."""
    return any(getattr(config.option, dest, None) is not None for _, dest, _ in OPTIONS)


def activate(config: pytest.Config) -> None:
    """Register the plugin proper (once)."""
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(importlib.import_module("mobyspec_conformance.plugin"), PLUGIN_NAME)


def pytest_configure(config: pytest.Config) -> None:
    """Register the plugin proper only when a ``--mobyspec-*`` option is given."""
    if given(config):
        activate(config)

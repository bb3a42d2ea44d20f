"""``pytest --pyargs mobyspec_conformance``: collecting this folder activates the plugin proper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_conformance.pytest_options import activate

if TYPE_CHECKING:
    import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register :mod:`mobyspec_conformance.plugin` (pytest replays this hook for a late conftest)."""
    activate(config)

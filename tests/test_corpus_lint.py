"""The checked-in corpus, goldens and ``cases.lock`` pass ``mobyspec lint``, as every test run requires.

These run inside pytest rather than as a tox command of their own so that pytest-xdist overlaps the
runtime-spec schema check (the slow part, about 8 s) with the other tests.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from mobyspec_conformance.cli import main
from mobyspec_conformance.runtime_schema import SCHEMA_ENV


def test_the_corpus_goldens_and_lock_lint_clean(monkeypatch):
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    result = CliRunner().invoke(main, ["lint", "--stats"])
    assert result.exit_code == 0, result.output
    assert "lint: ok" in result.output


def test_every_golden_passes_the_runtime_spec_schema_of_its_era():
    if not os.environ.get(SCHEMA_ENV):
        pytest.skip(f"runtime-spec schema check skipped: {SCHEMA_ENV} names no schema folder")
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 0, result.output
    assert "no schema folder" not in result.output
    assert "lint: ok" in result.output

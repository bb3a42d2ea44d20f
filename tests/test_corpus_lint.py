"""The checked-in corpus, goldens and ``cases.lock`` pass ``mobyspec lint``, as every test run requires.

This runs inside pytest rather than as a tox command of its own so that pytest-xdist overlaps it (the
runtime-spec schema check takes about 8 s) with the other tests. With ``MOBYSPEC_RUNTIME_SPEC_SCHEMA``
set, every spec golden is also validated against its era's schema; without it, lint must say the
check was skipped, and the second test is listed as skipped with the reason.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mobyspec_conformance.cli import main
from mobyspec_conformance.runtime_schema import SCHEMA_ENV, configured_root, schema_folder_name


def test_the_corpus_goldens_and_lock_lint_clean():
    result = CliRunner().invoke(main, ["lint", "--stats"])
    assert result.exit_code == 0, result.output
    assert "lint: ok" in result.output
    said_skipped = "runtime-spec schema check skipped: no schema folder" in result.output
    assert said_skipped == (configured_root() is None), result.output


def test_the_runtime_spec_schema_folder_holds_the_schemas_lint_needs():
    root = configured_root()
    if root is None:
        pytest.skip(f"runtime-spec schema check skipped: {SCHEMA_ENV} names no schema folder")
    assert (root / str(schema_folder_name("linux", "17.06"))).is_dir(), root

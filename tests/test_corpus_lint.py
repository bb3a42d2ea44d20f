"""The checked-in corpus, goldens and ``cases.lock`` pass ``mobyspec lint``, as every test run requires.

This runs inside pytest rather than as a tox command of its own so that pytest-xdist overlaps it with
the other tests. The default run lints without the runtime-spec schema check (cases, goldens, lock);
``tox -e full`` lints again with it, validating every spec golden against its era's schema (its cost
grows with the goldens: about a minute for 23,000). Without ``MOBYSPEC_RUNTIME_SPEC_SCHEMA`` lint must
say the check was skipped, and the schema tests are listed as skipped with the reason.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mobyspec_conformance.cli import main
from mobyspec_conformance.runtime_schema import SCHEMA_ENV, configured_root, schema_folder_name

SKIPPED = "runtime-spec schema check skipped: no schema folder"


def test_the_corpus_goldens_and_lock_lint_clean():
    result = CliRunner().invoke(main, ["lint", "--stats"], env={SCHEMA_ENV: None})
    assert result.exit_code == 0, result.output
    assert "lint: ok" in result.output
    assert SKIPPED in result.output, result.output


@pytest.mark.full
def test_every_spec_golden_passes_its_runtime_spec_schema():
    if configured_root() is None:
        pytest.skip(f"runtime-spec schema check skipped: {SCHEMA_ENV} names no schema folder")
    result = CliRunner().invoke(main, ["lint", "--stats"])
    assert result.exit_code == 0, result.output
    assert "lint: ok" in result.output
    assert SKIPPED not in result.output, result.output


def test_the_runtime_spec_schema_folder_holds_the_schemas_lint_needs():
    root = configured_root()
    if root is None:
        pytest.skip(f"runtime-spec schema check skipped: {SCHEMA_ENV} names no schema folder")
    assert (root / str(schema_folder_name("linux", "17.06"))).is_dir(), root

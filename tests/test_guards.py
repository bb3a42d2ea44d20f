"""The reference's usage guards: reached only by a caller's mistake, so no golden case can reach them.

pyproject.toml leaves these lines out of the golden-coverage measurement (``exclude_also``); these tests
are what covers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mobyspec_reference import errors
from mobyspec_reference.build import UnsupportedError, build
from mobyspec_reference.errors import fail, registry
from mobyspec_reference.profiles import get_profile

if TYPE_CHECKING:
    from pathlib import Path


def test_build_refuses_an_unsupported_pair() -> None:
    with pytest.raises(UnsupportedError, match=r"profile 1\.12 has no linux start operation"):
        build("linux", "start", {"container": {}}, "1.12")


def test_get_profile_names_the_known_ids() -> None:
    with pytest.raises(
        KeyError,
        match=r"unknown profile '9\.99' \(known: 1\.10\.0, 1\.10, 1\.11\.0, .*; or a moby version X\.Y\.Z\)",
    ):
        get_profile("9.99")


def test_fail_refuses_an_unregistered_code() -> None:
    assert "workdir.lstat" in registry()
    with pytest.raises(KeyError, match=r"unregistered error code 'no\.such\.code'"):
        fail("no.such.code", "boom")


def test_registry_refuses_a_code_registered_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data" / "errors"
    folder.mkdir(parents=True)
    entry = '[x]\nsummary = "s"\nsources = []\n'
    (folder / "a.toml").write_text(entry, encoding="utf-8")
    (folder / "b.toml").write_text(entry, encoding="utf-8")
    (folder / "README").write_text("not a registry file", encoding="utf-8")
    monkeypatch.setattr(errors.resources, "files", lambda _package: tmp_path)
    with pytest.raises(ValueError, match=r"error code 'x' is registered twice \(b\.toml\)"):
        errors.registry.__wrapped__()

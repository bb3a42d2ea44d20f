"""Registries that cases refer to: feature tags (here) and error codes (in the reference package)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def features() -> dict[str, str]:
    """Feature tag -> one-line description, merged from ``registry/features/*.toml``."""
    found: dict[str, str] = {}
    folder = resources.files("mobyspec_conformance").joinpath("registry", "features")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        for tag, info in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            if tag in found:
                msg = f"feature {tag!r} is registered twice ({entry.name})"
                raise ValueError(msg)
            found[tag] = info["summary"]
    return found

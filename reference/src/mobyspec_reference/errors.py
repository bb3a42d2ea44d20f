"""Typed build errors with stable dotted codes, and the registry that names each message's moby source."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from attrs import frozen

if TYPE_CHECKING:
    from collections.abc import Mapping


@frozen
class ErrorCode:
    """One registry entry: a stable code, what it means, and where moby produces the message."""

    code: str
    summary: str
    sources: tuple[str, ...]


class BuildError(Exception):
    """moby returned an error instead of a spec; ``message`` is moby's exact text."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def to_json(self) -> dict[str, dict[str, str]]:
        """The error object of the case format's output."""
        return {"error": {"code": self.code, "message": self.message}}


class GoPanic(BuildError):  # noqa: N818 - named for what moby does: it panics, it does not return an error
    """moby would panic (for example an index out of range); there is no error text to reproduce."""


@cache
def registry() -> Mapping[str, ErrorCode]:
    """All registered error codes, read from the ``data/errors/*.toml`` files of this package."""
    codes: dict[str, ErrorCode] = {}
    folder = resources.files("mobyspec_reference").joinpath("data", "errors")
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name):
        table = tomllib.loads(entry.read_text(encoding="utf-8"))
        for code, info in table.items():
            if code in codes:
                msg = f"error code {code!r} is registered twice ({entry.name})"
                raise ValueError(msg)
            codes[code] = ErrorCode(code=code, summary=info["summary"], sources=tuple(info["sources"]))
    return codes


def fail(code: str, message: str) -> BuildError:
    """A :class:`BuildError` for a registered code (an unregistered code is a bug in the reference)."""
    if code not in registry():
        msg = f"unregistered error code {code!r}"
        raise KeyError(msg)
    return BuildError(code, message)

"""Behaviour switches of the Windows ``spec`` operation, per profile (filled by the Windows builder work)."""

from __future__ import annotations

from attrs import frozen


@frozen
class WindowsRules:
    """Named Windows createSpec switches of one profile."""

    oci_version: str


#: Profile id -> its Windows switches; a profile absent here has no Windows ``spec`` operation.
WINDOWS: dict[str, WindowsRules] = {}

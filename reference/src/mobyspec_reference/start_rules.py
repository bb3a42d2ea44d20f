"""Behaviour switches of the ``start`` operation (containerStart), per profile."""

from __future__ import annotations

from attrs import frozen


@frozen
class StartRules:
    """Named containerStart switches of one profile."""

    platforms: tuple[str, ...]


#: Profile id -> its start switches; a profile absent here has no ``start`` operation.
START: dict[str, StartRules] = {}

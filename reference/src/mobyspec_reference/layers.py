"""Windows image layers: chain IDs and the base-layer diff ID.

Sources: moby/moby@v1.12.0:layer/layer.go (``CreateChainID``), moby/moby@v1.11.2:image/rootfs_windows.go
and moby/moby@v1.12.0:image/rootfs_windows.go (``BaseLayerID``, ``ChainID``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

TYPE_LAYERS = "layers"
TYPE_LAYERS_WITH_BASE = "layers+base"


def _digest(text: str) -> str:
    """``digest.FromBytes``: ``sha256:`` and the hex SHA-256 of the bytes."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_chain_id(diff_ids: Sequence[str]) -> str:
    """``layer.CreateChainID``: ``""`` for none, the first diff ID alone, then sha256 of "<parent> <diff>"."""
    chain = ""
    for diff in diff_ids:
        chain = diff if chain == "" else _digest(f"{chain} {diff}")
    return chain


def base_layer_id(base_layer: str) -> str:
    """``RootFS.BaseLayerID``: hex of the first 32 bytes of SHA-384 of the base layer's name."""
    return hashlib.sha384(base_layer.encode("utf-8")).digest()[:32].hex()


def base_diff_id(base_layer: str) -> str:
    """The diff ID standing for the central base layer: ``digest.FromBytes(BaseLayerID())``."""
    return _digest(base_layer_id(base_layer))


def rootfs_chain_id(diff_ids: Sequence[str], base_layer: str, *, with_base: bool) -> str:
    """``RootFS.ChainID`` of DiffIDs ``diff_ids``, the base diff ID prepended when ``with_base``."""
    ids = [base_diff_id(base_layer), *diff_ids] if with_base else list(diff_ids)
    return create_chain_id(ids)

"""HostConfig mode predicates (PidMode, IpcMode, NetworkMode, Isolation) as moby's API types define them.

Sources: moby/moby@v1.11.2:vendor/src/github.com/docker/engine-api/types/container/host_config.go
(PidMode without container mode), moby/moby@v1.12.0:vendor/src/github.com/docker/engine-api/types/
container/host_config.go and moby/moby@v17.06.0-ce:api/types/container/host_config.go (same bodies).
"""

from __future__ import annotations

from mobyspec_reference.gosemantics import go_lower


def _is_container(mode: str) -> bool:
    """``SplitN(mode, ":", 2)`` has two parts and the first is ``container`` (the name may be empty)."""
    parts = mode.split(":", 1)
    return len(parts) == 2 and parts[0] == "container"


def pid_is_private(mode: str, *, knows_container: bool) -> bool:
    """``PidMode.IsPrivate()``: not host (and, where container mode exists, not ``container:...``)."""
    if mode == "host":
        return False
    return not (knows_container and _is_container(mode))


def ipc_is_host(mode: str) -> bool:
    """``IpcMode.IsHost()``."""
    return mode == "host"


def ipc_is_container(mode: str) -> bool:
    """``IpcMode.IsContainer()``: ``container:`` prefix via SplitN (the name may be empty)."""
    return _is_container(mode)


def ipc_container(mode: str) -> str:
    """``IpcMode.Container()``: the text after the first ``:``, whatever the prefix (``""`` without one)."""
    return mode.partition(":")[2]


def network_is_host(mode: str) -> bool:
    """``NetworkMode.IsHost()`` on Unix."""
    return mode == "host"


def network_is_private(mode: str) -> bool:
    """``NetworkMode.IsPrivate()`` on Unix: neither ``host`` nor ``container:...`` (20.10's API types)."""
    return not (network_is_host(mode) or _is_container(mode))


def set_default_net_mode_if_blank(mode: str) -> str:
    """``runconfig.SetDefaultNetModeIfBlank``: an empty NetworkMode becomes ``default``."""
    return mode or "default"


def isolation_is_default(isolation: str) -> bool:
    """``Isolation.IsDefault()``: ``""`` or any case of ``default`` (Go strings.ToLower)."""
    return isolation == "" or go_lower(isolation) == "default"


def isolation_is_hyperv(isolation: str) -> bool:
    """``Isolation.IsHyperV()``: any case of ``hyperv``."""
    return go_lower(isolation) == "hyperv"

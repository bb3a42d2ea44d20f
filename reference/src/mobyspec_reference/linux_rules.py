"""Behaviour switches of the Linux ``spec`` operation (DefaultSpec + populateCommonSpec), per profile.

Sources: moby/moby@TAG:oci/defaults_linux.go, moby/moby@TAG:daemon/oci_linux.go and the vendored
runtime-spec ``specs-go/config.go`` of each tree (paths in :data:`LINUX`'s comments).
"""

from __future__ import annotations

from typing import Literal

from attrs import evolve, frozen

#: JSON shape of the vendored runtime-spec types (see :mod:`mobyspec_reference.linux_shape`).
Shape = Literal["0.5.0-dev", "0.6.0-dev", "rc1", "rc2-dev", "rc5"]


@frozen
class InitRule:
    """How ``--init`` is wired in: the argv prefix and which configured init paths beat ``LookPath``."""

    #: ``["/dev/init", "--", ...]`` (commit 2dd2ac2c14, 1.13.1+) rather than ``["/dev/init", ...]``.
    separator: bool
    #: Configured init path sources that override ``exec.LookPath("docker-init")``, strongest first.
    path_sources: tuple[Literal["hostconfig", "daemon"], ...]


@frozen
class LinuxRules:
    """Named Linux switches of one profile."""

    oci_version: str
    shape: Shape
    masked_paths: tuple[str, ...]
    #: ``linux.devices`` of DefaultSpec as (path, major, minor); every one a char device 0666 root:root.
    devices: tuple[tuple[str, int, int], ...]
    #: ``--init`` support, or None where HostConfig has no ``Init`` field.
    init: InitRule | None
    #: setupLinkedContainers' parent/child bridge check: the map entry only, or also ``EndpointSettings``.
    links_endpoint_check: bool
    #: ``nat.Port.Int()``: "legacy" (ParseUint overflow gives -1) or "parseport" (0 on any error).
    nat_int: Literal["legacy", "parseport"]
    #: Whether PidMode knows ``container:<id>`` (so such a mode is not private).
    pid_container_mode: bool


_MASKED_111 = ("/proc/kcore", "/proc/latency_stats", "/proc/timer_stats", "/proc/sched_debug")
_MASKED_410 = (
    "/proc/kcore",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
)
_MASKED_113 = (*_MASKED_410, "/sys/firmware")
_FUSE = (("/dev/fuse", 10, 229),)
_DEVICES_111 = (
    ("/dev/zero", 1, 5),
    ("/dev/null", 1, 3),
    ("/dev/urandom", 1, 9),
    ("/dev/random", 1, 8),
    *_FUSE,
)

# Each profile is its predecessor plus what changed in its tree's daemon/oci_linux.go and
# oci/defaults_linux.go (each cited below).
# moby/moby@v1.11.2: vendored opencontainers/specs f955d90e70 (0.6.0-dev)
_1_11 = LinuxRules(
    oci_version="0.6.0-dev",
    shape="0.6.0-dev",
    masked_paths=_MASKED_111,
    devices=_DEVICES_111,
    init=None,
    links_endpoint_check=False,
    nat_int="legacy",
    pid_container_mode=False,
)
# moby/moby@c70f153f52: not a descendant of v1.11.2; vendors the OLDER specs 93ca97e83c (0.5.0-dev, no
# Linux.MountLabel) and DefaultSpec lists /dev/fuse only (the oci/defaults_linux.go blob of v1.12.0)
_C70F153 = evolve(_1_11, oci_version="0.5.0-dev", shape="0.5.0-dev", devices=_FUSE)
# moby/moby@v1.12.0: specs v1.0.0-rc1; PidMode learns container:<id> (engine-api)
_1_12 = evolve(_C70F153, oci_version="1.0.0-rc1", shape="rc1", pid_container_mode=True)
# moby/moby@410a8612f4: runtime-spec v1.0.0-rc1; first --init (LookPath only, no "--"), the
# EndpointSettings check, nat ParsePort, /proc/timer_list masked, no default devices
_410A861 = evolve(
    _1_12,
    masked_paths=_MASKED_410,
    devices=(),
    init=InitRule(separator=False, path_sources=()),
    links_endpoint_check=True,
    nat_int="parseport",
)
# moby/moby@v1.13.0: runtime-spec 1c7c27d043 (1.0.0-rc2-dev); init paths; /sys/firmware masked
_1_13_0 = evolve(
    _410A861,
    oci_version="1.0.0-rc2-dev",
    shape="rc2-dev",
    masked_paths=_MASKED_113,
    init=InitRule(separator=False, path_sources=("hostconfig", "daemon")),
)
# moby/moby@v17.03.2-ce: "/dev/init --" (commit 2dd2ac2c14)
_17_03 = evolve(_1_13_0, init=InitRule(separator=True, path_sources=("hostconfig", "daemon")))
# moby/moby@v17.06.0-ce: runtime-spec v1.0.0-rc5; HostConfig.InitPath gone (commit de8fbb4812)
_17_06 = evolve(
    _17_03,
    oci_version="1.0.0-rc5",
    shape="rc5",
    init=InitRule(separator=True, path_sources=("daemon",)),
)

LINUX: dict[str, LinuxRules] = {
    "1.11": _1_11,
    "1.12-dev+c70f153": _C70F153,
    "1.12": _1_12,
    "1.13-dev+410a861": _410A861,
    "1.13.0": _1_13_0,
    "17.03": _17_03,
    "17.06": _17_06,
}

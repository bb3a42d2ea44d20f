"""Behaviour switches of the Linux ``spec`` operation (DefaultSpec + populateCommonSpec), per profile.

Sources: moby/moby@TAG:oci/defaults_linux.go, moby/moby@TAG:daemon/oci_linux.go and the vendored
runtime-spec ``specs-go/config.go`` of each tree (paths in :data:`LINUX`'s comments).
"""

from __future__ import annotations

from typing import Literal

from attrs import evolve, frozen

#: JSON shape of the vendored runtime-spec types (see :mod:`mobyspec_reference.linux_shape`).
#: "1.0": runtime-spec v1.0.0 and later (no ``platform``, ``consoleSize`` a nil pointer).
Shape = Literal["0.5.0-dev", "0.6.0-dev", "rc1", "rc2-dev", "rc5", "1.0"]


@frozen
class InitRule:
    """How ``--init`` is wired in: the argv prefix and which configured init paths beat ``LookPath``."""

    #: ``["/dev/init", "--", ...]`` (commit 2dd2ac2c14, 1.13.1+) rather than ``["/dev/init", ...]``.
    separator: bool
    #: Configured init path sources that override ``exec.LookPath("docker-init")``, strongest first.
    path_sources: tuple[Literal["hostconfig", "daemon"], ...]
    #: Where the init binary sits in the container: ``/dev/init``, or ``inContainerInitPath``
    #: ``/sbin/docker-init`` from 19.03 (moby/moby@v19.03.0:daemon/oci_linux.go).
    in_container_path: str = "/dev/init"
    #: How the binary is found: "lookpath" (the first configured path, else ``exec.LookPath``) or
    #: "libexec" (24.0+ ``LookupInitPath``: InitPath || default-init || docker-init; an absolute one as
    #: is, else the libexec directories, then PATH; moby/moby@v24.0.0:daemon/config/config_linux.go).
    #: "libexec-prefixed" (27.0+ lookupBinPath): also ``/usr/local/libexec`` and ``/usr/libexec`` for a name
    #: starting with ``docker-`` (moby/moby@v27.0.1:daemon/config/config_linux.go).
    lookup: Literal["lookpath", "libexec", "libexec-prefixed"] = "lookpath"


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
    #: DefaultSpec's mounts as (destination, type, source, options), in order.
    default_mounts: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()
    #: DefaultSpec's ``linux.readonlyPaths``.
    readonly_paths: tuple[str, ...] = ()
    #: Whether DefaultSpec fills ``capabilities.inheritable`` (dropped in 20.10.14, CVE-2022-24769).
    inheritable_caps: bool = True
    #: Where Domainname goes: "fqdn" (``hostname`` = FullHostname) or "sysctl" (``hostname`` = Hostname,
    #: ``linux.sysctl["kernel.domainname"]``, setLinuxDomainname from 19.03).
    domainname: Literal["fqdn", "sysctl"] = "fqdn"
    #: The ping_group_range / ip_unprivileged_port_start sysctls for a private network mode (20.10+):
    #: None, "usernsmode" (no ping range when UsernsMode is private, 20.10.0-20.10.12) or
    #: "remapped" (no ping range when RemappedRoot is set and UsernsMode private, or when dockerd
    #: runs in a user namespace, 20.10.13+).
    network_sysctls: Literal["usernsmode", "remapped"] | None = None
    #: An empty BaseFS: "path" (a string, written as is), "panic" (a nil ContainerFS dereferenced,
    #: 17.10-18.03.0), "nil-error" (populateCommonSpec refuses it, 18.03.1-24.x).
    #: "empty-error" (BaseFS a string again, "unexpectedly empty", 24.0+).
    empty_basefs: Literal["path", "panic", "nil-error", "empty-error"] = "path"
    #: 24.0.0-24.0.2: with the containerd snapshotter (``daemon.UsesSnapshotter``) populateCommonSpec skips
    #: the BaseFS check, ``root`` and SetupWorkingDirectory (moby/moby@v24.0.0:daemon/oci_linux.go).
    snapshotter_skips_root: bool = False
    #: SetupWorkingDirectory: a working directory that exists as a file fails ``Cannot mkdir`` (17.12+,
    #: idtools.mkdirAs returns ENOTDIR, commit 2aa13f86f0).
    workdir_file_error: bool = False
    #: SetupWorkingDirectory writes the Clean-ed WorkingDir back into the record, so ``cwd`` is Clean-ed;
    #: from 26.1 it Cleans a local copy only and ``cwd`` is the stored value (create Cleans it instead,
    #: commit 7532420f3b, moby/moby@v26.1.0:container/container.go).
    workdir_clean_stored: bool = True
    #: ``Link.ToEnv``: "legacy" (1.10-27.x), "tcp-first" (the 28.0 rewrite: TCP first, two-port runs;
    #: moby/moby@v28.0.0:daemon/links/links.go) or "typed" (29.0: ``network.Port`` values, and only with
    #: ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1`` in dockerd's environment; the record's ports and
    #: addresses decode as typed values, moby/moby@docker-v29.0.0:daemon/container_operations_unix.go).
    link_env: Literal["legacy", "tcp-first", "typed"] = "legacy"
    #: "typed": ``Port.Proto()`` of the zero Port (an empty ExposedPorts key) panics on a nil
    #: ``unique.Handle`` before 29.4, and is ``""`` from 29.4.
    zero_port_proto: Literal["panic", "empty"] = "panic"
    #: 28.0.2+ (GHSA-6fw5-f8r9-fgfm): DefaultSpec also masks each possible CPU's thermal_throttle
    #: directory the host has (moby/moby@v28.0.2:oci/defaults.go, internal/platform/platform_linux.go).
    thermal_throttle: bool = False
    #: 29.5+: DefaultSpec lists a ``time`` namespace after ``network`` (commit d5370d34d3; WithNamespaces
    #: removes it later on kernels without time namespaces, outside the modelled part).
    time_namespace: bool = False


_MASKED_111 = ("/proc/kcore", "/proc/latency_stats", "/proc/timer_stats", "/proc/sched_debug")
_MASKED_410 = (
    "/proc/kcore",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
)
_MASKED_113 = (*_MASKED_410, "/sys/firmware")
_MASKED_SCSI = (*_MASKED_410, "/proc/scsi", "/sys/firmware")
_MASKED_1803 = (
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
)
_MASKED_1806 = ("/proc/acpi", *_MASKED_1803)
_MASKED_1809 = ("/proc/asound", *_MASKED_1806)
_MASKED_POWERCAP = (*_MASKED_1809, "/sys/devices/virtual/powercap")
_READONLY = ("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
_READONLY_1809 = _READONLY[1:]
_MOUNTS_OLD: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("/proc", "proc", "proc", ("nosuid", "noexec", "nodev")),
    ("/dev", "tmpfs", "tmpfs", ("nosuid", "strictatime", "mode=755")),
    (
        "/dev/pts",
        "devpts",
        "devpts",
        ("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
    ),
    ("/sys", "sysfs", "sysfs", ("nosuid", "noexec", "nodev", "ro")),
    ("/sys/fs/cgroup", "cgroup", "cgroup", ("ro", "nosuid", "noexec", "nodev")),
    ("/dev/mqueue", "mqueue", "mqueue", ("nosuid", "noexec", "nodev")),
)
# moby/moby@v17.09.0-ce:oci/defaults.go: /dev gets size=65536k, /dev/shm is a default mount
_MOUNTS_1709 = (
    _MOUNTS_OLD[0],
    ("/dev", "tmpfs", "tmpfs", ("nosuid", "strictatime", "mode=755", "size=65536k")),
    *_MOUNTS_OLD[2:],
    ("/dev/shm", "tmpfs", "shm", ("nosuid", "noexec", "nodev", "mode=1777")),  # noqa: S108 - a mount target
)
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
    default_mounts=_MOUNTS_OLD,
    readonly_paths=_READONLY,
)
# moby/moby@v1.11.0: vendored opencontainers/specs 93ca97e83c (0.5.0-dev, hack/vendor.sh; no Linux.MountLabel,
# which createSpec sets only from v1.11.1); DefaultSpec and populateCommonSpec as v1.11.2
# (`git diff v1.11.0 v1.11.2 -- daemon/oci_linux.go oci/` is the MountLabel line only)
_1_11_0 = evolve(_1_11, oci_version="0.5.0-dev", shape="0.5.0-dev")
# moby/moby@c70f153f52: not a descendant of v1.11.2; vendors the OLDER specs 93ca97e83c (0.5.0-dev, no
# Linux.MountLabel) and DefaultSpec lists /dev/fuse only (the oci/defaults_linux.go blob of v1.12.0)
_C70F153 = evolve(_1_11, oci_version="0.5.0-dev", shape="0.5.0-dev", devices=_FUSE)
# moby/moby@v1.12.0: specs v1.0.0-rc1; PidMode learns container:<id> (engine-api)
_1_12 = evolve(_C70F153, oci_version="1.0.0-rc1", shape="rc1", pid_container_mode=True)
# moby/moby@v1.12.1:oci/defaults_linux.go: /proc/timer_list masked (commit 3048098843); daemon/oci_linux.go
# and the vendored specs v1.0.0-rc1 as v1.12.0
_1_12_1 = evolve(_1_12, masked_paths=_MASKED_410)
# moby/moby@v1.12.2:hack/vendor.sh: opencontainers/specs 1c7c27d043 ("1.0.0-rc2-dev", commit 3377b4b9b7;
# config.go identical to moby/moby@v1.13.0's vendored runtime-spec: Linux and Solaris pointers,
# consoleSize); oci/defaults_linux.go takes &specs.Linux, same content; the same through v1.12.6
_1_12_2 = evolve(_1_12_1, oci_version="1.0.0-rc2-dev", shape="rc2-dev")
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

# moby/moby@v17.07.0-ce: runtime-spec d42f1eb741 ("1.0.0-rc5-dev", vendor.conf); DefaultLinuxSpec in
# oci/defaults.go with the same content; populateCommonSpec unchanged but for the IDPair
_17_07 = evolve(_17_06, oci_version="1.0.0-rc5-dev")
# moby/moby@v17.09.0-ce: runtime-spec v1.0.0 (no Platform, Process/Root/ConsoleSize pointers);
# oci/defaults.go: /dev size=65536k and the /dev/shm mount
_17_09 = evolve(_17_07, oci_version="1.0.0", shape="1.0", default_mounts=_MOUNTS_1709)
# moby/moby@v17.09.1-ce:oci/defaults.go: /proc/scsi masked (before /sys/firmware)
_17_09_1 = evolve(_17_09, masked_paths=_MASKED_SCSI)
# moby/moby@v17.10.0-ce: BaseFS a containerfs.ContainerFS (nil when unset: c.BaseFS.Path() panics in
# daemon/oci_linux.go); oci/defaults.go without /proc/scsi again
_17_10 = evolve(_17_09, empty_basefs="panic")
# moby/moby@v17.11.0-ce:oci/defaults.go: /proc/scsi masked again
_17_11 = evolve(_17_10, masked_paths=_MASKED_SCSI)
# moby/moby@v17.12.0-ce:pkg/idtools/idtools_unix.go: mkdirAs refuses an existing non-directory (commit
# 2aa13f86f0), so container/container.go SetupWorkingDirectory says "Cannot mkdir: ... is not a directory"
_17_12 = evolve(_17_11, workdir_file_error=True)
# moby/moby@v18.02.0-ce: runtime-spec v1.0.1 (vendor.conf)
_18_02 = evolve(_17_12, oci_version="1.0.1")
# moby/moby@v18.03.0-ce:oci/defaults.go: /proc/keys masked
_18_03_0 = evolve(_18_02, masked_paths=_MASKED_1803)
# moby/moby@v18.03.1-ce:daemon/oci_linux.go: a nil BaseFS is an error (commit d8581145e8)
_18_03 = evolve(_18_03_0, empty_basefs="nil-error")
# moby/moby@v18.06.0-ce:oci/defaults.go: /proc/acpi masked
_18_06 = evolve(_18_03, masked_paths=_MASKED_1806)
# moby/moby@v18.09.0: runtime-spec eba862dc24 ("1.0.1-dev", vendor.conf)
_18_09_0 = evolve(_18_06, oci_version="1.0.1-dev")
# moby/moby@v18.09.1:oci/defaults.go: /proc/asound masked instead of read-only
_18_09 = evolve(_18_09_0, masked_paths=_MASKED_1809, readonly_paths=_READONLY_1809)
# moby/moby@v19.03.0:daemon/oci_linux.go WithCommonOptions: init at /sbin/docker-init, hostname without
# the domain (setLinuxDomainname, daemon/oci_utils.go: kernel.domainname)
_19_03 = evolve(
    _18_09,
    init=InitRule(separator=True, path_sources=("daemon",), in_container_path="/sbin/docker-init"),
    domainname="sysctl",
)
# moby/moby@v20.10.0: runtime-spec 4d89ac9fbf ("1.0.2-dev", vendor.conf); daemon/oci_linux.go
# WithCommonOptions: the ping_group_range / ip_unprivileged_port_start sysctls
_20_10_0 = evolve(_19_03, oci_version="1.0.2-dev", network_sysctls="usernsmode")
# moby/moby@v20.10.13:daemon/oci_linux.go: no ping range only under a remapped root or in a user namespace
_20_10_13 = evolve(_20_10_0, network_sysctls="remapped")
# moby/moby@v20.10.14:oci/defaults.go: no inheritable capabilities
_20_10 = evolve(_20_10_13, inheritable_caps=False)
# moby/moby@v20.10.27:oci/defaults.go: /sys/devices/virtual/powercap masked
_20_10_27 = evolve(_20_10, masked_paths=_MASKED_POWERCAP)

# moby/moby@v23.0.0 to @v23.0.7 behave as 20.10 (20.10.14+), @v23.0.8 to @v23.0.18 as 20.10.27: the
# same DefaultLinuxSpec content, WithCommonOptions with renamed imports (and a nil-Process guard from
# 23.0.7), runtime-spec 1c3f411f04 still "1.0.2-dev"; see releases.py.
# moby/moby@v24.0.0: runtime-spec v1.1.0-rc.2; daemon/oci_linux.go: BaseFS a string again ("unexpectedly
# empty", before the links), skipped with the snapshotter; LookupInitPath (daemon/config/config_linux.go);
# oci/defaults.go without powercap (as 20.10.14)
_24_0 = evolve(
    _20_10,
    oci_version="1.1.0-rc.2",
    empty_basefs="empty-error",
    snapshotter_skips_root=True,
    init=InitRule(
        separator=True, path_sources=("daemon",), in_container_path="/sbin/docker-init", lookup="libexec"
    ),
)
# moby/moby@v24.0.3:daemon/oci_linux.go: the snapshotter condition is gone
_24_0_3 = evolve(_24_0, snapshotter_skips_root=False)
# moby/moby@v24.0.7:oci/defaults.go: /sys/devices/virtual/powercap masked
_24_0_7 = evolve(_24_0_3, masked_paths=_MASKED_POWERCAP)

# moby/moby@v25.0.0: runtime-spec v1.1.0 (vendor.mod); withCommonOptions takes the daemon config, same steps;
# oci/defaults.go with powercap as 24.0.7; the same through v26.0.2
_25_0 = evolve(_24_0_7, oci_version="1.1.0")
# moby/moby@v26.1.0: runtime-spec v1.2.0 (vendor.mod); container/container.go SetupWorkingDirectory no longer
# stores the Clean-ed WorkingDir: cwd is the stored value, "Cannot mkdir" names it unclean
_26_1 = evolve(_25_0, oci_version="1.2.0", workdir_clean_stored=False)

# moby/moby@v27.0.1:daemon/config/config_linux.go lookupBinPath: /usr/local/libexec and /usr/libexec for
# docker-* names; daemon/container_operations_unix.go setupLinkedContainers reads network.DefaultNetwork
# ("bridge", the same); the same through v27.5.1 (v27.1.0 only moves cleanScopedPath into container/)
_27_0 = evolve(
    _26_1,
    init=InitRule(
        separator=True,
        path_sources=("daemon",),
        in_container_path="/sbin/docker-init",
        lookup="libexec-prefixed",
    ),
)

# moby/moby@v28.0.0:daemon/links/links.go: ToEnv rewritten (TCP first, two-port runs, START/END after the
# run's last port, no _ADDR/_PROTO for a run); DefaultSpec and withCommonOptions as 27.0
_28_0 = evolve(_27_0, link_env="tcp-first")
# moby/moby@v28.0.2:oci/defaults.go: /proc/interrupts masked, and each possible CPU's thermal_throttle
_MASKED_2802 = (*_MASKED_POWERCAP[:2], "/proc/interrupts", *_MASKED_POWERCAP[2:])
_28_0_2 = evolve(_28_0, masked_paths=_MASKED_2802, thermal_throttle=True)
# moby/moby@v28.2.0: runtime-spec v1.2.1 (vendor.mod); the same through v28.5.2
_28_2 = evolve(_28_0_2, oci_version="1.2.1")
# moby/moby@docker-v29.0.0: daemon/container_operations_unix.go writes link variables only with
# DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1, daemon/links/links.go over network.Port; the record's
# ports and addresses are typed; daemon/pkg/oci/defaults.go lists the masked paths sorted
_29_0 = evolve(_28_2, link_env="typed", masked_paths=tuple(sorted(_MASKED_2802)))
# moby/moby@docker-v29.2.0: runtime-spec v1.3.0 (go.mod)
_29_2 = evolve(_29_0, oci_version="1.3.0")
# moby/moby@docker-v29.4.0:vendor/github.com/moby/moby/api/types/network/port.go: the protocol of
# the zero Port is empty
_29_4 = evolve(_29_2, zero_port_proto="empty")
# moby/moby@docker-v29.5.0:daemon/pkg/oci/defaults.go: the time namespace; the same through docker-v29.7.2
_29_5 = evolve(_29_4, time_namespace=True)

LINUX: dict[str, LinuxRules] = {
    "1.11.0": _1_11_0,
    "1.11": _1_11,
    "1.12-dev+c70f153": _C70F153,
    "1.12": _1_12,
    "1.12.1": _1_12_1,
    "1.12.2": _1_12_2,
    "1.13-dev+410a861": _410A861,
    "1.13.0": _1_13_0,
    "17.03": _17_03,
    "17.06": _17_06,
    "17.07": _17_07,
    "17.09": _17_09,
    "17.09.1": _17_09_1,
    "17.10": _17_10,
    "17.11": _17_11,
    "17.12": _17_12,
    "18.02": _18_02,
    "18.03.0": _18_03_0,
    "18.03": _18_03,
    "18.06": _18_06,
    "18.09.0": _18_09_0,
    "18.09": _18_09,
    "19.03": _19_03,
    "20.10.0": _20_10_0,
    "20.10.13": _20_10_13,
    "20.10": _20_10,
    "20.10.27": _20_10_27,
    # 23.0 branched from 20.10 before 20.10.27: 23.0.0-23.0.7 are 20.10.24's Linux spec, and 23.0.8 took
    # the powercap mask with 20.10.27 (moby/moby@v23.0.0 and @v23.0.8:oci/defaults.go, daemon/oci_linux.go);
    # named here because the table's version order would otherwise hand 23.0 the rules of 20.10.27.
    "23.0": _20_10,
    "23.0.8": _20_10_27,
    "24.0": _24_0,
    "24.0.3": _24_0_3,
    "24.0.7": _24_0_7,
    "25.0": _25_0,
    "26.1": _26_1,
    "27.0": _27_0,
    "28.0": _28_0,
    "28.0.2": _28_0_2,
    "28.2": _28_2,
    "29.0": _29_0,
    "29.2": _29_2,
    "29.4": _29_4,
    "29.5": _29_5,
}

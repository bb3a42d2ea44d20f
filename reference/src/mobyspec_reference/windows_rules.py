"""Behaviour switches of the Windows ``spec`` operation (``createSpec``), per profile.

Sources: moby/moby@TAG:daemon/oci_windows.go, moby/moby@TAG:container/container.go and
container_windows.go, and the spec types of each tree: moby/moby@TAG:libcontainerd/windowsoci/oci_windows.go
(1.11, c70f153f52, 1.12, 410a8612f4) or the vendored runtime-spec ``specs-go/config.go`` (1.13.0-17.06).
"""

from __future__ import annotations

from typing import Literal

from attrs import evolve, frozen

#: JSON layout of the spec type (see :mod:`mobyspec_reference.windows_shape`).
Shape = Literal["windowsoci", "windowsoci-410a861", "rc2-dev", "rc5", "v1.0.0"]


@frozen
class WindowsRules:
    """Named Windows createSpec switches of one profile."""

    oci_version: str
    shape: Shape
    #: ``platform.os.version`` from the image (the 1.12 windowsoci type only).
    os_version: bool
    #: ``escapeArgs`` on ``Args`` only (1.11) or on ``[Path] + Args`` (from commit 6fa0239772).
    escape_path: bool
    #: ``SetupWorkingDirectory``: not called, the Hyper-V return before the Clean (1.11, c70f153f52),
    #: or the Clean first and then the Hyper-V return (commit 6952135fc8 onwards).
    workdir_setup: Literal["none", "hyperv-then-clean", "clean-then-hyperv"]
    #: ``Process.Cwd`` when WorkingDir is empty: ``""`` (no default) or ``C:\`` (commit c2d183426b).
    cwd_default: str
    #: ``CreateDaemonEnvironment``: ``Config.Env`` as is, or ``ReplaceOrAppendEnvValues(nil, Env)``.
    env: Literal["verbatim", "replace-or-append"]
    #: Image, RW layer, layer paths, Hyper-V runtime, endpoints and first start are spec fields
    #: (windowsoci up to 1.12; later they moved to libcontainerd create options).
    container_data: bool
    #: Image RootFS types whose layer paths go into the spec, each with its loop start index.
    layer_types: tuple[tuple[str, int], ...]
    #: ``RootFS.ChainID`` prepends the base diff ID for every type (1.11), not for ``layers+base`` only.
    chain_always_base: bool
    #: Hyper-V looks for ``<base-most layer>\UtilityVM`` for ``layers`` images (commit c70f153f52).
    utility_vm: bool
    #: 1.11's TP4 branch when the daemon has no network controller.
    tp4_networking: bool
    #: Message template when a mount has no source (``{name}``, ``{driver}`` Go-quoted, ``{destination}``).
    mount_no_source: str
    #: From 1.13.0 (commit 8f76a1d08b): Hyper-V leaves ``root.path`` empty and readonly is always false.
    hyperv_root: bool
    #: Resource conversions: windowsoci pointers to the raw HostConfig ints, or upstream uint8/uint16/uint64.
    resources: Literal["windowsoci", "specs"]
    #: The resource leaves createSpec sets, as ``block.leaf`` names.
    resource_leaves: tuple[str, ...]
    #: ``NanoCPUs`` handling: ignored, percent of all host CPUs (1.13.0), or 17.06's Hyper-V count rule
    #: with the process-isolation minimum of 1.
    nano_cpus: Literal["none", "percent", "count-or-percent", "count-or-maximum"]
    #: The empty ``resources.network`` object (dropped in 17.06).
    network_resource: bool
    #: From 17.07 createSpec starts with ``daemon.GetImage(ImageID)`` and returns its error as is.
    image_get: bool = False
    #: From 17.07 ``terminal`` and ``consoleSize`` are set only when ``Config.Tty``.
    console_tty_only: bool = False
    #: The 17.09+ layer-loop error templates (``{id}``, ``{store}``, ``{chain}``, ``{cause}``) and metadata
    #: error.
    layer_path_error: str = ""
    layer_metadata_error: str = ""
    #: From 17.09 a process-isolated ``root.path`` ends in a backslash.
    root_backslash: bool = False
    #: From 17.09: ``windows.layerFolders`` (the image's layer paths, parent-most first, then the RW layer),
    #: ``windows.ignoreFlushesDuringBoot`` on a first start, ``windows.hyperv`` for Hyper-V,
    #: ``windows.network`` (endpoints, DNS search, unqualified queries) and the credential spec.
    spec_v1_windows: bool = False
    #: ``c.BaseFS`` of a process-isolated container: a string (``""`` is an empty path), from 17.10 an
    #: interface whose nil (an empty ``BaseFS`` in the case: never mounted) panics on ``.Path()``, and
    #: from 18.03.1 is refused with an error.
    nil_basefs: Literal["path", "panic", "error", "empty-error"] = "path"
    #: From 19.03: ``args`` are ``[Path] + Args`` unescaped, and ArgsEscaped puts ``Path`` plus the
    #: escaped ``Args`` into ``process.commandLine`` instead (``args`` then absent).
    command_line: bool = False
    #: From 19.03 (``setResourcesInSpec``): each resource block only when one of its values is non-zero,
    #: ``resources`` absent when none is.
    sparse_resources: bool = False
    #: The credential spec rules: 17.09's lower-cased ``file://``/``registry://`` options, or 19.03's
    #: case-kept values with ``raw://`` and ``config://`` and no empty spec written; 24.0 rewords the
    #: file errors.
    credspec: Literal["17.09", "19.03", "24.0"] = "17.09"
    #: ``HostConfig.Devices`` as ``windows.devices``: ignored, 19.03's ``class/<GUID>`` for process
    #: isolation on RS5+, or 23.0's ``setupWindowsDevices`` (``class/ID`` or ``IDType://ID``, any isolation).
    devices: Literal["none", "class-rs5", "idtype"] = "none"
    #: From 24.0: ``HostConfig.Annotations`` become ``annotations`` (containerd's ``WithAnnotations``).
    annotations: bool = False
    #: From 26.0 ``setupMounts`` runs in containerStart before createSpec: a mount error comes before the
    #: image lookup's.
    mounts_before_spec: bool = False
    #: Go 1.19+ (moby 23.0's toolchain) quotes DEL as ``\\x7f`` in ``%q`` (credential-spec messages).
    go_del_hex: bool = False


# moby/moby@v1.11.2:daemon/volumes_windows.go (1.11 to 1.12)
_NO_SOURCE_111 = "No source for mount name '{name}' driver {driver} destination '{destination}'"
# moby/moby@410a8612f4:volume/volume.go MountPoint.Setup (410a8612f4 to 17.06)
_NO_SOURCE_410 = "Unable to setup mount point, neither source nor volume defined"

_WINDOWSOCI = "0.3.0 (Windows)"
_SHARES = ("cpu.shares",)
_112_LEAVES = ("cpu.shares", "cpu.percent", "storage.iops", "storage.bps")
_410_LEAVES = ("memory.limit", *_112_LEAVES)
_SPECS_LEAVES = ("memory.limit", "cpu.count", *_112_LEAVES)
_MAXIMUM_LEAVES = ("memory.limit", "cpu.count", "cpu.shares", "cpu.maximum", "storage.iops", "storage.bps")

# Each profile is its predecessor plus the commits between them (each tree's daemon/oci_windows.go,
# cited below).
# moby/moby@v1.11.2:daemon/oci_windows.go, libcontainerd/windowsoci/oci_windows.go
_1_11 = WindowsRules(
    oci_version=_WINDOWSOCI,
    shape="windowsoci",
    os_version=False,
    escape_path=False,
    workdir_setup="hyperv-then-clean",
    cwd_default="",
    env="verbatim",
    container_data=True,
    layer_types=(("layers+base", 0),),
    chain_always_base=True,
    utility_vm=False,
    tp4_networking=True,
    mount_no_source=_NO_SOURCE_111,
    hyperv_root=False,
    resources="windowsoci",
    resource_leaves=_SHARES,
    nano_cpus="none",
    network_resource=True,
)
# moby/moby@c70f153f52:daemon/oci_windows.go: 1.11 + 6fa0239772 (escape the entrypoint too), 331c8a86d4
# (TP4 removed), d45a26d7e2 (`layers` images) and c70f153f52 (utility VM lookup)
_C70F153 = evolve(
    _1_11,
    escape_path=True,
    layer_types=(("layers", 1), ("layers+base", 0)),
    chain_always_base=False,
    utility_vm=True,
    tp4_networking=False,
)
# moby/moby@v1.12.0:daemon/oci_windows.go: + 6508c015fe (os.version), 6952135fc8 (Clean before the Hyper-V
# return), c2d183426b (C:\ default), 6b5c83bf18 (env merge), ea8c690886 and 8df2066341 (percent, storage)
_1_12 = evolve(
    _C70F153,
    os_version=True,
    workdir_setup="clean-then-hyperv",
    cwd_default="C:\\",
    env="replace-or-append",
    resource_leaves=_112_LEAVES,
)
# moby/moby@410a8612f4:daemon/oci_windows.go: the reshaped windowsoci types; image, layers, Hyper-V runtime,
# endpoints and first start moved to libcontainerd create options; MountPoint.Setup; memory.limit
_410A861 = evolve(
    _1_12,
    shape="windowsoci-410a861",
    os_version=False,
    container_data=False,
    layer_types=(),
    utility_vm=False,
    mount_no_source=_NO_SOURCE_410,
    resource_leaves=_410_LEAVES,
)
# moby/moby@v1.13.0:daemon/oci_windows.go, runtime-spec 1c7c27d043 (1.0.0-rc2-dev): 02309170a5 (upstream
# types, uint conversions), 8f76a1d08b (Hyper-V root), 846baf1fd3 and 4e15420b9b (NanoCPUs, count)
_1_13_0 = evolve(
    _410A861,
    oci_version="1.0.0-rc2-dev",
    shape="rc2-dev",
    hyperv_root=True,
    resources="specs",
    resource_leaves=_SPECS_LEAVES,
    nano_cpus="percent",
)
# moby/moby@v17.03.2-ce:daemon/oci_windows.go: SetupWorkingDirectory no longer called
_17_03 = evolve(_1_13_0, workdir_setup="none")
# moby/moby@v17.06.0-ce:daemon/oci_windows.go, runtime-spec v1.0.0-rc5 (commits 3b5af0a289, b3649f4065)
_17_06 = evolve(
    _17_03,
    oci_version="1.0.0-rc5",
    shape="rc5",
    nano_cpus="count-or-percent",
    network_resource=False,
)

# moby/moby@v17.07.0-ce:daemon/oci_windows.go, runtime-spec d42f1eb741 (1.0.0-rc5-dev): f154588226 (GetImage
# first, img.OS picks the default spec; terminal and consoleSize only with a TTY) and 425973cbb8
# (CPU.Maximum, percent x 100, replaces CPU.Percent). The image is taken to be a Windows one (LCOW's
# img.OS == "linux" branch is not modelled).
_17_07 = evolve(
    _17_06,
    oci_version="1.0.0-rc5-dev",
    resource_leaves=_MAXIMUM_LEAVES,
    nano_cpus="count-or-maximum",
    image_get=True,
    console_tty_only=True,
)
# moby/moby@v17.09.0-ce:daemon/oci_windows.go, runtime-spec v1.0.0: the spec carries the layer folders
# (commit 7c29103ad9, "Update Windows and LCOW to use v1.0.0 runtime-spec"), Hyper-V, network, first-start and
# credential-spec fields; root.path ends in a backslash; Spec.Platform is gone and Process.ConsoleSize is a
# pointer. The layer loop starts at 1 for every RootFS type and ChainID() is "" for layers+base
# (moby/moby@v17.09.0-ce:image/rootfs.go); a nil RootFS panics.
_17_09 = evolve(
    _17_07,
    oci_version="1.0.0",
    shape="v1.0.0",
    layer_path_error="failed to get layer path from graphdriver {store} for ImageID {chain} - {cause}",
    layer_metadata_error="failed to get layer metadata - {cause}",
    root_backslash=True,
    spec_v1_windows=True,
)
# moby/moby@v17.10.0-ce:daemon/oci_windows.go: s.Root.Path = c.BaseFS.Path(), BaseFS now a
# containerfs.ContainerFS interface (moby/moby@v17.10.0-ce:container/container.go)
_17_10 = evolve(_17_09, nil_basefs="panic")
# moby/moby@v18.02.0-ce:vendor.conf: runtime-spec v1.0.1 (the Windows types unchanged)
_18_02 = evolve(_17_10, oci_version="1.0.1")
# moby/moby@v18.03.1-ce:daemon/oci_windows.go: createSpecWindowsFields refuses a nil BaseFS (commit
# cherry-picked into the 18.03 patch release; 18.04 has it too)
_18_03_1 = evolve(_18_02, nil_basefs="error")
# moby/moby@v18.04.0-ce:daemon/oci_windows.go: the layer loop moved to ImageService.GetLayerFolders
# (moby/moby@v18.04.0-ce:daemon/images/image_windows.go), errors.Wrapf'd there and again with "container %s"
_18_04 = evolve(
    _18_03_1,
    layer_path_error=(
        "container {id}: failed to get layer path from graphdriver {store} for ImageID {chain}: {cause}"
    ),
    layer_metadata_error="container {id}: failed to get layer metadata: {cause}",
)
# moby/moby@v19.03.0:daemon/oci_windows.go, runtime-spec 29686dbc55 (1.0.1-dev): CommandLine for
# ArgsEscaped and unescaped args otherwise, setResourcesInSpec (sparse), setWindowsCredentialSpec (raw://,
# config://, case kept), device assignment
# moby/moby@v18.09.0:vendor.conf: runtime-spec eba862dc24 (v1.0.1-45), whose specs-go/version.go says
# 1.0.1-dev; createSpec writes it as on Linux (createSpec unchanged from 18.04)
_18_09_0 = evolve(_18_04, oci_version="1.0.1-dev")
_19_03 = evolve(
    _18_09_0,
    command_line=True,
    sparse_resources=True,
    credspec="19.03",
    devices="class-rs5",
)
# moby/moby@v20.10.0:vendor.conf: runtime-spec 4d89ac9fbf (1.0.2-dev); createSpec only renames calls
# (osversion.Build() for the RS5 check; 20.10.24's os.ReadFile reads the credential spec file the same way)
_20_10 = evolve(_19_03, oci_version="1.0.2-dev")
# moby/moby@v23.0.0:daemon/oci_windows.go: setupWindowsDevices (no Hyper-V or RS5 check, IDType://ID);
# LCOW gone (IsOSSupported, DefaultSpec); the runtime-spec is still 1.0.2-dev (1c3f411f04)
_23_0 = evolve(_20_10, devices="idtype", go_del_hex=True)
# moby/moby@v24.0.0:daemon/oci_windows.go, runtime-spec v1.1.0-rc.2: annotations, BaseFS a string again
# ("unexpectedly empty"), credential spec file errors reworded; setupWindowsDevices rewritten with the same
# results
_24_0 = evolve(
    _23_0,
    oci_version="1.1.0-rc.2",
    nil_basefs="empty-error",
    credspec="24.0",
    annotations=True,
)
# moby/moby@v25.0.0:daemon/oci_windows.go, runtime-spec v1.1.0: "GetLayerFolders failed: container %s";
# the DNS search list read from the daemon config passed in; the containerd snapshotter's root path
# (getBackingDeviceForContainerdMount) is not modelled: the daemon is taken to use a graph driver
_25_0 = evolve(
    _24_0,
    oci_version="1.1.0",
    layer_path_error=(
        "GetLayerFolders failed: container {id}: failed to get layer path from graphdriver {store} "
        "for ImageID {chain}: {cause}"
    ),
    layer_metadata_error="GetLayerFolders failed: container {id}: failed to get layer metadata: {cause}",
)
# moby/moby@v26.0.0:daemon/oci_windows.go and daemon/start.go: setupContainerDirs and setupMounts run
# before createSpec, which gets the mounts as an argument
_26_0 = evolve(_25_0, mounts_before_spec=True)
# moby/moby@v26.1.0:vendor.mod: runtime-spec v1.2.0 (the Windows types unchanged)
_26_1 = evolve(_26_0, oci_version="1.2.0")
# moby/moby@v28.2.0:vendor.mod: runtime-spec v1.2.1 (the Windows types unchanged; 28.0's createSpec
# changes are import paths)
_28_2 = evolve(_26_1, oci_version="1.2.1")
# moby/moby@docker-v29.2.0:vendor.mod: runtime-spec v1.3.0 (the Windows types unchanged; docker-v29.2.0-rc.1
# still vendors v1.2.1); docker-v29.4.0's createSpec changes are spelling (max(), CutPrefix)
_29_2 = evolve(_28_2, oci_version="1.3.0")

WINDOWS: dict[str, WindowsRules] = {
    # moby/moby@v1.11.0: daemon/oci_windows.go, oci/defaults_windows.go, libcontainerd/windowsoci as v1.11.2
    "1.11.0": _1_11,
    "1.11": _1_11,
    "1.12-dev+c70f153": _C70F153,
    "1.12": _1_12,
    # moby/moby@v1.12.1 to @v1.12.6: daemon/oci_windows.go, oci/defaults_windows.go, libcontainerd/windowsoci
    # and container/container_windows.go as v1.12.0 (the Linux specs vendoring does not reach windowsoci)
    "1.12.1": _1_12,
    "1.12.2": _1_12,
    "1.13-dev+410a861": _410A861,
    "1.13.0": _1_13_0,
    "17.03": _17_03,
    "17.06": _17_06,
    "17.07": _17_07,
    "17.09": _17_09,
    "17.10": _17_10,
    "18.02": _18_02,
    "18.03": _18_03_1,
    "18.04": _18_04,
    "18.09.0": _18_09_0,
    "19.03": _19_03,
    "20.10.0": _20_10,
    "23.0": _23_0,
    "24.0": _24_0,
    "25.0": _25_0,
    "26.0": _26_0,
    "26.1": _26_1,
    "28.2": _28_2,
    "29.2": _29_2,
}


@frozen
class ChangePoint:
    """A Windows change point from 17.07 on: the releases whose createSpec a profile id reproduces."""

    #: The first release (tag) with this behaviour and the last release tag before the next change point.
    first: str
    last: str
    #: ``moby/moby@TAG:path`` of what changed.
    sources: tuple[str, ...]


#: The Windows change points from 17.07 on, oldest first, keyed by profile id (the first release line
#: they apply to). The rules in effect at a release are those of the newest change point at or before
#: it; a merged profile table takes ``WINDOWS[id]`` for these ids and inherits the newest earlier one
#: for ids that only change Linux behaviour.
WINDOWS_CHANGE_POINTS: dict[str, ChangePoint] = {
    "17.07": ChangePoint(
        "v17.07.0-ce",
        "v17.07.0-ce",
        (
            "moby/moby@v17.07.0-ce:daemon/oci_windows.go",
            "moby/moby@v17.07.0-ce:vendor/github.com/opencontainers/runtime-spec/specs-go/config.go",
        ),
    ),
    "17.09": ChangePoint(
        "v17.09.0-ce",
        "v17.09.1-ce",
        (
            "moby/moby@v17.09.0-ce:daemon/oci_windows.go",
            "moby/moby@v17.09.0-ce:image/rootfs.go",
            "moby/moby@v17.09.0-ce:vendor/github.com/opencontainers/runtime-spec/specs-go/config.go",
        ),
    ),
    "17.10": ChangePoint(
        "v17.10.0-ce",
        "v18.01.0-ce",
        ("moby/moby@v17.10.0-ce:daemon/oci_windows.go", "moby/moby@v17.10.0-ce:container/container.go"),
    ),
    "18.02": ChangePoint(
        "v18.02.0-ce",
        "v18.03.0-ce",
        (
            "moby/moby@v18.02.0-ce:vendor.conf",
            "moby/moby@v18.02.0-ce:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
        ),
    ),
    "18.03": ChangePoint("v18.03.1-ce", "v18.03.1-ce", ("moby/moby@v18.03.1-ce:daemon/oci_windows.go",)),
    "18.04": ChangePoint(
        "v18.04.0-ce",
        "v18.06.3-ce",
        (
            "moby/moby@v18.04.0-ce:daemon/oci_windows.go",
            "moby/moby@v18.04.0-ce:daemon/images/image_windows.go",
        ),
    ),
    "18.09.0": ChangePoint(
        "v18.09.0",
        "v18.09.9",
        (
            "moby/moby@v18.09.0:vendor.conf",
            "moby/moby@v18.09.0:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
        ),
    ),
    "19.03": ChangePoint(
        "v19.03.0",
        "v19.03.15",
        (
            "moby/moby@v19.03.0:daemon/oci_windows.go",
            "moby/moby@v19.03.0:pkg/system/args_windows.go",
            "moby/moby@v19.03.0:vendor/github.com/opencontainers/runtime-spec/specs-go/config.go",
        ),
    ),
    "20.10.0": ChangePoint(
        "v20.10.0",
        "v20.10.27",
        (
            "moby/moby@v20.10.0:vendor.conf",
            "moby/moby@v20.10.0:daemon/oci_windows.go",
            "moby/moby@v20.10.24:daemon/oci_windows.go",
        ),
    ),
    "23.0": ChangePoint("v23.0.0", "v23.0.18", ("moby/moby@v23.0.0:daemon/oci_windows.go",)),
    "24.0": ChangePoint(
        "v24.0.0",
        "v24.0.9",
        (
            "moby/moby@v24.0.0:daemon/oci_windows.go",
            "moby/moby@v24.0.0:container/container.go",
            "moby/moby@v24.0.0:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
        ),
    ),
    "25.0": ChangePoint(
        "v25.0.0",
        "v25.0.17",
        (
            "moby/moby@v25.0.0:daemon/oci_windows.go",
            "moby/moby@v25.0.0:daemon/images/image_windows.go",
            "moby/moby@v25.0.0:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
        ),
    ),
    "26.0": ChangePoint(
        "v26.0.0",
        "v26.0.2",
        ("moby/moby@v26.0.0:daemon/oci_windows.go", "moby/moby@v26.0.0:daemon/start.go"),
    ),
    "26.1": ChangePoint(
        "v26.1.0",
        "v28.1.1",
        (
            "moby/moby@v26.1.0:vendor.mod",
            "moby/moby@v26.1.0:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
        ),
    ),
    "28.2": ChangePoint(
        "v28.2.0",
        "docker-v29.1.5",
        (
            "moby/moby@v28.2.0:vendor.mod",
            "moby/moby@v28.2.0:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
            "moby/moby@docker-v29.0.0:daemon/oci_windows.go",
        ),
    ),
    "29.2": ChangePoint(
        "docker-v29.2.0",
        "docker-v29.7.2",
        (
            "moby/moby@docker-v29.2.0:vendor.mod",
            "moby/moby@docker-v29.2.0:vendor/github.com/opencontainers/runtime-spec/specs-go/version.go",
            "moby/moby@docker-v29.4.0:daemon/oci_windows.go",
        ),
    ),
}

"""Whole Windows ``spec`` inputs: the container record and the Windows world (image, layers, endpoints)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from mobyspec_conformance.strategies.blocks import (
    COMMON_WINDOWS_EXES,
    INT64_MAX,
    INT64_MIN,
    UINT64_MAX,
    WINDOWSFILTER,
    command_line_args,
    container_ids,
    domainnames,
    env_lists,
    hostnames,
    windows_paths,
    windows_workdirs,
)
from mobyspec_reference.layers import base_diff_id, create_chain_id

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Json = Any


# ---------------------------------------------------------------------------------------------------
# Windows


@st.composite
def windows_mounts(draw: st.DrawFn, *, errors: bool = False) -> list[dict[str, Json]]:
    """``Mounts`` as setupMounts resolves them: distinct destinations, read-only or writable, with sources."""
    destinations = draw(st.lists(windows_paths(), max_size=3, unique=True))
    mounts = []
    for dest in destinations:
        mount: dict[str, Json] = {"Destination": dest, "Source": draw(windows_paths(drive=False))}
        if draw(st.booleans()):
            mount["Writable"] = draw(st.booleans())
        if errors and draw(st.integers(0, 4)) == 4:
            mount = {"Destination": dest, "Name": "vol1", "Driver": "local"}
        mounts.append(mount)
    return mounts


@cache
def _windows_resources() -> SearchStrategy[dict[str, int]]:
    """The resource fields of ``HostConfig`` over their whole Go ranges, biased to the edges that wrap."""
    edges = st.sampled_from([0, 1, -1, 255, 256, 300, 10000, 65535, 65536, 70000, INT64_MAX, INT64_MIN])
    int64s = st.one_of(edges, st.integers(INT64_MIN, INT64_MAX))
    nano = st.one_of(
        st.sampled_from(
            [0, 5_000_000, 10_000_000, 1_000_000_000, 1_500_000_000, 2_000_000_000, 3_000_000_000]
        ),
        st.integers(0, INT64_MAX),
        st.integers(INT64_MIN, 0),
    )
    uint64s = st.one_of(st.sampled_from([0, 300, 1_048_576]), st.integers(0, UINT64_MAX))
    return st.fixed_dictionaries(
        {},
        optional={
            "CPUShares": int64s,
            "CPUPercent": int64s,
            "CPUCount": int64s,
            "NanoCPUs": nano,
            "Memory": int64s,
            "IOMaximumBandwidth": uint64s,
            "IOMaximumIOps": uint64s,
        },
    )


@st.composite
def _windows_world(draw: st.DrawFn, base_fs: str, *, errors: bool) -> dict[str, Json]:
    """Image, layer store, RW layer and the utility VM: consistent unless ``errors`` breaks one lookup.

    Without ``errors`` the image is a ``layers`` one: from 17.09 createSpec panics on an image without
    RootFS and cannot find the layers of a ``layers+base`` one (``RootFS.ChainID()`` is ``""`` on
    Windows; moby/moby@v17.09.0-ce:daemon/oci_windows.go, moby/moby@v17.09.0-ce:image/rootfs.go), so
    those only come with ``errors``.
    """
    world: dict[str, Json] = {}
    kinds = ["none", "none", "layers", "layers+base"] if errors else ["layers"]
    kind = draw(st.sampled_from(kinds))
    files: dict[str, Json] = {}
    if kind != "none":
        n = draw(st.integers(1, 3))
        diff_ids = ["sha256:" + c * 64 for c in "abc"[:n]]
        image_rootfs: dict[str, Json] = {"Type": kind, "DiffIDs": diff_ids}
        prefix: list[str] = []
        start = 1
        if kind == "layers+base":
            image_rootfs["BaseLayer"] = "WindowsServerCore"
            prefix = [base_diff_id("WindowsServerCore")]
            start = 0
        layers = {}
        for i in range(start, n + 1):
            layers[create_chain_id([*prefix, *diff_ids[:i]])] = f"{WINDOWSFILTER}l{i}"
        world["image"] = {"RootFS": image_rootfs, "OSVersion": "10.0.14393"}
        world["layers"] = layers
        files[f"{WINDOWSFILTER}l{start}\\UtilityVM"] = "dir"
        if errors and draw(st.booleans()):
            # one layer missing from the store, or the utility VM absent
            if draw(st.booleans()):
                world["layers"] = dict(list(layers.items())[1:])
            else:
                files = {}
    elif draw(st.booleans()):
        world["image"] = {"OSVersion": draw(st.sampled_from(["10.0.14393", "10.0.10586"]))}
    if errors and draw(st.integers(0, 5)) == 5:
        world["image"] = {"error": "image does not exist"}
    world["rwLayer"] = (
        {"error": "layer not found"}
        if errors and draw(st.integers(0, 5)) == 5
        else {"Metadata": {"dir": base_fs}}
    )
    if files:
        world["host"] = {"Files": files}
    return world


@cache
def _windows_parts(*, errors: bool) -> tuple[SearchStrategy[Json], ...]:
    """Config, HostConfig, the container's own keys and the daemon: built once, drawn many times."""
    workdir = windows_workdirs()
    config = st.fixed_dictionaries(
        {},
        optional={
            "Hostname": hostnames(),
            "Domainname": domainnames(),
            "User": st.sampled_from(["", "ContainerAdministrator", "ContainerUser"]),
            "Env": env_lists(),
            "Tty": st.booleans(),
            "WorkingDir": workdir,
            "ArgsEscaped": st.booleans(),
        },
    )
    host_config = st.fixed_dictionaries(
        {},
        optional={
            "Isolation": st.sampled_from(["", "default", "process", "hyperv", "HyperV", "HYPERV"]),
            "ReadonlyRootfs": st.booleans(),
            "ConsoleSize": st.lists(st.integers(0, 300), min_size=2, max_size=2),
            "NetworkMode": st.sampled_from(["default", "nat", "none", ""]),
        },
    )
    container = st.fixed_dictionaries(
        {"Path": st.one_of(st.sampled_from(COMMON_WINDOWS_EXES), command_line_args())},
        optional={
            "ID": container_ids(),
            "Name": st.just("/web"),
            "Args": st.lists(command_line_args(), max_size=4),
            "ImageID": st.just("sha256:" + "1" * 64),
            "HasBeenStartedBefore": st.booleans(),
            "Mounts": windows_mounts(errors=errors),
        },
    )
    daemon = st.fixed_dictionaries(
        {},
        optional={
            "DefaultIsolation": st.sampled_from(["process", "hyperv"]),
            "BridgeIface": st.just("vSwitch"),
        },
    )
    return config, host_config, container, daemon


@st.composite
def windows_spec_inputs(draw: st.DrawFn, *, errors: bool = False) -> dict[str, Json]:
    """The ``input`` of a Windows ``spec`` case: container, daemon, image, layers, RW layer, endpoints, host.

    Without ``errors``: any stored working directory, mounts with sources, a complete layer store with
    the utility VM in place, a network controller; the create-time resource checks are not applied (moby's
    createSpec converts whatever HostConfig holds, which is what the resource properties exercise).
    """
    base_fs = WINDOWSFILTER + draw(st.sampled_from(["4f2a9c1b7d3e", "c1", "0123456789ab"]))
    config_st, host_config_st, container_st, daemon_st = _windows_parts(errors=errors)
    config = draw(config_st)
    host_config = draw(host_config_st)
    host_config.update(draw(_windows_resources()))
    container: dict[str, Json] = draw(container_st)
    container["BaseFS"] = base_fs
    if config:
        container["Config"] = config
    if host_config:
        container["HostConfig"] = host_config
    inp: dict[str, Json] = {"container": container}
    world = draw(_windows_world(base_fs, errors=errors))
    networks = draw(st.lists(st.sampled_from(["nat", "transparent", "l2bridge"]), max_size=2, unique=True))
    if networks:
        container["NetworkSettings"] = {
            "Networks": {n: {"IPAddress": f"172.16.0.{i + 3}"} for i, n in enumerate(networks)}
        }
        world["endpoints"] = {
            n: {"hnsid": f"8a1b2c3d-0000-4000-8000-00000000000{i + 1}"} for i, n in enumerate(networks)
        }
    daemon = draw(daemon_st)
    if errors and draw(st.integers(0, 5)) == 5:
        daemon["NetController"] = False
    if daemon:
        inp["daemon"] = daemon
    if draw(st.booleans()):
        world.setdefault("host", {})["NumCPU"] = draw(st.sampled_from([1, 2, 4, 16, 64]))
    inp.update(world)
    return inp

"""Windows ``spec``: ``createSpec`` of each profile's moby, from the container record and the host facts.

The output is the value ``createSpec`` returns (moby/moby@TAG:daemon/oci_windows.go), serialized with the
JSON tags of the profile's spec type (:mod:`mobyspec_reference.windows_shape`). Any error aborts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mobyspec_reference import modes, windows_modern
from mobyspec_reference.env import full_hostname, replace_or_append_env_values
from mobyspec_reference.errors import GoPanic, fail
from mobyspec_reference.gosemantics import go_quote, int64, int64_div, join_windows, uint8, uint16, uint64
from mobyspec_reference.layers import TYPE_LAYERS, rootfs_chain_id
from mobyspec_reference.winargs import escape_arg
from mobyspec_reference.windows_shape import WindowsSpec, WinMount, serialize
from mobyspec_reference.windows_workdir import setup_working_directory_windows

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mobyspec_reference.inputs import CaseInput, Container, Json
    from mobyspec_reference.profiles import Profile
    from mobyspec_reference.windows_rules import WindowsRules

#: ``defaultVirtualSwitch``: the TP4 bridge name when dockerd had no ``-b``
#: (moby/moby@v1.11.2:daemon/daemon_windows.go initNetworkController).
DEFAULT_VIRTUAL_SWITCH = "Virtual Switch"
#: ``layer.ErrLayerDoesNotExist`` (moby/moby@v1.12.0:layer/layer.go).
LAYER_DOES_NOT_EXIST = "layer does not exist"
_NANO = 1_000_000_000


def _is_error(value: Json) -> bool:
    """The case format's ``{"error": text}`` form of a failing lookup."""
    return isinstance(value, dict) and set(value) == {"error"}


def is_hyperv(inp: CaseInput) -> bool:
    """createSpec's isolation decision: the container's own value, or the daemon default if it IsDefault."""
    own = inp.container.HostConfig.Isolation
    if modes.isolation_is_default(own):
        return modes.isolation_is_hyperv(inp.daemon.DefaultIsolation)
    return modes.isolation_is_hyperv(own)


def _mounts(rules: WindowsRules, c: Container) -> tuple[WinMount, ...]:
    """``setupMounts`` results (in the order given) converted by createSpec; a mount needs a source."""
    out = []
    for m in c.Mounts:
        if not m.Source:
            message = rules.mount_no_source.format(
                name=m.Name, driver=go_quote(m.Driver), destination=m.Destination
            )
            raise fail("windows.mount.no-source", message)
        out.append(WinMount(source=m.Source, destination=m.Destination, readonly=not m.Writable))
    return tuple(out)


def _args(rules: WindowsRules, c: Container) -> tuple[str, ...]:
    """``[Path] + Args``, escaped unless ArgsEscaped; 1.11 leaves Path alone ("TODO (jstarks)").

    From 19.03 never escaped, and absent for ArgsEscaped (see :func:`_command_line`).
    """
    if rules.command_line:
        return () if c.Config.ArgsEscaped else (c.Path, *c.Args)
    if c.Config.ArgsEscaped:
        return (c.Path, *c.Args)
    if rules.escape_path:
        return tuple(escape_arg(a) for a in (c.Path, *c.Args))
    return (c.Path, *(escape_arg(a) for a in c.Args))


def _command_line(rules: WindowsRules, c: Container) -> str | None:
    """19.03+ with ArgsEscaped: ``c.Path`` and, if there are Args, a space and ``system.EscapeArgs(Args)``.

    moby/moby@v19.03.0:daemon/oci_windows.go, moby/moby@v19.03.0:pkg/system/args_windows.go (each arg
    ``windows.EscapeArg``'d, joined with spaces).
    """
    if not (rules.command_line and c.Config.ArgsEscaped):
        return None
    if c.Args:
        return c.Path + " " + " ".join(escape_arg(a) for a in c.Args)
    return c.Path


def _env(rules: WindowsRules, c: Container) -> tuple[str, ...] | None:
    """Windows ``CreateDaemonEnvironment``: no PATH, HOSTNAME or TERM; links are always nil."""
    if rules.env == "verbatim":
        return c.Config.Env
    merged = replace_or_append_env_values([], c.Config.Env)
    return tuple(merged) or None


def _image(inp: CaseInput) -> Mapping[str, Json]:
    """``imageStore.Get(ImageID)``; an absent ``image`` is an image without RootFS."""
    img = inp.image if inp.image is not None else {}
    if _is_error(img):
        raise fail(
            "windows.image.get", f"Failed to graph.Get on ImageID {inp.container.ImageID} - {img['error']}"
        )
    return img


def _layer_folder(inp: CaseInput) -> str:
    """``RWLayer.Metadata()["dir"]``; an absent ``rwLayer`` has empty metadata."""
    rw = inp.rwLayer if inp.rwLayer is not None else {}
    if _is_error(rw):
        raise fail("windows.rwlayer.metadata", f"Failed to get layer metadata - {rw['error']}")
    return str((rw.get("Metadata") or {}).get("dir", ""))


def _layer_paths(rules: WindowsRules, inp: CaseInput, rootfs: Mapping[str, Json] | None) -> tuple[str, ...]:
    """The prefix loop over DiffIDs: each chain's folder PREPENDED, base-most last.

    moby/moby@v1.12.0:daemon/oci_windows.go (``for i := start; i <= max; i++``).
    """
    if rootfs is None:
        return ()
    rtype = rootfs.get("Type", "")
    starts = dict(rules.layer_types)
    if rtype not in starts:
        return ()
    diff_ids = list(rootfs.get("DiffIDs") or ())
    with_base = rules.chain_always_base or rtype == "layers+base"
    paths: list[str] = []
    for i in range(starts[rtype], len(diff_ids) + 1):
        chain = rootfs_chain_id(diff_ids[:i], rootfs.get("BaseLayer", ""), with_base=with_base)
        found = inp.layers.get(chain)
        if found is None or _is_error(found):
            cause = LAYER_DOES_NOT_EXIST if found is None else found["error"]
            # the label says ImageID but Go prints the chain ID there
            store = inp.daemon.LayerStore
            raise fail(
                "windows.layer.path",
                f"Failed to get layer path from graphdriver {store} for ImageID {chain} - {cause}",
            )
        paths.insert(0, found)
    return tuple(paths)


def _utility_vm(inp: CaseInput, layer_paths: tuple[str, ...]) -> str:
    r"""``<base-most layer>\UtilityVM`` must exist (``os.Stat``); returns the HvRuntime image path."""
    if not layer_paths:
        # layerPaths[len(layerPaths)-1] on an empty slice
        raise GoPanic("go.panic", "runtime error: index out of range")
    uvm = join_windows(layer_paths[-1], "UtilityVM")
    kind = inp.host.Files.get(uvm)
    if kind is None:
        raise fail("windows.utility-vm.missing", "container image does not contain a utility VM")
    if _is_error(kind):
        raise fail("windows.utility-vm.stat", kind["error"])
    return uvm


def _endpoints(inp: CaseInput) -> list[str]:
    """HNS endpoint ids of the attached networks, in input order (moby walks a Go map).

    A network whose lookup, endpoint or driver info fails is skipped silently, as is one without
    ``hnsid``. With no network controller (a TP4 daemon) FindNetwork calls a method of a nil interface.
    """
    c = inp.container
    found: list[str] = []
    for name, _entry in c.Networks:
        if not inp.daemon.NetController:
            raise GoPanic("go.panic", "runtime error: invalid memory address or nil pointer dereference")
        info = inp.endpoints.get(name)
        if info is None or _is_error(info):
            continue
        if "hnsid" in info:
            found.append(info["hnsid"])
    return found


def _tp4_networking(inp: CaseInput) -> dict[str, Json]:
    """1.11 on a daemon without a network controller: the network mode picks the TP4 fields.

    The endpoint list is empty here: with no controller, an attached network panics in ``_endpoints``
    first, so ``none`` and NetworkDisabled leave an empty networking object.
    """
    c = inp.container
    mode = c.HostConfig.NetworkMode
    kind = mode.split(":", 1)[0]
    if kind == "none":
        return {}
    if kind not in {"default", ""}:
        raise fail("windows.network.invalid-mode", f"invalid network mode: {mode}")
    if c.Config.NetworkDisabled:
        return {}
    tp4: dict[str, Json] = {}
    if c.Config.MacAddress:
        tp4["mac"] = c.Config.MacAddress
    tp4["bridge"] = inp.daemon.BridgeIface or DEFAULT_VIRTUAL_SWITCH
    bindings = c.HostConfig.PortBindings or {}
    if bindings:
        # nat.PortMap: Go writes map keys sorted; each PortBinding has both fields, a nil list is null
        tp4["port_bindings"] = {
            port: None
            if bindings[port] is None
            else [{"HostIp": b.get("HostIp", ""), "HostPort": b.get("HostPort", "")} for b in bindings[port]]
            for port in sorted(bindings)
        }
    return tp4


def _resources(rules: WindowsRules, inp: CaseInput, *, hyperv: bool) -> dict[str, dict[str, int]]:
    """``Windows.Resources``: the leaves this profile sets, each a non-nil pointer (written even when 0)."""
    hc = inp.container.HostConfig
    leaves = rules.resource_leaves
    if rules.resources == "windowsoci":
        # windowsoci keeps HostConfig's own types: shares is uint64(CPUShares), percent and limit int64
        shares, percent, count, limit = uint64(hc.CPUShares), int64(hc.CPUPercent), 0, int64(hc.Memory)
        maximum = 0
    else:
        shares, percent = uint16(hc.CPUShares), uint8(hc.CPUPercent)
        maximum = uint16(uint16(hc.CPUPercent) * 100)  # uint16 arithmetic wraps
        count, limit = uint64(hc.CPUCount), uint64(hc.Memory)
        nano = int64(hc.NanoCPUs)
        if nano > 0 and rules.nano_cpus == "count-or-percent" and hyperv:
            count = uint64(int64_div(nano, _NANO))
            if nano % _NANO:
                count = uint64(count + 1)
                percent = uint8(int64_div(int64_div(int64(nano * 100), int64(count)), _NANO))
        elif nano > 0 and rules.nano_cpus == "count-or-maximum":
            # moby/moby@v17.07.0-ce:daemon/oci_windows.go: NanoCPUs / count (or NumCPU) / (1e9 / 10000),
            # clamped to at least 1 in both branches
            if hyperv:
                count = uint64(int64_div(nano, _NANO))
                if nano % _NANO:
                    count = uint64(count + 1)
                    maximum = max(uint16(int64_div(int64_div(nano, int64(count)), _NANO // 10000)), 1)
            else:
                maximum = max(uint16(int64_div(int64_div(nano, inp.host.NumCPU), _NANO // 10000)), 1)
        elif nano > 0 and rules.nano_cpus != "none":
            # Go int64 arithmetic left to right: the product itself can wrap, each division truncates
            percent = uint8(int64_div(int64_div(int64(nano * 100), inp.host.NumCPU), _NANO))
            if rules.nano_cpus == "count-or-percent" and percent < 1:
                percent = 1
    values = {
        "memory.limit": limit,
        "cpu.count": count,
        "cpu.shares": shares,
        "cpu.percent": percent,
        "cpu.maximum": maximum,
        "storage.iops": uint64(hc.IOMaximumIOps),
        "storage.bps": uint64(hc.IOMaximumBandwidth),
    }
    blocks: dict[str, dict[str, int]] = {"memory": {}, "cpu": {}, "storage": {}}
    for name, value in values.items():  # declaration order of the Go structs
        if name in leaves:
            block, leaf = name.split(".")
            blocks[block][leaf] = value
    if rules.network_resource:
        blocks["network"] = {}
    if rules.sparse_resources:
        # setResourcesInSpec: a block only when one of its values is non-zero (moby/moby@v19.03.0)
        return {name: leaves for name, leaves in blocks.items() if any(leaves.values())}
    return blocks


def create_spec_windows(inp: CaseInput, profile: Profile) -> dict[str, Any]:
    """Build the Windows spec of ``profile`` for ``inp``; raises BuildError where moby returns an error."""
    rules = profile.windows
    assert rules is not None  # build() checked support
    c = inp.container
    # 26.0+: containerStart runs setupMounts before createSpec (moby/moby@v26.0.0:daemon/start.go)
    early_mounts = _mounts(rules, c) if rules.mounts_before_spec else None
    found: Mapping[str, Json] = {}
    if rules.image_get:
        # daemon.GetImage(ImageID) is createSpec's first call; its error is returned as is
        found = inp.image if inp.image is not None else {}
        if _is_error(found):
            raise fail("windows.image.lookup", str(found["error"]))
    hyperv = is_hyperv(inp)
    # The stored WorkingDir as is: ContainerStart re-verifies with a nil Config
    # (moby/moby@TAG:daemon/start.go), so create's FromSlash and absolute check never run here.
    workdir = setup_working_directory_windows(
        rules,
        c.Config.WorkingDir,
        c.BaseFS,
        inp.host.Files,
        own_hyperv=modes.isolation_is_hyperv(c.HostConfig.Isolation),
    )
    img: Mapping[str, Json] = _image(inp) if rules.container_data else {}
    mounts = early_mounts if early_mounts is not None else _mounts(rules, c)
    if rules.hyperv_root:
        # "Windows does not support a read-only root filesystem"; Hyper-V gets no host path
        root_path, root_readonly = ("" if hyperv else c.BaseFS), False
    else:
        root_path, root_readonly = c.BaseFS, c.HostConfig.ReadonlyRootfs
    if rules.root_backslash and not hyperv and not root_path.endswith("\\"):
        root_path += "\\"  # "a correctly formatted volume GUID path \\?\Volume{GUID}\"
    extra: dict[str, Any] = {}
    if rules.spec_v1_windows:
        # moby/moby@v17.09.0-ce:daemon/oci_windows.go: the layer loop and the endpoint walk run in
        # createSpec, then createSpecWindowsFields sets root.path, the resources and the credential spec
        extra["layer_folders"] = tuple(windows_modern.layer_folders(rules, inp, found))
        extra["network"] = windows_modern.network(inp)
        if not hyperv and not c.BaseFS:
            windows_modern.nil_basefs(rules, c.ID)
        if rules.credspec == "17.09":
            extra["credential_spec"] = windows_modern.credential_spec(inp)
        else:
            extra["credential_spec"] = windows_modern.credential_spec_1903(
                inp, reworded=rules.credspec == "24.0", del_hex=rules.go_del_hex
            )
        if rules.devices == "class-rs5":
            extra["devices"] = windows_modern.devices(inp, hyperv=hyperv)
        elif rules.devices == "idtype":
            extra["devices"] = windows_modern.devices_23(inp)
        extra["ignore_flushes"] = not c.HasBeenStartedBefore
        extra["hyperv"] = hyperv
    if rules.container_data:
        extra["first_start"] = not c.HasBeenStartedBefore
        extra["layer_folder"] = _layer_folder(inp)
        rootfs = img.get("RootFS")
        layer_paths = _layer_paths(rules, inp, rootfs)
        extra["layer_paths"] = layer_paths
        if hyperv:
            image_path = ""
            if rules.utility_vm and rootfs is not None and rootfs.get("Type") == TYPE_LAYERS:
                image_path = _utility_vm(inp, layer_paths)
            extra["hv_image_path"] = image_path
        endpoints = _endpoints(inp)
        networking: dict[str, Json] = {"endpoints": endpoints} if endpoints else {}
        if rules.tp4_networking and not inp.daemon.NetController:
            networking = _tp4_networking(inp)
        extra["networking"] = networking
    spec = WindowsSpec(
        arch=inp.host.GOARCH,
        os_version=str(img.get("OSVersion", "")),
        terminal=c.Config.Tty,
        console_size=c.HostConfig.ConsoleSize if c.Config.Tty or not rules.console_tty_only else (0, 0),
        user=c.Config.User,
        args=_args(rules, c),
        command_line=_command_line(rules, c),
        annotations=c.HostConfig.Annotations if rules.annotations else (),
        env=_env(rules, c),
        cwd=workdir or rules.cwd_default,
        root_path=root_path,
        root_readonly=root_readonly,
        hostname=full_hostname(c.Config),
        mounts=mounts,
        resources=_resources(rules, inp, hyperv=hyperv),
        **extra,
    )
    return serialize(rules, spec)

"""JSON of the Windows spec types, per profile: which keys exist, in which order, and which are omitempty.

Sources: moby/moby@v1.11.2, @c70f153f52, @v1.12.0 and @410a8612f4:libcontainerd/windowsoci/oci_windows.go;
moby/moby@v1.13.0, @v17.06.0-ce, @v17.07.0-ce and @v17.09.0-ce:vendor/github.com/opencontainers/runtime-spec/
specs-go/config.go.
Keys are emitted in Go declaration order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import frozen

if TYPE_CHECKING:
    from mobyspec_reference.windows_rules import WindowsRules

Json = Any


@frozen
class WinMount:
    """One mount as createSpec converts it."""

    source: str
    destination: str
    readonly: bool


@frozen
class WindowsSpec:
    """Every value createSpec writes, before serialization."""

    arch: str
    os_version: str
    terminal: bool
    console_size: tuple[int, int]
    user: str
    args: tuple[str, ...]
    env: tuple[str, ...] | None
    cwd: str
    root_path: str
    root_readonly: bool
    hostname: str
    mounts: tuple[WinMount, ...]
    #: ``resources`` blocks in declaration order, each an ordered leaf -> value mapping.
    resources: dict[str, dict[str, int]]
    #: windowsoci container data (1.11-1.12): None where the profile has none.
    networking: dict[str, Json] | None = None
    first_start: bool = False
    layer_folder: str = ""
    layer_paths: tuple[str, ...] = ()
    #: None: no Hyper-V runtime; otherwise the utility VM image path ("" when unset).
    hv_image_path: str | None = None
    #: runtime-spec v1.0.0 ``windows`` fields (17.09+): None where the profile has none.
    layer_folders: tuple[str, ...] | None = None
    network: dict[str, Json] | None = None
    #: None: a nil SecurityOpt leaves the interface nil (omitted); otherwise the spec text, even "".
    credential_spec: str | None = None
    ignore_flushes: bool = False
    hyperv: bool = False
    #: 19.03+: ``process.commandLine`` (None: not set) and ``windows.devices``.
    command_line: str | None = None
    devices: tuple[tuple[str, str], ...] = ()
    #: 24.0+: ``annotations`` (a Go map: written with sorted keys, absent when empty).
    annotations: tuple[tuple[str, str], ...] = ()


def _mounts(rules: WindowsRules, mounts: tuple[WinMount, ...]) -> list[dict[str, Json]]:
    out: list[dict[str, Json]] = []
    for m in mounts:
        if rules.shape == "windowsoci":
            out.append({"destination": m.destination, "type": "", "source": m.source, "readonly": m.readonly})
            continue
        entry: dict[str, Json] = {"destination": m.destination}
        if rules.shape not in {"rc5", "v1.0.0"}:
            entry["type"] = ""  # rc5 tags type and source omitempty
        # createSpec refuses a mount without a source (windows.py), so omitempty never drops it.
        entry["source"] = m.source
        if m.readonly:
            entry["options"] = ["ro"]
        out.append(entry)
    return out


def _process(rules: WindowsRules, spec: WindowsSpec) -> dict[str, Json]:
    height, width = spec.console_size
    proc: dict[str, Json] = {}
    if rules.shape == "windowsoci":
        proc["terminal"] = spec.terminal  # no omitempty; the console size is json:"-"
        proc["user"] = {"user": spec.user} if spec.user else {}
    else:
        if spec.terminal:
            proc["terminal"] = True
        if rules.shape != "windowsoci-410a861" and (rules.shape != "v1.0.0" or spec.terminal):
            # v1.0.0: a *Box createSpec sets only with a TTY
            proc["consoleSize"] = {"height": height, "width": width}
        user: dict[str, Json] = {"uid": 0, "gid": 0}
        if spec.user:
            user["username"] = spec.user
        proc["user"] = user
    if spec.args or not rules.command_line:  # args is omitempty from 19.03
        proc["args"] = list(spec.args)
    if spec.command_line:
        proc["commandLine"] = spec.command_line
    if spec.env:
        proc["env"] = list(spec.env)
    proc["cwd"] = spec.cwd
    if rules.shape == "windowsoci-410a861":
        # the Box struct has no JSON tags, so Go writes its field names; it is the last Process field
        proc["consoleSize"] = {"Height": height, "Width": width}
    return proc


def serialize(rules: WindowsRules, spec: WindowsSpec) -> dict[str, Json]:
    """The spec as Go's encoding/json writes the profile's spec type."""
    platform: dict[str, Json] = {"os": "windows", "arch": spec.arch}
    if rules.os_version and spec.os_version:
        platform["os.version"] = spec.os_version
    doc: dict[str, Json] = {"ociVersion": rules.oci_version}
    if rules.shape != "v1.0.0":  # runtime-spec v1.0.0 dropped Spec.Platform
        doc["platform"] = platform
    doc["process"] = _process(rules, spec)
    if rules.shape in {"windowsoci", "windowsoci-410a861"}:
        doc["root"] = {"path": spec.root_path, "readonly": spec.root_readonly}
    else:
        # readonly is omitempty here, and these createSpecs always set it false (hyperv_root;
        # moby/moby@v1.13.0:daemon/oci_windows.go "does not support a read-only root filesystem").
        doc["root"] = {"path": spec.root_path}
    if spec.hostname:
        doc["hostname"] = spec.hostname
    mounts = _mounts(rules, spec.mounts)
    if rules.shape == "windowsoci":
        doc["mounts"] = mounts or None  # no omitempty: a nil slice is null
    elif mounts:
        doc["mounts"] = mounts
    if rules.shape in {"windowsoci-410a861", "rc2-dev"}:
        doc["hooks"] = {}  # a struct value whose fields are all omitempty
    if spec.annotations:
        doc["annotations"] = dict(sorted(spec.annotations))
    windows: dict[str, Json] = {}
    if spec.layer_folders is not None:
        windows["layerFolders"] = list(spec.layer_folders)  # no omitempty
    if spec.devices:
        windows["devices"] = [{"id": dev_id, "idType": id_type} for dev_id, id_type in spec.devices]
    if spec.resources or not rules.sparse_resources:
        windows["resources"] = spec.resources
    if spec.credential_spec is not None:
        windows["credentialSpec"] = spec.credential_spec
    if spec.ignore_flushes:
        windows["ignoreFlushesDuringBoot"] = True
    if spec.hyperv:
        windows["hyperv"] = {}
    if spec.network is not None:
        windows["network"] = spec.network
    if rules.container_data:
        windows["networking"] = spec.networking  # createSpec always sets it where container_data holds
        if spec.first_start:
            windows["first_start"] = True
        if spec.layer_folder:
            windows["layer_folder"] = spec.layer_folder
        if spec.layer_paths:
            windows["layer_paths"] = list(spec.layer_paths)
        if spec.hv_image_path is not None:
            windows["hv_runtime"] = {"image_path": spec.hv_image_path} if spec.hv_image_path else {}
    doc["windows"] = windows
    return doc

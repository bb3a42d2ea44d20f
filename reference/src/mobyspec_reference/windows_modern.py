"""The ``windows`` fields createSpec writes from 17.09 on: layer folders, network, credential spec.

Sources: moby/moby@v17.09.0-ce:daemon/oci_windows.go (the layer loop, the endpoint walk, the credential
spec helpers), moby/moby@v17.09.0-ce:image/rootfs.go (``ChainID``: ``""`` for ``layers+base`` on
Windows), moby/moby@v17.09.0-ce:layer/layer_windows.go (``GetLayerPath``) and
moby/moby@v17.09.0-ce:daemon/container_operations.go (``getDNSSearchSettings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from mobyspec_reference.errors import GoPanic, fail
from mobyspec_reference.gosemantics import (
    clean_windows,
    go_lower,
    go_quote,
    join_windows,
    volume_name_len_windows,
)
from mobyspec_reference.layers import TYPE_LAYERS_WITH_BASE, create_chain_id

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mobyspec_reference.inputs import CaseInput, Json
    from mobyspec_reference.windows_rules import WindowsRules

#: ``layer.ErrLayerDoesNotExist`` (moby/moby@v17.09.0-ce:layer/layer.go).
LAYER_DOES_NOT_EXIST = "layer does not exist"
#: moby/moby@v17.09.0-ce:daemon/oci_windows.go
CREDENTIAL_SPEC_REGISTRY = (
    r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\Containers\CredentialSpecs"
)
CREDENTIAL_SPEC_FOLDER = "CredentialSpecs"
NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference"


def _is_error(value: Json) -> bool:
    return isinstance(value, dict) and set(value) == {"error"}


def layer_folders(rules: WindowsRules, inp: CaseInput, img: Mapping[str, Json]) -> list[str]:
    """``s.Windows.LayerFolders``: the image's layer folders, top layer first, then the RW layer's ``dir``.

    The loop runs ``for i := 1; i <= len(img.RootFS.DiffIDs); i++`` over ``RootFS.ChainID()``, which is
    ``""`` for a ``layers+base`` image on Windows; a nil RootFS panics on ``img.RootFS.DiffIDs``.
    """
    rootfs = img.get("RootFS")
    if rootfs is None:
        raise GoPanic("go.panic", NIL_DEREFERENCE)
    diff_ids = list(rootfs.get("DiffIDs") or ())
    folders: list[str] = []
    for i in range(1, len(diff_ids) + 1):
        chain = "" if rootfs.get("Type", "") == TYPE_LAYERS_WITH_BASE else create_chain_id(diff_ids[:i])
        found = inp.layers.get(chain)
        if found is None or _is_error(found):
            cause = LAYER_DOES_NOT_EXIST if found is None else found["error"]
            message = rules.layer_path_error.format(
                id=inp.container.ID, store=inp.daemon.LayerStore, chain=chain, cause=cause
            )
            raise fail("windows.layer.path", message)
        folders.insert(0, str(found))
    rw = inp.rwLayer if inp.rwLayer is not None else {}
    if _is_error(rw):
        message = rules.layer_metadata_error.format(id=inp.container.ID, cause=rw["error"])
        raise fail("windows.rwlayer.metadata", message)
    folders.append(str((rw.get("Metadata") or {}).get("dir", "")))
    return folders


def network(inp: CaseInput) -> dict[str, Json]:
    """``s.Windows.Network``: the HNS endpoints of the attached networks, DNS search and the flags.

    Each network whose lookup, endpoint or driver info fails is skipped (``continue``); a daemon without
    a network controller finds none. ``GW_INFO.hnsid`` of the last network that has one goes last.
    Networks are walked in input order (a Go map in moby).
    """
    c = inp.container
    endpoints: list[str] = []
    unqualified = False
    gateway = ""
    for name, _entry in c.Networks:
        info = inp.endpoints.get(name)
        if not inp.daemon.NetController or info is None or _is_error(info):
            continue
        gw_info = info.get("GW_INFO")
        if gw_info is not None and gw_info.get("hnsid") is not None:
            gateway = str(gw_info["hnsid"])
        if info.get("hnsid") is not None:
            endpoints.append(str(info["hnsid"]))
        if info.get("AllowUnqualifiedDNSQuery") is not None:
            unqualified = True
    shared = ""
    if c.HostConfig.NetworkMode.startswith("container:"):
        shared = c.NetworkSharedContainerID
        endpoints.extend(c.SharedEndpointList)
    if gateway:
        endpoints.append(gateway)
    dns_search = c.HostConfig.DNSSearch or inp.daemon.DNSSearch
    out: dict[str, Json] = {}
    if endpoints:
        out["endpointList"] = endpoints
    if unqualified:
        out["allowUnqualifiedDNSQuery"] = True
    if dns_search:
        out["DNSSearchList"] = list(dns_search)
    if shared:
        out["networkSharedContainerName"] = shared
    return out


def _is_abs_windows(path: str) -> bool:
    """Go ``filepath.IsAbs`` on Windows: a volume name followed by a separator."""
    vol = volume_name_len_windows(path)
    return vol > 0 and len(path) > vol and path[vol] in {"\\", "/"}


def _credential_file(inp: CaseInput, location: str, invalid: str) -> tuple[str, str | None]:
    """``readCredentialSpecFile``'s common part: the checked path and its read error (None: it reads).

    The path is ``location`` below the daemon root's ``CredentialSpecs`` folder, refused when absolute or
    when it climbs out; every version words the refusal with its own ``invalid`` prefix.
    """
    if _is_abs_windows(location):
        raise fail("windows.credential-spec", invalid + "file:// path cannot be absolute")
    base = join_windows(inp.daemon.Root, CREDENTIAL_SPEC_FOLDER)
    full = join_windows(base, location)
    if not full.startswith(base):
        raise fail("windows.credential-spec", f"{invalid}file:// path must be under {base}")
    content = inp.host.FileContents.get(full)
    if content is None:
        return full, f"open {full}: The system cannot find the file specified."
    return full, str(content["error"]) if _is_error(content) else None


def _read_file(inp: CaseInput, container_id: str, location: str) -> str:
    """``readCredentialSpecFile``: a relative path below the daemon root's ``CredentialSpecs``, read whole."""
    full, err = _credential_file(inp, location, "invalid credential spec - ")
    if err is not None:
        message = f"credential spec '{full}' for container {container_id} as the file could not be read: "
        raise fail("windows.credential-spec", message + go_quote(err))
    return str(inp.host.FileContents[full])


@frozen
class _RegistryTexts:
    """The three errors of one version's ``readCredentialSpecRegistry`` (fields: quoted, id, error, key)."""

    cannot_open: str
    not_found: str
    cannot_read: str


# moby/moby@v17.09.0-ce:daemon/oci_windows.go readCredentialSpecRegistry
_REGISTRY_17_09 = _RegistryTexts(
    cannot_open="failed handling spec {quoted} for container {id} - {key} could not be opened",
    not_found="credential spec {quoted} for container {id} as it was not found",
    cannot_read="error {error} reading credential spec {quoted} from registry for container {id}",
)
# moby/moby@v19.03.0:daemon/oci_windows.go: the open and read errors wrapped, a new not-found text
_REGISTRY_19_03 = _RegistryTexts(
    cannot_open=(
        "failed handling spec {quoted} for container {id} - registry key {key} could not be opened: {error}"
    ),
    not_found="registry credential spec {quoted} for container {id} was not found",
    cannot_read="error reading credential spec {quoted} from registry for container {id}: {error}",
)


def _read_registry(
    inp: CaseInput,
    container_id: str,
    name: str,
    texts: _RegistryTexts = _REGISTRY_17_09,
    *,
    del_hex: bool = False,
) -> str:
    """``readCredentialSpecRegistry``: a string value of the CredentialSpecs key of HKLM."""
    key = inp.host.CredentialSpecRegistry
    fields = {"quoted": go_quote(name, del_hex=del_hex), "id": container_id, "key": CREDENTIAL_SPEC_REGISTRY}
    if _is_error(key):
        raise fail("windows.credential-spec", texts.cannot_open.format(**fields, error=key["error"]))
    value = key.get(name)
    if value is None:
        raise fail("windows.credential-spec", texts.not_found.format(**fields))
    if _is_error(value):
        raise fail("windows.credential-spec", texts.cannot_read.format(**fields, error=value["error"]))
    return str(value)


def credential_spec(inp: CaseInput) -> str | None:
    """The ``credentialspec=`` security options: None when SecurityOpt is nil, else the last spec read.

    Every option is lower-cased first (its value too); the last one wins, and a non-nil empty list
    leaves ``""`` (an interface holding ``""`` is not omitted by ``omitempty``).
    """
    options = inp.container.HostConfig.SecurityOpt
    if options is None:
        return None
    spec = ""
    for raw in options:
        opt = go_lower(raw)
        if "=" not in opt:
            message = f"invalid security option: no equals sign in supplied value {opt}"
            raise fail("windows.security-opt", message)
        key, value = opt.split("=", 1)
        if key != "credentialspec":
            raise fail("windows.security-opt", f"security option not supported: {key}")
        if value.startswith("file://"):
            location = value.removeprefix("file://")
            if location == "":
                raise fail(
                    "windows.credential-spec", "no value supplied for file:// credential spec security option"
                )
            spec = _read_file(inp, inp.container.ID, clean_windows(location))
        elif value.startswith("registry://"):
            name = value.removeprefix("registry://")
            if name == "":
                message = "no value supplied for registry:// credential spec security option"
                raise fail("windows.credential-spec", message)
            spec = _read_registry(inp, inp.container.ID, name)
        else:
            message = (
                "invalid credential spec security option - value must be prefixed file:// or registry:// "
                "followed by a value"
            )
            raise fail("windows.credential-spec", message)
    return spec


def nil_basefs(rules: WindowsRules, container_id: str) -> None:
    """A process-isolated container whose BaseFS is nil (17.10+: an interface, never mounted).

    ``c.BaseFS.Path()`` on a nil interface panics (moby/moby@v17.10.0-ce:daemon/oci_windows.go); from
    18.03.1 createSpecWindowsFields checks first (moby/moby@v18.03.1-ce:daemon/oci_windows.go).
    """
    if rules.nil_basefs == "panic":
        raise GoPanic("go.panic", NIL_DEREFERENCE)
    if rules.nil_basefs == "error":
        message = f"createSpecWindowsFields: BaseFS of container {container_id} is unexpectedly nil"
        raise fail("windows.basefs.nil", message)
    if rules.nil_basefs == "empty-error":
        # moby/moby@v24.0.0:daemon/oci_windows.go: BaseFS is a string again
        message = f"createSpecWindowsFields: BaseFS of container {container_id} is unexpectedly empty"
        raise fail("windows.basefs.nil", message)


#: ``errInvalidCredentialSpecSecOpt`` (moby/moby@v19.03.0:daemon/oci_windows.go).
INVALID_CREDENTIAL_SPEC_1903 = (
    "invalid credential spec security option - value must be prefixed by 'file://', 'registry://', or "
    "'raw://' followed by a non-empty value"
)


def _read_file_1903(
    inp: CaseInput, container_id: str, location: str, *, reworded: bool, del_hex: bool
) -> str:
    """19.03 ``readCredentialSpecFile``: the same checks, the read error wrapped with ``errors.Wrapf``.

    24.0 (``reworded``) writes ``invalid credential spec:`` and ``failed to load credential spec``.
    """
    invalid = "invalid credential spec: " if reworded else "invalid credential spec - "
    full, err = _credential_file(inp, location, invalid)
    if err is not None:
        if reworded:
            message = f"failed to load credential spec for container {container_id}"
        else:
            quoted = go_quote(full, del_hex=del_hex)
            message = f"credential spec for container {container_id} could not be read from file {quoted}"
        raise fail("windows.credential-spec", f"{message}: {err}")
    return str(inp.host.FileContents[full])


def credential_spec_1903(inp: CaseInput, *, reworded: bool = False, del_hex: bool = False) -> str | None:
    """19.03 ``setWindowsCredentialSpec``: ``credentialspec=<scheme>://<value>``, the last one wins.

    The option name is matched with ``strings.EqualFold`` and the scheme lower-cased, the value kept as
    given; ``raw://`` is the spec itself; ``config://`` needs the swarm dependency store, which a plain
    container does not have (invalid). An empty result is not written.
    """
    options = inp.container.HostConfig.SecurityOpt
    if options is None:
        return None
    spec = ""
    for opt in options:
        if "=" not in opt:
            message = f"invalid security option: no equals sign in supplied value {opt}"
            raise fail("windows.security-opt", message)
        key, value = opt.split("=", 1)
        if key.casefold() != "credentialspec":  # "credentialspec" has no letter whose fold grows
            raise fail("windows.security-opt", f"security option not supported: {key}")
        scheme, sep, rest = value.partition("://")
        if not sep or rest == "":
            raise fail("windows.credential-spec", INVALID_CREDENTIAL_SPEC_1903)
        kind = go_lower(scheme)
        if kind == "file":
            spec = _read_file_1903(
                inp, inp.container.ID, clean_windows(rest), reworded=reworded, del_hex=del_hex
            )
        elif kind == "registry":
            spec = _read_registry(inp, inp.container.ID, rest, _REGISTRY_19_03, del_hex=del_hex)
        elif kind == "raw":
            spec = rest
        else:  # config:// without a dependency store, or any other scheme
            raise fail("windows.credential-spec", INVALID_CREDENTIAL_SPEC_1903)
    return spec or None


def devices(inp: CaseInput, *, hyperv: bool) -> tuple[tuple[str, str], ...]:
    """19.03 device assignment: each ``class/<id>`` PathOnHost becomes ``{id, idType: class}``."""
    paths = inp.container.HostConfig.Devices
    if not paths:
        return ()
    if hyperv:
        raise fail("windows.device", "device assignment is not supported for HyperV containers")
    if inp.host.OSBuild < 17763:
        raise fail("windows.device", "device assignment requires Windows builds RS5 (17763+) or later")
    out: list[tuple[str, str]] = []
    for path in paths:
        kind, sep, ident = path.partition("/")
        if not sep:
            raise fail("windows.device", "invalid device assignment path")
        if kind != "class":
            raise fail("windows.device", f"invalid device assignment type: '{kind}' should be 'class'")
        out.append((ident, kind))
    return tuple(out)


def devices_23(inp: CaseInput) -> tuple[tuple[str, str], ...]:
    """23.0 ``setupWindowsDevices``: ``class/ID`` is read as ``class://ID``; any ``IDType://ID`` is kept.

    moby/moby@v23.0.0:daemon/oci_windows.go: no isolation or host build check any more.
    """
    out: list[tuple[str, str]] = []
    for path in inp.container.HostConfig.Devices:
        device = path.replace("class/", "class://", 1) if path.startswith("class/") else path
        kind, sep, ident = device.partition("://")
        if not sep:
            message = f"invalid device assignment path: '{path}', must be 'class/ID' or 'IDType://ID'"
            raise fail("windows.device", message)
        if kind == "":
            raise fail("windows.device", f"invalid device assignment path: '{path}', IDType cannot be empty")
        out.append((ident, kind))
    return tuple(out)

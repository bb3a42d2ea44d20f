"""Shared pieces of the Windows corpus generators: a typical container record and its host facts."""

from __future__ import annotations

from typing import Any

from tools.corpus.common import case, merge, ref

Json = Any

#: The layer store's folder (moby's windowsfilter graph driver home).
WF = "C:\\ProgramData\\docker\\windowsfilter\\"
#: Diff IDs used throughout (the worked examples' A and B).
A = "sha256:" + "a" * 64
B = "sha256:" + "b" * 64
C = "sha256:" + "c" * 64
#: chain(A, B) and chain(A, B, C) (layer.CreateChainID).
CHAIN_AB = "sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c"
#: Go's %s of daemon.layerStore as it would print (a pointer-laden struct; host-dependent).
LAYER_STORE = "&{0xc8201c2000 0xc82006e0a0 map[] map[] 0xc8202b4510}"
HNS_NAT = "8a1b2c3d-0000-4000-8000-000000000001"
HNS_TRANS = "8a1b2c3d-0000-4000-8000-000000000002"
CONTAINER_ID = "4f2a9c1b7d3e5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d"
BASE_FS = WF + "4f2a9c1b7d3e"

#: A plain Windows container as docker run microsoft/nanoserver cmd would leave it, before start.
WINDOWS_CONTAINER: Json = {
    "ID": CONTAINER_ID,
    "Name": "/web",
    "Path": "cmd",
    "Args": [],
    "BaseFS": BASE_FS,
    "ImageID": "sha256:" + "1" * 64,
    "Config": {"Hostname": "4f2a9c1b7d3e", "Env": None, "Tty": False, "WorkingDir": ""},
    "HostConfig": {"NetworkMode": "default", "Isolation": "process"},
    "NetworkSettings": {"Networks": {"nat": {"IPAddress": "172.16.0.3"}}},
}

#: Host facts to go with it: a one-layer image with a utility VM, the RW layer, the nat endpoint.
WINDOWS_WORLD: Json = {
    "daemon": {"DefaultIsolation": "process", "LayerStore": LAYER_STORE},
    "host": {"NumCPU": 4, "Files": {WF + "l1\\UtilityVM": "dir"}},
    "image": {"RootFS": {"Type": "layers", "DiffIDs": [A]}, "OSVersion": "10.0.14393"},
    "layers": {A: WF + "l1"},
    "rwLayer": {"Metadata": {"dir": BASE_FS}},
    "endpoints": {"nat": {"hnsid": HNS_NAT}},
}

OCI = ref("v1.12.0", "daemon/oci_windows.go")
OCI_111 = ref("v1.11.2", "daemon/oci_windows.go")
OCI_C70 = ref("c70f153f52", "daemon/oci_windows.go")
OCI_410 = ref("410a8612f4", "daemon/oci_windows.go")
OCI_113 = ref("v1.13.0", "daemon/oci_windows.go")
OCI_1703 = ref("v17.03.2-ce", "daemon/oci_windows.go")
OCI_1706 = ref("v17.06.0-ce", "daemon/oci_windows.go")
ALL_OCI = [OCI_111, OCI_C70, OCI, OCI_410, OCI_113, OCI_1703, OCI_1706]
#: Profiles whose spec carries image, layer, Hyper-V runtime and endpoint data.
WINDOWSOCI_DATA = ["1.11", "1.12-dev+c70f153", "1.12"]


def windows_input(
    container: Json | None = None, world: Json | None = None, *, replace: Json | None = None
) -> Json:
    """A Windows case input: the plain container and world facts, each merged with a patch.

    ``replace`` sets top-level world keys outright (``None`` removes one), e.g. ``image`` to an error.
    """
    inp: dict[str, Json] = {"container": merge(WINDOWS_CONTAINER, container or {})}
    inp.update(merge(WINDOWS_WORLD, world or {}))
    for key, value in (replace or {}).items():
        if value is None:
            inp.pop(key, None)
        else:
            inp[key] = value
    return inp


def win_case(
    case_id: str,
    description: str,
    features: list[str],
    inp: Json,
    refs: list[str] | None = None,
    profiles: list[str] | None = None,
) -> Json:
    """One Windows ``spec`` case."""
    return case(
        f"windows/{case_id}",
        description,
        platform="windows",
        operation="spec",
        features=features,
        inp=inp,
        refs=refs or [OCI],
        profiles=profiles,
    )

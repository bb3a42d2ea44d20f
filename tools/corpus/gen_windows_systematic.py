"""Systematic Windows ``spec`` cases: sweeps and small cross-products over the input dimensions.

Each family varies one or two dimensions of the plain container of :mod:`windows_base` (args x
ArgsEscaped, working-directory forms x isolation, isolation x daemon default, mounts, resource edge
values, NanoCPUs x NumCPU x isolation, layer types x counts x Hyper-V, utility VM states, endpoint
failures, env forms). Ids encode the row, so the corpus is stable; nothing here is random.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tools.corpus.common import ref
from tools.corpus.windows_base import ALL_OCI, BASE_FS, HNS_NAT, HNS_TRANS, OCI, WF, win_case, windows_input

Json = Any

_ROOTFS = ref("v1.12.0", "image/rootfs_windows.go")
_LAYER = ref("v1.12.0", "layer/layer.go")


def _chain(diff_ids: list[str]) -> str:
    """layer.CreateChainID, written out independently of the reference."""
    chain = ""
    for d in diff_ids:
        chain = d if not chain else "sha256:" + hashlib.sha256(f"{chain} {d}".encode()).hexdigest()
    return chain


def _base_diff(name: str) -> str:
    base_id = hashlib.sha384(name.encode()).hexdigest()[:64]
    return "sha256:" + hashlib.sha256(base_id.encode()).hexdigest()


_ARGS = {
    "plain": ["/c", "dir"],
    "space": ["a b", "c"],
    "tab": ["a\tb"],
    "quote": ['say "hi"'],
    "backslash-end": ["C:\\dir\\"],
    "backslash-space-end": ["C:\\my dir\\"],
    "backslash-quote": ['\\"', '\\\\"x'],
    "empty": [""],
    "empty-and-space": ["", " "],
    "non-ascii": ["Grüße", "日本 語"],
    "newline": ["a\nb"],
    "unc": ["\\\\server\\share\\file"],
}


def _args() -> list[Json]:
    out = []
    for name, args in _ARGS.items():
        for escaped in (False, True):
            for path in ("cmd", "C:\\Program Files\\x.exe"):
                tag = "pre-escaped" if escaped else "raw"
                ptag = "spaced-path" if " " in path else "plain-path"
                inp = windows_input({"Path": path, "Args": args, "Config": {"ArgsEscaped": escaped}})
                out.append(
                    win_case(
                        f"sys/args/{name}-{tag}-{ptag}",
                        f"args {name}, ArgsEscaped {escaped}, Path {path!r}",
                        ["args", "escape-args"],
                        inp,
                        ALL_OCI,
                    )
                )
    return out


_WORKDIRS = {
    "clean": "C:\\app",
    "trailing": "C:\\app\\",
    "dot": "C:\\app\\.\\x",
    "dotdot": "C:\\app\\..\\x",
    "double-sep": "C:\\\\app\\\\\\x",
    "past-root": "C:\\..\\..\\x",
    "lower-drive": "d:\\Data\\..\\logs\\",
    "forward": "C:/app/../x/",
    "rooted": "\\app\\..\\y",
    "unc": "\\\\srv\\share\\a\\..\\b",
    "unc-bare": "\\\\srv\\share",
    "short-unc": "\\\\a\\..\\b",
    "drive-root": "C:\\",
    "relative": "app\\x",
    "drive-relative": "D:x",
    "dotfile": "C:\\.config\\..\\.x",
    # stored relative and drive-relative forms that create would have refused (used as stored)
    "bare-drive": "C:",
    "dot-only": ".",
    "dotdot-relative": "..\\up\\.\\x",
    "forward-relative": "app/./x/",
}


def _workdirs() -> list[Json]:
    out = []
    for name, wd in _WORKDIRS.items():
        for iso, default in (("process", "process"), ("hyperv", "process"), ("", "hyperv")):
            tag = {"process": "process", "hyperv": "own-hyperv", "": "default-hyperv"}[iso]
            inp = windows_input(
                {"Config": {"WorkingDir": wd}, "HostConfig": {"Isolation": iso}},
                {"daemon": {"DefaultIsolation": default}},
            )
            out.append(
                win_case(
                    f"sys/workdir/{name}-{tag}",
                    f"WorkingDir {wd!r} with {tag} isolation",
                    ["cwd", "workdir", "isolation"],
                    inp,
                    [
                        *ALL_OCI,
                        ref("v1.12.0", "container/container.go"),
                        ref("v1.11.2", "container/container.go"),
                    ],
                )
            )
    # the directory step against host files, process isolation
    fs_rows = {
        "file-target": ("C:\\a\\b", {BASE_FS + "\\a\\b": "file"}),
        "file-parent": ("C:\\a\\b", {BASE_FS + "\\a": "file"}),
        "file-grandparent": ("C:\\a\\b\\c", {BASE_FS + "\\a": "file", BASE_FS + "\\a\\b": "dir"}),
        "dir-parent-file-target": ("C:\\a\\b", {BASE_FS + "\\a": "dir", BASE_FS + "\\a\\b": "file"}),
        "error-parent": ("C:\\a\\b", {BASE_FS + "\\a": {"error": "Access is denied."}}),
        "error-target": ("C:\\a", {BASE_FS + "\\a": {"error": "The device is not ready."}}),
        "all-dirs": ("C:\\a\\b", {BASE_FS + "\\a": "dir", BASE_FS + "\\a\\b": "dir"}),
        "unclean-file": ("C:\\x\\..\\a\\.", {BASE_FS + "\\a": "file"}),
        "relative-file-parent": ("a\\b", {BASE_FS + "\\a": "file"}),
        "relative-file-target": ("x\\..\\a", {BASE_FS + "\\a": "file"}),
    }
    for name, (wd, files) in fs_rows.items():
        for iso in ("process", "hyperv"):
            inp = windows_input(
                {"Config": {"WorkingDir": wd}, "HostConfig": {"Isolation": iso}}, {"host": {"Files": files}}
            )
            out.append(
                win_case(
                    f"sys/workdir-fs/{name}-{iso}",
                    f"WorkingDir {wd!r} over host files ({name}), {iso}",
                    ["workdir", "error"],
                    inp,
                    [
                        ref("v1.12.0", "container/container.go"),
                        ref("v1.12.0", "pkg/system/filesys_windows.go"),
                    ],
                )
            )
    return out


_DEFAULT_TAG = {"process": "process", "hyperv": "hyperv", "HyperV": "mixed-case-hyperv", "": "unset"}


def _isolation() -> list[Json]:
    out = []
    for i, iso in enumerate(
        ("", "default", "DEFAULT", "process", "Process", "hyperv", "HyperV", "HYPERV", " hyperv", "hyper-v")
    ):
        for default in ("process", "hyperv", "HyperV", ""):
            inp = windows_input(
                {
                    "HostConfig": {"Isolation": iso, "ReadonlyRootfs": True},
                    "Config": {"WorkingDir": "C:\\w\\..\\v"},
                },
                {"daemon": {"DefaultIsolation": default}},
            )
            out.append(
                win_case(
                    f"sys/isolation/{i:02d}-{_DEFAULT_TAG[default]}",
                    f"isolation {iso!r} with daemon default {default!r}",
                    ["isolation", "hyperv", "root", "cwd"],
                    inp,
                    [
                        *ALL_OCI,
                        ref(
                            "v1.12.0",
                            "vendor/src/github.com/docker/engine-api/types/container/host_config.go",
                        ),
                    ],
                )
            )
    return out


def _mounts() -> list[Json]:
    out = []
    shapes = {
        "rw": [True],
        "ro": [False],
        "rw-ro": [True, False],
        "ro-ro-rw": [False, False, True],
        "four": [True, False, True, False],
    }
    for name, flags in shapes.items():
        mounts = [
            {"Source": f"C:\\src{k}", "Destination": f"C:\\dst{k}", "Writable": w}
            for k, w in enumerate(flags)
        ]
        out.append(
            win_case(
                f"sys/mounts/{name}", f"mounts {name}", ["mounts"], windows_input({"Mounts": mounts}), ALL_OCI
            )
        )
    for k in range(3):
        mounts = [{"Source": f"C:\\s{j}", "Destination": f"C:\\d{j}"} for j in range(3)]
        mounts[k] = {"Destination": f"C:\\d{k}", "Name": f"vol{k}", "Driver": "local"}
        out.append(
            win_case(
                f"sys/mounts/no-source-at-{k}",
                f"mount {k} of 3 has no source",
                ["mounts", "error"],
                windows_input({"Mounts": mounts}),
                [ref("v1.11.2", "daemon/volumes_windows.go"), ref("410a8612f4", "volume/volume.go")],
            )
        )
    return out


_I64_MAX = (1 << 63) - 1


def _num(value: int) -> str:
    """An integer as an id part (ids allow no leading minus sign)."""
    return f"minus{-value}" if value < 0 else str(value)


_I64_MIN = -(1 << 63)


def _resources() -> list[Json]:
    out = []
    edges = {
        "CPUShares": [1, 10000, 10001, 65535, 65536, -2, _I64_MAX, _I64_MIN],
        "CPUPercent": [1, 100, 101, 255, 256, -256, _I64_MAX, _I64_MIN],
        "CPUCount": [1, 64, -1, _I64_MIN],
        "Memory": [1, 4194304, _I64_MAX, _I64_MIN],
        "IOMaximumIOps": [1, 18446744073709551615],
        "IOMaximumBandwidth": [1, 9223372036854775808],
    }
    for key, values in edges.items():
        for v in values:
            for iso in ("process", "hyperv"):
                inp = windows_input({"HostConfig": {key: v, "Isolation": iso}})
                out.append(
                    win_case(
                        f"sys/resources/{key.lower()}-{_num(v)}-{iso}",
                        f"{key} = {v}, {iso} isolation",
                        ["resources"],
                        inp,
                        ALL_OCI,
                    )
                )
    nanos = [
        1,
        5000000,
        10000000,
        999999999,
        1000000000,
        1500000000,
        2000000000,
        2560000000,
        3000000000,
        100000000000000000,
        _I64_MAX,
        -1000000000,
    ]
    for nano in nanos:
        for cpus in (1, 3, 4, 64):
            for iso in ("process", "hyperv"):
                inp = windows_input(
                    {"HostConfig": {"NanoCPUs": nano, "Isolation": iso, "CPUPercent": 42, "CPUCount": 2}},
                    {"host": {"NumCPU": cpus}},
                )
                out.append(
                    win_case(
                        f"sys/nano/{_num(nano)}-cpus{cpus}-{iso}",
                        f"NanoCPUs {nano} on {cpus} CPUs, {iso} (CPUPercent 42, CPUCount 2)",
                        ["resources", "nano-cpus"],
                        inp,
                        [
                            ref("v1.13.0", "daemon/oci_windows.go"),
                            ref("v17.06.0-ce", "daemon/oci_windows.go"),
                        ],
                    )
                )
    return out


_TYPE_TAG = {
    "layers": "layers",
    "layers+base": "layers-base",
    "Layers": "capital-layers",
    "layers+Base": "layers-capital-base",
    "": "empty-type",
}
_DIFFS = ["sha256:" + ch * 64 for ch in "abcd"]


def _layers() -> list[Json]:
    out = []
    r = [
        ref("v1.11.2", "daemon/oci_windows.go"),
        ref("c70f153f52", "daemon/oci_windows.go"),
        OCI,
        _ROOTFS,
        _LAYER,
    ]
    base = "WindowsServerCore"
    for rtype in ("layers", "layers+base", "Layers", "layers+Base", ""):
        for count in range(4):
            diffs = _DIFFS[:count]
            ids = [_base_diff(base), *diffs] if rtype == "layers+base" else list(diffs)
            layers = {_chain(ids[: i + 1]): WF + f"layer{i}" for i in range(len(ids))}
            files = {WF + "layer0\\UtilityVM": "dir"}
            for iso in ("process", "hyperv"):
                inp = windows_input(
                    {"HostConfig": {"Isolation": iso}},
                    {
                        "image": {"RootFS": {"Type": rtype, "DiffIDs": diffs, "BaseLayer": base}},
                        "host": {"Files": files},
                    },
                    replace={"layers": layers},
                )
                tag = _TYPE_TAG[rtype]
                out.append(
                    win_case(
                        f"sys/layers/{tag}-{count}-{iso}",
                        f"RootFS {rtype!r} with {count} diff IDs, {iso}",
                        ["layers", "hyperv"],
                        inp,
                        r,
                    )
                )
    # a missing or failing chain at each position of a three-layer image
    for k in range(3):
        for how in ("missing", "error"):
            diffs = _DIFFS[:3]
            layers: dict[str, Json] = {_chain(diffs[: i + 1]): WF + f"layer{i}" for i in range(3)}
            key = _chain(diffs[: k + 1])
            if how == "missing":
                del layers[key]
            else:
                layers[key] = {"error": f"hcsshim::GetLayerMountPath failed for layer{k}"}
            inp = windows_input(
                {}, {"image": {"RootFS": {"Type": "layers", "DiffIDs": diffs}}}, replace={"layers": layers}
            )
            out.append(
                win_case(f"sys/layers/{how}-at-{k}", f"layer {k} of 3 is {how}", ["layers", "error"], inp, r)
            )
    # utility VM states x Hyper-V
    for state in ("dir", "file", "missing", "error"):
        for iso in ("hyperv", "process"):
            files = (
                {}
                if state == "missing"
                else {WF + "l1\\UtilityVM": {"error": "Access is denied."} if state == "error" else state}
            )
            inp = windows_input(
                {"HostConfig": {"Isolation": iso}}, replace={"host": {"NumCPU": 4, "Files": files}}
            )
            out.append(
                win_case(
                    f"sys/utility-vm/{state}-{iso}",
                    f"UtilityVM {state}, {iso}",
                    ["hyperv", "layers"],
                    inp,
                    [ref("c70f153f52", "daemon/oci_windows.go"), OCI],
                )
            )
    return out


def _endpoints() -> list[Json]:
    out = []
    infos = {
        "ok": {"hnsid": HNS_NAT},
        "ok2": {"hnsid": HNS_TRANS},
        "error": {"error": "network transparent not found"},
        "no-hnsid": {"com.docker.network.endpoint.macaddress": "00:15:5d:00:00:01"},
        "absent": None,
    }
    names = list(infos)
    combos = [[a] for a in names] + [[a, b] for a in names for b in names if a < b] + [names]
    for combo in combos:
        networks = {f"net-{n}": {} for n in combo}
        endpoints = {f"net-{n}": infos[n] for n in combo if infos[n] is not None}
        inp = windows_input({}, replace={"endpoints": endpoints})
        inp["container"]["NetworkSettings"] = {"Networks": networks}
        out.append(
            win_case(
                f"sys/endpoints/{'.'.join(combo)}",
                f"networks {', '.join(combo)}",
                ["networking"],
                inp,
                [ref("v1.11.2", "daemon/oci_windows.go"), OCI],
            )
        )
    return out


_ENVS = {
    "one": ["A=1"],
    "dup": ["A=1", "A=2"],
    "bare-after": ["A=1", "A"],
    "empty-value": ["A="],
    "equals-in-value": ["A=b=c"],
    "empty-key": ["=C:=C:\\"],
    "blank": ["", "", "B=2"],
    "mixed-case": ["path=1", "Path=2", "PATH=3"],
    "non-ascii": ["GRÜSSE=hallo", "名前=値"],
    "bare-only": ["X"],
}


def _env() -> list[Json]:
    out = []
    for name, env in _ENVS.items():
        for tty in (False, True):
            inp = windows_input({"Config": {"Env": env, "Tty": tty}})
            out.append(
                win_case(
                    f"sys/env/{name}-{'tty' if tty else 'notty'}",
                    f"Env {name}, Tty {tty}",
                    ["env", "env-merge", "tty"],
                    inp,
                    [ref("v1.11.2", "container/container_windows.go"), ref("v1.12.0", "utils/utils.go")],
                )
            )
    return out


def _hostname() -> list[Json]:
    out = []
    for h in ("", "web", "a.b"):
        for d in ("", "corp.local"):
            inp = windows_input({"Config": {"Hostname": h, "Domainname": d}})
            out.append(
                win_case(
                    f"sys/hostname/{h or 'none'}-{d or 'none'}",
                    f"Hostname {h!r}, Domainname {d!r}",
                    ["hostname"],
                    inp,
                    [ref("v1.12.0", "container/container.go")],
                )
            )
    return out


_FAULTS: dict[str, tuple[Json, Json, Json]] = {
    # name: (container patch, world patch, world replacements)
    "workdir": ({"Config": {"WorkingDir": "C:\\f"}}, {"host": {"Files": {BASE_FS + "\\f": "file"}}}, {}),
    "image": ({}, {}, {"image": {"error": "reference does not exist"}}),
    "mount": ({"Mounts": [{"Destination": "C:\\v", "Name": "v", "Driver": "local"}]}, {}, {}),
    "rwlayer": ({}, {}, {"rwLayer": {"error": "layer not retained"}}),
    "layer": ({}, {}, {"layers": {}}),
    "uvm": ({"HostConfig": {"Isolation": "hyperv"}}, {}, {"host": {"NumCPU": 4}}),
    # the faults of the modern profiles (moby/moby@v17.09.0-ce, @v18.03.1-ce, @v19.03.0, @v23.0.0)
    "basefs": ({"BaseFS": ""}, {}, {}),
    "secopt": ({"HostConfig": {"SecurityOpt": ["label=disable"]}}, {}, {}),
    "device": ({"HostConfig": {"Devices": [{"PathOnHost": "COM1"}]}}, {}, {}),
    "rootfs": ({}, {}, {"image": {"RootFS": None}}),
}


def _fault_pairs() -> list[Json]:
    """Every fault alone and every pair of faults: which error each profile reports first."""
    out = []
    names = list(_FAULTS)
    rows = [[a] for a in names] + [[a, b] for i, a in enumerate(names) for b in names[i + 1 :]]
    for row in rows:
        container: dict[str, Json] = {}
        world: dict[str, Json] = {}
        replace: dict[str, Json] = {}
        for name in row:
            c, w, r = _FAULTS[name]
            container = {
                **container,
                **c,
                "HostConfig": {**container.get("HostConfig", {}), **c.get("HostConfig", {})},
            }
            world.update(w)
            replace.update(r)
        inp = windows_input(container, world, replace=replace)
        out.append(
            win_case(
                f"sys/faults/{'.'.join(row)}",
                f"faults {', '.join(row)}: the first in createSpec's order wins",
                ["error", "workdir", "image", "mounts", "rw-layer", "layers", "hyperv"],
                inp,
                [
                    ref("v1.11.2", "daemon/oci_windows.go"),
                    ref("c70f153f52", "daemon/oci_windows.go"),
                    OCI,
                    ref("v1.13.0", "daemon/oci_windows.go"),
                    *(_MODERN if set(row) & _MODERN_FAULTS else []),
                ],
            )
        )
    return out


_MODERN_FAULTS = {"basefs", "secopt", "device", "rootfs"}
_MODERN = [
    ref("v17.09.0-ce", "daemon/oci_windows.go"),
    ref("v19.03.0", "daemon/oci_windows.go"),
    ref("v23.0.0", "daemon/oci_windows.go"),
]
_CS_ROOT = "C:\\ProgramData\\docker"
_CS_DIR = _CS_ROOT + "\\CredentialSpecs\\"
_SPEC = '{"CmsPlugins": ["ActiveDirectory"]}'
_SECOPTS = {
    "file-lower": "credentialspec=file://web.json",
    "file-mixed": "CredentialSpec=FILE://Web.JSON",
    "file-subdir": "credentialspec=file://sub/../web.json",
    "file-absolute": "credentialspec=file://C:\\x.json",
    "file-unc": "credentialspec=file://\\\\srv\\share\\x.json",
    "file-escape": "credentialspec=file://..\\x.json",
    "file-empty": "credentialspec=file://",
    "registry": "credentialspec=registry://web",
    "registry-mixed": "CREDENTIALSPEC=Registry://Web",
    "registry-missing": "credentialspec=registry://nope",
    "raw": "credentialspec=raw://" + _SPEC,
    "raw-empty": "credentialspec=raw://",
    "config": "credentialspec=config://abc",
    "no-scheme": "credentialspec=web.json",
    "no-equals": "credentialspec",
    "other-option": "label=disable",
}


def _security_opts() -> list[Json]:
    """Each SecurityOpt form alone, and two credential specs: 17.09's and 19.03's parsing."""
    world = {
        "daemon": {"Root": _CS_ROOT},
        "host": {
            "FileContents": {_CS_DIR + "web.json": _SPEC, _CS_DIR + "Web.JSON": "mixed-case file"},
            "CredentialSpecRegistry": {"web": _SPEC, "Web": "mixed-case value"},
        },
    }
    rows = [[name] for name in _SECOPTS] + [
        ["registry", "raw"],
        ["raw", "file-lower"],
        ["registry", "no-equals"],
    ]
    out = []
    for row in rows:
        opts = [_SECOPTS[name] for name in row]
        out.append(
            win_case(
                f"sys/security-opt/{'.'.join(row)}",
                f"SecurityOpt {opts!r}",
                ["credential-spec", "security-opt"],
                windows_input({"HostConfig": {"SecurityOpt": opts}}, world),
                _MODERN,
            )
        )
    return out


_DEVICE_PATHS = {
    "class": "class/5B45201D-F2F2-4F3B-85BB-30FF1F953599",
    "class-scheme": "class://5B45201D-F2F2-4F3B-85BB-30FF1F953599",
    "class-upper": "Class/5B45201D-F2F2-4F3B-85BB-30FF1F953599",
    "class-empty": "class/",
    "vpci": "vpci-location-path://PCIROOT(0)#PCI(0100)",
    "no-slash": "COM1",
    "empty-type": "://x",
}


def _devices() -> list[Json]:
    """Device paths x isolation x host build: 19.03's class-only rule, 23.0's IDType://ID."""
    return [
        win_case(
            f"sys/devices/{name}-{isolation}-build{build}",
            f"Devices [{path!r}], isolation {isolation}, host build {build}",
            ["devices"],
            windows_input(
                {"HostConfig": {"Isolation": isolation, "Devices": [{"PathOnHost": path}]}},
                {"host": {"OSBuild": build}},
            ),
            _MODERN,
        )
        for name, path in _DEVICE_PATHS.items()
        for isolation in ("process", "hyperv")
        for build in (0, 17763)
    ]


_GW = "8a1b2c3d-0000-4000-8000-0000000000ff"


def _windows_network() -> list[Json]:
    """17.09+ windows.network: DNS search source x gateway info x unqualified-DNS flag."""
    dns = {
        "none": ({}, {}),
        "container": ({"DNSSearch": ["c.example"]}, {}),
        "daemon": ({}, {"DNSSearch": ["d.example"]}),
        "both": ({"DNSSearch": ["c.example"]}, {"DNSSearch": ["d.example"]}),
    }
    gateways = {
        "none": {},
        "nat": {"nat": {"hnsid": _GW}},
        "both": {"nat": {"hnsid": _GW}, "trans": {"hnsid": _GW + "0"}},
    }
    out = []
    for dname, (hc, daemon) in dns.items():
        for gname, gw in gateways.items():
            for unqualified in (False, True):
                endpoints: dict[str, Json] = {"nat": {"hnsid": HNS_NAT}, "trans": {"hnsid": HNS_TRANS}}
                for net, info in gw.items():
                    endpoints[net] = {**endpoints[net], "GW_INFO": info}
                if unqualified:
                    endpoints["trans"] = {**endpoints["trans"], "AllowUnqualifiedDNSQuery": "true"}
                inp = windows_input(
                    {"HostConfig": hc, "NetworkSettings": {"Networks": {"nat": {}, "trans": {}}}},
                    {"daemon": daemon},
                    replace={"endpoints": endpoints},
                )
                tag = f"dns-{dname}-gw-{gname}-{'unqualified' if unqualified else 'qualified'}"
                out.append(
                    win_case(
                        f"sys/windows-network/{tag}",
                        f"DNS search {dname}, GW_INFO {gname}, AllowUnqualifiedDNSQuery {unqualified}",
                        ["networking", "windows-network"],
                        inp,
                        [
                            ref("v17.09.0-ce", "daemon/oci_windows.go"),
                            ref("v25.0.0", "daemon/oci_windows.go"),
                        ],
                    )
                )
    return out


def cases() -> list[Json]:
    """Every systematic Windows case."""
    return [
        *_fault_pairs(),
        *_args(),
        *_workdirs(),
        *_isolation(),
        *_mounts(),
        *_resources(),
        *_layers(),
        *_endpoints(),
        *_env(),
        *_hostname(),
        *_security_opts(),
        *_devices(),
        *_windows_network(),
    ]

"""Hand-named Windows ``spec`` anchors: one per behaviour or quirk of moby's Windows createSpec.

moby/moby@TAG:daemon/oci_windows.go; each case's ``refs`` name the tag or commit and file.

Every case runs under every Windows profile unless it names some; the goldens show how each profile's
createSpec treats it. The worked examples C1-C3 (at c70f153f52) and D1-D3 (at 410a8612f4) are here as
``windows/examples/...``.
"""

from __future__ import annotations

from typing import Any

from tools.corpus.common import STORED_RECORD as _STORED
from tools.corpus.common import ref
from tools.corpus.windows_base import (
    ALL_OCI,
    BASE_FS,
    CHAIN_AB,
    HNS_NAT,
    HNS_TRANS,
    OCI,
    OCI_111,
    OCI_113,
    OCI_410,
    OCI_1703,
    OCI_1706,
    OCI_C70,
    WF,
    A,
    B,
    C,
    win_case,
    windows_input,
)

Json = Any

_CONTAINER_GO = ref("v1.12.0", "container/container.go")
_CONTAINER_111 = ref("v1.11.2", "container/container.go")
_CONTAINER_WIN = ref("v1.12.0", "container/container_windows.go")
_ENV_111 = ref("v1.11.2", "container/container_windows.go")
_UTILS = ref("v1.12.0", "utils/utils.go")
_WOCI = ref("v1.12.0", "libcontainerd/windowsoci/oci_windows.go")
_WOCI_111 = ref("v1.11.2", "libcontainerd/windowsoci/oci_windows.go")
_WOCI_410 = ref("410a8612f4", "libcontainerd/windowsoci/oci_windows.go")
_SPECS_113 = ref("v1.13.0", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")
_SPECS_1706 = ref("v17.06.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")
_SHAPES = [_WOCI_111, _WOCI, _WOCI_410, _SPECS_113, _SPECS_1706]
_VOL_111 = ref("v1.11.2", "daemon/volumes_windows.go")
_VOL_410 = ref("410a8612f4", "volume/volume.go")
_HOSTCFG = ref("v1.12.0", "vendor/src/github.com/docker/engine-api/types/container/host_config.go")
_ROOTFS_111 = ref("v1.11.2", "image/rootfs_windows.go")
_ROOTFS = ref("v1.12.0", "image/rootfs_windows.go")
_LAYER = ref("v1.12.0", "layer/layer.go")
_LAYER_WIN = ref("v1.12.0", "layer/layer_windows.go")
_FILESYS = ref("v1.12.0", "pkg/system/filesys_windows.go")
# Where the stored value is Cleaned (or not) on the way to Process.Cwd, per tree
_WD_LINES = [
    ref("v1.11.2", "container/container.go#L211"),
    ref("v1.12.0", "container/container.go#L218"),
    ref("v1.13.0", "container/container.go#L230"),
    ref("v17.03.2-ce", "daemon/oci_windows.go#L49"),
    ref("v17.06.0-ce", "daemon/oci_windows.go#L98"),
]
_CAN_MOUNT_111 = ref("v1.11.2", "container/container_windows.go#L104")
_RESOURCE_PATH_WIN = ref("v1.12.0", "container/container_windows.go#L89")
_SYMLINK = ref("v1.12.0", "pkg/symlink/fs.go")
_DAEMON_WIN_111 = ref("v1.11.2", "daemon/daemon_windows.go")
_NETWORK_111 = ref("v1.11.2", "daemon/network.go")

_ANY_IP = ".".join(["0"] * 4)  # a port binding's HostIp (written so, not bound)
_LAYERS_BASE = {"RootFS": {"Type": "layers+base", "DiffIDs": [A], "BaseLayer": "WindowsServerCore"}}
#: chain IDs of a layers+base image over [A] with base WindowsServerCore (worked example C3).
_BASE_DIFF = "sha256:6d7dfb7914e17a0ce51b13b0c669e52057530f94e88662966a89dfad85ce9e46"
_BASE_CHAIN_A = "sha256:0d052625f330039fbb65f814ed99c94945f6a51affb3c1cb3abb8c36ea19e30f"
_CHAIN_ABC = "sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588"


def _networks(inp: Json, networks: Json) -> Json:
    """Replace the container's NetworkSettings.Networks outright."""
    inp["container"]["NetworkSettings"] = {"Networks": networks}
    return inp


def _examples() -> list[Json]:
    """The worked examples (C1-C3 for c70f153f52, D1-D3 for 410a8612f4), run under every profile."""
    c1 = windows_input(
        {
            "Path": "cmd",
            "Args": ["/S", "/C", 'echo "hi there"'],
            "BaseFS": WF + "c1",
            "Config": {"Hostname": "4f2a9c1b7d3e", "Env": ["FOO=bar", "BARE"]},
            "HostConfig": {"Isolation": ""},
            "Mounts": [{"Source": "C:\\data", "Destination": "C:\\data"}],
        },
        {
            "rwLayer": {"Metadata": {"dir": WF + "c1"}},
            "image": {"RootFS": {"Type": "layers", "DiffIDs": [A, B]}},
            "layers": {CHAIN_AB: WF + "l2"},
        },
    )
    c2 = windows_input(
        {
            "Path": "C:\\Program Files\\app.exe",
            "Args": ["C:\\dir with space\\", 'a"b'],
            "BaseFS": WF + "c2",
            "HasBeenStartedBefore": True,
            "Config": {
                "Hostname": "web",
                "Domainname": "example.com",
                "WorkingDir": "C:\\app\\..\\work\\",
                "Tty": True,
                "User": "ContainerAdministrator",
            },
            "HostConfig": {
                "Isolation": "HyperV",
                "ReadonlyRootfs": True,
                "CPUShares": 2,
                "ConsoleSize": [25, 80],
            },
            "Mounts": [
                {"Source": "C:\\src", "Destination": "C:\\src", "Writable": False},
                {"Source": "C:\\ProgramData\\host", "Destination": "C:\\data\\cache"},
            ],
            "NetworkSettings": {"Networks": None},
        },
        {"rwLayer": {"Metadata": {"dir": WF + "c2"}}, "host": {"Files": {WF + "l1\\UtilityVM": "dir"}}},
    )
    c3 = windows_input(
        {
            "Args": ["/S", "/C", "echo hello world"],
            "BaseFS": WF + "c3",
            "Config": {
                "Hostname": "build01",
                "ArgsEscaped": True,
                "WorkingDir": "C:\\work\\.\\dir\\",
                "Env": ["A=1", "", "A=2"],
            },
            "HostConfig": {"Isolation": "", "CPUShares": 512},
            "NetworkSettings": {"Networks": None},
        },
        {
            "daemon": {"DefaultIsolation": "hyperv"},
            "rwLayer": {"Metadata": {"dir": WF + "c3"}},
            "image": _LAYERS_BASE,
        },
        replace={"layers": {_BASE_DIFF: WF + "base", _BASE_CHAIN_A: WF + "l1"}},
    )
    d1 = windows_input({"BaseFS": WF + "c1", "NetworkSettings": {"Networks": None}})
    d2 = windows_input(
        {
            "Path": "C:\\Program Files\\app.exe",
            "Args": ["--name=a b", 'x\\"y'],
            "BaseFS": WF + "c2",
            "Config": {
                "WorkingDir": "C:\\app\\..\\work\\",
                "Env": ["A=1", "B", "A=2", "C="],
                "Tty": True,
                "User": "ContainerUser",
            },
            "HostConfig": {
                "Isolation": "hyperv",
                "ReadonlyRootfs": True,
                "ConsoleSize": [30, 120],
                "CPUPercent": 50,
                "Memory": 536870912,
                "IOMaximumBandwidth": 1048576,
                "IOMaximumIOps": 300,
            },
            "Mounts": [
                {"Source": "C:\\data", "Destination": "C:\\data"},
                {"Source": "\\\\server\\share", "Destination": "C:\\share\\ro", "Writable": False},
            ],
            "NetworkSettings": {"Networks": None},
        },
        {"host": {"Files": {WF + "l1\\UtilityVM": "dir"}}},
    )
    d3 = windows_input(
        {
            "Args": ["/S", "/C", 'echo "a b"'],
            "BaseFS": WF + "c3",
            "HasBeenStartedBefore": True,
            "Config": {
                "Hostname": "web",
                "Domainname": "corp.local",
                "ArgsEscaped": True,
                "WorkingDir": "C:\\Users\\..\\data\\",
                "Env": ["Path=C:\\Windows"],
            },
            "HostConfig": {"CPUShares": 10000, "Memory": -1},
            "NetworkSettings": {"Networks": None},
        }
    )
    feats = [
        "windows-default-spec",
        "shape",
        "args",
        "escape-args",
        "cwd",
        "workdir",
        "env",
        "hostname",
        "root",
    ]
    return [
        win_case(
            "examples/c1",
            "c70f153f52 example C1: process isolation, layers image, first start, one endpoint",
            [*feats, "layers", "networking", "first-start", "mounts"],
            c1,
            [OCI_C70, *_SHAPES],
        ),
        win_case(
            "examples/c2",
            "c70f153f52 example C2: explicit Hyper-V with a utility VM, restarted, unclean cwd kept",
            [*feats, "hyperv", "isolation", "mounts", "console-size", "user", "tty"],
            c2,
            [OCI_C70, _CONTAINER_111],
        ),
        win_case(
            "examples/c3",
            "c70f153f52 example C3: layers+base, Hyper-V via the daemon default, ArgsEscaped, cwd cleaned",
            [*feats, "hyperv", "isolation", "layers", "env-merge"],
            c3,
            [OCI_C70, _ROOTFS, _LAYER],
        ),
        win_case("examples/d1", "410a8612f4 example D1: minimal container", feats, d1, [OCI_410, _WOCI_410]),
        win_case(
            "examples/d2",
            "410a8612f4 example D2: Hyper-V, terminal, env filtering, ro mount, resources",
            [*feats, "hyperv", "mounts", "resources", "console-size", "user", "tty", "env-merge"],
            d2,
            [OCI_410, _WOCI_410],
        ),
        win_case(
            "examples/d3",
            "410a8612f4 example D3: ArgsEscaped, FQDN, raw int64 memory -1",
            [*feats, "resources"],
            d3,
            [OCI_410, _WOCI_410],
        ),
    ]


def _args() -> list[Json]:
    f = ["args", "escape-args"]
    esc = [*ALL_OCI, ref("v1.12.0", "libcontainerd/client_windows.go")]
    return [
        win_case(
            "args/path-with-space",
            "a Path with a space: 1.11 leaves it unescaped, later profiles quote it",
            f,
            windows_input({"Path": "C:\\Program Files\\tool.exe", "Args": ["x"]}),
            [OCI_111, OCI_C70],
        ),
        win_case(
            "args/quotes-and-backslashes",
            "EscapeArg doubles backslashes only before a quote or the closing quote",
            f,
            windows_input(
                {"Args": ['a\\"b', "C:\\dir\\", "C:\\dir with space\\", '\\\\"', "\\\\server\\share"]}
            ),
            esc,
        ),
        win_case(
            "args/empty",
            "an empty argument becomes two double quotes",
            f,
            windows_input({"Args": ["", "x", ""]}),
            esc,
        ),
        win_case(
            "args/tab-newline",
            "a tab makes EscapeArg quote, a newline does not",
            f,
            windows_input({"Args": ["a\tb", "a\nb", "a\vb"]}),
            esc,
        ),
        win_case(
            "args/non-ascii",
            "non-ASCII bytes pass through EscapeArg",
            f,
            windows_input({"Path": "C:\\Users\\Игорь\\app.exe", "Args": ["Андрей\\file", "ü ß"]}),
            esc,
        ),
        win_case(
            "args/args-escaped",
            "ArgsEscaped: [Path] + Args verbatim, nothing escaped",
            f,
            windows_input(
                {
                    "Path": "C:\\Program Files\\x.exe",
                    "Args": ['"quoted arg"', "a b"],
                    "Config": {"ArgsEscaped": True},
                }
            ),
            esc,
        ),
        win_case(
            "args/no-args",
            "Args null: process.args is [Path] (never null)",
            f,
            windows_input({"Args": None}),
            esc,
        ),
    ]


def _cwd() -> list[Json]:
    f = ["cwd", "workdir"]
    wd = [*ALL_OCI, _CONTAINER_GO, _CONTAINER_111]

    def w(workdir: str, isolation: str = "process", default: str = "process", files: Json = None) -> Json:
        return windows_input(
            {"Config": {"WorkingDir": workdir}, "HostConfig": {"Isolation": isolation}},
            {"daemon": {"DefaultIsolation": default}, "host": {"Files": files or {}}},
        )

    err = ["cwd", "workdir", "error"]
    return [
        win_case(
            "cwd/empty",
            'no WorkingDir: cwd is "" in 1.11 and c70f153f52, C:\\ from 1.12',
            ["cwd"],
            w(""),
            [OCI_111, OCI_C70, OCI],
        ),
        win_case(
            "cwd/unclean-process",
            "process isolation: SetupWorkingDirectory cleans (1.11-1.13.0); 17.03+ keep it raw",
            f,
            w("C:\\app\\..\\work\\"),
            [*wd, OCI_1703],
        ),
        win_case(
            "cwd/unclean-own-hyperv",
            "own Hyper-V isolation: raw in 1.11/c70f153f52, cleaned 1.12-1.13.0, raw 17.03+",
            [*f, "isolation"],
            w("C:\\app\\.\\work\\", isolation="hyperv"),
            [*wd, _CONTAINER_WIN],
        ),
        win_case(
            "cwd/unclean-default-hyperv",
            'Hyper-V only through the daemon default: canMountFS sees "" and cleans',
            [*f, "isolation"],
            w("C:\\a\\\\b\\..\\c", isolation="", default="hyperv"),
            [*wd, _CONTAINER_WIN],
        ),
        win_case(
            "cwd/forward-slashes",
            "stored C:/work/dir/: Windows Clean gives C:\\work\\dir (1.11-1.13.0); 17.03+ keep it raw",
            f,
            w("C:/work/dir/"),
            [*_STORED, *_WD_LINES],
        ),
        win_case(
            "cwd/forward-slashes-own-hyperv",
            "C:/work/dir/ with own Hyper-V: raw in 1.11/c70f153f52 (return before Clean), cleaned to 1.13.0",
            [*f, "isolation"],
            w("C:/work/dir/", isolation="hyperv"),
            [*_STORED, *_WD_LINES, _CAN_MOUNT_111],
        ),
        win_case(
            "cwd/forward-slashes-default-hyperv",
            "C:/work/dir/ with Hyper-V by daemon default: canMountFS sees the own value, so it is cleaned",
            [*f, "isolation"],
            w("C:/work/dir/", isolation="", default="hyperv"),
            [*_STORED, *_WD_LINES, _CAN_MOUNT_111],
        ),
        win_case(
            "cwd/rooted-no-drive",
            "\\work is absolute for system.IsAbs; the cwd keeps no drive letter",
            f,
            w("\\work\\..\\app"),
            [ref("v1.12.0", "pkg/system/filesys_windows.go"), _CONTAINER_WIN],
        ),
        win_case(
            "cwd/unc",
            "a UNC WorkingDir keeps its \\\\server\\share volume through Clean",
            f,
            w("\\\\server\\share\\dir\\..\\x"),
            [*wd, _CONTAINER_WIN],
        ),
        win_case(
            "cwd/double-leading-backslash",
            "\\\\a is not a full UNC name: Windows Clean collapses it to \\a",
            f,
            w("\\\\a"),
            wd,
        ),
        win_case(
            "cwd/drive-root-dotdot",
            "C:\\..\\x cleans to C:\\x (.. stops at the root)",
            f,
            w("c:\\..\\x\\."),
            wd,
        ),
        win_case(
            "cwd/unc-server-only",
            "\\\\server has no share name, so no UNC volume: Clean makes it \\server (1.11-1.13.0)",
            f,
            w("//server"),
            [*wd, _FILESYS],
        ),
        win_case(
            "cwd/one-char",
            "a one-character relative WorkingDir a is stored and used: cwd a (Clean keeps it)",
            f,
            w("a"),
            [*_STORED, *_WD_LINES],
        ),
        win_case(
            "cwd/relative",
            "relative work\\dir is used as stored; its directory step runs at <BaseFS>\\work\\dir",
            f,
            w("work\\.\\dir\\"),
            [*_STORED, *_WD_LINES, _RESOURCE_PATH_WIN],
        ),
        win_case(
            "cwd/relative-own-hyperv",
            "work\\.\\dir\\ with own Hyper-V: raw in 1.11/c70f153f52, cleaned 1.12-1.13.0, raw 17.03+",
            [*f, "isolation"],
            w("work\\.\\dir\\", isolation="hyperv"),
            [*_STORED, *_WD_LINES, _CAN_MOUNT_111],
        ),
        win_case(
            "cwd/relative-default-hyperv",
            "relative work\\.\\dir\\ with Hyper-V by daemon default: cleaned 1.11-1.13.0, raw 17.03+",
            [*f, "isolation"],
            w("work\\.\\dir\\", isolation="", default="hyperv"),
            [*_STORED, *_WD_LINES, _CAN_MOUNT_111],
        ),
        win_case(
            "cwd/relative-dotdot",
            "..\\up Cleans to itself; the directory step resolves it as <BaseFS>\\up",
            f,
            w("..\\up", files={BASE_FS + "\\up": "dir"}),
            [*_STORED, *_WD_LINES, _RESOURCE_PATH_WIN],
        ),
        win_case(
            "cwd/relative-dot",
            ". stays . (Clean) and is not empty, so no C:\\ default",
            f,
            w("."),
            [*_STORED, *_WD_LINES],
        ),
        win_case(
            "cwd/drive-relative",
            "C:work (no separator after the volume) is used as stored; Clean keeps it",
            f,
            w("C:work\\..\\app"),
            [*_STORED, *_WD_LINES, _RESOURCE_PATH_WIN],
        ),
        win_case(
            "cwd/bare-drive",
            "C: alone: Windows Clean gives C:. (1.11-1.13.0); 17.03+ keep C:",
            f,
            w("C:"),
            [*_STORED, *_WD_LINES],
        ),
        win_case(
            "cwd/bare-drive-own-hyperv",
            "C: with own Hyper-V: raw C: in 1.11/c70f153f52, C:. in 1.12-1.13.0, raw C: in 17.03+",
            [*f, "isolation"],
            w("C:", isolation="hyperv"),
            [*_STORED, *_WD_LINES, _CAN_MOUNT_111],
        ),
        win_case(
            "workdir/relative-target-is-file",
            "relative data over a file <BaseFS>\\data: Cannot mkdir: data is not a directory (1.11-1.13.0)",
            err,
            w("data", files={BASE_FS + "\\data": "file"}),
            [*_STORED, *_WD_LINES, _RESOURCE_PATH_WIN],
        ),
        win_case(
            "workdir/relative-ancestor-is-file",
            "data\\sub below a file <BaseFS>\\data: the raw mkdir ENOTDIR error, as for C:\\data\\sub",
            err,
            w("data\\sub", files={BASE_FS + "\\data": "file"}),
            [*_STORED, *_WD_LINES, _RESOURCE_PATH_WIN, _FILESYS],
        ),
        win_case(
            "workdir/target-is-file",
            "WorkingDir exists as a file under BaseFS: Cannot mkdir (1.11-1.13.0)",
            err,
            w("C:\\app\\..\\data", files={BASE_FS + "\\data": "file"}),
            [*wd, _FILESYS],
        ),
        win_case(
            "workdir/target-is-file-hyperv",
            "the same file with own Hyper-V isolation: no directory step, no error",
            [*f, "isolation"],
            w("C:\\data", isolation="hyperv", files={BASE_FS + "\\data": "file"}),
            [*wd, _CONTAINER_WIN],
        ),
        win_case(
            "workdir/ancestor-is-file",
            "a parent of WorkingDir is a file: Go's raw mkdir ENOTDIR error",
            err,
            w("C:\\data\\sub\\dir", files={BASE_FS + "\\data": "file"}),
            [*wd, _FILESYS, _SYMLINK],
        ),
        win_case(
            "workdir/lstat-error",
            "a component's lstat fails (not not-exist): the error is returned raw",
            err,
            w(
                "C:\\locked\\dir",
                files={
                    BASE_FS + "\\locked": {
                        "error": "GetFileAttributesEx " + BASE_FS + "\\locked: Access is denied."
                    }
                },
            ),
            [*wd, _SYMLINK],
        ),
        win_case(
            "workdir/existing-dir",
            "WorkingDir exists as a directory: nothing to create",
            f,
            w("C:\\Windows\\", files={BASE_FS + "\\Windows": "dir"}),
            wd,
        ),
        win_case(
            "workdir/drive-root",
            "WorkingDir C:\\ resolves to BaseFS itself",
            f,
            w("C:\\", files={BASE_FS: "file"}),
            wd,
        ),
    ]


def _env() -> list[Json]:
    f = ["env", "env-merge"]
    r = [
        _ENV_111,
        ref("v1.12.0", "container/container_windows.go"),
        _UTILS,
        ref("v17.06.0-ce", "container/env.go"),
    ]

    def e(env: Json) -> Json:
        return windows_input({"Config": {"Env": env}})

    return [
        win_case(
            "env/mixed",
            "1.11/c70f153f52 keep Env verbatim; later profiles drop bare and empty entries",
            f,
            e(["A=1", "BARE", "", "A=2", "B="]),
            r,
        ),
        win_case("env/nil", "Env null: no env key", ["env"], e(None), r),
        win_case("env/empty-list", "Env []: omitempty drops the empty list too", ["env"], e([]), r),
        win_case(
            "env/only-bare",
            "only bare names: kept verbatim by 1.11/c70f153f52, nothing (no key) later",
            f,
            e(["FOO", "BAR"]),
            r,
        ),
        win_case(
            "env/only-empty-string", '[""] stays [""] in 1.11/c70f153f52 and vanishes later', f, e([""]), r
        ),
        win_case(
            "env/case-sensitive",
            "Path= and PATH= are different keys, even on Windows; no PATH default",
            f,
            e(["Path=C:\\Windows", "PATH=x", "path"]),
            r,
        ),
        win_case(
            "env/tty-no-term",
            "Tty adds no TERM on Windows",
            ["env", "tty"],
            windows_input({"Config": {"Env": ["A=1"], "Tty": True}}),
            [*r, OCI_113],
        ),
    ]


def _hostname_user_console() -> list[Json]:
    r = [ref("v1.12.0", "container/container.go"), *ALL_OCI]
    return [
        win_case(
            "hostname/fqdn",
            "hostname is FullHostname(): Hostname.Domainname",
            ["hostname"],
            windows_input({"Config": {"Hostname": "web", "Domainname": "corp.local"}}),
            r,
        ),
        win_case(
            "hostname/empty",
            "an empty hostname is omitted (omitempty)",
            ["hostname"],
            windows_input({"Config": {"Hostname": ""}}),
            r,
        ),
        win_case(
            "hostname/domain-only",
            'Hostname "" with a Domainname gives ".d"',
            ["hostname"],
            windows_input({"Config": {"Hostname": "", "Domainname": "d"}}),
            r,
        ),
        win_case(
            "console/tty-size",
            "Tty and ConsoleSize: terminal always (windowsoci) or omitempty; console size per type",
            ["tty", "console-size", "shape"],
            windows_input({"Config": {"Tty": True}, "HostConfig": {"ConsoleSize": [30, 120]}}),
            _SHAPES,
        ),
        win_case(
            "console/big-size",
            "console sizes are Go uint: large values pass through",
            ["console-size"],
            windows_input({"HostConfig": {"ConsoleSize": [4294967296, 18446744073709551615]}}),
            _SHAPES,
        ),
        win_case(
            "user/named",
            "Config.User goes to user.user (windowsoci) or user.username",
            ["user", "shape"],
            windows_input({"Config": {"User": "ContainerAdministrator"}}),
            _SHAPES,
        ),
    ]


def _mounts() -> list[Json]:
    f = ["mounts"]
    r = [_VOL_111, _VOL_410, *ALL_OCI]

    def m(mounts: Json) -> Json:
        return windows_input({"Mounts": mounts})

    return [
        win_case(
            "mounts/none",
            'no mounts: "mounts": null in windowsoci 1.11-1.12, absent later',
            [*f, "shape"],
            m(None),
            _SHAPES,
        ),
        win_case(
            "mounts/ro-rw",
            'read-only mounts: readonly field (1.11-1.12) or options ["ro"]',
            f,
            m(
                [
                    {"Source": "C:\\a", "Destination": "C:\\a"},
                    {"Source": "C:\\b", "Destination": "C:\\b", "Writable": False},
                ]
            ),
            r,
        ),
        win_case(
            "mounts/order-as-given",
            "mounts keep setupMounts' order (no re-sorting in createSpec)",
            f,
            m(
                [
                    {"Source": "C:\\deep", "Destination": "C:\\x\\y\\z"},
                    {"Source": "C:\\top", "Destination": "C:\\t"},
                ]
            ),
            r,
        ),
        win_case(
            "mounts/no-source",
            "a mount without source: No source ... (1.11-1.12) / Unable to setup mount point",
            [*f, "error"],
            m(
                [
                    {"Source": "C:\\a", "Destination": "C:\\a"},
                    {"Destination": "C:\\vol", "Name": "myvol", "Driver": 'we"ird'},
                ]
            ),
            r,
        ),
        win_case(
            "mounts/no-source-driver-escapes",
            "the driver name in Go %q (Go 1.5-1.8): named escapes, \\x below a space, \\u007f for DEL, "
            "\\u/\\U for other unprintable runes; 410a8612f4 on do not name the driver",
            [*f, "error"],
            m(
                [
                    {
                        "Destination": "C:\\vol",
                        "Name": "v",
                        "Driver": 'a\\"\a\b\f\n\r\t\v\x01\x1f\x7f\x85\u00a0\u200b\U000e0001\u00e9z',
                    },
                ]
            ),
            # DEL became \\x7f only in Go 1.19 (golang/go issue 52062); moby 1.11-1.12 built with Go 1.5-1.6
            [*r, "golang/go@go1.6.2:src/strconv/quote.go"],
        ),
        win_case(
            "mounts/unc-source",
            "a UNC source is passed through",
            f,
            m([{"Source": "\\\\server\\share\\dir", "Destination": "C:\\share", "Writable": False}]),
            r,
        ),
    ]


def _root_isolation() -> list[Json]:
    iso = [
        ref("v1.12.0", "vendor/src/github.com/docker/engine-api/types/container/hostconfig_windows.go"),
        _HOSTCFG,
        *ALL_OCI,
    ]

    def i(isolation: str, default: str = "process", **hc: Json) -> Json:
        return windows_input(
            {"HostConfig": {"Isolation": isolation, **hc}}, {"daemon": {"DefaultIsolation": default}}
        )

    f = ["isolation", "hyperv", "root"]
    return [
        win_case(
            "root/readonly-process",
            "ReadonlyRootfs: root.readonly up to 410a8612f4, always false from 1.13.0",
            ["root"],
            i("process", ReadonlyRootfs=True),
            [OCI_410, OCI_113],
        ),
        win_case(
            "root/hyperv",
            "Hyper-V: root.path BaseFS up to 410a8612f4, left empty from 1.13.0",
            f,
            i("hyperv", ReadonlyRootfs=True),
            [OCI_410, OCI_113],
        ),
        win_case("isolation/hyperv-mixed-case", "HyperV in any case is Hyper-V", f, i("HyperV"), iso),
        win_case("isolation/hyperv-upper", "HYPERV is Hyper-V", f, i("HYPERV"), iso),
        win_case(
            "isolation/hyperv-padded",
            '" hyperv" is neither default nor Hyper-V: process',
            f,
            i(" hyperv", "hyperv"),
            iso,
        ),
        win_case(
            "isolation/default-word",
            "Default (any case) falls back to the daemon default",
            f,
            i("Default", "HyperV"),
            iso,
        ),
        win_case(
            "isolation/explicit-process",
            "an explicit process isolation beats a Hyper-V daemon default",
            f,
            i("Process", "hyperv"),
            iso,
        ),
        win_case(
            "isolation/empty-daemon-hyperv", '"" takes the daemon default hyperv', f, i("", "hyperv"), iso
        ),
        win_case(
            "isolation/unknown",
            "an unknown isolation value is treated as process isolation",
            f,
            i("sandbox", "hyperv"),
            iso,
        ),
    ]


def _image_layers() -> list[Json]:
    r = [OCI_111, OCI_C70, OCI, _ROOTFS_111, _ROOTFS, _LAYER, _LAYER_WIN]
    fl = ["layers", "image"]
    err = [*fl, "error"]
    three = {"RootFS": {"Type": "layers", "DiffIDs": [A, B, C]}}
    return [
        win_case(
            "image/error",
            "image lookup fails: Failed to graph.Get on ImageID (windowsoci era only)",
            ["image", "error"],
            windows_input(replace={"image": {"error": "image does not exist"}}),
            [*r, OCI_410],
        ),
        win_case(
            "image/absent",
            "no image facts: an image without RootFS (no layer paths)",
            ["image"],
            windows_input(replace={"image": None}),
            r,
        ),
        win_case(
            "image/os-version",
            "platform.os.version from the image: the 1.12 windowsoci type only",
            ["image", "shape"],
            windows_input(),
            [OCI, _WOCI],
        ),
        win_case(
            "image/no-rootfs",
            "RootFS null: no layer paths",
            fl,
            windows_input(replace={"image": {"RootFS": None}}),
            r,
        ),
        win_case(
            "image/base-layer-missing",
            "layers+base without BaseLayer: the base diff ID is that of an empty name, and no layer has "
            "the resulting chain ID",
            err,
            windows_input(replace={"image": {"RootFS": {"Type": "layers+base", "DiffIDs": [A]}}}),
            r,
        ),
        win_case(
            "image/unknown-type",
            'RootFS type compared exactly: "Layers" gives no layer paths',
            fl,
            windows_input({}, {"image": {"RootFS": {"Type": "Layers"}}}),
            r,
        ),
        win_case(
            "layers/layers-three",
            "layers type: start at 1, chain IDs of each prefix, top-most first",
            fl,
            windows_input({}, {"image": three, "layers": {CHAIN_AB: WF + "l2", _CHAIN_ABC: WF + "l3"}}),
            r,
        ),
        win_case(
            "layers/layers-base",
            "layers+base: base diff ID first, start at 0, base folder last",
            fl,
            windows_input(
                {},
                {"image": _LAYERS_BASE},
                replace={"layers": {_BASE_DIFF: WF + "base", _BASE_CHAIN_A: WF + "l1"}},
            ),
            r,
        ),
        win_case(
            "layers/layers-base-empty",
            "layers+base with no DiffIDs: the base folder alone",
            fl,
            windows_input(
                {},
                {
                    "image": {
                        "RootFS": {"Type": "layers+base", "DiffIDs": None, "BaseLayer": "WindowsServerCore"}
                    }
                },
                replace={"layers": {_BASE_DIFF: WF + "base"}},
            ),
            r,
        ),
        win_case(
            "layers/layers-empty",
            "layers with no DiffIDs: no layer paths (the loop starts at 1)",
            fl,
            windows_input({}, {"image": {"RootFS": {"Type": "layers", "DiffIDs": []}}}),
            r,
        ),
        win_case(
            "layers/missing-chain",
            'no folder for a chain ID: the error prints it after "ImageID"',
            err,
            windows_input({}, {"image": {"RootFS": {"Type": "layers", "DiffIDs": [A, B]}}}),
            r,
        ),
        win_case(
            "layers/missing-base",
            "layers+base without the base folder: error naming the base diff ID",
            err,
            windows_input({}, {"image": _LAYERS_BASE}, replace={"layers": {_BASE_CHAIN_A: WF + "l1"}}),
            r,
        ),
        win_case(
            "layers/store-error",
            "the graph driver fails for a layer: its error text after the chain ID",
            err,
            windows_input({}, replace={"layers": {A: {"error": "windowsfilter: Get failed"}}}),
            r,
        ),
        win_case(
            "rwlayer/error",
            "RWLayer.Metadata fails: Failed to get layer metadata (windowsoci era only)",
            ["rw-layer", "error"],
            windows_input(replace={"rwLayer": {"error": "layer not retained"}}),
            [*r, OCI_410],
        ),
        win_case(
            "rwlayer/no-dir",
            "metadata without dir: no layer_folder (omitempty)",
            ["rw-layer"],
            windows_input(replace={"rwLayer": {"Metadata": {}}}),
            r,
        ),
        win_case(
            "rwlayer/absent",
            "no RW layer facts: empty metadata",
            ["rw-layer"],
            windows_input(replace={"rwLayer": None}),
            r,
        ),
        win_case(
            "first-start/restarted",
            "HasBeenStartedBefore: first_start omitted (windowsoci only)",
            ["first-start"],
            windows_input({"HasBeenStartedBefore": True}),
            r,
        ),
        win_case(
            "errors/order-image-before-mounts",
            "the image lookup fails before a sourceless mount is seen",
            ["image", "mounts", "error"],
            windows_input({"Mounts": [{"Destination": "C:\\v"}]}, replace={"image": {"error": "x"}}),
            r,
        ),
        win_case(
            "errors/order-workdir-first",
            "the working directory fails before the image lookup",
            ["workdir", "image", "error"],
            windows_input(
                {"Config": {"WorkingDir": "C:\\f"}},
                {"host": {"Files": {BASE_FS + "\\f": "file"}}},
                replace={"image": {"error": "x"}},
            ),
            r,
        ),
        win_case(
            "errors/order-metadata-before-layers",
            "RW layer metadata fails before a missing layer",
            ["rw-layer", "layers", "error"],
            windows_input(replace={"rwLayer": {"error": "m"}, "layers": {}}),
            r,
        ),
    ]


def _hyperv() -> list[Json]:
    r = [OCI_111, OCI_C70, OCI]
    uvm = WF + "l1\\UtilityVM"

    def h(world: Json | None = None, replace: Json | None = None, **c: Json) -> Json:
        return windows_input({"HostConfig": {"Isolation": "hyperv"}, **c}, world, replace=replace)

    f = ["hyperv", "isolation"]
    return [
        win_case(
            "hyperv/utility-vm",
            "Hyper-V + layers: image_path = <base-most layer>\\UtilityVM (c70f153f52, 1.12)",
            f,
            h({"host": {"Files": {uvm: "dir"}}}),
            r,
        ),
        win_case(
            "hyperv/utility-vm-missing",
            "no UtilityVM folder: container image does not contain a utility VM",
            [*f, "error"],
            h(replace={"host": {"NumCPU": 4}}),
            r,
        ),
        win_case(
            "hyperv/utility-vm-stat-error",
            "stat of UtilityVM fails otherwise: the error is returned raw",
            [*f, "error"],
            h({"host": {"Files": {uvm: {"error": "GetFileAttributesEx " + uvm + ": Access is denied."}}}}),
            r,
        ),
        win_case(
            "hyperv/utility-vm-base-most",
            "three layers: the UtilityVM is looked up in the base-most (last) path",
            [*f, "layers"],
            h(
                {
                    "image": {"RootFS": {"Type": "layers", "DiffIDs": [A, B]}},
                    "layers": {CHAIN_AB: WF + "l2"},
                    "host": {"Files": {uvm: "file"}},
                }
            ),
            r,
        ),
        win_case(
            "hyperv/layers-base",
            "Hyper-V + layers+base: hv_runtime without image_path, no UtilityVM check",
            [*f, "layers"],
            h(
                {"image": _LAYERS_BASE},
                replace={"layers": {_BASE_DIFF: WF + "base", _BASE_CHAIN_A: WF + "l1"}},
            ),
            r,
        ),
        win_case(
            "hyperv/no-rootfs",
            "Hyper-V with no RootFS: hv_runtime {} and no lookup",
            f,
            h(replace={"image": {"RootFS": None}}),
            r,
        ),
        win_case(
            "hyperv/layers-no-diffids-panic",
            "Hyper-V + layers with no DiffIDs indexes an empty list: Go panic",
            [*f, "panic", "error"],
            h({"image": {"RootFS": {"Type": "layers", "DiffIDs": []}}}),
            r,
        ),
        win_case(
            "hyperv/layer-error-first",
            "a missing layer fails before the UtilityVM lookup",
            [*f, "layers", "error"],
            h(replace={"layers": {}}),
            r,
        ),
    ]


def _networking() -> list[Json]:
    r = [OCI_111, OCI_C70, OCI, _NETWORK_111]
    f = ["networking"]
    tp4 = [OCI_111, _DAEMON_WIN_111]

    def n(networks: Json, endpoints: Json, **daemon: Json) -> Json:
        inp = windows_input({}, {"daemon": daemon}, replace={"endpoints": endpoints})
        return _networks(inp, networks)

    def t(mode: str, **config: Json) -> Json:
        inp = windows_input(
            {
                "HostConfig": {
                    "NetworkMode": mode,
                    "PortBindings": {
                        "80/tcp": [{"HostIp": "", "HostPort": "8080"}],
                        "443/tcp": None,
                        "53/udp": [{"HostPort": "53"}, {"HostIp": _ANY_IP}],
                    },
                },
                "Config": {"MacAddress": "00:15:5d:aa:bb:cc", **config},
            },
            {"daemon": {"NetController": False}},
        )
        return _networks(inp, None)

    two = {"nat": {"IPAddress": "172.16.0.3"}, "transparent": {}}
    return [
        win_case(
            "networking/two-endpoints",
            "one hnsid per attached network (order-free: a Go map)",
            f,
            n(two, {"nat": {"hnsid": HNS_NAT}, "transparent": {"hnsid": HNS_TRANS}}),
            r,
        ),
        win_case(
            "networking/lookup-failures-skipped",
            "networks whose lookup fails or lack an hnsid are skipped silently",
            f,
            n(
                {"nat": {}, "gone": {}, "broken": {}, "plain": None},
                {
                    "nat": {"hnsid": HNS_NAT},
                    "broken": {"error": "endpoint not found"},
                    "plain": {"other": "x"},
                },
            ),
            r,
        ),
        win_case(
            "networking/none",
            "no networks: networking is {} (windowsoci) and absent later",
            f,
            n(None, {}),
            r,
        ),
        win_case(
            "networking/empty-hnsid",
            "an empty hnsid is still appended (non-nil)",
            f,
            n({"nat": {}}, {"nat": {"hnsid": ""}}),
            r,
        ),
        win_case(
            "tp4/default",
            "1.11 without a network controller: mac, bridge Virtual Switch and port bindings",
            [*f, "ports"],
            t("default"),
            tp4,
        ),
        win_case(
            "tp4/empty-mode", "TP4: an empty NetworkMode is treated as default", [*f, "ports"], t(""), tp4
        ),
        win_case(
            "tp4/default-suffix",
            "TP4: only the part before the first colon counts (default:x)",
            f,
            t("default:x"),
            tp4,
        ),
        win_case("tp4/none", "TP4: none keeps the (empty) endpoint list", f, t("none"), tp4),
        win_case(
            "tp4/none-two-colons",
            "TP4: none:a:b is none (SplitN at the first colon), not an invalid mode",
            f,
            t("none:a:b"),
            tp4,
        ),
        win_case(
            "tp4/invalid-mode",
            "TP4: any other mode is an error naming the whole NetworkMode",
            [*f, "error"],
            t("nat:foo"),
            tp4,
        ),
        win_case(
            "tp4/network-disabled",
            "TP4: NetworkDisabled keeps the endpoint-list value",
            f,
            t("default", NetworkDisabled=True),
            tp4,
        ),
        win_case(
            "tp4/bridge-flag",
            "TP4: dockerd -b names the bridge",
            f,
            _networks(
                windows_input(
                    {"HostConfig": {"NetworkMode": "default"}},
                    {"daemon": {"NetController": False, "BridgeIface": "External"}},
                ),
                None,
            ),
            tp4,
        ),
        win_case(
            "tp4/networks-panic",
            "no network controller but attached networks: FindNetwork calls a nil interface",
            [*f, "panic", "error"],
            windows_input({}, {"daemon": {"NetController": False}}),
            [*tp4, _NETWORK_111],
        ),
    ]


def _resources() -> list[Json]:
    f = ["resources"]
    fn = ["resources", "nano-cpus"]
    r = [*ALL_OCI, ref("v1.11.2", "daemon/daemon_windows.go")]

    def res(hc: Json, isolation: str = "process", cpus: int = 4) -> Json:
        return windows_input({"HostConfig": {"Isolation": isolation, **hc}}, {"host": {"NumCPU": cpus}})

    return [
        win_case(
            "resources/zero",
            "all resources 0: which leaves each profile writes (pointers, so 0 is written)",
            f,
            res({}),
            r,
        ),
        win_case(
            "resources/shares-negative",
            "CPUShares -1: uint64 wrap (windowsoci) or uint16 65535",
            f,
            res({"CPUShares": -1}),
            r,
        ),
        win_case(
            "resources/shares-70000",
            "CPUShares 70000: kept by uint64, 4464 by uint16",
            f,
            res({"CPUShares": 70000}),
            r,
        ),
        win_case(
            "resources/percent-300",
            "CPUPercent 300: int64 as is (1.12, 410a8612f4), uint8 44 from 1.13.0",
            f,
            res({"CPUPercent": 300}),
            r,
        ),
        win_case(
            "resources/percent-negative",
            "CPUPercent -1: -1 in windowsoci, 255 as uint8",
            f,
            res({"CPUPercent": -1}),
            r,
        ),
        win_case(
            "resources/memory-negative",
            "Memory -1: int64 -1 (410a8612f4), uint64 max from 1.13.0",
            f,
            res({"Memory": -1}),
            r,
        ),
        win_case(
            "resources/count-and-io",
            "CPUCount (1.13.0+), IOMaximumIOps/Bandwidth (1.12+)",
            f,
            res({"CPUCount": 3, "IOMaximumIOps": 18446744073709551615, "IOMaximumBandwidth": 1}),
            r,
        ),
        win_case(
            "nano/process-1.5",
            "NanoCPUs 1.5e9 on 4 CPUs: percent 37 (truncating)",
            fn,
            res({"NanoCPUs": 1500000000}),
            [OCI_113, OCI_1706],
        ),
        win_case(
            "nano/process-tiny",
            "NanoCPUs 1e7 on 4 CPUs: 0 in 1.13.0/17.03, clamped to 1 in 17.06",
            fn,
            res({"NanoCPUs": 10000000}),
            [OCI_113, OCI_1706],
        ),
        win_case(
            "nano/process-wrap-uint8",
            "NanoCPUs 3e9 on 1 CPU: 300 wraps to 44",
            fn,
            res({"NanoCPUs": 3000000000}, cpus=1),
            [OCI_113, OCI_1706],
        ),
        win_case(
            "nano/process-256",
            "NanoCPUs 2.56e9 on 1 CPU: uint8 256 = 0, then 17.06's minimum 1",
            fn,
            res({"NanoCPUs": 2560000000}, cpus=1),
            [OCI_1706],
        ),
        win_case(
            "nano/process-int64-wrap",
            "NanoCPUs 1e17: NanoCPUs*100 wraps in int64 before the divisions",
            fn,
            res({"NanoCPUs": 100000000000000000}, cpus=3),
            [OCI_113, OCI_1706],
        ),
        win_case(
            "nano/process-overrides-percent",
            "NanoCPUs > 0 replaces CPUPercent",
            fn,
            res({"NanoCPUs": 2000000000, "CPUPercent": 10}),
            [OCI_113],
        ),
        win_case(
            "nano/negative-ignored",
            "NanoCPUs <= 0 leaves CPUPercent",
            fn,
            res({"NanoCPUs": -5, "CPUPercent": 7}),
            [OCI_113],
        ),
        win_case(
            "nano/hyperv-fraction",
            "17.06 Hyper-V 1.5e9: count 2, percent 75",
            [*fn, "hyperv"],
            res({"NanoCPUs": 1500000000}, "hyperv"),
            [OCI_1706],
        ),
        win_case(
            "nano/hyperv-whole",
            "17.06 Hyper-V 2e9: count 2, percent stays uint8(CPUPercent)",
            [*fn, "hyperv"],
            res({"NanoCPUs": 2000000000, "CPUPercent": 300}, "hyperv"),
            [OCI_1706],
        ),
        win_case(
            "nano/hyperv-tiny",
            "17.06 Hyper-V 5e6: count 1, percent 0 (no minimum)",
            [*fn, "hyperv"],
            res({"NanoCPUs": 5000000}, "hyperv"),
            [OCI_1706],
        ),
        win_case(
            "nano/hyperv-1.13.0",
            "1.13.0 Hyper-V: the process formula for every isolation",
            [*fn, "hyperv"],
            res({"NanoCPUs": 1500000000}, "hyperv"),
            [OCI_113],
        ),
    ]


def cases() -> list[Json]:
    """Every Windows anchor case."""
    return [
        win_case(
            "default/minimal",
            "a plain process-isolation container: DefaultSpec of the profile, args, cwd, resources",
            [
                "windows-default-spec",
                "shape",
                "args",
                "cwd",
                "env",
                "hostname",
                "root",
                "resources",
                "networking",
                "layers",
            ],
            windows_input(),
            [*ALL_OCI, *_SHAPES, ref("v1.12.0", "oci/defaults_windows.go")],
        ),
        win_case(
            "default/arch",
            "platform.arch is the daemon's GOARCH",
            ["windows-default-spec"],
            windows_input({}, {"host": {"GOARCH": "arm"}}),
            [ref("v1.12.0", "oci/defaults_windows.go")],
        ),
        *_examples(),
        *_args(),
        *_cwd(),
        *_env(),
        *_hostname_user_console(),
        *_mounts(),
        *_root_isolation(),
        *_image_layers(),
        *_hyperv(),
        *_networking(),
        *_resources(),
    ]

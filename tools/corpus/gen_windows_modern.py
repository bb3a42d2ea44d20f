"""Windows ``spec`` anchor cases of the modern profiles (17.07 onwards): one or more per change point.

Each case cites the tag whose ``createSpec`` (moby/moby@TAG:daemon/oci_windows.go) shows the behaviour;
the goldens come from the reference under every profile that applies, so the older profiles document
what came before.
"""

from __future__ import annotations

from typing import Any

from tools.corpus.common import ref
from tools.corpus.windows_base import (
    CHAIN_AB,
    HNS_NAT,
    HNS_TRANS,
    WF,
    A,
    B,
    win_case,
    windows_input,
)

Json = Any

OCI_1707 = ref("v17.07.0-ce", "daemon/oci_windows.go")
_SPEC_1707 = ref("v17.07.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")


def _res(hc: Json, isolation: str = "process", cpus: int = 4) -> Json:
    return windows_input({"HostConfig": {"Isolation": isolation, **hc}}, {"host": {"NumCPU": cpus}})


def _cpu_maximum() -> list[Json]:
    """17.07: CPU.Maximum (percent x 100, uint16) replaces CPU.Percent; NanoCPUs in units of 1/10000."""
    f = ["resources", "cpu-maximum"]
    fn = [*f, "nano-cpus"]
    r = [OCI_1707, _SPEC_1707]
    return [
        win_case(
            "modern/cpu-maximum/percent-50",
            "CPUPercent 50: cpu.percent 50 up to 17.06, cpu.maximum 5000 from 17.07",
            f,
            _res({"CPUPercent": 50}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/percent-700-wraps",
            "CPUPercent 700: uint16(700) * 100 wraps to 4464 in uint16 arithmetic (17.07+)",
            f,
            _res({"CPUPercent": 700}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/percent-negative",
            "CPUPercent -1: uint16 65535 * 100 wraps to 65436 (17.07+)",
            f,
            _res({"CPUPercent": -1}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-process",
            "NanoCPUs 1.5e9 on 4 CPUs, process isolation: maximum 1.5e9 / 4 / 1e5 = 3750",
            fn,
            _res({"NanoCPUs": 1_500_000_000}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-process-tiny",
            "NanoCPUs 1 on 4 CPUs, process isolation: maximum rounds to 0 and is clamped to 1",
            fn,
            _res({"NanoCPUs": 1}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-hyperv-fraction",
            "NanoCPUs 2.5e9 Hyper-V: count 3, maximum 2.5e9 / 3 / 1e5 = 8333",
            fn,
            _res({"NanoCPUs": 2_500_000_000}, "hyperv"),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-hyperv-whole",
            "NanoCPUs 2e9 Hyper-V with CPUPercent 10: count 2, maximum stays CPUPercent x 100 = 1000",
            fn,
            _res({"NanoCPUs": 2_000_000_000, "CPUPercent": 10}, "hyperv"),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-hyperv-tiny",
            "NanoCPUs 1 Hyper-V: count 1, maximum 0 clamped to 1 (17.07; 17.06 left percent 0)",
            fn,
            _res({"NanoCPUs": 1}, "hyperv"),
            r,
        ),
    ]


def _image_and_console() -> list[Json]:
    """17.07: createSpec starts with GetImage; terminal and consoleSize only with a TTY."""
    return [
        win_case(
            "modern/image/lookup-error",
            "GetImage fails: from 17.07 createSpec returns the error as is before anything else",
            ["image", "error"],
            windows_input(replace={"image": {"error": "No such image: sha256:" + "1" * 64}}),
            [OCI_1707, ref("v17.07.0-ce", "daemon/image.go")],
        ),
        win_case(
            "modern/console/no-tty",
            "ConsoleSize [30, 120] without Tty: written up to 17.06, left 0x0 from 17.07",
            ["console-size", "tty"],
            windows_input({"HostConfig": {"ConsoleSize": [30, 120]}}),
            [OCI_1707],
        ),
        win_case(
            "modern/console/tty",
            "ConsoleSize [30, 120] with Tty: terminal true and the size in every rc profile",
            ["console-size", "tty"],
            windows_input({"Config": {"Tty": True}, "HostConfig": {"ConsoleSize": [30, 120]}}),
            [OCI_1707],
        ),
    ]


OCI_1709 = ref("v17.09.0-ce", "daemon/oci_windows.go")
_ROOTFS_1709 = ref("v17.09.0-ce", "image/rootfs.go")
_LAYER_1709 = ref("v17.09.0-ce", "layer/layer_windows.go")
_SPEC_1709 = ref("v17.09.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")
_DNS_1709 = ref("v17.09.0-ce", "daemon/container_operations.go")
GW_HNS = "8a1b2c3d-0000-4000-8000-0000000000ff"
ROOT = "C:\\ProgramData\\docker"
CS_DIR = ROOT + "\\CredentialSpecs\\"


def _layer_folders() -> list[Json]:
    """17.09: the layer loop and the RW layer go into windows.layerFolders."""
    f = ["layers", "layer-folders"]
    r = [OCI_1709, _ROOTFS_1709, _LAYER_1709]
    two = {"RootFS": {"Type": "layers", "DiffIDs": [A, B]}}
    return [
        win_case(
            "modern/layer-folders/two-layers",
            "layers image A, B: layerFolders [folder(A,B), folder(A), RW dir], top layer first",
            f,
            windows_input(world={"layers": {CHAIN_AB: WF + "l2"}}, replace={"image": two}),
            r,
        ),
        win_case(
            "modern/layer-folders/no-diff-ids",
            "a layers image without DiffIDs: layerFolders holds only the RW layer's dir",
            f,
            windows_input(replace={"image": {"RootFS": {"Type": "layers", "DiffIDs": []}}}),
            r,
        ),
        win_case(
            "modern/layer-folders/layers-base",
            "a layers+base image: ChainID() is empty on Windows, so the layer path lookup fails (17.09+)",
            [*f, "error"],
            windows_input(
                replace={"image": {"RootFS": {"Type": "layers+base", "DiffIDs": [A], "BaseLayer": "base"}}}
            ),
            r,
        ),
        win_case(
            "modern/layer-folders/nil-rootfs",
            "an image with a nil RootFS: len(img.RootFS.DiffIDs) dereferences nil (go.panic from 17.09)",
            [*f, "panic"],
            windows_input(replace={"image": {"RootFS": None, "OSVersion": "10.0.14393"}}),
            r,
        ),
        win_case(
            "modern/layer-folders/missing-layer",
            "the layer store has no folder for chain(A, B): failed to get layer path (17.09 wording)",
            [*f, "error"],
            windows_input(replace={"image": two}),
            r,
        ),
        win_case(
            "modern/layer-folders/layer-error",
            "the graphdriver's Get fails for chain(A): its error follows the 17.09 message",
            [*f, "error"],
            windows_input(world={"layers": {A: {"error": "windowsfilter: access denied"}}}),
            r,
        ),
        win_case(
            "modern/layer-folders/rw-metadata-error",
            "RWLayer.Metadata() fails: failed to get layer metadata (17.09 wording)",
            [*f, "rw-layer", "error"],
            windows_input(replace={"rwLayer": {"error": "layer not mounted"}}),
            r,
        ),
        win_case(
            "modern/layer-folders/rw-no-dir",
            'RWLayer metadata without dir: m["dir"] is the empty string, appended as is',
            [*f, "rw-layer"],
            windows_input(replace={"rwLayer": {"Metadata": {}}}),
            r,
        ),
    ]


def _root_and_flags() -> list[Json]:
    """17.09: root.path ends in a backslash, first-start flag, the Hyper-V object."""
    r = [OCI_1709, _SPEC_1709]
    return [
        win_case(
            "modern/root/backslash-added",
            "process isolation: root.path is BaseFS plus a trailing backslash from 17.09",
            ["root"],
            windows_input(),
            r,
        ),
        win_case(
            "modern/root/backslash-kept",
            "BaseFS already ending in a backslash (a volume GUID path) is kept as is",
            ["root"],
            windows_input({"BaseFS": "\\\\?\\Volume{4f2a9c1b-7d3e-11e7-9c1b-7d3e4f2a9c1b}\\"}),
            r,
        ),
        win_case(
            "modern/root/hyperv-empty",
            "Hyper-V: root.path stays empty (no backslash) and windows.hyperv is an empty object",
            ["root", "hyperv"],
            windows_input({"HostConfig": {"Isolation": "hyperv"}}),
            r,
        ),
        win_case(
            "modern/first-start/started-before",
            "HasBeenStartedBefore: no ignoreFlushesDuringBoot (omitempty false)",
            ["first-start"],
            windows_input({"HasBeenStartedBefore": True}),
            r,
        ),
    ]


def _network() -> list[Json]:
    """17.09: windows.network from the endpoints' driver info, DNS search and a shared container."""
    f = ["networking", "windows-network"]
    r = [OCI_1709, _SPEC_1709]
    two = {"NetworkSettings": {"Networks": {"nat": {}, "trans": {}}}}
    return [
        win_case(
            "modern/network/gateway-and-unqualified",
            "two networks, one with GW_INFO and AllowUnqualifiedDNSQuery: endpoints, then the gateway last",
            f,
            windows_input(
                two,
                replace={
                    "endpoints": {
                        "nat": {"hnsid": HNS_NAT, "GW_INFO": {"hnsid": GW_HNS}},
                        "trans": {"hnsid": HNS_TRANS, "AllowUnqualifiedDNSQuery": True},
                    }
                },
            ),
            r,
        ),
        win_case(
            "modern/network/skipped-endpoints",
            "a failing endpoint and one without hnsid are skipped; an empty list is omitted",
            f,
            windows_input(two, replace={"endpoints": {"nat": {"error": "no such endpoint"}, "trans": {}}}),
            r,
        ),
        win_case(
            "modern/network/dns-search-container",
            "HostConfig.DNSSearch wins over the daemon's: DNSSearchList",
            f,
            windows_input(
                {"HostConfig": {"DNSSearch": ["corp.example"]}}, {"daemon": {"DNSSearch": ["d.example"]}}
            ),
            [*r, _DNS_1709],
        ),
        win_case(
            "modern/network/dns-search-daemon",
            "no container DNSSearch: the daemon's --dns-search",
            f,
            windows_input({}, {"daemon": {"DNSSearch": ["d.example", "e.example"]}}),
            [*r, _DNS_1709],
        ),
        win_case(
            "modern/network/shared-container",
            "NetworkMode container:<id>: the joined container's endpoints and name",
            f,
            windows_input(
                {
                    "HostConfig": {"NetworkMode": "container:db"},
                    "NetworkSettings": {"Networks": {}},
                    "NetworkSharedContainerID": "9" * 64,
                    "SharedEndpointList": [HNS_TRANS],
                }
            ),
            r,
        ),
        win_case(
            "modern/network/no-controller",
            "a daemon without a network controller finds no network: windows.network is empty",
            f,
            windows_input({}, {"daemon": {"NetController": False}}),
            [*r, ref("v17.09.0-ce", "daemon/network.go")],
        ),
    ]


def _credential_spec() -> list[Json]:
    """17.09: credentialspec= security options read from a file or the registry."""
    f = ["credential-spec"]
    fe = [*f, "error"]
    r = [OCI_1709]

    def cs(opts: Json, host: Json | None = None, root: str = ROOT) -> Json:
        return windows_input(
            {"HostConfig": {"SecurityOpt": opts}}, {"daemon": {"Root": root}, "host": host or {}}
        )

    spec = '{"CmsPlugins": ["ActiveDirectory"]}'
    return [
        win_case(
            "modern/credential-spec/empty-list",
            'SecurityOpt [] (non-nil): credentialSpec is "" (an interface holding "" is not omitted)',
            f,
            cs([]),
            r,
        ),
        win_case(
            "modern/credential-spec/file",
            "credentialspec=file://web.json: the file below <root>\\CredentialSpecs, read whole",
            f,
            cs(["credentialspec=file://web.json"], {"FileContents": {CS_DIR + "web.json": spec}}),
            r,
        ),
        win_case(
            "modern/credential-spec/file-lowercased",
            "the option is lower-cased before parsing: file://Web.JSON reads web.json",
            f,
            cs(["CredentialSpec=file://Web.JSON"], {"FileContents": {CS_DIR + "web.json": spec}}),
            r,
        ),
        win_case(
            "modern/credential-spec/file-missing",
            "the file cannot be read: the Go-quoted error of ReadFile",
            fe,
            cs(["credentialspec=file://nope.json"]),
            r,
        ),
        win_case(
            "modern/credential-spec/file-absolute",
            "file://c:\\x.json is absolute: refused",
            fe,
            cs(["credentialspec=file://c:\\x.json"]),
            r,
        ),
        win_case(
            "modern/credential-spec/file-escapes",
            "file://..\\x.json leaves <root>\\CredentialSpecs: refused",
            fe,
            cs(["credentialspec=file://..\\x.json"]),
            r,
        ),
        win_case(
            "modern/credential-spec/file-empty",
            "file:// with no path: no value supplied",
            fe,
            cs(["credentialspec=file://"]),
            r,
        ),
        win_case(
            "modern/credential-spec/registry",
            "credentialspec=registry://web: the CredentialSpecs registry value",
            f,
            cs(["credentialspec=registry://web"], {"CredentialSpecRegistry": {"web": spec}}),
            r,
        ),
        win_case(
            "modern/credential-spec/registry-not-found",
            "registry://web without such a value: not found",
            fe,
            cs(["credentialspec=registry://web"]),
            r,
        ),
        win_case(
            "modern/credential-spec/registry-key-error",
            "the CredentialSpecs key cannot be opened",
            fe,
            cs(["credentialspec=registry://web"], {"CredentialSpecRegistry": {"error": "Access is denied."}}),
            r,
        ),
        win_case(
            "modern/credential-spec/registry-value-error",
            "reading the value fails otherwise: error <err> reading credential spec",
            fe,
            cs(
                ["credentialspec=registry://web"],
                {"CredentialSpecRegistry": {"web": {"error": "Access is denied."}}},
            ),
            r,
        ),
        win_case(
            "modern/credential-spec/registry-empty",
            "registry:// with no name: no value supplied",
            fe,
            cs(["credentialspec=registry://"]),
            r,
        ),
        win_case(
            "modern/credential-spec/last-wins",
            "two credentialspec options: both are read, the last one is the spec",
            f,
            cs(
                ["credentialspec=registry://a", "credentialspec=registry://b"],
                {"CredentialSpecRegistry": {"a": "A", "b": "B"}},
            ),
            r,
        ),
        win_case(
            "modern/credential-spec/no-equals",
            "a security option without = is refused",
            ["security-opt", "error"],
            cs(["no-new-privileges"]),
            r,
        ),
        win_case(
            "modern/credential-spec/unsupported",
            "any other option (seccomp=..., lower-cased) is not supported on Windows",
            ["security-opt", "error"],
            cs(["Seccomp=unconfined"]),
            r,
        ),
        win_case(
            "modern/credential-spec/bad-prefix",
            "a credential spec value without file:// or registry://",
            fe,
            cs(["credentialspec=web.json"]),
            r,
        ),
    ]


OCI_1710 = ref("v17.10.0-ce", "daemon/oci_windows.go")


def _basefs() -> list[Json]:
    """17.10: BaseFS is an interface; an unmounted (nil) one panics, from 18.03.1 it is an error."""
    r = [OCI_1710, ref("v17.10.0-ce", "container/container.go"), ref("v18.03.1-ce", "daemon/oci_windows.go")]
    return [
        win_case(
            "modern/basefs/empty-process",
            "process isolation, BaseFS empty (never mounted): root.path \\ at 17.09, nil .Path() panics "
            "17.10 to 18.03.0, an error from 18.03.1",
            ["root", "error"],
            windows_input({"BaseFS": ""}),
            r,
        ),
        win_case(
            "modern/basefs/empty-hyperv",
            "Hyper-V, BaseFS empty: root.path is never read, so no panic and no error",
            ["root", "hyperv"],
            windows_input({"BaseFS": "", "HostConfig": {"Isolation": "hyperv"}}),
            r,
        ),
    ]


def _oci_versions() -> list[Json]:
    """The ociVersion each modern profile writes: the vendored runtime-spec's specs.Version."""
    return [
        win_case(
            "modern/oci-version/plain",
            "a plain container: ociVersion per profile (1.0.1 from 18.02, moby/moby@v18.02.0-ce:vendor.conf)",
            ["windows-default-spec", "shape"],
            windows_input(),
            [
                ref("v18.02.0-ce", "vendor.conf"),
                ref("v18.02.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/version.go"),
            ],
        ),
    ]


OCI_1903 = ref("v19.03.0", "daemon/oci_windows.go")
_ARGS_1903 = ref("v19.03.0", "pkg/system/args_windows.go")
GPU_CLASS = "5B45201D-F2F2-4F3B-85BB-30FF1F953599"


def _command_line() -> list[Json]:
    """19.03: ArgsEscaped gives process.commandLine; otherwise args are no longer escaped."""
    f = ["args", "escape-args", "command-line"]
    r = [OCI_1903, _ARGS_1903]

    def a(path: str, args: list[str], *, escaped: bool) -> Json:
        return windows_input({"Path": path, "Args": args, "Config": {"ArgsEscaped": escaped}})

    return [
        win_case(
            "modern/command-line/escaped-with-args",
            "ArgsEscaped with Args: commandLine is Path, a space and the escaped Args; no args (19.03+)",
            f,
            a("cmd", ["/S", "/C", "echo hi there", 'say "x"'], escaped=True),
            r,
        ),
        win_case(
            "modern/command-line/escaped-no-args",
            "ArgsEscaped without Args: commandLine is Path alone, as stored (spaces and all)",
            f,
            a("C:\\Program Files\\x.exe", [], escaped=True),
            r,
        ),
        win_case(
            "modern/command-line/escaped-empty-path",
            "ArgsEscaped, empty Path, no Args: an empty commandLine (omitempty) and no args",
            f,
            a("", [], escaped=True),
            r,
        ),
        win_case(
            "modern/command-line/raw-args",
            "not ArgsEscaped: args are [Path] + Args unescaped from 19.03 (escaped up to 18.09)",
            f,
            a("C:\\Program Files\\x.exe", ["a b", 'q"uote', "C:\\dir\\"], escaped=False),
            r,
        ),
    ]


def _sparse_resources() -> list[Json]:
    """19.03: setResourcesInSpec writes a block only when one of its values is non-zero."""
    f = ["resources"]
    r = [OCI_1903]
    return [
        win_case(
            "modern/resources/none",
            "no resource set: windows.resources absent from 19.03 (all leaves 0 before)",
            f,
            _res({}),
            r,
        ),
        win_case(
            "modern/resources/memory-only",
            "Memory 512 MiB alone: only the memory block from 19.03",
            f,
            _res({"Memory": 536870912}),
            r,
        ),
        win_case(
            "modern/resources/shares-and-iops",
            "CPUShares 2 and IOMaximumIOps 100: cpu (with zero count and maximum) and storage blocks",
            f,
            _res({"CPUShares": 2, "IOMaximumIOps": 100}),
            r,
        ),
        win_case(
            "modern/resources/wrapped-zero",
            "CPUShares 65536 wraps to uint16 0: no cpu block (the test is on the converted values)",
            f,
            _res({"CPUShares": 65536}),
            r,
        ),
    ]


def _credential_spec_1903() -> list[Json]:
    """19.03: setWindowsCredentialSpec: case-kept values, raw:// and config://, no empty spec."""
    f = ["credential-spec"]
    fe = [*f, "error"]
    r = [OCI_1903]

    def cs(opts: Json, host: Json | None = None) -> Json:
        return windows_input(
            {"HostConfig": {"SecurityOpt": opts}}, {"daemon": {"Root": ROOT}, "host": host or {}}
        )

    spec = '{"CmsPlugins": ["ActiveDirectory"]}'
    return [
        win_case(
            "modern/credential-spec-1903/raw",
            "credentialspec=raw://<json>: the value itself (19.03+; an unknown prefix before)",
            f,
            cs(["credentialspec=raw://" + spec]),
            r,
        ),
        win_case(
            "modern/credential-spec-1903/case-kept",
            "CredentialSpec=FILE://Web.JSON: name and scheme in any case, the path keeps its case",
            f,
            cs(
                ["CredentialSpec=FILE://Web.JSON"],
                {"FileContents": {CS_DIR + "Web.JSON": spec, CS_DIR + "web.json": "lower"}},
            ),
            r,
        ),
        win_case(
            "modern/credential-spec-1903/config",
            "credentialspec=config://<id>: no swarm dependency store for a plain container, so invalid",
            fe,
            cs(["credentialspec=config://abc"]),
            r,
        ),
        win_case(
            "modern/credential-spec-1903/raw-empty",
            "credentialspec=raw:// with nothing after it: invalid",
            fe,
            cs(["credentialspec=raw://"]),
            r,
        ),
        win_case(
            "modern/credential-spec-1903/registry-name-del",
            "a registry name with DEL: quoted \\u007f up to 20.10 (Go 1.13), \\x7f from 23.0 (Go 1.19+)",
            fe,
            cs(["credentialspec=registry://we\x7fb"]),
            [*r, ref("v23.0.0", "Dockerfile")],
        ),
        win_case(
            "modern/credential-spec-1903/unsupported-kept-case",
            "Seccomp=unconfined: the refused option name is printed as given from 19.03",
            ["security-opt", "error"],
            cs(["Seccomp=unconfined"]),
            r,
        ),
    ]


def _devices() -> list[Json]:
    """19.03: HostConfig.Devices with class/<GUID> become windows.devices (process isolation, RS5+)."""
    f = ["devices"]
    fe = [*f, "error"]
    r = [OCI_1903]

    def d(paths: list[str], *, build: int = 17763, isolation: str = "process") -> Json:
        return windows_input(
            {"HostConfig": {"Isolation": isolation, "Devices": [{"PathOnHost": p} for p in paths]}},
            {"host": {"OSBuild": build}},
        )

    return [
        win_case(
            "modern/devices/class",
            "a class/<GUID> device on RS5: windows.devices",
            f,
            d(["class/" + GPU_CLASS]),
            r,
        ),
        win_case(
            "modern/devices/hyperv",
            "devices with Hyper-V isolation: refused",
            fe,
            d(["class/" + GPU_CLASS], isolation="hyperv"),
            r,
        ),
        win_case(
            "modern/devices/old-build",
            "devices on a host before build 17763 (host.OSBuild 17134): refused",
            fe,
            d(["class/" + GPU_CLASS], build=17134),
            r,
        ),
        win_case("modern/devices/no-slash", "PathOnHost without a slash: invalid path", fe, d(["COM1"]), r),
        win_case(
            "modern/devices/not-class",
            "PathOnHost vpci-location-path/...: only the class type is accepted",
            fe,
            d(["class/" + GPU_CLASS, "vpci-location-path/PCIROOT(0)"]),
            r,
        ),
    ]


OCI_23 = ref("v23.0.0", "daemon/oci_windows.go")


def _devices_23() -> list[Json]:
    """23.0: setupWindowsDevices accepts class/ID and IDType://ID for any isolation and host build."""
    f = ["devices"]
    fe = [*f, "error"]
    r = [OCI_23]

    def d(paths: list[str], *, isolation: str = "process") -> Json:
        return windows_input(
            {"HostConfig": {"Isolation": isolation, "Devices": [{"PathOnHost": p} for p in paths]}}
        )

    return [
        win_case(
            "modern/devices-23/idtype",
            "class/<GUID> and vpci-location-path://<path> on an unknown host build: both devices from 23.0",
            f,
            d(["class/" + GPU_CLASS, "vpci-location-path://PCIROOT(0)#PCI(0100)"]),
            r,
        ),
        win_case(
            "modern/devices-23/hyperv",
            "a class device with Hyper-V isolation: refused up to 20.10, assigned from 23.0",
            f,
            d(["class://" + GPU_CLASS], isolation="hyperv"),
            r,
        ),
        win_case(
            "modern/devices-23/bad-path",
            "PathOnHost COM1: must be class/ID or IDType://ID (23.0 wording)",
            fe,
            d(["COM1"]),
            r,
        ),
        win_case(
            "modern/devices-23/empty-idtype",
            "PathOnHost ://x: the IDType cannot be empty",
            fe,
            d(["://x"]),
            r,
        ),
    ]


OCI_24 = ref("v24.0.0", "daemon/oci_windows.go")


def _annotations() -> list[Json]:
    """24.0: HostConfig.Annotations become the spec's annotations (containerd's WithAnnotations)."""
    r = [OCI_24, ref("v24.0.0", "vendor/github.com/containerd/containerd/oci/spec_opts.go")]
    return [
        win_case(
            "modern/annotations/two",
            "two annotations: the spec's annotations from 24.0, keys sorted as Go writes a map",
            ["annotations"],
            windows_input({"HostConfig": {"Annotations": {"io.x/b": "2", "io.x/a": "1"}}}),
            r,
        ),
        win_case(
            "modern/annotations/empty",
            "an empty annotations map: the spec's map is empty, so omitempty leaves it out",
            ["annotations"],
            windows_input({"HostConfig": {"Annotations": {}}}),
            r,
        ),
    ]


def _mount_order() -> list[Json]:
    """26.0: setupMounts runs before createSpec, so its error comes before GetImage's."""
    return [
        win_case(
            "modern/mounts/no-source-and-bad-image",
            "no mount source and a failing image lookup: the image error to 25.0, the mount's from 26.0",
            ["mounts", "image", "error"],
            windows_input(
                {"Mounts": [{"Destination": "C:\\data", "Name": "v1", "Driver": "local"}]},
                replace={"image": {"error": "No such image: sha256:" + "1" * 64}},
            ),
            [ref("v26.0.0", "daemon/start.go"), ref("v26.0.0", "daemon/oci_windows.go"), OCI_1707],
        ),
    ]


def _mutation() -> list[Json]:
    """Cases that kill windows_modern.py mutants no other case killed (docs/strength.md)."""
    spec = '{"CmsPlugins": ["ActiveDirectory"]}'
    inp = windows_input(
        {"HostConfig": {"SecurityOpt": ["credentialspec=registry://a=b"]}},
        {"daemon": {"Root": ROOT}, "host": {"CredentialSpecRegistry": {"a=b": spec}}},
    )
    return [
        # kills windows_modern.credential_spec's rsplit/split variants: SplitN(opt, "=", 2) keeps the
        # later "=" in the value (moby/moby@v17.09.0-ce and @v19.03.0:daemon/oci_windows.go)
        win_case(
            "modern/credential-spec/registry-name-with-equals",
            "credentialspec=registry://a=b: only the first = splits the option; the registry value a=b",
            ["credential-spec"],
            inp,
            [OCI_1709, OCI_1903],
            profiles=["17.09", "19.03"],
        ),
        # kills windows_modern.devices_23 mutants (class/ replaced anywhere or more than once, rpartition):
        # only a leading class/ becomes class://, and SplitN(path, "://", 2) / Cut split at the first ://
        win_case(
            "modern/devices-23/separators-inside-id",
            "class/a/class/b gives ID a/class/b; vpci://x://class/y gives IDType vpci, ID x://class/y",
            ["devices"],
            windows_input(
                {
                    "HostConfig": {
                        "Devices": [{"PathOnHost": "class/a/class/b"}, {"PathOnHost": "vpci://x://class/y"}]
                    }
                }
            ),
            [OCI_23, ref("v24.0.0", "daemon/oci_windows.go")],
            profiles=["23.0", "24.0"],
        ),
        # kills windows_modern._read_file_1903 mutants that drop del_hex: the file path is %q-quoted there
        win_case(
            "modern/credential-spec-1903/file-name-del",
            "a missing spec file named with DEL: the path is quoted \\u007f in 20.10, \\x7f in 23.0",
            ["credential-spec", "error"],
            windows_input(
                {"HostConfig": {"SecurityOpt": ["credentialspec=file://we\x7fb.json"]}},
                {"daemon": {"Root": ROOT}, "host": {}},
            ),
            [OCI_1903, ref("v23.0.0", "daemon/oci_windows.go#L450"), ref("v23.0.0", "Dockerfile")],
            profiles=["20.10.0", "23.0"],
        ),
        # kills windows_modern.credential_spec_1903's rpartition: SplitN(value, "://", 2) splits at the first
        win_case(
            "modern/credential-spec-1903/raw-value-with-scheme",
            "raw://spec://inner: the scheme ends at the first ://, so the spec is spec://inner (19.03+)",
            ["credential-spec"],
            windows_input({"HostConfig": {"SecurityOpt": ["credentialspec=raw://spec://inner"]}}),
            [OCI_1903],
            profiles=["18.09", "19.03"],
        ),
    ]


def cases() -> list[Json]:
    """Every modern Windows anchor case."""
    return [
        *_cpu_maximum(),
        *_image_and_console(),
        *_layer_folders(),
        *_root_and_flags(),
        *_network(),
        *_credential_spec(),
        *_basefs(),
        *_oci_versions(),
        *_command_line(),
        *_sparse_resources(),
        *_credential_spec_1903(),
        *_devices(),
        *_devices_23(),
        *_annotations(),
        *_mount_order(),
        *_mutation(),
    ]

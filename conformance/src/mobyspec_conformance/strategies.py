r"""Public hypothesis strategies for mobyspec case inputs: moby container records plus the host facts.

Everything drawn here is a JSON value of the case format v1 (``conformance/.../schemas/case.v1.json``):
:func:`linux_spec_inputs` and :func:`windows_spec_inputs` draw the ``input`` object of a ``spec`` case,
:func:`case_documents` wraps one into a whole case document. The building blocks draw realistic Docker
values rather than arbitrary text: image-like paths (``/usr/local/bin``, ``/app/../srv``), ``KEY=VALUE``
environments with bare keys and empty values, ``nat.Port`` specs (``80``, ``53/udp``), host and domain
names, Windows paths (``C:\Program Files\app.exe``, ``\\server\share``) and command-line arguments
full of spaces, quotes and backslashes.

Optional keys are drawn with :func:`hypothesis.strategies.fixed_dictionaries`, so a shrunk example
keeps only the keys its failure needs (Docker's "absent is Go's zero value"); every error an input can
carry shrinks away unless the failure needs it.

``errors=False`` (the default) draws only inputs moby turns into a spec, whatever the profile:
``docker-init`` is found, linked children run on the bridge network, no host file lies on the working
directory's path, mounts have sources, the image's layers are all in the layer store. Working
directories are absolute or relative (and on Windows drive-relative or with forward slashes) either
way: the spec is built from the record as stored, which create's checks never reach.
``errors=True`` also draws the inputs moby refuses (a file on the working directory's path, a stopped
linked child, a missing init binary, a failing layer lookup, ...), as a differential fuzzer wants.

Usage::

    from hypothesis import given
    from mobyspec_conformance import strategies as ms

    @given(ms.linux_spec_inputs())
    def test_cwd_is_absolute(inp): ...
"""

from __future__ import annotations

import string
from functools import cache
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from mobyspec_reference.layers import base_diff_id, create_chain_id

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Json = Any

__all__ = [
    "case_documents",
    "command_line_args",
    "container_ids",
    "domainnames",
    "env_entries",
    "env_keys",
    "env_lists",
    "exposed_ports",
    "hostnames",
    "linked_containers",
    "linux_spec_inputs",
    "port_specs",
    "spec_inputs",
    "unix_paths",
    "unix_workdirs",
    "windows_mounts",
    "windows_paths",
    "windows_spec_inputs",
    "windows_workdirs",
]

#: Go's int64 and uint64 ranges (the schema's integer bounds).
INT64_MIN, INT64_MAX, UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1

_LOWER = string.ascii_lowercase
_SEGMENT_CHARS = _LOWER + string.digits + "._-"

#: Directories that real images use as working directories and mount points.
COMMON_UNIX_DIRS = (
    "/",
    "/app",
    "/srv/www",
    "/usr/src/app",
    "/usr/local/bin",
    "/var/lib/mysql",
    "/home/node/app",
    "/go/src/github.com/acme/svc",
    "/data",
    "/opt/app/",
    "/tmp/../work",  # noqa: S108 - a path inside the container, never created
    "//root",
)
#: Relative working directories (stored by engines that skip create's absolute check).
COMMON_UNIX_RELATIVE_DIRS = ("app", "./rel/dir/", "../up", ".", "./", "src/../bin")
#: Executables of typical images (``Path``: the entrypoint or ``Cmd[0]``).
COMMON_UNIX_EXES = ("/bin/sh", "sh", "nginx", "/usr/local/bin/docker-entrypoint.sh", "python3", "/app/server")
#: Environment keys images and users set, including the daemon's own defaults.
COMMON_ENV_KEYS = (
    "PATH",
    "HOSTNAME",
    "TERM",
    "HOME",
    "LANG",
    "JAVA_HOME",
    "NODE_ENV",
    "GOPATH",
    "MYSQL_ROOT_PASSWORD",
    "no_proxy",
    "Path",
)
COMMON_PROTOCOLS = ("tcp", "udp", "sctp")
COMMON_PORTS = (22, 53, 80, 81, 82, 443, 3306, 5432, 6379, 8080, 8081, 8082, 27017)
WINDOWS_DRIVES = ("C:", "D:", "c:")
COMMON_WINDOWS_DIRS = (
    "C:\\",
    "C:\\app",
    "C:\\Program Files\\app",
    "C:\\Users\\ContainerAdministrator",
    "C:\\inetpub\\wwwroot",
    "C:\\work\\.\\dir\\",
    "C:\\app\\..\\work\\",
    "D:\\data",
    "\\windows\\temp",
)
#: Relative and drive-relative working directories a record can hold when create's check was skipped.
COMMON_WINDOWS_RELATIVE_DIRS = ("app", "work\\dir", "..\\up", ".", "C:", "C:rel", "d:app\\..\\x", "app/sub/")
COMMON_WINDOWS_EXES = ("cmd", "powershell", "C:\\Program Files\\app.exe", "C:\\app\\svc.exe", "ping")
#: Where the windowsfilter graph driver keeps layers (the prefix of every Windows layer folder).
WINDOWSFILTER = "C:\\ProgramData\\docker\\windowsfilter\\"


# ---------------------------------------------------------------------------------------------------
# Building blocks


@cache
def container_ids() -> SearchStrategy[str]:
    """64 lower-case hex digits, as moby's ``stringid.GenerateRandomID`` makes them."""
    # one integer draw rather than 64 characters: quicker to generate and to shrink
    return st.integers(0, (1 << 256) - 1).map(lambda n: f"{n:064x}")


@cache
def hostnames() -> SearchStrategy[str]:
    """``Config.Hostname``: a 12-hex-digit ID prefix (create's default) or a DNS label, sometimes empty."""
    label = st.text(_LOWER + string.digits + "-", min_size=1, max_size=12)
    return st.one_of(
        st.text("0123456789abcdef", min_size=12, max_size=12),
        label,
        st.sampled_from(["web", "db", "build01", "", "foo.bar.baz"]),
    )


@cache
def domainnames() -> SearchStrategy[str]:
    """``Config.Domainname``: empty or a dotted DNS name."""
    label = st.text(_LOWER + string.digits, min_size=1, max_size=8)
    return st.one_of(st.just(""), st.lists(label, min_size=1, max_size=3).map(".".join))


@cache
def unix_paths(*, clean: bool = False) -> SearchStrategy[str]:
    """Absolute image-like Unix paths; unless ``clean``, with ``.``, ``..`` and repeated slashes in them."""
    segment = st.text(_SEGMENT_CHARS, min_size=1, max_size=8)
    if not clean:
        segment = st.one_of(segment, st.sampled_from([".", "..", ""]))
    generated = st.lists(segment, min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts))
    if clean:
        generated = generated.filter(lambda p: p not in {"/.", "/.."} and "/./" not in p and "/../" not in p)
        return st.one_of(
            st.sampled_from(["/app", "/data", "/srv/www", "/usr/src/app", "/var/lib/mysql"]), generated
        )
    return st.one_of(st.sampled_from(COMMON_UNIX_DIRS), generated)


@cache
def unix_workdirs() -> SearchStrategy[str]:
    """A stored ``Config.WorkingDir``: absolute, or relative (``app``, ``./rel/dir/``, ``../up``, ``.``).

    Relative values are what an engine that skips create's absolute check stores; moby's spec and start
    Clean them and keep them relative (moby/moby@v1.12.0:container/container.go SetupWorkingDirectory).
    """
    segment = st.one_of(st.text(_SEGMENT_CHARS, min_size=1, max_size=8), st.sampled_from([".", ".."]))
    relative = st.lists(segment, min_size=1, max_size=4).map("/".join)
    trailing = st.builds(lambda p, slash: p + slash, relative, st.sampled_from(["", "/"]))
    return st.one_of(unix_paths(), st.sampled_from(COMMON_UNIX_RELATIVE_DIRS), trailing)


@cache
def env_keys() -> SearchStrategy[str]:
    """Environment variable names: common ones (the daemon's PATH, HOSTNAME, TERM among them) or new ones."""
    first = st.sampled_from(string.ascii_uppercase + "_")
    rest = st.text(string.ascii_uppercase + string.digits + "_", max_size=10)
    generated = st.builds(lambda a, b: a + b, first, rest)
    return st.one_of(st.sampled_from(COMMON_ENV_KEYS), generated)


@cache
def env_entries(keys: SearchStrategy[str] | None = None) -> SearchStrategy[str]:
    """``Config.Env`` entries: mostly ``KEY=VALUE`` (values may hold ``=``), some ``KEY=``, some bare ``KEY``.

    ``keys`` draws the names (default :func:`env_keys`).
    """
    keys = keys if keys is not None else env_keys()
    value = st.one_of(
        st.text(string.ascii_letters + string.digits + "/:.=-_ ", max_size=12),
        st.sampled_from(["/root", "production", "en_US.UTF-8", "a=b", "xterm-256color"]),
    )
    return st.one_of(
        st.builds(lambda k, v: f"{k}={v}", keys, value),
        st.builds(lambda k: f"{k}=", keys),
        keys,
    )


@cache
def env_lists(keys: SearchStrategy[str] | None = None) -> SearchStrategy[list[str] | None]:
    """``Config.Env``: Go's nil (``None``) or a list of entries, duplicates included."""
    return st.one_of(st.none(), st.lists(env_entries(keys), max_size=6))


@cache
def port_specs() -> SearchStrategy[str]:
    """``nat.Port`` keys of ``ExposedPorts``: ``80``, ``80/tcp``, ``53/udp``; the protocol kept as typed."""
    number = st.one_of(st.sampled_from(COMMON_PORTS), st.integers(1, 65535))
    proto = st.one_of(st.none(), st.sampled_from(COMMON_PROTOCOLS), st.sampled_from(["TCP", "Udp"]))
    return st.builds(lambda n, p: str(n) if p is None else f"{n}/{p}", number, proto)


@cache
def exposed_ports() -> SearchStrategy[dict[str, dict[str, Any]]]:
    """``Config.ExposedPorts``: a ``nat.PortSet`` (port spec -> ``{}``), often with contiguous runs."""
    runs: SearchStrategy[dict[str, dict[str, Any]]] = st.builds(
        lambda start, length, proto: {f"{start + i}/{proto}": {} for i in range(length)},
        st.sampled_from(COMMON_PORTS),
        st.integers(1, 4),
        st.sampled_from(COMMON_PROTOCOLS),
    )
    empty: dict[str, Any] = {}
    singles: SearchStrategy[dict[str, dict[str, Any]]] = st.dictionaries(
        port_specs(), st.just(empty), max_size=4
    )
    return st.one_of(singles, st.builds(lambda a, b: {**a, **b}, runs, singles))


@cache
def windows_paths(*, drive: bool = True) -> SearchStrategy[str]:
    r"""Absolute Windows paths: ``C:\...`` with spaces and dots in names; ``drive=False`` adds UNC shares."""
    segment = st.one_of(
        st.text(string.ascii_letters + string.digits + " ._-", min_size=1, max_size=10).filter(
            lambda s: s.strip(" .") != ""
        ),
        st.sampled_from(["Program Files", "data", "app", "..", ".", "Users"]),
    )
    on_drive = st.builds(
        lambda d, parts: d + "\\" + "\\".join(parts),
        st.sampled_from(WINDOWS_DRIVES),
        st.lists(segment, max_size=4),
    )
    if drive:
        return st.one_of(st.sampled_from([p for p in COMMON_WINDOWS_DIRS if p[1:2] == ":"]), on_drive)
    unc = st.builds(
        lambda server, share, parts: "\\\\" + server + "\\" + share + "".join("\\" + p for p in parts),
        st.text(_LOWER, min_size=1, max_size=6),
        st.text(_LOWER, min_size=1, max_size=6),
        st.lists(segment, max_size=2),
    )
    return st.one_of(on_drive, unc)


@cache
def windows_workdirs() -> SearchStrategy[str]:
    r"""A stored Windows ``Config.WorkingDir``: absolute, rooted, forward-slashed, relative or drive-relative.

    create would FromSlash and refuse the non-absolute ones; createSpec takes the value as stored
    (moby/moby@v1.12.0:daemon/oci_windows.go, moby/moby@v17.03.2-ce:daemon/oci_windows.go).
    """
    return st.one_of(
        windows_paths(),
        windows_paths().map(lambda p: p.replace("\\", "/")),
        st.sampled_from(("\\windows\\temp", *COMMON_WINDOWS_RELATIVE_DIRS)),
    )


@cache
def command_line_args() -> SearchStrategy[str]:
    r"""Windows command-line arguments: realistic ones and text of spaces, tabs, quotes and backslashes."""
    tricky = st.text(' \t"\\ab', max_size=8)
    realistic = st.sampled_from(
        [
            "/S",
            "/C",
            'echo "hi there"',
            "C:\\dir with space\\",
            'a"b',
            "--name=a b",
            'x\\"y',
            "",
            "\\\\server\\share",
            "-Command",
            "Write-Host 'ok'",
        ]
    )
    return st.one_of(realistic, tricky, st.text(string.printable, max_size=10))


_CHILD_NAMES = [
    st.lists(st.sampled_from(["db", "cache", "db-1", "api", "redis"]), min_size=n, max_size=2, unique=True)
    for n in range(3)
]


def _link_alias(parent: str, child: str) -> str:
    return f"{parent}/{child}"


@st.composite
def linked_containers(
    draw: st.DrawFn, parent: str = "/web", *, errors: bool = False, min_size: int = 0
) -> list[dict[str, Json]]:
    """``links``: up to two children, each ``{"Alias": "/web/db", "Container": {...}}`` with its bridge IP.

    Children have distinct aliases, exposed ports and an environment; with ``errors`` a child may be
    stopped or off the bridge network (moby's two link errors).
    """
    names = draw(_CHILD_NAMES[min_size])
    links = []
    for i, name in enumerate(names):
        child: dict[str, Json] = {
            "ID": draw(container_ids()),
            "Name": "/" + name,
            "State": {"Running": True},
            "NetworkSettings": {"Networks": {"bridge": {"IPAddress": f"172.17.0.{i + 2}"}}},
            "Config": {"ExposedPorts": draw(exposed_ports()), "Env": draw(env_lists())},
        }
        if errors and draw(st.booleans()):
            if draw(st.booleans()):
                child["State"] = {"Running": False}
            else:
                child["NetworkSettings"] = {"Networks": {"other": {"IPAddress": "10.0.0.2"}}}
        links.append({"Alias": _link_alias(parent, name), "Container": child})
    return links


# ---------------------------------------------------------------------------------------------------
# Linux


@cache
def _pid_modes() -> SearchStrategy[str]:
    """``HostConfig.PidMode``: private (``""``), ``host``, ``container:<id>`` and its odd spellings."""
    return st.sampled_from(["", "host", "container:db", "container:", "HOST", "private"])


@cache
def _linux_parts() -> tuple[SearchStrategy[Json], ...]:
    """Config, HostConfig, the container's own keys and the daemon: built once, drawn many times."""
    workdir = unix_workdirs()
    config = st.fixed_dictionaries(
        {},
        optional={
            "Hostname": hostnames(),
            "Domainname": domainnames(),
            "Env": env_lists(),
            "Tty": st.booleans(),
            "WorkingDir": workdir,
            "User": st.sampled_from(["", "root", "1000:1000", "nobody"]),
        },
    )
    host_config = st.fixed_dictionaries(
        {},
        optional={
            "ReadonlyRootfs": st.booleans(),
            "PidMode": _pid_modes(),
            "Init": st.one_of(st.none(), st.booleans()),
            "InitPath": st.sampled_from(["/usr/local/bin/tini", "/opt/init"]),
            "NetworkMode": st.sampled_from(["default", "bridge", "host", "none"]),
        },
    )
    container = st.fixed_dictionaries(
        {"Path": st.sampled_from(COMMON_UNIX_EXES)},
        optional={
            "ID": container_ids(),
            "Name": st.just("/web"),
            "Args": st.lists(st.sampled_from(["-c", "echo hi", "--", "-g", "daemon off;", "80"]), max_size=3),
            "BaseFS": st.sampled_from(
                ["/var/lib/docker/aufs/mnt/4f2a9c1b7d3e", "/var/lib/docker/overlay/x/merged"]
            ),
        },
    )
    daemon = st.fixed_dictionaries(
        {},
        optional={
            "Init": st.booleans(),
            "InitPath": st.sampled_from(["/usr/libexec/docker-init", "/sbin/tini"]),
        },
    )
    return config, host_config, container, daemon


@st.composite
def linux_spec_inputs(draw: st.DrawFn, *, errors: bool = False) -> dict[str, Json]:
    """The ``input`` of a Linux ``spec`` case: container, daemon, links and host facts.

    Without ``errors``: ``docker-init`` found on ``$PATH`` whenever no init path is configured, linked
    children running on the bridge, no host files in the way (working directories may be relative).
    """
    config_st, host_config_st, container_st, daemon_st = _linux_parts()
    config = draw(config_st)
    host_config = draw(host_config_st)
    container: dict[str, Json] = draw(container_st)
    if config:
        container["Config"] = config
    if host_config:
        container["HostConfig"] = host_config
    inp: dict[str, Json] = {"container": container}
    links: list[dict[str, Json]] = draw(linked_containers(container.get("Name", "/web"), errors=errors))
    on_bridge: bool = draw(st.booleans())
    if links or on_bridge:
        container["NetworkSettings"] = {"Networks": {"bridge": {"IPAddress": "172.17.0.9"}}}
    if links:
        inp["links"] = links
    daemon = draw(daemon_st)
    if daemon:
        inp["daemon"] = daemon
    host: dict[str, Json] = {}
    if not errors or not draw(st.booleans()):
        host["LookPath"] = {
            "docker-init": draw(st.sampled_from(["/usr/bin/docker-init", "/usr/local/bin/docker-init"]))
        }
    if errors and "WorkingDir" in config and draw(st.booleans()):
        # a file on the working directory's path: Go's raw lstat error (or accepted, if it is the target)
        base = container.get("BaseFS", "")
        first = [p for p in config["WorkingDir"].split("/") if p not in {"", ".", ".."}][:1]
        if first:
            host["Files"] = {(base.rstrip("/") or "") + "/" + first[0]: "file"}
    if draw(st.booleans()):
        host["GOARCH"] = draw(st.sampled_from(["amd64", "arm64", "ppc64le", "s390x"]))
    if host:
        inp["host"] = host
    return inp


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
    """Image, layer store, RW layer and the utility VM: consistent unless ``errors`` breaks one lookup."""
    world: dict[str, Json] = {}
    kind = draw(st.sampled_from(["none", "none", "layers", "layers+base"]))
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


# ---------------------------------------------------------------------------------------------------
# Whole inputs and case documents


def spec_inputs(platform: str, *, errors: bool = False) -> SearchStrategy[dict[str, Json]]:
    """The ``input`` of a ``spec`` case of ``platform`` (``linux`` or ``windows``)."""
    if platform == "linux":
        return linux_spec_inputs(errors=errors)
    if platform == "windows":
        return windows_spec_inputs(errors=errors)
    msg = f"unknown platform {platform!r} (linux or windows)"
    raise ValueError(msg)


def case_documents(
    platform: str, *, case_id: str = "draft/generated", errors: bool = False
) -> SearchStrategy[dict[str, Json]]:
    """Whole case documents (format v1) around a drawn ``spec`` input; no features, no profiles."""
    return spec_inputs(platform, errors=errors).map(
        lambda inp: {
            "id": case_id,
            "description": f"generated {platform} spec input",
            "platform": platform,
            "operation": "spec",
            "features": [],
            "input": inp,
        }
    )

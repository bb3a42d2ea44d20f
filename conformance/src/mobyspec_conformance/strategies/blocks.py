"""The building blocks: realistic Docker values (paths, environments, ports, names, command lines).

Also the constants they draw from and Go's integer ranges.
"""

from __future__ import annotations

import string
from functools import cache
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Json = Any


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

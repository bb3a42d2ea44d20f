"""Systematic Linux ``spec`` cases (``linux/sys/...``): covering arrays over what populateCommonSpec reads.

Five groups, each named by the folder of its ids:

* ``pairs``: all-pairs over 17 dimensions (tty; env overrides; hostname/domainname; working-dir forms;
  BaseFS form; read-only root; PidMode; HostConfig.Init; daemon Init; configured init paths; LookPath;
  number of links; the first child's port set, alias and env; the parent's bridge endpoint; args).
  Every value here builds a spec in most profiles; a LookPath miss is an error only where the profile
  has ``--init`` and no configured path wins.
* ``init``: the full product of HostConfig.Init x daemon Init x configured paths x LookPath.
* ``pid``: every PidMode form x HostConfig.Init x daemon Init, with no init binary anywhere, so the
  error shows exactly where ``--init`` is injected.
* ``errors``: the full product of the error sources (working dir, link children, init binary): which
  error wins when several apply, and which link states are errors at all.
* ``workdir``: every working-dir form x BaseFS form x tty.
* ``sysctl``: all-pairs over what the 20.10+ network sysctls read (NetworkMode, UsernsMode, the daemon's
  remapped root, dockerd in a user namespace, which ``/proc/sys`` entries the host has) and Domainname
  (19.03+ ``kernel.domainname``), moby/moby@v20.10.0:daemon/oci_linux.go and
  moby/moby@v20.10.13:daemon/oci_linux.go.
* ``basefs``: an empty BaseFS (a nil ContainerFS from 17.10, an empty string again from 24.0) x the error
  sources before and after it x the 24.0.0-24.0.2 containerd snapshotter.

Ids encode the dimension values (``<dimension>-<value>`` joined by ``.``), so a changed value list
changes the ids of the rows it touches, and nothing else. ``pairs`` ids name only the values that are
not their dimension's first (default) one, with short dimension keys: ``hn`` hostname, ``wd`` working
dir, ``fs`` BaseFS, ``ro`` read-only root, ``di`` daemon Init, ``ip`` init paths, ``lp`` LookPath,
``ln`` links, ``pt`` the first child's ports, ``al`` its alias, ``ce`` its env, ``par`` the parent's
endpoint, ``arg`` args.

Determinism rule (``nat.Sort`` in moby/moby@v1.12.0:daemon/links/links.go, from
moby/moby@v1.12.0:vendor/src/github.com/docker/go-connections/nat/sort.go): moby sorts a child's ports
with an unstable sort over a Go map,
so a port set whose order Go cannot fix has no single expected output. Every port set here has no two
non-tcp ports with the same number, no two ports that both count as tcp with the same number, and at
most one port whose ``Int()`` is 0 or -1 under either ``nat`` rule (checked by :func:`check_ports`).
The order of the link blocks of several children (a Go map too) is left to the runner's order-free
comparison; each case lists its children in one fixed order.
"""

from __future__ import annotations

import hashlib
from typing import Any

from mobyspec_reference import build_output, get_profile
from mobyspec_reference.links import port_int, split_proto_port
from mobyspec_reference.profiles import profiles_for
from tools.corpus.allpairs import all_pairs
from tools.corpus.common import LINUX_CONTAINER, STORED_RECORD, case, merge, ref

Json = Any

BASE_FS = LINUX_CONTAINER["BaseFS"]

_OCI = ref("v1.12.0", "daemon/oci_linux.go")
_ENV = [
    ref("v1.12.0", "utils/utils.go"),
    ref("v17.06.0-ce", "container/env.go"),
    ref("v1.12.0", "container/container_unix.go"),
]
_LINKS = [
    ref("v1.12.0", "daemon/container_operations_unix.go"),
    ref("v1.13.0", "daemon/container_operations_unix.go"),
    ref("v1.12.0", "daemon/links/links.go"),
]
_NAT = [
    ref("v1.12.0", "vendor/src/github.com/docker/go-connections/nat/nat.go"),
    ref("v1.13.0", "vendor/github.com/docker/go-connections/nat/nat.go"),
]
_WORKDIR = [
    ref("v1.12.0", "container/container.go"),
    ref("v1.12.0", "pkg/symlink/fs.go"),
    ref("v1.12.0", "pkg/idtools/idtools_unix.go"),
]
_INIT = [
    ref("410a8612f4", "daemon/oci_linux.go"),
    ref("v1.13.0", "daemon/oci_linux.go"),
    ref("v17.03.2-ce", "daemon/oci_linux.go"),
    ref("v17.06.0-ce", "daemon/oci_linux.go"),
]
_PID = [
    ref("v1.11.2", "vendor/src/github.com/docker/engine-api/types/container/host_config.go"),
    ref("v1.12.0", "vendor/src/github.com/docker/engine-api/types/container/host_config.go"),
]


class Value:
    """One value of a dimension: its id slug, a short phrase, and how it changes the case."""

    def __init__(
        self,
        slug: str,
        phrase: str,
        *,
        container: Json | None = None,
        world: Json | None = None,
        features: tuple[str, ...] = (),
        refs: tuple[str, ...] | list[str] = (),
    ) -> None:
        self.slug = slug
        self.phrase = phrase
        self.container = container or {}
        self.world = world or {}
        self.features = features
        self.refs = tuple(refs)


def _files(**paths: Json) -> Json:
    """``host.Files`` for paths below the default BaseFS (keys are container paths)."""
    return {"host": {"Files": {BASE_FS + p: kind for p, kind in sorted(paths.items())}}}


def _v(
    slug: str,
    phrase: str,
    *,
    features: tuple[str, ...] = (),
    refs: tuple[str, ...] | list[str] = (),
    **kw: Json,
) -> Value:
    return Value(slug, phrase, features=features, refs=refs, **kw)


# --- dimensions -----------------------------------------------------------------------------------

TTY = (
    _v("0", "", container={"Config": {"Tty": False}}, features=("tty",)),
    _v("1", "tty", container={"Config": {"Tty": True}}, features=("tty",), refs=_ENV),
)


def _env(slug: str, phrase: str, env: list[str] | None) -> Value:
    return _v(slug, phrase, container={"Config": {"Env": env}}, features=("env", "env-merge"), refs=_ENV)


ENV = (
    _env("nil", "", None),
    _env("empty", "env []", []),
    _env("path", "PATH override", ["PATH=/opt/bin:/usr/bin"]),
    _env("bare-hn", "bare HOSTNAME", ["HOSTNAME"]),
    _env("bare-term", "bare TERM", ["TERM"]),
    _env("bare-unknown", "bare unknown key", ["FOO"]),
    _env("dup", "duplicate key", ["A=1", "A=2"]),
    _env("empty-value", "empty values", ["A=", "HOSTNAME="]),
    _env("eq-value", "= in value, empty key", ["OPTS=a=b=c", "=lead"]),
    _env("empty-string", "empty entry", ["", "B=2"]),
    _env("case", "keys differing in case", ["path=/lower", "Path=/mixed"]),
    _env("add-bare", "appended key then bare", ["A=1", "A"]),
    _env("link-keys", "link variable override and removal", ["DB_NAME=custom", "DB_PORT"]),
    _env("hn-twice", "HOSTNAME overridden twice", ["HOSTNAME=custom", "HOSTNAME=again"]),
    _env("bare-defaults", "every default removed", ["PATH", "HOSTNAME", "TERM"]),
)


def _host(slug: str, phrase: str, hostname: str, domainname: str | None) -> Value:
    config: Json = {"Hostname": hostname}
    if domainname is not None:
        config["Domainname"] = domainname
    return _v(slug, phrase, container={"Config": config}, features=("hostname", "env"), refs=[_OCI])


HOSTNAME = (
    _host("id", "", "4f2a9c1b7d3e", None),
    _host("fqdn", "dotted hostname", "web.example.com", None),
    _host("domain", "hostname+domainname", "web", "example.com"),
    _host("domain-only", "empty hostname with domainname", "", "corp"),
    _host("empty", "empty hostname", "", ""),
)


def _wd(slug: str, phrase: str, workdir: str, files: Json | None = None) -> Value:
    world = _files(**files) if files else {}
    return _v(
        slug,
        phrase,
        container={"Config": {"WorkingDir": workdir}},
        world=world,
        features=("cwd", "workdir"),
        refs=[*_WORKDIR, *STORED_RECORD],
    )


#: Working-dir forms that build a spec.
WORKDIR_OK = (
    _wd("none", "", ""),
    _wd("root", "cwd /", "/"),
    _wd("plain", "cwd /app", "/app"),
    _wd("trailing", "trailing slash", "/app/"),
    _wd("doubled", "doubled slashes", "//srv//data/"),
    _wd("dotdot", "cwd with ..", "/a/../b/"),
    _wd("dot", "cwd with .", "/a/./b/."),
    _wd("above-root", "cwd above /", "/../.."),
    _wd("file-target", "cwd is a file", "/etc/hosts", {"/etc/hosts": "file"}),
    _wd("dir-exists", "cwd exists", "/srv", {"/srv": "dir"}),
    _wd("dotdot-file", ".. over a file", "/x/../y", {"/x": "file"}),
    _wd("spaces", "cwd with spaces, non-ASCII", "/my dir/ünï"),
)
#: Relative forms: a record create would have refused, used as stored by populateCommonSpec (Cleaned,
#: resolved below BaseFS); the pairs dimension keeps WORKDIR_OK so its covering array stays as it was.
WORKDIR_REL = (
    _wd("relative", "relative cwd", "app"),
    _wd("dot-relative", "./ relative cwd", "./app/"),
    _wd("dotdot-relative", "../ relative cwd", "../up/x"),
    _wd("dot-only", "cwd .", "."),
    _wd("dot-slash", "cwd ./", "./"),
    _wd("rel-dir-exists", "relative cwd that exists", "srv/www", {"/srv": "dir", "/srv/www": "dir"}),
    _wd("rel-file-target", "relative cwd is a file", "etc/hosts", {"/etc/hosts": "file"}),
)
#: Working-dir forms that are lstat errors (below a file, lstat failure), absolute and relative.
WORKDIR_ERR = (
    _wd("below-file", "cwd below a file", "/x//y/", {"/x": "file"}),
    _wd("deep-below-file", "cwd two below a file", "/x/y/z", {"/x": "file"}),
    _wd("lstat-error", "lstat fails", "/data/sub", {"/data": {"error": "permission denied"}}),
    _wd("rel-below-file", "relative cwd below a file", "x/./y", {"/x": "file"}),
    _wd(
        "rel-lstat-error",
        "relative cwd, lstat fails",
        "../data/sub",
        {"/data": {"error": "permission denied"}},
    ),
)

BASEFS = (
    _v("plain", "", features=("root",)),
    _v(
        "trailing",
        "BaseFS with trailing slash",
        container={"BaseFS": BASE_FS + "/"},
        features=("root",),
        refs=[_OCI],
    ),
)

READONLY = (
    _v("0", "", container={"HostConfig": {"ReadonlyRootfs": False}}, features=("root",)),
    _v("1", "read-only root", container={"HostConfig": {"ReadonlyRootfs": True}}, features=("root",)),
)


def _pid(slug: str, phrase: str, mode: str) -> Value:
    return _v(slug, phrase, container={"HostConfig": {"PidMode": mode}}, features=("pid-mode",), refs=_PID)


PID = (
    _pid("private", "", ""),
    _pid("host", "pid host", "host"),
    _pid("uhost", "pid HOST", "HOST"),
    _pid("ctr", "pid container:db", "container:db"),
    _pid("ctr-empty", "pid container:", "container:"),
    _pid("host-name", "pid host:name", "host:name"),
    _pid("ctr-bare", "pid container", "container"),
)


def _init(slug: str, phrase: str, *, value: bool | None) -> Value:
    hc: Json = {} if value is None else {"Init": value}
    return _v(slug, phrase, container={"HostConfig": hc}, features=("init",), refs=_INIT)


INIT = (
    _init("unset", "", value=None),
    _init("true", "Init true", value=True),
    _init("false", "Init false", value=False),
)
DAEMON_INIT = (
    _v("0", "", features=("init",)),
    _v("1", "daemon --init", world={"daemon": {"Init": True}}, features=("init",), refs=_INIT),
)
INIT_PATHS = (
    _v("none", "", features=("init",)),
    _v(
        "hc",
        "HostConfig.InitPath",
        container={"HostConfig": {"InitPath": "/opt/hc/tini"}},
        features=("init",),
        refs=_INIT,
    ),
    _v(
        "daemon",
        "daemon InitPath",
        world={"daemon": {"InitPath": "/opt/daemon/tini"}},
        features=("init",),
        refs=_INIT,
    ),
    _v(
        "both",
        "both init paths",
        container={"HostConfig": {"InitPath": "/opt/hc/tini"}},
        world={"daemon": {"InitPath": "/opt/daemon/tini"}},
        features=("init",),
        refs=_INIT,
    ),
)
LOOKPATH = (
    _v(
        "usr-bin",
        "",
        world={"host": {"LookPath": {"docker-init": "/usr/bin/docker-init"}}},
        features=("init",),
    ),
    _v(
        "local",
        "docker-init in /usr/local/bin",
        world={"host": {"LookPath": {"docker-init": "/usr/local/bin/docker-init"}}},
        features=("init",),
    ),
    _v(
        "absent",
        "no docker-init",
        world={"host": {"LookPath": {"tini": "/usr/bin/tini"}}},
        features=("init",),
    ),
)


# --- links ----------------------------------------------------------------------------------------


def check_ports(ports: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse a port set whose sorted order Go leaves open (moby/moby@v1.12.0:daemon/links/links.go)."""
    for rule in ("legacy", "parseport"):
        ints = [port_int(p, rule) for p in ports]
        if sum(i <= 0 for i in ints) > 1:
            raise ValueError(f"{ports}: several ports with Int() <= 0 under {rule}")
        for x in range(len(ports)):
            for y in range(x + 1, len(ports)):
                if ints[x] != ints[y]:
                    continue
                tcp = [split_proto_port(ports[k])[0].lower() == "tcp" for k in (x, y)]
                if tcp[0] == tcp[1]:
                    raise ValueError(f"{ports}: {ports[x]} and {ports[y]} have no defined order")
    return ports


#: Port sets of the first child: protocols as written, ranges, invalid and overflowing numbers.
PORTS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (slug, phrase, check_ports(ports))
    for slug, phrase, ports in (
        ("none", "", ()),
        ("tcp", "port 80/tcp", ("80/tcp",)),
        ("udp-lowest", "udp lowest port", ("53/udp", "80/tcp")),
        ("tie", "tcp and udp same number", ("53/udp", "53/tcp")),
        ("range3", "3-port range", ("8080/tcp", "8081/tcp", "8082/tcp")),
        ("run2", "2-port run", ("90/tcp", "91/tcp")),
        ("mixed-run", "run across protocols", ("80/tcp", "81/udp", "82/sctp", "90/tcp", "91/tcp")),
        ("repeat-run", "repeated number in a run", ("80/tcp", "80/udp", "81/tcp")),
        ("counter-run", "run counter past a repeat", ("80/tcp", "80/udp", "81/sctp", "83/tcp")),
        ("bare", "bare port", ("6379",)),
        ("empty-proto", "port with empty protocol", ("8000/",)),
        ("proto-case", "protocols in upper/mixed case", ("53/UDP", "54/Tcp", "55/tcp")),
        ("range-spec", "port range spec", ("80-90/tcp", "22/tcp")),
        ("overflow", "port over 65535", ("70000/tcp", "22/tcp")),
        ("overflow-junk", "overflow before junk", ("99999x/udp", "443/tcp")),
        ("junk", "junk after digits", ("6553x/tcp", "8443/tcp")),
        ("sign", "signed port", ("+80/tcp", "81/tcp")),
        ("max", "ports at 65535", ("65533/udp", "65534/tcp", "65535/tcp")),
        ("sctp", "sctp port", ("132/sctp",)),
        ("no-number", "port without a number", ("/tcp", "2/tcp", "3/tcp")),
        ("letter", "letter after a digit", ("9A/tcp", "100/tcp")),
        ("gaps", "ports one and two apart", ("80/tcp", "81/tcp", "83/tcp", "85/tcp")),
    )
)

ALIASES = (("db", "/db", "/web/db"), ("dash", "/db-1", "/web/db-1"), ("dot", "/cache.v2", "/web/cache.v2"))
ALIASES += (("unicode", "/straße", "/web/straße"),)

CHILD_ENV: tuple[tuple[str, str, list[str] | None], ...] = (
    ("nil", "", None),
    ("fwd", "child env forwarded", ["HOME=/root", "PATH=/bin", "FOO=bar=baz", "NOEQ", "HOSTNAME=child"]),
    ("odd", "child env empty key", ["=x", "", "EMPTY="]),
)


def _id64(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def child(
    name: str,
    ip: str,
    *,
    ports: tuple[str, ...] = (),
    env: list[str] | None = None,
    running: bool = True,
    bridge: str = "ok",
) -> Json:
    """A linked child: running on the default bridge unless told otherwise.

    ``bridge``: ``ok``, ``absent`` (only a user network), ``nil`` (a nil map entry) or ``no-settings``
    (moby 1.13's wrapper with a nil EndpointSettings).
    """
    networks: Json
    if bridge == "absent":
        networks = {"backend": {"IPAddress": ip}}
    elif bridge == "nil":
        networks = {"bridge": None}
    elif bridge == "no-settings":
        networks = {"bridge": {"IPAddress": ip, "EndpointSettings": False}}
    else:
        networks = {"bridge": {"IPAddress": ip}}
    config: Json = {"Hostname": _id64(name)[:12], "Env": env}
    if ports:
        config["ExposedPorts"] = {p: {} for p in ports}
    return {
        "ID": _id64(name),
        "Name": name,
        "Path": "/entrypoint.sh",
        "Args": [],
        "Config": config,
        "State": {"Running": running},
        "NetworkSettings": {"Networks": networks},
    }


_CACHE = ("/cache", "/web/cache", "172.17.0.4", ("6379/tcp",), None)
_QUEUE = ("/queue", "/web/queue", "172.17.0.5", ("5671/tcp", "5672/tcp", "15672/tcp"), ["RABBIT=1"])


def _links(first: Json, first_alias: str, count: int) -> list[Json]:
    out = [{"Alias": first_alias, "Container": first}]
    for name, alias, ip, ports, env in (_CACHE, _QUEUE)[: count - 1]:
        out.append({"Alias": alias, "Container": child(name, ip, ports=ports, env=env)})
    return out


def _parent_networks(kind: str) -> Json:
    """The parent's ``NetworkSettings.Networks`` for a parent-endpoint kind."""
    return {
        "bridge": {"bridge": {"IPAddress": "172.17.0.3"}},
        "no-settings": {"bridge": {"IPAddress": "172.17.0.3", "EndpointSettings": False}},
        "plus-user": {"bridge": {"IPAddress": "172.17.0.3"}, "front": {"IPAddress": "10.0.9.3"}},
        "off-bridge": {"front": {"IPAddress": "10.0.9.3"}},
        "nil": {"bridge": None},
    }[kind]


PARENT = (
    ("bridge", ""),
    ("no-settings", "parent without EndpointSettings"),
    ("plus-user", "parent on bridge and a user network"),
    ("off-bridge", "parent off the bridge"),
)

LINK_COUNT = (1, 2, 3)


def _args(slug: str, phrase: str, path: str, args: list[str]) -> Value:
    return _v(slug, phrase, container={"Path": path, "Args": args}, features=("args",), refs=[_OCI])


ARGS = (
    _args("none", "", "sh", []),
    _args("shell", "sh -c", "sh", ["-c", "echo $HOME && exit 0"]),
    _args(
        "special",
        "args with blanks, quotes, backslashes",
        "sh",
        ["a b", "tab\there", '"q"', "back\\slash", "", "x\\"],
    ),
    _args("unicode", "non-ASCII args", "/bin/ünï", ["日本語", "whale 🐳"]),
    _args("entrypoint", "entrypoint with --", "/docker-entrypoint.sh", ["--", "-x", "<a>&b"]),
    _args("empty-only", "one empty arg", "/bin/true", [""]),
)


# --- assembling cases -----------------------------------------------------------------------------


def _apply(values: list[Value]) -> tuple[Json, Json]:
    """Merge the container patches and world patches of ``values`` onto the plain container."""
    container: Json = merge(LINUX_CONTAINER, {})
    world: Json = {}
    for value in values:
        container = merge(container, value.container)
        world = merge(world, value.world)
    return container, world


def _profiles_with_errors(inp: Json) -> list[str]:
    """Profiles whose moby returns an error for ``inp`` (tags the case ``error``)."""
    return [
        p.id
        for p in profiles_for("linux", "spec")
        if "error" in build_output("linux", "spec", inp, get_profile(p.id))
    ]


def _finish(
    case_id: str,
    phrases: list[str],
    group_phrase: str,
    features: set[str],
    refs: set[str],
    container: Json,
    world: Json,
    links: list[Json] | None,
) -> Json:
    inp: Json = {"container": container, **world}
    if links:
        inp["links"] = links
    if _profiles_with_errors(inp):
        features.add("error")
    described = ", ".join(p for p in phrases if p) or "plain container"
    description = f"{group_phrase}: {described}"
    if len(description) > 200:
        description = description[:196] + " ..."
    return case(
        case_id,
        description,
        platform="linux",
        operation="spec",
        features=sorted({"default-spec", "shape", *features}),
        inp=inp,
        refs=sorted(refs | {_OCI}),
    )


def _link_block(
    count: int, ports_i: int, alias_i: int, env_i: int, parent: str
) -> tuple[list[Json], list[str], set[str], set[str], Json]:
    """Links of a ``pairs`` row: the first child's variants plus fixed extra children."""
    _, pphrase, ports = PORTS[ports_i]
    aslug, name, alias = ALIASES[alias_i]
    _, ephrase, env = CHILD_ENV[env_i]
    first = child(name, "172.17.0.2", ports=ports, env=env)
    links = _links(first, alias, count)
    phrases = [f"{count} link{'s' if count > 1 else ''} ({aslug})", pphrase, ephrase]
    phrases.append(dict(PARENT)[parent])
    features = {"links", "links-env"} | ({"ports"} if ports else set())
    refs = set(_LINKS) | (set(_NAT) if ports else set())
    return links, phrases, features, refs, {"NetworkSettings": {"Networks": _parent_networks(parent)}}


def _pairs() -> list[Json]:
    plain = [TTY, ENV, HOSTNAME, WORKDIR_OK, BASEFS, READONLY, PID, INIT, DAEMON_INIT, INIT_PATHS, LOOKPATH]
    names = ["tty", "env", "hn", "wd", "fs", "ro", "pid", "init", "di", "ip", "lp"]
    sizes = [len(d) for d in plain] + [len(LINK_COUNT), len(PORTS), len(ALIASES), len(CHILD_ENV), len(PARENT)]
    sizes.append(len(ARGS))
    out = []
    for row in all_pairs(sizes):
        values = [dim[i] for dim, i in zip(plain, row, strict=False)]
        count, ports_i, alias_i, env_i, parent_i, args_i = row[len(plain) :]
        values.append(ARGS[args_i])
        parent = PARENT[parent_i][0]
        links, lphrases, lfeatures, lrefs, patch = _link_block(
            LINK_COUNT[count], ports_i, alias_i, env_i, parent
        )
        container, world = _apply(values)
        container["NetworkSettings"] = patch["NetworkSettings"]
        # Only values other than a dimension's first (its default) are named: ids stay short and unique.
        slug = (
            ".".join(
                f"{n}-{v}"
                for n, v, i in [
                    *((n, v.slug, i) for n, v, i in zip(names, values, row, strict=False)),
                    ("ln", str(LINK_COUNT[count]), count),
                    ("pt", PORTS[ports_i][0], ports_i),
                    ("al", ALIASES[alias_i][0], alias_i),
                    ("ce", CHILD_ENV[env_i][0], env_i),
                    ("par", parent, parent_i),
                    ("arg", ARGS[args_i].slug, args_i),
                ]
                if i
            )
            or "defaults"
        )
        out.append(
            _finish(
                f"linux/sys/pairs/{slug}",
                [v.phrase for v in values[:-1]] + lphrases + [ARGS[args_i].phrase],
                "all-pairs",
                {f for v in values for f in v.features} | lfeatures,
                {r for v in values for r in v.refs} | lrefs,
                container,
                world,
                links,
            )
        )
    return out


def _product(
    group: str, phrase: str, dims: list[tuple[str, tuple[Value, ...]]], extra: list[Value] | None = None
) -> list[Json]:
    """Every combination of ``dims`` (full product), with ``extra`` values applied to all."""
    rows: list[list[int]] = [[]]
    for _, dim in dims:
        rows = [[*r, i] for r in rows for i in range(len(dim))]
    out = []
    for row in rows:
        values = [dim[i] for (_, dim), i in zip(dims, row, strict=True)] + list(extra or ())
        container, world = _apply(values)
        slug = ".".join(f"{name}-{dim[i].slug}" for (name, dim), i in zip(dims, row, strict=True))
        out.append(
            _finish(
                f"linux/sys/{group}/{slug}",
                [v.phrase for v in values],
                phrase,
                {f for v in values for f in v.features},
                {r for v in values for r in v.refs},
                container,
                world,
                None,
            )
        )
    return out


def _link_state(slug: str, phrase: str, links: list[Json], parent: str = "bridge") -> Value:
    return _v(
        slug,
        phrase,
        container={"NetworkSettings": {"Networks": _parent_networks(parent)}},
        world={"links": links},
        features=("links", "links-env") if links else (),
        refs=_LINKS if links else (),
    )


def _one(**kw: Json) -> list[Json]:
    return [{"Alias": "/web/db", "Container": child("/db", "172.17.0.2", ports=("5432/tcp",), **kw)}]


#: Link states of the ``errors`` group: which are errors, and which parents skip the children.
LINK_STATES = (
    _link_state("none", "", []),
    _link_state("ok", "running child", _one()),
    _link_state("stopped", "stopped child", _one(running=False)),
    _link_state("child-off-bridge", "child off the bridge", _one(bridge="absent")),
    _link_state("child-nil-entry", "child with a nil bridge entry", _one(bridge="nil")),
    _link_state("child-no-settings", "child without EndpointSettings", _one(bridge="no-settings")),
    _link_state(
        "parent-off-bridge", "parent off the bridge, child stopped", _one(running=False), "off-bridge"
    ),
    _link_state(
        "parent-no-settings",
        "parent without EndpointSettings, child stopped",
        _one(running=False),
        "no-settings",
    ),
    _link_state("parent-nil-entry", "parent nil bridge entry, child stopped", _one(running=False), "nil"),
    _link_state(
        "second-stopped",
        "second of two children stopped",
        [
            *_one(),
            {"Alias": "/web/cache", "Container": child("/cache", "172.17.0.4", running=False)},
        ],
    ),
)

INIT_ERR = (
    _v("off", "", features=("init",)),
    _v(
        "missing",
        "--init without docker-init",
        container={"HostConfig": {"Init": True}},
        world={"host": {"LookPath": {}}},
        features=("init",),
        refs=_INIT,
    ),
)


_SYSCTL = [ref("v20.10.0", "daemon/oci_linux.go"), ref("v20.10.13", "daemon/oci_linux.go")]
_PING = "/proc/sys/net/ipv4/ping_group_range"
_PORT = "/proc/sys/net/ipv4/ip_unprivileged_port_start"


def _net(slug: str, phrase: str, mode: str) -> Value:
    return _v(
        slug, phrase, container={"HostConfig": {"NetworkMode": mode}}, features=("sysctl",), refs=_SYSCTL
    )


NETMODE = (
    _net("default", "", "default"),
    _net("bridge", "bridge network", "bridge"),
    _net("host", "host network", "host"),
    _net("container", "container network", "container:db"),
    _net("none", "no network", "none"),
    _net("user", "user-defined network", "backend"),
)
USERNS = (
    _v("private", "", features=("sysctl",)),
    _v("host", "UsernsMode host", container={"HostConfig": {"UsernsMode": "host"}}, features=("sysctl",)),
)
REMAP = (
    _v("none", "", features=("sysctl",)),
    _v(
        "remapped",
        "remapped root",
        world={"daemon": {"RemappedRoot": "dockremap:dockremap"}},
        features=("sysctl",),
        refs=_SYSCTL,
    ),
)
IN_USERNS = (
    _v("0", "", features=("sysctl",)),
    _v(
        "1",
        "dockerd in a userns",
        world={"host": {"RunningInUserNS": True}},
        features=("sysctl",),
        refs=_SYSCTL,
    ),
)
PROC_SYS = (
    _v("both", "host has both sysctls", world={"host": {"Files": {_PING: "file", _PORT: "file"}}}),
    _v("none", "host has neither sysctl"),
    _v("ping", "host has ping_group_range only", world={"host": {"Files": {_PING: "file"}}}),
    _v("port", "host has ip_unprivileged_port_start only", world={"host": {"Files": {_PORT: "file"}}}),
    _v(
        "error",
        "stat of ping_group_range fails",
        world={"host": {"Files": {_PING: {"error": "denied"}, _PORT: "file"}}},
    ),
)
DOMAIN = (
    _v("none", "", features=("hostname",)),
    _v(
        "set",
        "domainname",
        container={"Config": {"Domainname": "corp.example"}},
        features=("hostname",),
        refs=[ref("v19.03.0", "daemon/oci_utils.go")],
    ),
)


def _sysctl_pairs() -> list[Json]:
    dims = [
        ("net", NETMODE),
        ("userns", USERNS),
        ("remap", REMAP),
        ("inuserns", IN_USERNS),
        ("sys", PROC_SYS),
    ]
    dims.append(("dom", DOMAIN))
    out = []
    for row in all_pairs([len(d) for _, d in dims]):
        values = [dim[i] for (_, dim), i in zip(dims, row, strict=True)]
        container, world = _apply(values)
        slug = ".".join(f"{name}-{dim[i].slug}" for (name, dim), i in zip(dims, row, strict=True))
        out.append(
            _finish(
                f"linux/sys/sysctl/{slug}",
                [v.phrase for v in values],
                "network sysctls all-pairs",
                {"sysctl", *(f for v in values for f in v.features)},
                {*_SYSCTL, *(r for v in values for r in v.refs)},
                container,
                world,
                None,
            )
        )
    return out


EMPTY_BASEFS = (
    _v("empty", "empty BaseFS", container={"BaseFS": ""}, features=("root",), refs=[_OCI]),
    _v("plain", "", features=("root",)),
)


SNAPSHOTTER = (
    _v("off", "", features=("root",)),
    _v(
        "on",
        "containerd snapshotter",
        world={"daemon": {"UsesSnapshotter": True}},
        features=("root",),
        refs=[ref("v24.0.0", "daemon/oci_linux.go")],
    ),
)


def cases() -> list[Json]:
    """Every systematic Linux spec case."""
    no_binary = _v("none", "no docker-init", world={"host": {"LookPath": {}}}, features=("init",))
    return [
        *_pairs(),
        *_product(
            "init",
            "init product",
            [
                ("init", INIT),
                ("dinit", DAEMON_INIT),
                ("ipath", INIT_PATHS),
                ("lp", (LOOKPATH[0], LOOKPATH[2])),
            ],
        ),
        *_product("pid", "pid x init", [("pid", PID), ("init", INIT), ("dinit", DAEMON_INIT)], [no_binary]),
        *_product(
            "errors",
            "error precedence",
            [
                ("wd", (WORKDIR_OK[2], WORKDIR_REL[0], WORKDIR_ERR[0], WORKDIR_ERR[2])),
                ("links", LINK_STATES),
                ("init", INIT_ERR),
            ],
        ),
        *_product(
            "workdir",
            "working dir",
            [("wd", WORKDIR_OK + WORKDIR_REL + WORKDIR_ERR), ("basefs", BASEFS), ("tty", TTY)],
        ),
        *_sysctl_pairs(),
        *_product(
            "basefs",
            "empty BaseFS x error sources",
            [
                ("fs", EMPTY_BASEFS),
                ("wd", (WORKDIR_OK[0], WORKDIR_OK[8], WORKDIR_ERR[0])),
                ("links", (LINK_STATES[0], LINK_STATES[1], LINK_STATES[2])),
                ("init", INIT_ERR),
                ("snap", SNAPSHOTTER),
            ],
        ),
    ]

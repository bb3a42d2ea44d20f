"""Hand-named Linux ``spec`` anchor cases: one per behaviour or quirk of moby's Linux createSpec.

moby/moby@TAG:daemon/oci_linux.go and what it calls; each case's ``refs`` name the tag and file.

Each case names what it pins in its id and description and cites the moby source in ``refs``.
"""

from __future__ import annotations

from typing import Any

from mobyspec_reference.profiles import profiles_for
from tools.corpus.common import STORED_RECORD as STORED
from tools.corpus.common import linux_spec_case, ref

Json = Any

POP = ref("v1.12.0", "daemon/oci_linux.go")
POP_113 = ref("v1.13.0", "daemon/oci_linux.go")
POP_1703 = ref("v17.03.2-ce", "daemon/oci_linux.go")
POP_1706 = ref("v17.06.0-ce", "daemon/oci_linux.go")
POP_410 = ref("410a8612f4", "daemon/oci_linux.go")
DEFAULTS = ref("v1.12.0", "oci/defaults_linux.go")
#: 1.11.0 vendors specs 93ca97e83c (0.5.0-dev); 1.12.1 masks /proc/timer_list; 1.12.2 vendors 1c7c27d043
#: (1.0.0-rc2-dev: consoleSize, no solaris).
SPECS_1110 = ref("v1.11.0", "vendor/src/github.com/opencontainers/specs/specs-go/version.go")
DEFAULTS_1121 = ref("v1.12.1", "oci/defaults_linux.go")
SPECS_1122 = ref("v1.12.2", "vendor/src/github.com/opencontainers/specs/specs-go/config.go")
ENV = ref("v1.12.0", "container/container_unix.go")
MERGE = ref("v1.12.0", "utils/utils.go")
LINKS = ref("v1.12.0", "daemon/links/links.go")
SETUP_LINKS = ref("v1.12.0", "daemon/container_operations_unix.go")
SETUP_LINKS_113 = ref("v1.13.0", "daemon/container_operations_unix.go")
NAT_OLD = ref("v1.12.0", "vendor/src/github.com/docker/go-connections/nat/nat.go")
NAT_NEW = ref("v1.13.0", "vendor/github.com/docker/go-connections/nat/nat.go")
WORKDIR = ref("v1.12.0", "container/container.go")
SYMLINK = ref("v1.12.0", "pkg/symlink/fs.go")
CLEAN_112 = ref("v1.12.0", "container/container.go#L218")
RESOURCE_PATH_UNIX = ref("v1.12.0", "container/container_unix.go#L412")
SYMLINK_LSTAT = ref("v1.12.0", "pkg/symlink/fs.go#L105")
PIDMODE = ref("v1.12.0", "vendor/src/github.com/docker/engine-api/types/container/host_config.go")

BASE = "/var/lib/docker/overlay/4f2a9c1b7d3e/merged"
#: Every Linux spec profile with ``--init`` (410a8612f4 on).
INIT_PROFILES = [
    p.id for p in profiles_for("linux", "spec") if p.linux is not None and p.linux.init is not None
]
POP_1903 = ref("v19.03.0", "daemon/oci_linux.go")
DOMAIN_1903 = ref("v19.03.0", "daemon/oci_utils.go")
POP_2010 = ref("v20.10.0", "daemon/oci_linux.go")
POP_201013 = ref("v20.10.13", "daemon/oci_linux.go")
POP_1803_1 = ref("v18.03.1-ce", "daemon/oci_linux.go")
POP_1710 = ref("v17.10.0-ce", "daemon/oci_linux.go")
MKDIR_1712 = ref("v17.12.0-ce", "pkg/idtools/idtools_unix.go")
WORKDIR_1712 = ref("v17.12.0-ce", "container/container.go")
DEFAULTS_1709 = ref("v17.09.0-ce", "oci/defaults.go")
SPECS_1709 = ref("v17.09.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")
POP_24 = ref("v24.0.0", "daemon/oci_linux.go")
POP_2403 = ref("v24.0.3", "daemon/oci_linux.go")
INITPATH_24 = ref("v24.0.0", "daemon/config/config_linux.go")
SYSCTL_PING = "/proc/sys/net/ipv4/ping_group_range"
SYSCTL_PORT = "/proc/sys/net/ipv4/ip_unprivileged_port_start"
SYSCTLS = {"Files": {SYSCTL_PING: "file", SYSCTL_PORT: "file"}}
SPECS_1706 = ref("v17.06.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")
LOOKPATH = {"LookPath": {"docker-init": "/usr/bin/docker-init"}}


_c = linux_spec_case


def _child(
    name: str,
    ip: str = "172.17.0.2",
    *,
    env: list[str] | None = None,
    ports: list[str] | None = None,
    running: bool = True,
    networks: Json = None,
    cid: str | None = None,
) -> Json:
    """A linked child container record."""
    return {
        "ID": cid or ("c" * 12 + name.strip("/").replace("/", "")[:8].ljust(8, "0")),
        "Name": name,
        "Path": "postgres",
        "Config": {"Env": env, "ExposedPorts": {p: {} for p in ports or []}},
        "NetworkSettings": {"Networks": networks if networks is not None else {"bridge": {"IPAddress": ip}}},
        "State": {"Running": running},
    }


def _link(alias: str, child: Json) -> Json:
    return {"Alias": alias, "Container": child}


def default_cases() -> list[Json]:
    """DefaultSpec content and the JSON shape of each vendored runtime-spec."""
    return [
        _c(
            "default/minimal",
            "a plain container: DefaultSpec of the profile with args, cwd /, env and hostname filled in",
            ["default-spec", "shape", "cwd", "env", "hostname", "args", "root"],
            refs=[POP, DEFAULTS, SPECS_1110, DEFAULTS_1121, SPECS_1122],
        ),
        _c(
            "default/tty",
            "Tty true: terminal true in every shape and TERM=xterm after HOSTNAME",
            ["shape", "tty", "env"],
            {"Config": {"Tty": True}},
            refs=[POP, ENV, SPECS_1122],
        ),
        _c(
            "default/readonly-root",
            "ReadonlyRootfs true: root.readonly true (omitted when false from rc1 on)",
            ["root", "shape"],
            {"HostConfig": {"ReadonlyRootfs": True}},
            refs=[POP],
        ),
        _c(
            "default/arch-arm64",
            "platform.arch is runtime.GOARCH of the daemon binary",
            ["default-spec"],
            host={"GOARCH": "arm64"},
            refs=[DEFAULTS],
        ),
        _c(
            "default/empty-basefs",
            "an empty BaseFS goes into root.path as is",
            ["root"],
            {"BaseFS": ""},
            refs=[POP],
        ),
    ]


def hostname_cases() -> list[Json]:
    """FullHostname for the spec, the short Hostname for the HOSTNAME variable.

    moby/moby@v1.12.0:container/container.go (``FullHostname``).
    """
    return [
        _c(
            "hostname/fqdn",
            "Hostname and Domainname: spec hostname is the FQDN, HOSTNAME env the short name",
            ["hostname", "env"],
            {"Config": {"Hostname": "web", "Domainname": "example.com"}},
            refs=[POP, ENV, ref("v1.12.0", "container/container.go")],
        ),
        _c(
            "hostname/empty",
            "empty Hostname: no hostname key (omitempty) but HOSTNAME= is still written",
            ["hostname", "env", "shape"],
            {"Config": {"Hostname": ""}},
            refs=[POP, ENV],
        ),
        _c(
            "hostname/domain-only",
            "empty Hostname with a Domainname: FullHostname is '.<domain>'",
            ["hostname"],
            {"Config": {"Hostname": "", "Domainname": "corp"}},
            refs=[POP],
        ),
        _c(
            "hostname/dotted",
            "a dotted Hostname is not split (1.11+): HOSTNAME env carries all of it",
            ["hostname", "env"],
            {"Config": {"Hostname": "foo.bar.baz"}},
            refs=[POP, ENV],
        ),
    ]


def args_cases() -> list[Json]:
    """process.args = [Path] + Args, unescaped on Linux."""
    return [
        _c(
            "args/path-and-args",
            "args are the entrypoint path followed by the arguments, verbatim",
            ["args"],
            {"Path": "/bin/sh", "Args": ["-c", "echo $HOME && ls 'a b'", ""]},
            refs=[POP],
        ),
        _c(
            "args/empty-path",
            "an empty Path still leads the argv as an empty string",
            ["args"],
            {"Path": "", "Args": ["x"]},
            refs=[POP],
        ),
        _c(
            "args/non-ascii",
            "non-ASCII and markup characters pass through untouched",
            ["args"],
            {"Path": "écho", "Args": ["<a&b>", "日本"]},
            refs=[POP],
        ),
    ]


def cwd_cases() -> list[Json]:
    """SetupWorkingDirectory cleans Config.WorkingDir with Go's filepath.Clean; '/' is the default."""
    wd = [POP, WORKDIR]
    return [
        _c("cwd/default", "empty WorkingDir: cwd is /", ["cwd"], {"Config": {"WorkingDir": ""}}, refs=wd),
        _c(
            "cwd/clean-dotdot",
            "WorkingDir /a/b/../c/ is cleaned to /a/c",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "/a/b/../c/"}},
            refs=wd,
        ),
        _c(
            "cwd/leading-double-slash",
            "Go Clean turns //app into /app (posixpath.normpath would keep //app)",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "//app"}},
            refs=wd,
        ),
        _c(
            "cwd/triple-slash-dots",
            "WorkingDir ///app/./x//y/ is cleaned to /app/x/y",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "///app/./x//y/"}},
            refs=wd,
        ),
        _c(
            "cwd/dotdot-above-root",
            "WorkingDir /.. cleans to /",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "/../.."}},
            refs=wd,
        ),
        _c(
            "cwd/existing-dir",
            "an existing directory is used as is",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "/srv/app"}},
            host={"Files": {f"{BASE}/srv": "dir", f"{BASE}/srv/app": "dir"}},
            refs=wd,
        ),
        _c(
            "workdir/target-is-file",
            "a WorkingDir that is a regular file: accepted to 17.11 (mkdirAs returns), Cannot mkdir 17.12+",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "/etc/hosts"}},
            host={"Files": {f"{BASE}/etc": "dir", f"{BASE}/etc/hosts": "file"}},
            refs=[*wd, ref("v1.12.0", "pkg/idtools/idtools_unix.go"), MKDIR_1712, WORKDIR_1712],
        ),
        _c(
            "workdir/parent-is-file",
            "a component below a regular file: Go's raw lstat error naming the next component",
            ["workdir", "error"],
            {"Config": {"WorkingDir": "/x//y/"}},
            host={"Files": {f"{BASE}/x": "file"}},
            refs=[*wd, SYMLINK],
        ),
        _c(
            "workdir/grandchild-of-file",
            "/x/y/z with /x a file fails at lstat <BaseFS>/x/y, not deeper",
            ["workdir", "error"],
            {"Config": {"WorkingDir": "/x/y/z"}},
            host={"Files": {f"{BASE}/x": "file"}},
            refs=[*wd, SYMLINK],
        ),
        _c(
            "workdir/lstat-permission",
            "an lstat error other than not-exist is returned raw",
            ["workdir", "error"],
            {"Config": {"WorkingDir": "/secret/app"}},
            host={"Files": {f"{BASE}/secret": {"error": "permission denied"}}},
            refs=[*wd, SYMLINK],
        ),
        _c(
            "workdir/relative-basefs",
            "a relative BaseFS is made absolute against dockerd's cwd (/) before the lstat walk",
            ["workdir", "root", "error"],
            {"BaseFS": "merged/./", "Config": {"WorkingDir": "/x/y"}},
            host={"Files": {"/merged/x": "file"}},
            refs=[*wd, SYMLINK],
        ),
        _c(
            "workdir/relative",
            "a stored relative WorkingDir is not checked at start: Cleaned, kept relative, cwd app/dir",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "app/dir"}},
            refs=[*STORED, CLEAN_112],
        ),
        _c(
            "workdir/relative-dot",
            "./app is Cleaned to app (only a leading / counts as absolute on Linux): cwd app",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "./app"}},
            refs=[*STORED, CLEAN_112],
        ),
        _c(
            "workdir/relative-dot-nested",
            "./rel/dir/ is stored back Cleaned: cwd rel/dir",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "./rel/dir/"}},
            refs=[*STORED, CLEAN_112],
        ),
        _c(
            "workdir/relative-dotdot",
            "../up Cleans to itself (no root to stop at); it is resolved as <BaseFS>/up, cwd ../up",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "../up"}},
            host={"Files": {f"{BASE}/up": "dir"}},
            refs=[*STORED, CLEAN_112, RESOURCE_PATH_UNIX],
        ),
        _c(
            "workdir/relative-dot-only",
            ". Cleans to .: cwd . (not the / default, the value is not empty)",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "."}},
            refs=[*STORED, CLEAN_112],
        ),
        _c(
            "workdir/relative-dot-slash",
            "./ Cleans to . as well",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "./"}},
            refs=[*STORED, CLEAN_112],
        ),
        _c(
            "workdir/relative-below-file",
            "a relative x/y with <BaseFS>/x a regular file fails as /x/y does: lstat <BaseFS>/x/y",
            ["workdir", "error"],
            {"Config": {"WorkingDir": "x/y"}},
            host={"Files": {f"{BASE}/x": "file"}},
            refs=[*STORED, CLEAN_112, RESOURCE_PATH_UNIX, SYMLINK_LSTAT],
        ),
        _c(
            "workdir/relative-before-links",
            "a relative WorkingDir is no create-time error at start: the stopped link child's error wins",
            ["workdir", "links", "error"],
            {"Config": {"WorkingDir": "rel"}},
            links=[_link("/web/db", _child("/db", running=False))],
            refs=[*STORED, SETUP_LINKS],
        ),
        _c(
            "workdir/links-error-first",
            "setupLinkedContainers runs before SetupWorkingDirectory",
            ["workdir", "links", "error"],
            {"Config": {"WorkingDir": "/x/y"}},
            host={"Files": {f"{BASE}/x": "file"}},
            links=[_link("/web/db", _child("/db", running=False))],
            refs=[POP, SETUP_LINKS],
        ),
    ]


def env_cases() -> list[Json]:
    """CreateDaemonEnvironment defaults merged with Config.Env by ReplaceOrAppendEnvValues.

    moby/moby@v1.12.0:container/container_unix.go, moby/moby@v1.12.0:utils/utils.go.
    """
    m = [ENV, MERGE]
    return [
        _c(
            "env/override-path",
            "a user PATH replaces the default in place (keeps its position)",
            ["env", "env-merge"],
            {"Config": {"Env": ["FOO=1", "PATH=/opt/bin"]}},
            refs=m,
        ),
        _c(
            "env/bare-hostname",
            "a bare HOSTNAME removes the default entirely",
            ["env", "env-merge"],
            {"Config": {"Env": ["HOSTNAME"]}},
            refs=m,
        ),
        _c(
            "env/bare-unknown",
            "a bare key that is no default is dropped, not appended",
            ["env-merge"],
            {"Config": {"Env": ["NOPE", "A=1"]}},
            refs=m,
        ),
        _c(
            "env/duplicate-overrides",
            "appended overrides are not indexed: a repeated key appends again",
            ["env-merge"],
            {"Config": {"Env": ["FOO=1", "FOO=2"]}},
            refs=m,
        ),
        _c(
            "env/bare-after-append",
            "a bare key cannot remove a value that was appended earlier",
            ["env-merge"],
            {"Config": {"Env": ["FOO=1", "FOO"]}},
            refs=m,
        ),
        _c(
            "env/empty-value",
            "KEY= sets an empty value and is kept",
            ["env-merge"],
            {"Config": {"Env": ["EMPTY=", "HOSTNAME="]}},
            refs=m,
        ),
        _c(
            "env/equals-in-value",
            "only the first = splits key from value",
            ["env-merge"],
            {"Config": {"Env": ["A=b=c", "PATH=x=y"]}},
            refs=m,
        ),
        _c(
            "env/empty-string",
            "an empty string entry is removed",
            ["env-merge"],
            {"Config": {"Env": ["", "A=1", ""]}},
            refs=m,
        ),
        _c(
            "env/case-sensitive",
            "keys are case-sensitive: path=x is a new variable",
            ["env-merge"],
            {"Config": {"Env": ["path=/x", "Hostname=h"]}},
            refs=m,
        ),
        _c(
            "env/override-term",
            "with Tty a user TERM replaces TERM=xterm in place",
            ["env", "env-merge", "tty"],
            {"Config": {"Tty": True, "Env": ["TERM=vt100"]}},
            refs=m,
        ),
        _c(
            "env/bare-term",
            "with Tty a bare TERM removes it",
            ["env", "env-merge", "tty"],
            {"Config": {"Tty": True, "Env": ["TERM"]}},
            refs=m,
        ),
        _c(
            "env/term-without-tty",
            "without Tty a user TERM is appended after the defaults",
            ["env-merge", "tty"],
            {"Config": {"Env": ["TERM=dumb"]}},
            refs=m,
        ),
        _c("env/null-vs-empty", "an empty Env list behaves as nil", ["env"], {"Config": {"Env": []}}, refs=m),
        _c(
            "env/override-link-var",
            "a user variable replaces a link variable in place, a bare one removes it",
            ["env-merge", "links-env"],
            {"Config": {"Env": ["DB_NAME=mine", "DB_PORT", "X=1"]}},
            links=[_link("/web/db", _child("/db", ports=["5432/tcp"]))],
            refs=[*m, LINKS],
        ),
    ]


def links_cases() -> list[Json]:
    """setupLinkedContainers and the legacy Link.ToEnv (moby/moby@v1.12.0:daemon/links/links.go)."""
    worked = _child(
        "/db-1",
        env=["HOME=/root", "PATH=/bin", "FOO=bar=baz", "NOEQ", "HOSTNAME=x"],
        ports=["80/tcp", "81/tcp", "82/udp", "53/udp", "53/tcp", "90/tcp", "91/tcp"],
    )
    le = [LINKS, SETUP_LINKS]
    return [
        _c(
            "links/worked-example",
            "legacy Link.ToEnv worked example: sort, a 3-port range with a udp END, 2-port runs",
            ["links", "links-env", "ports"],
            links=[_link("/web/db-1", worked)],
            refs=le,
        ),
        _c(
            "links/single-port",
            "one tcp port: default PORT, four per-port variables, NAME",
            ["links", "links-env"],
            links=[_link("/web/db", _child("/db", ports=["5432/tcp"]))],
            refs=le,
        ),
        _c(
            "links/no-ports",
            "a child without exposed ports: only NAME and ENV_ variables",
            ["links", "links-env"],
            links=[_link("/web/cache", _child("/cache", env=["A=1"]))],
            refs=le,
        ),
        _c(
            "links/child-env-nil",
            "a child with nil Env contributes no ENV_ variables",
            ["links-env"],
            links=[_link("/web/db", _child("/db", ports=["1/udp"]))],
            refs=le,
        ),
        _c(
            "links/range-mixed-protocols",
            "80/tcp 80/udp 81/tcp: a repeated number counts as contiguous",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["81/tcp", "80/udp", "80/tcp"]))],
            refs=le,
        ),
        _c(
            "links/range-counter",
            "the counter advances per port, so 83 joins a run after 80, 80, 81",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["83/tcp", "81/udp", "80/udp", "80/tcp"]))],
            refs=le,
        ),
        _c(
            "links/two-port-run",
            "a run of exactly two ports emits no range variables",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["8081/tcp", "8080/tcp"]))],
            refs=le,
        ),
        _c(
            "links/udp-default",
            "the default PORT is the lowest number, so udp 53 beats tcp 80",
            ["links-env", "ports"],
            links=[_link("/web/dns", _child("/dns", ports=["80/tcp", "53/udp"]))],
            refs=le,
        ),
        _c(
            "links/tcp-wins-tie",
            "on equal numbers tcp sorts first whatever the input order",
            ["links-env", "ports"],
            links=[_link("/web/dns", _child("/dns", ports=["53/udp", "53/tcp"]))],
            refs=le,
        ),
        _c(
            "links/port-range-spec",
            "an expose range like 80-90/tcp parses to Int 0 and becomes the default PORT",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["22/tcp", "80-90/tcp"]))],
            refs=[*le, NAT_OLD, NAT_NEW],
        ),
        _c(
            "links/port-overflow",
            "70000/udp: Int -1 (legacy ParseUint overflow) sorts before abc/tcp, 0 after",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["abc/tcp", "70000/udp"]))],
            refs=[*le, NAT_OLD, NAT_NEW],
        ),
        _c(
            "links/overflow-port-starts-range",
            "70000 1 2 3: from 1.13.0 the overflowing port is 0 and starts a 4-port range keyed 70000; "
            "the legacy -1 leaves a 1-3 range",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["70000/tcp", "1/tcp", "2/tcp", "3/tcp"]))],
            refs=[*le, NAT_OLD, NAT_NEW],
        ),
        _c(
            "links/single-port-then-range",
            "1 5 6 7: a lone port, then the search for a range resumes at the very next port (5-7)",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["1/tcp", "5/tcp", "6/tcp", "7/tcp"]))],
            refs=le,
        ),
        _c(
            "links/range-after-range",
            "1 2 3 5 6 7: a range ends and the next range starts at the port right after it",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=[f"{n}/tcp" for n in (1, 2, 3, 5, 6, 7)]))],
            refs=le,
        ),
        _c(
            "links/protocol-as-written",
            "the protocol keeps its case in values; keys upper-case it",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["8080/TCP"]))],
            refs=[*le, NAT_NEW],
        ),
        _c(
            "links/empty-protocol",
            "80/ defaults to tcp",
            ["links-env", "ports"],
            links=[_link("/web/x", _child("/x", ports=["80/"]))],
            refs=[*le, NAT_NEW],
        ),
        _c(
            "links/child-env-home-with-equals",
            "HOME=/a=b and PATH=/x=y are still HOME and PATH (the key ends at the first =): not forwarded",
            ["links-env"],
            links=[_link("/web/x", _child("/x", env=["HOME=/a=b", "PATH=/x=y", "K=v=w"]))],
            refs=le,
        ),
        _c(
            "links/alias-hyphen",
            "the alias is the upper-cased last path element with - turned into _",
            ["links-env"],
            links=[_link("/web/my-db.v2", _child("/my-db", ports=["1/tcp"]))],
            refs=le,
        ),
        _c(
            "links/alias-non-ascii",
            "Go ToUpper maps rune by rune: ß stays ß",
            ["links-env"],
            links=[_link("/web/straße", _child("/strasse", env=["K=v"]))],
            refs=le,
        ),
        _c(
            "links/child-env-forwarding",
            "child env: HOME and PATH skipped, bare keys skipped, HOSTNAME forwarded",
            ["links-env"],
            links=[
                _link(
                    "/web/db",
                    _child("/db", env=["HOME=/r", "PATH=/b", "NOEQ", "HOSTNAME=h", "EMPTY=", "E=a=b"]),
                )
            ],
            refs=le,
        ),
        _c(
            "links/three-links",
            "three links: each block complete, blocks in input order (moby: any order)",
            ["links", "links-env"],
            links=[
                _link("/web/db", _child("/db", ports=["5432/tcp"])),
                _link("/web/cache", _child("/cache", "172.17.0.4", ports=["6379/tcp"])),
                _link("/web/queue", _child("/queue", "172.17.0.5", env=["Q=1"])),
            ],
            refs=le,
        ),
        _c(
            "links/parent-off-bridge",
            "no bridge endpoint on the parent: no link env and no error, even if stopped",
            ["links"],
            {"NetworkSettings": {"Networks": {"mynet": {"IPAddress": "10.0.0.2"}}}},
            links=[_link("/web/db", _child("/db", running=False))],
            refs=le,
        ),
        _c(
            "links/parent-nil-entry",
            "a nil bridge entry on the parent counts as no endpoint",
            ["links"],
            {"NetworkSettings": {"Networks": {"bridge": None}}},
            links=[_link("/web/db", _child("/db"))],
            refs=le,
        ),
        _c(
            "links/parent-nil-endpoint-settings",
            "a nil EndpointSettings on the parent: ignored before 410a8612f4, no links env from it on",
            ["links"],
            {
                "NetworkSettings": {
                    "Networks": {"bridge": {"IPAddress": "172.17.0.3", "EndpointSettings": False}}
                }
            },
            links=[_link("/web/db", _child("/db", ports=["1/tcp"]))],
            refs=[*le, SETUP_LINKS_113],
        ),
        _c(
            "links/child-stopped",
            "a stopped child: Cannot link to a non running container",
            ["links", "error"],
            links=[_link("/web/db", _child("/db", running=False))],
            refs=le,
        ),
        _c(
            "links/child-off-bridge",
            "a child without a bridge endpoint: not attached to default bridge network",
            ["links", "error"],
            links=[
                _link(
                    "/web/db", _child("/db", networks={"other": {"IPAddress": "1.2.3.4"}}, cid="0123456789ab")
                )
            ],
            refs=le,
        ),
        _c(
            "links/child-nil-endpoint-settings",
            "a child with nil EndpointSettings: linked before 410a8612f4, an error from it on",
            ["links"],
            links=[
                _link(
                    "/web/db",
                    _child(
                        "/db",
                        networks={"bridge": {"IPAddress": "172.17.0.2", "EndpointSettings": False}},
                        cid="0123456789ab",
                    ),
                )
            ],
            refs=[*le, SETUP_LINKS_113],
        ),
    ]


def init_cases() -> list[Json]:
    """--init (moby/moby@v1.13.0:daemon/oci_linux.go, moby/moby@v17.06.0-ce:daemon/oci_linux.go)."""
    ir = [POP_410, POP_113, POP_1703, POP_1706]
    return [
        _c(
            "init/hostconfig-true",
            "Init true: /dev/init leads args (with -- from 17.03) and is bind-mounted ro",
            ["init", "args"],
            {"HostConfig": {"Init": True}},
            host=LOOKPATH,
            refs=ir,
        ),
        _c(
            "init/daemon-default",
            "HostConfig.Init null follows the daemon's --init",
            ["init"],
            daemon={"Init": True},
            host=LOOKPATH,
            refs=ir,
        ),
        _c(
            "init/explicit-false",
            "an explicit Init false beats the daemon default",
            ["init"],
            {"HostConfig": {"Init": False}},
            daemon={"Init": True},
            host=LOOKPATH,
            refs=ir,
        ),
        _c(
            "init/lookpath-missing",
            "nothing configured and LookPath fails: Go's exec error, unwrapped",
            ["init", "error"],
            {"HostConfig": {"Init": True}},
            profiles=INIT_PROFILES,
            refs=ir,
        ),
        _c(
            "init/daemon-initpath",
            "daemon InitPath is used without LookPath (410a8612f4 only knows LookPath)",
            ["init"],
            {"HostConfig": {"Init": True}},
            daemon={"InitPath": "/opt/tini"},
            profiles=INIT_PROFILES,
            refs=ir,
        ),
        _c(
            "init/hostconfig-initpath",
            "HostConfig.InitPath wins in 1.13.0-17.03 and is ignored from 17.05 on",
            ["init"],
            {"HostConfig": {"Init": True, "InitPath": "/hc/init"}},
            host=LOOKPATH,
            profiles=INIT_PROFILES,
            refs=ir,
        ),
        _c(
            "init/both-initpaths",
            "HostConfig.InitPath beats daemon InitPath where both exist",
            ["init"],
            {"HostConfig": {"Init": True, "InitPath": "/hc/init"}},
            daemon={"InitPath": "/d/init"},
            profiles=INIT_PROFILES,
            refs=ir,
        ),
        _c(
            "init/with-args",
            "init args keep the entrypoint and every argument after /dev/init",
            ["init", "args"],
            {"Path": "nginx", "Args": ["-g", "daemon off;"], "HostConfig": {"Init": True}},
            host=LOOKPATH,
            refs=ir,
        ),
        _c(
            "init/pid-host",
            "PidMode host: no init even when asked",
            ["init", "pid-mode"],
            {"HostConfig": {"Init": True, "PidMode": "host"}},
            host=LOOKPATH,
            refs=[*ir, PIDMODE],
        ),
        _c(
            "init/pid-container",
            "PidMode container:<id>: not private, no init",
            ["init", "pid-mode"],
            {"HostConfig": {"Init": True, "PidMode": "container:db"}},
            host=LOOKPATH,
            refs=[*ir, PIDMODE],
        ),
        _c(
            "init/pid-container-empty-name",
            "PidMode 'container:' (empty name) is still not private",
            ["init", "pid-mode"],
            {"HostConfig": {"Init": True, "PidMode": "container:"}},
            host=LOOKPATH,
            refs=[*ir, PIDMODE],
        ),
        _c(
            "init/pid-host-upper",
            "PidMode HOST is not host (case-sensitive): init is injected",
            ["init", "pid-mode"],
            {"HostConfig": {"Init": True, "PidMode": "HOST"}},
            host=LOOKPATH,
            refs=[*ir, PIDMODE],
        ),
        _c(
            "init/pid-host-colon",
            "PidMode host:x is neither host nor container: private, init injected",
            ["init", "pid-mode"],
            {"HostConfig": {"Init": True, "PidMode": "host:x"}},
            host=LOOKPATH,
            refs=[*ir, PIDMODE],
        ),
        _c(
            "init/lookpath-empty-answer",
            'LookPath answering "": the init mount keeps source "" up to rc2-dev; rc5 omits it (omitempty)',
            ["init", "shape"],
            {"HostConfig": {"Init": True}},
            host={"LookPath": {"docker-init": ""}},
            profiles=INIT_PROFILES,
            refs=[*ir, SPECS_1706],
        ),
        _c(
            "init/lookpath-error-after-workdir",
            "the LookPath error comes after the working-directory step",
            ["init", "workdir", "error"],
            {"HostConfig": {"Init": True}, "Config": {"WorkingDir": "/f/x"}},
            host={"Files": {f"{BASE}/f": "file"}},
            profiles=INIT_PROFILES,
            refs=ir,
        ),
    ]


def modern_cases() -> list[Json]:
    """Behaviours of the 17.07+ profiles: empty BaseFS, the mkdir refusal, domainname and network sysctls."""
    up = [POP_2010, POP_201013]
    return [
        _c(
            "default/empty-basefs-stopped-link",
            "empty BaseFS with a stopped linked child: the link error to 18.03.0, then nil BaseFS",
            ["root", "links", "error"],
            {"BaseFS": ""},
            links=[_link("/web/db", _child("/db", running=False))],
            refs=[POP, POP_1710, POP_1803_1],
        ),
        _c(
            "default/empty-basefs-lstat",
            "empty BaseFS and a working dir below a file: lstat from / up to 17.09, then the nil BaseFS",
            ["root", "workdir", "error"],
            {"BaseFS": "", "Config": {"WorkingDir": "/x/y"}},
            host={"Files": {"/x": "file"}},
            refs=[POP, POP_1710, POP_1803_1, SYMLINK],
        ),
        _c(
            "workdir/target-is-file-relative",
            "a relative WorkingDir naming a file: Cannot mkdir names the Clean-ed relative value (17.12+)",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "./etc//hosts"}},
            host={"Files": {f"{BASE}/etc": "dir", f"{BASE}/etc/hosts": "file"}},
            refs=[WORKDIR, MKDIR_1712, WORKDIR_1712, *STORED],
        ),
        _c(
            "workdir/target-is-dir",
            "a WorkingDir that exists as a directory is fine in every profile",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "/srv"}},
            host={"Files": {f"{BASE}/srv": "dir"}},
            refs=[WORKDIR, MKDIR_1712],
        ),
        _c(
            "hostname/domain-sysctl",
            "19.03+: hostname is Hostname alone, the Domainname becomes linux.sysctl kernel.domainname",
            ["hostname", "sysctl"],
            {"Config": {"Hostname": "db", "Domainname": "corp.example"}},
            refs=[POP_1903, DOMAIN_1903],
        ),
        _c(
            "sysctl/private-network",
            "20.10+: a private network gets ping_group_range and ip_unprivileged_port_start (host has them)",
            ["sysctl"],
            {"HostConfig": {"NetworkMode": "bridge", "UsernsMode": "host"}},
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/usernsmode-empty",
            "UsernsMode empty is private: no ping range in 20.10.0-20.10.12, set from 20.10.13",
            ["sysctl"],
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/remapped-root",
            "a remapped root and a private UsernsMode: no ping range from 20.10.0 on; the port sysctl stays",
            ["sysctl"],
            daemon={"RemappedRoot": "dockremap:dockremap"},
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/remapped-root-userns-host",
            "a remapped root with UsernsMode host: the ping range is set",
            ["sysctl"],
            {"HostConfig": {"UsernsMode": "host"}},
            daemon={"RemappedRoot": "dockremap:dockremap"},
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/running-in-userns",
            "dockerd in a user namespace: no ping range from 20.10.13 even with UsernsMode host",
            ["sysctl"],
            {"HostConfig": {"UsernsMode": "host"}},
            host={**SYSCTLS, "RunningInUserNS": True},
            refs=up,
        ),
        _c(
            "sysctl/host-network",
            "NetworkMode host: no network sysctls",
            ["sysctl"],
            {"HostConfig": {"NetworkMode": "host", "UsernsMode": "host"}},
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/container-network",
            "NetworkMode container:<id> is not private: no network sysctls",
            ["sysctl"],
            {"HostConfig": {"NetworkMode": "container:db", "UsernsMode": "host"}},
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/none-network",
            "NetworkMode none is private: the sysctls are set",
            ["sysctl"],
            {"HostConfig": {"NetworkMode": "none", "UsernsMode": "host"}},
            host=SYSCTLS,
            refs=up,
        ),
        _c(
            "sysctl/host-lacks-them",
            "a host without the two /proc/sys entries (the default): no network sysctls",
            ["sysctl"],
            {"HostConfig": {"UsernsMode": "host"}},
            refs=up,
        ),
        _c(
            "sysctl/stat-error",
            "a /proc/sys entry whose stat fails counts as absent (sysctlExists: err == nil)",
            ["sysctl"],
            {"HostConfig": {"UsernsMode": "host"}},
            host={"Files": {SYSCTL_PING: {"error": "permission denied"}, SYSCTL_PORT: "dir"}},
            refs=up,
        ),
        _c(
            "sysctl/with-domainname",
            "kernel.domainname and the network sysctls share linux.sysctl (keys sorted)",
            ["sysctl", "hostname"],
            {"Config": {"Domainname": "corp"}, "HostConfig": {"UsernsMode": "host"}},
            host=SYSCTLS,
            refs=[*up, DOMAIN_1903],
        ),
        _c(
            "init/libexec-first",
            "24.0+: LookupInitPath finds docker-init in /usr/libexec/docker before PATH",
            ["init"],
            {"HostConfig": {"Init": True}},
            host={
                "LookPath": {
                    "docker-init": "/usr/bin/docker-init",
                    "/usr/libexec/docker/docker-init": "/usr/libexec/docker/docker-init",
                }
            },
            profiles=INIT_PROFILES,
            refs=[INITPATH_24, POP_24],
        ),
        _c(
            "init/libexec-order",
            "24.0+: /usr/local/libexec/docker beats /usr/lib/docker",
            ["init"],
            {"HostConfig": {"Init": True}},
            host={
                "LookPath": {
                    "/usr/lib/docker/docker-init": "/usr/lib/docker/docker-init",
                    "/usr/local/libexec/docker/docker-init": "/usr/local/libexec/docker/docker-init",
                }
            },
            profiles=INIT_PROFILES,
            refs=[INITPATH_24],
        ),
        _c(
            "init/relative-initpath",
            "a relative daemon InitPath: used as is up to 20.10, looked up (libexec, then PATH) from 24.0",
            ["init"],
            {"HostConfig": {"Init": True}},
            daemon={"InitPath": "tini"},
            host={"LookPath": {"tini": "/usr/bin/tini"}},
            profiles=INIT_PROFILES,
            refs=[POP_1706, INITPATH_24],
        ),
        _c(
            "init/relative-initpath-missing",
            "24.0+: a relative daemon InitPath found nowhere is the LookPath error naming it",
            ["init", "error"],
            {"HostConfig": {"Init": True}},
            daemon={"InitPath": "tini"},
            profiles=INIT_PROFILES,
            refs=[POP_1706, INITPATH_24],
        ),
        _c(
            "init/usr-libexec-bare",
            "27.0+: a docker-* init name is also looked for in /usr/libexec itself (after the docker/ dirs)",
            ["init"],
            {"HostConfig": {"Init": True}},
            host={
                "LookPath": {
                    "docker-init": "/usr/bin/docker-init",
                    "/usr/libexec/docker-init": "/usr/libexec/docker-init",
                }
            },
            profiles=INIT_PROFILES,
            refs=[INITPATH_24, ref("v27.0.1", "daemon/config/config_linux.go")],
        ),
        _c(
            "init/usr-libexec-bare-not-for-others",
            "27.0+: a default-init not named docker-* is not looked for in /usr/libexec itself",
            ["init"],
            {"HostConfig": {"Init": True}},
            daemon={"DefaultInitBinary": "tini"},
            host={"LookPath": {"tini": "/usr/bin/tini", "/usr/libexec/tini": "/usr/libexec/tini"}},
            profiles=INIT_PROFILES,
            refs=[ref("v27.0.1", "daemon/config/config_linux.go")],
        ),
        _c(
            "init/default-init",
            "24.0+: the daemon's default-init names the binary LookupInitPath looks for",
            ["init"],
            {"HostConfig": {"Init": True}},
            daemon={"DefaultInitBinary": "catatonit"},
            host={"LookPath": {"docker-init": "/usr/bin/docker-init", "catatonit": "/usr/bin/catatonit"}},
            profiles=INIT_PROFILES,
            refs=[INITPATH_24],
        ),
        _c(
            "default/snapshotter-empty-basefs",
            "24.0.0-24.0.2 with the containerd snapshotter: no BaseFS check, empty root path, raw cwd",
            ["root", "cwd", "workdir"],
            {"BaseFS": "", "Config": {"WorkingDir": "/x/../app/"}},
            daemon={"UsesSnapshotter": True},
            host={"Files": {"/x": "file"}},
            refs=[POP_24, POP_2403],
        ),
        _c(
            "default/snapshotter-basefs",
            "24.0.0-24.0.2 with the snapshotter: root is left empty even with a BaseFS",
            ["root"],
            {"HostConfig": {"ReadonlyRootfs": True}},
            daemon={"UsesSnapshotter": True},
            refs=[POP_24, POP_2403],
        ),
        _c(
            "cwd/unclean-as-stored",
            "26.1+: SetupWorkingDirectory Cleans a copy only: cwd is the stored value (create Cleans it now)",
            ["cwd", "workdir"],
            {"Config": {"WorkingDir": "/srv//app/../www/"}},
            refs=[WORKDIR, ref("v26.1.0", "container/container.go"), ref("v26.1.0", "daemon/container.go")],
        ),
        _c(
            "workdir/file-named-unclean",
            "26.1+: Cannot mkdir names the WorkingDir as stored (unclean); 17.12-26.0 the Clean-ed one",
            ["workdir", "error"],
            {"Config": {"WorkingDir": "/etc//hosts/"}},
            host={"Files": {f"{BASE}/etc": "dir", f"{BASE}/etc/hosts": "file"}},
            refs=[WORKDIR_1712, ref("v26.1.0", "container/container.go")],
        ),
        _c(
            "default/shm-mount",
            "17.09+: DefaultSpec mounts /dev with size=65536k and /dev/shm; runtime-spec 1.0.0: no platform",
            ["default-spec", "shape"],
            {"Config": {"Tty": True}},
            refs=[DEFAULTS_1709, SPECS_1709],
        ),
    ]


def mutation_cases() -> list[Json]:
    """Cases that kill mutants of the 17.07+ rules which no other case killed (docs/strength.md)."""
    lookup_2701 = ref("v27.0.1", "daemon/config/config_linux.go")
    return [
        # kills linux._lookup_init_path mutants that change "/usr/local/libexec" (the first bare directory)
        _c(
            "init/usr-local-libexec-bare",
            "27.0+: a docker-* init is looked for in /usr/local/libexec, before /usr/libexec, then PATH",
            ["init"],
            {"HostConfig": {"Init": True}},
            host={
                "LookPath": {
                    "docker-init": "/usr/bin/docker-init",
                    "/usr/libexec/docker-init": "/usr/libexec/docker-init",
                    "/usr/local/libexec/docker-init": "/usr/local/libexec/docker-init",
                }
            },
            profiles=["26.1", "27.0"],
            refs=[INITPATH_24, lookup_2701],
        ),
    ]


def cases() -> list[Json]:
    """Every Linux anchor case."""
    return [
        *default_cases(),
        *modern_cases(),
        *hostname_cases(),
        *args_cases(),
        *cwd_cases(),
        *env_cases(),
        *links_cases(),
        *init_cases(),
        *mutation_cases(),
    ]

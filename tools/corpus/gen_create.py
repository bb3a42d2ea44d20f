"""``create`` anchor cases (``create/<platform>/...``): ContainerCreate's checks and normalisation.

Each case is a create request's record (``container``: ID, Name, Path, Args, Config, HostConfig) and pins
one rule of verifyContainerSettings (with the request's Config) or newContainer, citing the source line.
"""

from __future__ import annotations

from typing import Any

from tools.corpus.common import case, merge, ref

Json = Any

ID = "4f2a9c1b7d3e8a6f5c0b9d2e1f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c"
_REQUEST: Json = {
    "ID": ID,
    "Name": "/web",
    "Path": "sh",
    "Args": [],
    "Config": {"Hostname": "", "Env": None, "Tty": False, "WorkingDir": ""},
    "HostConfig": {"NetworkMode": "default"},
}
# verifyContainerSettings' WorkingDir check, per tree
_WD = [
    ref("v1.11.2", "daemon/daemon.go#L1479"),
    ref("c70f153f52", "daemon/daemon.go#L1329"),
    ref("v1.12.0", "daemon/container.go#L210"),
    ref("410a8612f4", "daemon/container.go#L210"),
    ref("v1.13.0", "daemon/container.go#L220"),
    ref("v17.06.0-ce", "daemon/container.go#L224"),
]
_IS_ABS_WIN = ref("v1.12.0", "pkg/system/filesys_windows.go#L75")
# the Windows WorkingDir check from 17.07: verifyContainerSettings (FromSlash, system.IsAbs; from 17.09 in
# the runtime.GOOS == platform branch), then translateWorkingDir (19.03: the message names the value as
# sent; 26.1: the accepted value is stored filepath.Clean-ed; docker-v29: system.IsAbs inlined)
_WD_WIN = [
    ref("v17.07.0-ce", "daemon/container.go#L235"),
    ref("v17.09.0-ce", "daemon/container.go#L238"),
    ref("v19.03.0", "daemon/container.go#L385"),
    ref("v23.0.0", "daemon/container.go#L385"),
    ref("v26.1.0", "daemon/container.go#L359"),
    ref("docker-v29.7.2", "daemon/container.go#L350"),
]
_CLEAN_WIN = [ref("v26.1.0", "daemon/container.go#L367"), ref("docker-v29.7.2", "daemon/container.go#L358")]
_ENV = [
    ref("v1.13.0", "daemon/container.go#L236"),
    ref("v1.13.0", "runconfig/opts/opts.go#L32"),
    ref("v17.06.0-ce", "opts/env.go#L18"),
]
_ENV_WIN = [
    ref("v17.07.0-ce", "daemon/container.go#L250"),
    ref("v19.03.0", "daemon/container.go#L267"),
    ref("docker-v29.7.2", "daemon/container.go#L245"),
    ref("docker-v29.7.2", "daemon/pkg/opts/env.go#L18"),
]
_HOSTNAME = [ref("v1.12.0", "daemon/container.go#L166"), ref("v1.13.0", "daemon/container.go#L176")]
_HOSTNAME_WIN = [
    ref("v17.07.0-ce", "daemon/container.go#L198"),
    ref("v28.0.0", "daemon/container.go#L149"),
    ref("docker-v29.7.2", "daemon/container.go#L131"),
    ref("docker-v29.7.2", "api/types/container/hostconfig_windows.go#L18"),
]
_HOST_NET = [
    ref("v1.13.0", "daemon/container.go#L116"),
    ref("v1.13.0", "api/types/container/hostconfig_windows.go#L31"),
]


def _c(
    platform: str,
    slug: str,
    description: str,
    features: list[str],
    patch: Json,
    refs: list[str],
    profiles: list[str] | None = None,
    **world: Json,
) -> Json:
    return case(
        f"create/{platform}/{slug}",
        description,
        platform=platform,
        operation="create",
        features=features,
        inp={"container": merge(_REQUEST, patch), **world},
        refs=refs,
        profiles=profiles,
    )


def _wd(platform: str, slug: str, description: str, workdir: str, refs: list[str] | None = None) -> Json:
    return _c(
        platform,
        slug,
        description,
        ["create-workdir"],
        {"Config": {"WorkingDir": workdir}},
        [*_WD, *(refs or [])],
    )


def _linux() -> list[Json]:
    return [
        _wd(
            "linux", "workdir-relative", "a relative WorkingDir is refused with the profile's message", "app"
        ),
        _wd("linux", "workdir-dot-relative", "./app is relative too (only a leading / counts)", "./app"),
        _wd("linux", "workdir-backslash", "\\app is not absolute on Linux (FromSlash is a no-op)", "\\app"),
        _wd(
            "linux",
            "workdir-unclean-kept",
            "/a/../b/ is absolute and stored as sent (no Clean at create)",
            "/a/../b/",
        ),
        _c(
            "linux",
            "hostname-default",
            "an empty Hostname becomes the ID's first 12 characters",
            ["create-hostname"],
            {},
            _HOSTNAME,
        ),
        _c(
            "linux",
            "hostname-kept",
            "a given Hostname is stored as sent",
            ["create-hostname"],
            {"Config": {"Hostname": "web.example.com"}},
            _HOSTNAME,
        ),
        _c(
            "linux",
            "hostname-host-network",
            "--net=host with no Hostname: the ID prefix up to 410a8612f4, os.Hostname() from 1.13.0",
            ["create-hostname"],
            {"HostConfig": {"NetworkMode": "host"}},
            [*_HOSTNAME, *_HOST_NET],
            host={"Hostname": "buildhost.example.com"},
        ),
        _c(
            "linux",
            "hostname-short-id",
            "an ID shorter than 12 (moby never generates one): id[:12] panics",
            ["create-hostname", "error"],
            {"ID": "4f2a9c"},
            _HOSTNAME,
        ),
        _c(
            "linux",
            "env-empty-entry",
            'an empty Env entry: stored up to 410a8612f4, "invalid environment variable: " from 1.13.0',
            ["create-env"],
            {"Config": {"Env": ["A=1", ""]}},
            _ENV,
        ),
        _c(
            "linux",
            "env-empty-name",
            "=x has an empty name: refused from 1.13.0",
            ["create-env"],
            {"Config": {"Env": ["=x", "B=2"]}},
            _ENV,
        ),
        _c(
            "linux",
            "env-bare-and-equals",
            "a bare KEY, KEY= and a=b=c are fine for ValidateEnv (only the name is checked)",
            ["create-env"],
            {"Config": {"Env": ["KEY", "EMPTY=", "a=b=c"]}},
            _ENV,
        ),
        _c(
            "linux",
            "workdir-before-env",
            "the WorkingDir check comes before the Env check",
            ["create-workdir", "create-env", "error"],
            {"Config": {"WorkingDir": "rel", "Env": [""]}},
            [*_WD, *_ENV],
        ),
    ]


def _wdw(slug: str, description: str, workdir: str, refs: list[str] | None = None) -> Json:
    """A Windows WorkingDir case: pinned at every profile, so the 17.07+ sources are cited too."""
    return _wd("windows", slug, description, workdir, [*_WD_WIN, *(refs or [])])


def _windows() -> list[Json]:
    return [
        _wdw(
            "workdir-forward-slashes",
            "C:/app/sub/ is stored FromSlash-ed: C:\\app\\sub\\ up to 26.0, Clean-ed C:\\app\\sub from 26.1",
            "C:/app/sub/",
        ),
        _wdw("workdir-relative", "work\\dir is refused with the profile's message", "work\\dir"),
        _wdw(
            "workdir-forward-relative",
            "app/sub is refused; the message shows the FromSlash-ed app\\sub up to 18.09, app/sub from 19.03",
            "app/sub",
        ),
        _wdw(
            "workdir-drive-relative",
            "C:work is not absolute (no separator after the volume)",
            "C:work",
            [_IS_ABS_WIN],
        ),
        _wdw("workdir-bare-drive", "C: alone is not absolute", "C:", [_IS_ABS_WIN]),
        _wdw(
            "workdir-one-char",
            "a one-character WorkingDir has no volume and no leading \\",
            "a",
            [_IS_ABS_WIN],
        ),
        _wdw(
            "workdir-rooted",
            "\\app has no drive but a leading \\: accepted by system.IsAbs",
            "\\app",
            [_IS_ABS_WIN],
        ),
        _wdw(
            "workdir-rooted-forward",
            "/app is FromSlash-ed to \\app, then accepted",
            "/app",
            [_IS_ABS_WIN],
        ),
        _wdw(
            "workdir-unc-share",
            "\\\\server\\share alone: Go 1.5-1.8's filepath.IsAbs says no, the leading \\ says yes",
            "\\\\server\\share",
            [_IS_ABS_WIN],
        ),
        _c(
            "windows",
            "hostname-host-network",
            "NetworkMode host on Windows: IsHost is always false, so the ID prefix at every profile",
            ["create-hostname"],
            {"HostConfig": {"NetworkMode": "host"}},
            [*_HOSTNAME, *_HOST_NET, *_HOSTNAME_WIN],
            host={"Hostname": "winhost"},
        ),
        _c(
            "windows",
            "env-empty-entry",
            "an empty Env entry on Windows: refused from 1.13.0 as on Linux",
            ["create-env"],
            {"Config": {"Env": [""]}},
            [*_ENV, *_ENV_WIN],
        ),
        *_windows_17_07(),
    ]


def _windows_17_07() -> list[Json]:
    """The Windows create rules from 17.07 on: the message as sent (19.03) and Clean (26.1)."""
    return [
        _wdw(
            "workdir-unclean",
            "C:/app/./x/../y// is stored FromSlash-ed up to 26.0, filepath.Clean-ed (C:\\app\\y) from 26.1",
            "C:/app/./x/../y//",
            _CLEAN_WIN,
        ),
        _wdw(
            "workdir-rooted-dotdot",
            "\\..\\app\\.: Clean (26.1+) drops the .. that begins a rooted path and the trailing .",
            "\\..\\app\\.",
            _CLEAN_WIN,
        ),
        _wdw(
            "workdir-drive-root-dotdot",
            "C:\\.. cleans to the drive root C:\\ (the one Clean-ed value that keeps its trailing \\)",
            "C:\\..",
            _CLEAN_WIN,
        ),
        _wdw(
            "workdir-unc-clean",
            "//server/share/a/../b/: the \\\\server\\share volume is kept, the rest Clean-ed from 26.1",
            "//server/share/a/../b/",
            [_IS_ABS_WIN, *_CLEAN_WIN],
        ),
        _wdw(
            "workdir-dot-relative",
            "./app/../x is refused; the message shows .\\app\\..\\x up to 18.09, ./app/../x from 19.03",
            "./app/../x",
        ),
        _c(
            "windows",
            "workdir-before-env",
            "the WorkingDir check comes before the Env check on Windows too",
            ["create-workdir", "create-env", "error"],
            {"Config": {"WorkingDir": "rel/dir", "Env": ["=x"]}},
            [*_WD_WIN, *_ENV_WIN],
        ),
        _c(
            "windows",
            "env-empty-name",
            "=x has an empty name: refused on Windows from 1.13.0, the same message at every later tag",
            ["create-env"],
            {"Config": {"Env": ["A=1", "=x"]}},
            [*_ENV, *_ENV_WIN],
        ),
        _c(
            "windows",
            "env-bare-and-equals",
            "a bare KEY, KEY= and a=b=c are stored as sent on Windows (only the name is checked)",
            ["create-env"],
            {"Config": {"Env": ["KEY", "EMPTY=", "a=b=c"]}},
            [*_ENV, *_ENV_WIN],
        ),
        _c(
            "windows",
            "hostname-default",
            "an empty Hostname becomes the ID's first 12 characters on Windows at every profile",
            ["create-hostname"],
            {},
            [*_HOSTNAME, *_HOSTNAME_WIN],
        ),
        _c(
            "windows",
            "hostname-kept",
            "a given Hostname is stored as sent on Windows",
            ["create-hostname"],
            {"Config": {"Hostname": "winweb"}},
            [*_HOSTNAME, *_HOSTNAME_WIN],
        ),
    ]


def _mutation() -> list[Json]:
    """Cases that kill create.py mutants no other case killed (docs/strength.md), at a few profiles."""
    return [
        # kills create._check_env's rsplit: only the text before the FIRST "=" is the name
        _c(
            "linux",
            "env-empty-name-value-with-equals",
            "=a=b has an empty name (Split's first element), refused from 1.13.0 though the value holds =",
            ["create-env", "error"],
            {"Config": {"Env": ["=a=b"]}},
            [*_ENV, ref("v19.03.0", "opts/env.go#L21")],
            profiles=["1.12", "1.13.0", "27.0"],
        ),
        # kills create._hostname's len(ID) <= 12: id[:12] of a 12-character ID is the whole ID
        _c(
            "linux",
            "hostname-id-of-12",
            "an ID of exactly 12 characters: id[:12] is the whole ID (no panic)",
            ["create-hostname"],
            {"ID": ID[:12]},
            [*_HOSTNAME, ref("v19.03.0", "daemon/container.go#L204")],
            profiles=["1.11", "27.0"],
        ),
    ]


def cases() -> list[Json]:
    """Every create anchor case."""
    return [*_linux(), *_windows(), *_mutation()]

"""Linux ``spec``: ``oci.DefaultSpec()`` then ``populateCommonSpec``, as each profile's moby does it.

The output is the spec as it stands when populateCommonSpec returns inside ``createSpec``
(moby/moby@TAG:daemon/oci_linux.go), serialized with the JSON tags of the vendored runtime-spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mobyspec_reference import modes
from mobyspec_reference.env import create_daemon_environment_unix, full_hostname
from mobyspec_reference.errors import GoPanic, fail
from mobyspec_reference.gonetip import parse_addr_unmapped
from mobyspec_reference.links import legacy_to_env, setup_linked_containers
from mobyspec_reference.links_modern import link_env_v28, link_env_v29, parse_port
from mobyspec_reference.linux_shape import serialize
from mobyspec_reference.thermal import thermal_throttle_paths
from mobyspec_reference.typed_record import check_decodes
from mobyspec_reference.workdir import setup_working_directory_unix

if TYPE_CHECKING:
    from collections.abc import Callable

    from mobyspec_reference.inputs import CaseInput, Container, Endpoint
    from mobyspec_reference.linux_rules import LinuxRules
    from mobyspec_reference.profiles import Profile

#: ``DefaultInitBinary`` (moby/moby@v1.13.0:daemon/daemon.go, @v17.06.0-ce:daemon/config/config.go).
DEFAULT_INIT_BINARY = "docker-init"


def create_spec_linux(inp: CaseInput, profile: Profile) -> dict[str, Any]:
    """Build the Linux spec of ``profile`` for ``inp``; raises BuildError where moby returns an error."""
    rules = profile.linux
    assert rules is not None  # build() checked support
    c = inp.container
    # The record as stored: ContainerStart re-verifies with a nil Config (moby/moby@TAG:daemon/start.go
    # verifyContainerSettings(container.HostConfig, nil, ...)), so create's WorkingDir rules never run here.

    # populateCommonSpec, step by step (moby/moby@v1.12.0:daemon/oci_linux.go).
    if rules.link_env == "typed":
        # docker-v29.0.0: a record whose typed ports or addresses do not decode is never loaded
        check_decodes(inp)
    skip_root = rules.snapshotter_skips_root and inp.daemon.UsesSnapshotter
    if not skip_root and c.BaseFS == "":
        if rules.empty_basefs == "nil-error":
            # moby/moby@v18.03.1-ce:daemon/oci_linux.go: an unset BaseFS is a nil ContainerFS
            raise fail("basefs.nil", f"populateCommonSpec: BaseFS of container {c.ID} is unexpectedly nil")
        if rules.empty_basefs == "empty-error":
            # moby/moby@v24.0.0:daemon/oci_linux.go: BaseFS is a string again
            raise fail(
                "basefs.empty", f"populateCommonSpec: BaseFS of container {c.ID} is unexpectedly empty"
            )
    linked_env = setup_linked_containers(
        c, inp.links, endpoint_check=rules.links_endpoint_check, to_env=_link_env(inp, rules)
    )
    if rules.empty_basefs == "panic" and c.BaseFS == "":
        # moby/moby@v17.10.0-ce:daemon/oci_linux.go: c.BaseFS.Path() on a nil ContainerFS
        raise GoPanic("go.panic", "runtime error: invalid memory address or nil pointer dereference")
    if skip_root:
        # DefaultSpec's empty Root stays; the WorkingDir is neither Cleaned nor created
        root = {"path": "", "readonly": False}
        workdir = c.Config.WorkingDir
    else:
        root = {"path": c.BaseFS, "readonly": c.HostConfig.ReadonlyRootfs}
        workdir = setup_working_directory_unix(
            c.Config.WorkingDir,
            c.BaseFS,
            inp.host.Files,
            file_error=rules.workdir_file_error,
            clean_stored=rules.workdir_clean_stored,
        )
    cwd = workdir or "/"
    args = [c.Path, *c.Args]
    extra_mounts: list[dict[str, Any]] = []
    init = rules.init
    if init is not None and modes.pid_is_private(
        c.HostConfig.PidMode, knows_container=rules.pid_container_mode
    ):
        wanted = c.HostConfig.Init if c.HostConfig.Init is not None else inp.daemon.Init
        if wanted:
            args = [init.in_container_path, *(["--"] if init.separator else []), c.Path, *c.Args]
            extra_mounts.append(
                {
                    "destination": init.in_container_path,
                    "type": "bind",
                    "source": _init_path(inp, init.path_sources)
                    if init.lookup == "lookpath"
                    else _lookup_init_path(inp, prefixed=init.lookup == "libexec-prefixed"),
                    "options": ["bind", "ro"],
                }
            )
    env = create_daemon_environment_unix(c.Config, linked_env, fqdn_hostname=False)
    sysctl: dict[str, str] = {}
    if rules.domainname == "sysctl":
        # setLinuxDomainname (moby/moby@v19.03.0:daemon/oci_utils.go); s.Hostname = c.Config.Hostname
        hostname = c.Config.Hostname
        if c.Config.Domainname:
            sysctl["kernel.domainname"] = c.Config.Domainname
    else:
        hostname = full_hostname(c.Config)
    if rules.network_sysctls is not None and modes.network_is_private(c.HostConfig.NetworkMode):
        sysctl.update(_network_sysctls(inp, rules.network_sysctls))
    return serialize(
        rules,
        arch=inp.host.GOARCH,
        terminal=c.Config.Tty,
        args=args,
        env=env,
        cwd=cwd,
        root=root,
        hostname=hostname,
        extra_mounts=extra_mounts,
        sysctl=sysctl,
        extra_masked=thermal_throttle_paths(inp.host) if rules.thermal_throttle else None,
    )


#: 29.0+: setupLinkedContainers writes the link variables only when dockerd's environment has this set to "1"
#: (moby/moby@docker-v29.0.0:daemon/container_operations_unix.go).
KEEP_LEGACY_LINKS_ENV = "DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS"


def _link_env(inp: CaseInput, rules: LinuxRules) -> Callable[[str, Container, Endpoint], list[str]]:
    """The profile's ``links.EnvVars``: (alias, child, child's bridge endpoint) -> its variables."""
    if rules.link_env == "legacy":
        return legacy_to_env(rules.nat_int)
    if rules.link_env == "tcp-first":
        return lambda alias, child, ep: link_env_v28(
            alias, ep.IPAddress, child.Config.Env, child.Config.ExposedPorts
        )
    if inp.daemon.Env.get(KEEP_LEGACY_LINKS_ENV) != "1":
        return lambda _alias, _child, _ep: []
    return lambda alias, child, ep: link_env_v29(
        alias,
        parse_addr_unmapped(ep.IPAddress),
        child.Config.Env,
        [parse_port(p) for p in child.Config.ExposedPorts],
        rules.zero_port_proto,
    )


#: LookupInitPath's libexec directories, in order (moby/moby@v24.0.0:daemon/config/config_linux.go).
LIBEXEC_DIRS = (
    "/usr/local/libexec/docker",
    "/usr/libexec/docker",
    "/usr/local/lib/docker",
    "/usr/lib/docker",
)


def _lookup_init_path(inp: CaseInput, *, prefixed: bool) -> str:
    """24.0+ ``LookupInitPath``: ``InitPath`` || ``default-init`` || ``docker-init``; absolute as is.

    Otherwise ``exec.LookPath`` of ``<dir>/<binary>`` for each libexec directory (``host.LookPath`` keyed
    by that absolute path: found when the host has it as an executable), then ``exec.LookPath(binary)``
    in PATH, whose error is returned as is. ``prefixed`` (27.0+): a ``docker-*`` name is also looked
    for in ``/usr/local/libexec`` and ``/usr/libexec`` (moby/moby@v27.0.1:daemon/config/config_linux.go).
    A relative name holding a ``/`` is looked up like a bare name here (Go would stat it relative to
    dockerd's cwd): not modelled.
    """
    binary = inp.daemon.InitPath or inp.daemon.DefaultInitBinary or DEFAULT_INIT_BINARY
    if binary.startswith("/"):
        return binary
    dirs: tuple[str, ...] = LIBEXEC_DIRS
    if prefixed and binary.startswith("docker-"):
        dirs = (*dirs, "/usr/local/libexec", "/usr/libexec")
    for directory in dirs:
        found = inp.host.LookPath.get(f"{directory}/{binary}")
        if found is not None:
            return found
    found = inp.host.LookPath.get(binary)
    if found is None:
        raise fail("init.lookpath", f'exec: "{binary}": executable file not found in $PATH')
    return found


def _sysctl_exists(inp: CaseInput, name: str) -> bool:
    """``sysctlExists``: os.Stat of ``/proc/sys/<name with dots as slashes>`` on the daemon's host."""
    kind = inp.host.Files.get("/proc/sys/" + name.replace(".", "/"))
    return isinstance(kind, str)  # "file" or "dir"; absent or {"error": ...}: the stat fails


def _network_sysctls(inp: CaseInput, variant: str) -> dict[str, str]:
    """The default network sysctls of a private network namespace (moby/moby@v20.10.0:daemon/oci_linux.go).

    20.10.0-20.10.12 skip the ping range when ``UsernsMode.IsPrivate()`` (any mode but ``host``);
    20.10.13+ skip it when the daemon remaps root and the mode is private, or when dockerd itself runs
    in a user namespace (moby/moby@v20.10.13:daemon/oci_linux.go).
    """
    c = inp.container
    userns_private = c.HostConfig.UsernsMode != "host"
    if variant == "usernsmode":
        skip_ping = userns_private
    else:
        skip_ping = (inp.daemon.RemappedRoot != "" and userns_private) or inp.host.RunningInUserNS
    out: dict[str, str] = {}
    if not skip_ping and _sysctl_exists(inp, "net.ipv4.ping_group_range"):
        out["net.ipv4.ping_group_range"] = "0 2147483647"
    if _sysctl_exists(inp, "net.ipv4.ip_unprivileged_port_start"):
        out["net.ipv4.ip_unprivileged_port_start"] = "0"
    return out


def _init_path(inp: CaseInput, sources: tuple[str, ...]) -> str:
    """The init binary: configured paths (strongest first) where the profile has them, else LookPath.

    moby only calls LookPath when every configured source is empty, so a LookPath failure is an error
    only then; configured paths are never checked for existence.
    """
    configured = {"hostconfig": inp.container.HostConfig.InitPath, "daemon": inp.daemon.InitPath}
    for source in sources:
        if configured[source]:
            return configured[source]
    found = inp.host.LookPath.get(DEFAULT_INIT_BINARY)
    if found is None:
        # Go's exec.Error for exec.ErrNotFound, returned unwrapped.
        raise fail("init.lookpath", f'exec: "{DEFAULT_INIT_BINARY}": executable file not found in $PATH')
    return found

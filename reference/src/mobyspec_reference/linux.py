"""Linux ``spec``: ``oci.DefaultSpec()`` then ``populateCommonSpec``, as each profile's moby does it.

The output is the spec as it stands when populateCommonSpec returns inside ``createSpec``
(moby/moby@TAG:daemon/oci_linux.go), serialized with the JSON tags of the vendored runtime-spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mobyspec_reference import modes
from mobyspec_reference.env import create_daemon_environment_unix, full_hostname
from mobyspec_reference.errors import fail
from mobyspec_reference.links import setup_linked_containers
from mobyspec_reference.linux_shape import serialize
from mobyspec_reference.workdir import setup_working_directory_unix

if TYPE_CHECKING:
    from mobyspec_reference.inputs import CaseInput
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
    linked_env = setup_linked_containers(
        c, inp.links, endpoint_check=rules.links_endpoint_check, nat_int=rules.nat_int
    )
    root = {"path": c.BaseFS, "readonly": c.HostConfig.ReadonlyRootfs}
    workdir = setup_working_directory_unix(c.Config.WorkingDir, c.BaseFS, inp.host.Files)
    cwd = workdir or "/"
    args = [c.Path, *c.Args]
    extra_mounts: list[dict[str, Any]] = []
    init = rules.init
    if init is not None and modes.pid_is_private(
        c.HostConfig.PidMode, knows_container=rules.pid_container_mode
    ):
        wanted = c.HostConfig.Init if c.HostConfig.Init is not None else inp.daemon.Init
        if wanted:
            args = ["/dev/init", *(["--"] if init.separator else []), c.Path, *c.Args]
            extra_mounts.append(
                {
                    "destination": "/dev/init",
                    "type": "bind",
                    "source": _init_path(inp, init.path_sources),
                    "options": ["bind", "ro"],
                }
            )
    env = create_daemon_environment_unix(c.Config, linked_env, fqdn_hostname=False)
    return serialize(
        rules,
        arch=inp.host.GOARCH,
        terminal=c.Config.Tty,
        args=args,
        env=env,
        cwd=cwd,
        root=root,
        hostname=full_hostname(c.Config),
        extra_mounts=extra_mounts,
    )


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

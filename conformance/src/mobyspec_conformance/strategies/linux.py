"""Whole Linux ``spec`` inputs: the container record, the daemon settings and the host facts."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from mobyspec_conformance.strategies.blocks import (
    COMMON_UNIX_EXES,
    container_ids,
    domainnames,
    env_lists,
    hostnames,
    linked_containers,
    unix_workdirs,
)
from mobyspec_reference.linux import KEEP_LEGACY_LINKS_ENV

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Json = Any


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
            # 29.0+ writes link variables only when asked
            # (moby/moby@docker-v29.0.0:daemon/container_operations_unix.go)
            "Env": st.sampled_from(
                [{}, {KEEP_LEGACY_LINKS_ENV: "1"}, {KEEP_LEGACY_LINKS_ENV: "yes"}, {"OTHER": "1"}]
            ),
        },
    )
    return config, host_config, container, daemon


_CPU = "/sys/devices/system/cpu"


@st.composite
def linux_spec_inputs(draw: st.DrawFn, *, errors: bool = False) -> dict[str, Json]:
    """The ``input`` of a Linux ``spec`` case: container, daemon, links and host facts.

    Without ``errors``: ``docker-init`` found on ``$PATH`` whenever no init path is configured, linked
    children running on the bridge, no host files in the way (working directories may be relative), a
    BaseFS (an empty one is a nil ContainerFS from 17.10: a panic, then an error from 18.03.1).
    """
    config_st, host_config_st, container_st, daemon_st = _linux_parts()
    config = draw(config_st)
    host_config = draw(host_config_st)
    container: dict[str, Json] = draw(container_st)
    if not errors:
        container.setdefault("BaseFS", "/var/lib/docker/overlay/x/merged")
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
    if draw(st.booleans()):
        # 28.0.2+ masks each possible CPU's thermal_throttle the host has (moby/moby@v28.0.2:oci/defaults.go)
        possible = draw(st.sampled_from([None, "0-3\n", "0,2", "3-1", "x"]))
        if possible is not None:
            host["FileContents"] = {f"{_CPU}/possible": possible}
        host["NumCPU"] = draw(st.integers(1, 4))
        cpus = draw(st.sets(st.integers(0, 5), max_size=3))
        host["Files"] = host.get("Files", {}) | {
            f"{_CPU}/cpu{n}/thermal_throttle": "dir" for n in sorted(cpus)
        }
    if host:
        inp["host"] = host
    return inp

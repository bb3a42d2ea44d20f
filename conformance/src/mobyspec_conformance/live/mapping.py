"""A Linux ``spec`` case as Docker API calls: the image files, the ContainerCreate body, the daemon settings.

Pure: no engine is touched here. A case the API cannot express gets an :class:`Inexpressible` with the
reason (links, BaseFS forms, host lstat errors, another GOARCH, a record create would change such as a
generated hostname, another container to join). The record's ``Path``/``Args`` become ``Entrypoint`` =
``[Path]`` and ``Cmd`` = ``Args``: moby's create splits them back the same way
(``moby/moby@v20.10.24:daemon/create.go`` ``getEntrypointAndArgs``).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from attrs import frozen

if TYPE_CHECKING:
    from mobyspec_conformance.live.image import Kind
from mobyspec_reference.gosemantics import clean_unix

Json = Any

#: Record keys the mapping understands; any other non-empty key makes the case inexpressible.
_CONFIG_KEYS = frozenset(
    {
        "Hostname",
        "Domainname",
        "User",
        "Env",
        "Tty",
        "WorkingDir",
        "ArgsEscaped",
        "NetworkDisabled",
        "ExposedPorts",
    }
)
_HOSTCONFIG_KEYS = frozenset(
    {"ReadonlyRootfs", "PidMode", "IpcMode", "UTSMode", "NetworkMode", "Init", "InitPath"}
)
#: Network modes that need no network at all: they are all sent as ``none`` (networking is outside the
#: compared scope, and a live run must never make the engine create a bridge or touch iptables).
_PRIVATE_NETWORK_MODES = frozenset({"", "default", "bridge", "none"})


@frozen
class Settings:
    """The daemon-wide settings a case needs: the engine is (re)started once per distinct value."""

    #: dockerd ``--init``: HostConfig.Init nil means this.
    init: bool = False
    #: dockerd ``--init-path`` ("" = none, so exec.LookPath("docker-init") decides).
    init_path: str = ""
    #: Whether ``docker-init`` is on the PATH the daemon's LookPath sees.
    init_on_path: bool = True

    def describe(self) -> str:
        """The daemon settings as dockerd flags and facts (``--init``, ``--init-path P``, no docker-init)."""
        parts = ["--init"] if self.init else []
        if self.init_path:
            parts.append(f"--init-path {self.init_path}")
        if not self.init_on_path:
            parts.append("no docker-init on its PATH")
        return ", ".join(parts) or "the defaults"


@frozen
class Plan:
    """How to reproduce one case on a live engine."""

    settings: Settings
    #: Paths inside the image (relative to its root) and what they are.
    files: dict[str, Kind]
    #: The ContainerCreate body without ``Image`` and ``HostConfig.Runtime`` (the builder adds both).
    create: Json
    #: What the case says ``exec.LookPath("docker-init")`` answers (None: not found).
    lookpath_init: str | None = None


@frozen
class Inexpressible:
    """The case cannot be reproduced through the Docker API; ``reason`` says why."""

    reason: str


def _is_zero(value: Json) -> bool:
    return value in (None, "", False, 0, [], {})


def _unknown(record: Json, known: frozenset[str], where: str) -> Inexpressible | None:
    extra = sorted(k for k, v in (record or {}).items() if k not in known and not _is_zero(v))
    if extra:
        return Inexpressible(f"{where} {', '.join(extra)} not mapped to the Docker API")
    return None


def _files(base_fs: str, files: Json) -> dict[str, Kind] | Inexpressible:
    out: dict[str, Kind] = {}
    for path, kind in sorted((files or {}).items()):
        if isinstance(kind, dict):
            return Inexpressible(f"host file {path} fails lstat with {kind.get('error')!r}: not producible")
        if not path.startswith(base_fs.rstrip("/") + "/"):
            return Inexpressible(f"host file {path} lies outside BaseFS {base_fs}")
        relative = path[len(base_fs.rstrip("/")) + 1 :]
        if posixpath.normpath(relative) != relative or relative.startswith(".."):
            return Inexpressible(f"host file {path} is not a clean path below BaseFS")
        out[relative] = "dir" if kind == "dir" else "file"
    return out


def _settings(data: Json) -> Settings | Inexpressible:
    daemon = data.get("daemon") or {}
    extra = _unknown(daemon, frozenset({"Init", "InitPath"}), "daemon setting")
    if extra:
        return extra
    lookpath = (data.get("host") or {}).get("LookPath") or {}
    if lookpath.get("docker-init") == "":
        return Inexpressible(
            "LookPath answering an empty path cannot be produced (a real lookup finds a file)"
        )
    return Settings(
        init=bool(daemon.get("Init")),
        init_path=str(daemon.get("InitPath") or ""),
        init_on_path="docker-init" in lookpath,
    )


def case_machine_values(spec: Json, plan: Plan, engine_lookpath: str | None) -> Json:
    """The captured spec with the engine's LookPath answer for docker-init put back as the case's.

    The init bind mount's source is the one machine value moby takes from the host's PATH; with it
    translated, the init source compares exactly, so ``--init-path`` versus LookPath precedence shows.
    ``engine_lookpath`` None (an engine whose PATH is unknown) translates any source when the case has no
    ``--init-path`` (then moby's source can only be LookPath's answer).
    """
    if not isinstance(spec, dict) or plan.lookpath_init is None:
        return spec
    for mount in spec.get("mounts") or []:
        source = mount.get("source") if isinstance(mount, dict) else None
        if source is None or mount.get("type") != "bind" or "ro" not in (mount.get("options") or []):
            continue
        from_lookpath = source == engine_lookpath or (engine_lookpath is None and not plan.settings.init_path)
        if from_lookpath and mount.get("destination") in INIT_DESTINATIONS:
            mount["source"] = plan.lookpath_init
    return spec


#: Where engines bind-mount the init: moby 1.13-17.x ``/dev/init``, 18.06+ ``/sbin/docker-init``.
INIT_DESTINATIONS = ("/dev/init", "/sbin/docker-init")


def stored_changes(create: Json, inspected: Json) -> list[str]:
    """What create stored differently from what it was sent (empty: the record is the case's).

    A WorkingDir stored Go-Clean-ed is not a change: the spec operation Cleans it the same way.
    Example: an ``Entrypoint`` of ``[""]`` is reset to the image's (``moby/moby@v20.10.24:daemon/create.go``).
    """
    config = inspected.get("Config") or {}
    sent_args = [*create["Entrypoint"], *create["Cmd"]]
    got_args = [inspected.get("Path", ""), *(inspected.get("Args") or [])]
    changes = [] if sent_args == got_args else [f"Path/Args {sent_args!r} -> {got_args!r}"]
    for key in ("Hostname", "Domainname", "User", "Tty", "Env"):
        sent, got = create.get(key), config.get(key)
        if key == "Env":
            sent, got = sent or [], got or []
        if sent != got:
            changes.append(f"{key} {sent!r} -> {got!r}")
    workdir = create.get("WorkingDir") or ""
    stored = config.get("WorkingDir") or ""
    if stored not in (workdir, clean_unix(workdir) if workdir else ""):
        changes.append(f"WorkingDir {workdir!r} -> {stored!r}")
    return changes


def _relevant(settings: Settings, host_config: Json, daemon: Json) -> Settings:
    """Only the settings that can change this case's spec, so fewer cases need an engine restart.

    moby/moby@v20.10.24:daemon/oci_linux.go ``WithCommonOptions``: the daemon's settings feed only the
    init; ``--init`` counts only when HostConfig.Init is unset; LookPath runs only without ``--init-path``.
    """
    if not _init_requested(host_config, daemon):
        return Settings()
    return Settings(
        init=settings.init and host_config.get("Init") is None,
        init_path=settings.init_path,
        init_on_path=settings.init_on_path or bool(settings.init_path),
    )


def _init_requested(host_config: Json, daemon: Json) -> bool:
    """HostConfig.Init true, or unset with the daemon's ``--init``."""
    init = host_config.get("Init")
    return bool(init) if init is not None else bool(daemon.get("Init"))


def plan_case(data: Json, *, host_arch: str = "amd64") -> Plan | Inexpressible:
    """The plan for one Linux ``spec`` case input, or why there is none."""
    if data.get("links"):
        return Inexpressible("links need a running child container on a bridge network")
    host = data.get("host") or {}
    arch = host.get("GOARCH") or "amd64"
    if arch != host_arch:
        return Inexpressible(f"GOARCH {arch}: the engine runs on {host_arch}")
    extra_host = _unknown(host, frozenset({"GOARCH", "LookPath", "Files", "NumCPU"}), "host fact")
    if extra_host:
        return extra_host
    container = data.get("container") or {}
    base_fs = container.get("BaseFS") or ""
    # root.path is compared by shape, so a trailing slash (which only the working-directory walk sees,
    # through host.Files keyed on the Clean-ed root) is expressible; relative or unclean roots are not
    if not base_fs.startswith("/") or posixpath.normpath(base_fs) != base_fs.rstrip("/") or base_fs == "/":
        return Inexpressible(f"BaseFS {base_fs!r}: the engine always gives an absolute, clean root")
    for key in ("MountLabel", "HasBeenStartedBefore", "State", "Mounts"):
        if not _is_zero(container.get(key)):
            return Inexpressible(f"container {key} is set by the engine, not by ContainerCreate")
    config = container.get("Config") or {}
    host_config = container.get("HostConfig") or {}
    for problem in (
        _unknown(config, _CONFIG_KEYS, "Config"),
        _unknown(host_config, _HOSTCONFIG_KEYS, "HostConfig"),
    ):
        if problem:
            return problem
    if not config.get("Hostname"):
        return Inexpressible("an empty Hostname: create generates one from the container ID")
    if config.get("ArgsEscaped"):
        return Inexpressible("ArgsEscaped is Windows-only and an image-build field")
    for key in ("PidMode", "IpcMode", "UTSMode"):
        if str(host_config.get(key) or "").startswith("container:"):
            return Inexpressible(f"{key} {host_config[key]!r} needs another container")
    network_mode = str(host_config.get("NetworkMode") or "")
    if network_mode not in _PRIVATE_NETWORK_MODES:
        return Inexpressible(f"NetworkMode {network_mode!r} needs a network the run must not create")
    files = _files(base_fs, host.get("Files"))
    if isinstance(files, Inexpressible):
        return files
    settings = _settings(data)
    if isinstance(settings, Inexpressible):
        return settings
    settings = _relevant(settings, host_config, data.get("daemon") or {})
    create: dict[str, Json] = {
        "Hostname": config.get("Hostname", ""),
        "Domainname": config.get("Domainname", ""),
        "User": config.get("User", ""),
        "Env": config.get("Env"),
        "Tty": bool(config.get("Tty")),
        "WorkingDir": config.get("WorkingDir", ""),
        "Entrypoint": [container.get("Path", "")],
        "Cmd": list(container.get("Args") or []),
        "NetworkDisabled": bool(config.get("NetworkDisabled")),
    }
    if config.get("ExposedPorts"):
        create["ExposedPorts"] = config["ExposedPorts"]
    hc: dict[str, Json] = {"NetworkMode": "none", "ReadonlyRootfs": bool(host_config.get("ReadonlyRootfs"))}
    for key in ("PidMode", "IpcMode", "UTSMode"):
        if host_config.get(key):
            hc[key] = host_config[key]
    if "Init" in host_config and host_config["Init"] is not None:
        hc["Init"] = bool(host_config["Init"])
    create["HostConfig"] = hc
    lookpath = host.get("LookPath") or {}
    return Plan(settings=settings, files=files, create=create, lookpath_init=lookpath.get("docker-init"))

"""The case input as frozen values: a moby container record plus every host fact moby would look up.

Key names are Docker's own (Engine API / ``docker inspect``); an absent key is Go's zero value. The
loader has already validated the JSON against the case schema, so parsing here only fills defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import field, frozen

if TYPE_CHECKING:
    from collections.abc import Mapping

Json = Any


def _strs(value: Json) -> tuple[str, ...] | None:
    """A JSON string list, keeping Go's nil (``None``) apart from an empty slice."""
    return None if value is None else tuple(value)


@frozen
class Config:
    """``container.Config`` (API ``Config``): the fields the spec builders read."""

    Hostname: str = ""
    Domainname: str = ""
    User: str = ""
    Env: tuple[str, ...] | None = None
    Tty: bool = False
    WorkingDir: str = ""
    ArgsEscaped: bool = False
    NetworkDisabled: bool = False
    MacAddress: str = ""
    #: ``nat.PortSet`` keys in input order (moby iterates a Go map: order is not meaningful).
    ExposedPorts: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> Config:
        """Fill Go zero values for absent keys."""
        raw = raw or {}
        return cls(
            Hostname=raw.get("Hostname", ""),
            Domainname=raw.get("Domainname", ""),
            User=raw.get("User", ""),
            Env=_strs(raw.get("Env")),
            Tty=raw.get("Tty", False),
            WorkingDir=raw.get("WorkingDir", ""),
            ArgsEscaped=raw.get("ArgsEscaped", False),
            NetworkDisabled=raw.get("NetworkDisabled", False),
            MacAddress=raw.get("MacAddress", ""),
            ExposedPorts=tuple(raw.get("ExposedPorts") or {}),
        )


@frozen
class HostConfig:
    """``container.HostConfig``: the fields the spec builders and containerStart read."""

    ReadonlyRootfs: bool = False
    PidMode: str = ""
    IpcMode: str = ""
    UTSMode: str = ""
    NetworkMode: str = ""
    #: ``*bool``: None means "use the daemon's default".
    Init: bool | None = None
    InitPath: str = ""
    Isolation: str = ""
    ConsoleSize: tuple[int, int] = (0, 0)
    CPUShares: int = 0
    CPUPercent: int = 0
    CPUCount: int = 0
    NanoCPUs: int = 0
    Memory: int = 0
    IOMaximumBandwidth: int = 0
    IOMaximumIOps: int = 0
    PortBindings: Mapping[str, Json] | None = None
    #: ``map[string]string`` destination -> options, in input order (a Go map in moby).
    Tmpfs: tuple[tuple[str, str], ...] = ()
    ShmSize: int = 0

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> HostConfig:
        """Fill Go zero values for absent keys."""
        if not raw:
            return _ZERO_HOST_CONFIG
        console = raw.get("ConsoleSize") or (0, 0)
        return cls(
            ReadonlyRootfs=raw.get("ReadonlyRootfs", False),
            PidMode=raw.get("PidMode", ""),
            IpcMode=raw.get("IpcMode", ""),
            UTSMode=raw.get("UTSMode", ""),
            NetworkMode=raw.get("NetworkMode", ""),
            Init=raw.get("Init"),
            InitPath=raw.get("InitPath", ""),
            Isolation=raw.get("Isolation", ""),
            ConsoleSize=(console[0], console[1]),
            CPUShares=raw.get("CPUShares", 0),
            CPUPercent=raw.get("CPUPercent", 0),
            CPUCount=raw.get("CPUCount", 0),
            NanoCPUs=raw.get("NanoCPUs", 0),
            Memory=raw.get("Memory", 0),
            IOMaximumBandwidth=raw.get("IOMaximumBandwidth", 0),
            IOMaximumIOps=raw.get("IOMaximumIOps", 0),
            PortBindings=raw.get("PortBindings"),
            Tmpfs=tuple((raw.get("Tmpfs") or {}).items()),
            ShmSize=raw.get("ShmSize", 0),
        )


#: The zero values shared by every record that leaves them out (frozen, so sharing cannot leak a change).
_ZERO_HOST_CONFIG = HostConfig()


@frozen
class Endpoint:
    """One ``NetworkSettings.Networks`` entry; ``None`` in the map models a nil entry."""

    IPAddress: str = ""
    #: False models moby 1.13's wrapper whose ``EndpointSettings`` pointer is nil.
    EndpointSettings: bool = True

    @classmethod
    def parse(cls, raw: Mapping[str, Json]) -> Endpoint:
        """Fill Go zero values for absent keys."""
        return cls(IPAddress=raw.get("IPAddress", ""), EndpointSettings=raw.get("EndpointSettings", True))


@frozen
class State:
    """``container.State``: what containerStart checks and changes."""

    Running: bool = False
    Paused: bool = False
    Restarting: bool = False
    Dead: bool = False
    RemovalInProgress: bool = False
    ExitCode: int = 0
    Error: str = ""

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> State:
        """Fill Go zero values for absent keys."""
        if not raw:
            return _ZERO_STATE
        return cls(
            Running=raw.get("Running", False),
            Paused=raw.get("Paused", False),
            Restarting=raw.get("Restarting", False),
            Dead=raw.get("Dead", False),
            RemovalInProgress=raw.get("RemovalInProgress", False),
            ExitCode=raw.get("ExitCode", 0),
            Error=raw.get("Error", ""),
        )


_ZERO_STATE = State()


@frozen
class MountPoint:
    """One resolved mount as moby's ``setupMounts`` returns it (plus the volume facts Windows reads)."""

    Destination: str
    Source: str = ""
    Writable: bool = True
    Propagation: str = ""
    Name: str = ""
    Driver: str = ""

    @classmethod
    def parse(cls, raw: Mapping[str, Json]) -> MountPoint:
        """Fill Go zero values for absent keys."""
        return cls(
            Destination=raw["Destination"],
            Source=raw.get("Source", ""),
            Writable=raw.get("Writable", True),
            Propagation=raw.get("Propagation", ""),
            Name=raw.get("Name", ""),
            Driver=raw.get("Driver", ""),
        )


@frozen
class Container:
    """``container.Container``: the record a spec is built from."""

    ID: str = ""
    Name: str = ""
    Path: str = ""
    Args: tuple[str, ...] = ()
    BaseFS: str = ""
    ImageID: str = ""
    MountLabel: str = ""
    HasBeenStartedBefore: bool = False
    #: The ``/dev/shm`` source its last start chose (read when another container joins its IPC).
    ShmPath: str = ""
    Config: Config = field(factory=Config)
    HostConfig: HostConfig = field(factory=HostConfig)
    #: ``NetworkSettings.Networks``: network name -> endpoint, ``None`` for a nil entry; input order.
    Networks: tuple[tuple[str, Endpoint | None], ...] = ()
    State: State = field(factory=State)
    Mounts: tuple[MountPoint, ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Json]) -> Container:
        """Fill Go zero values for absent keys."""
        networks = ((raw.get("NetworkSettings") or {}).get("Networks")) or {}
        return cls(
            ID=raw.get("ID", ""),
            Name=raw.get("Name", ""),
            Path=raw.get("Path", ""),
            Args=tuple(raw.get("Args") or ()),
            BaseFS=raw.get("BaseFS", ""),
            ImageID=raw.get("ImageID", ""),
            MountLabel=raw.get("MountLabel", ""),
            HasBeenStartedBefore=raw.get("HasBeenStartedBefore", False),
            ShmPath=raw.get("ShmPath", ""),
            Config=Config.parse(raw.get("Config")),
            HostConfig=HostConfig.parse(raw.get("HostConfig")),
            Networks=tuple(
                (name, None if ep is None else Endpoint.parse(ep)) for name, ep in networks.items()
            )
            if networks
            else (),
            State=State.parse(raw.get("State")),
            Mounts=tuple(MountPoint.parse(m) for m in mounts) if (mounts := raw.get("Mounts")) else (),
        )

    def network(self, name: str) -> tuple[bool, Endpoint | None]:
        """``NetworkSettings.Networks[name]`` as Go's two-value map read: (present, entry)."""
        for key, ep in self.Networks:
            if key == name:
                return True, ep
        return False, None


@frozen
class Link:
    """One link of the container: the full link name (``/web/db``) and the linked child's record."""

    Alias: str
    Container: Container


@frozen
class Daemon:
    """dockerd settings, by their config names."""

    Init: bool = False
    InitPath: str = ""
    DefaultIsolation: str = ""
    RemappedRoot: str = ""
    BridgeIface: str = ""
    #: ``--graph``: containers live in ``<Root>/containers/<ID>``.
    Root: str = "/var/lib/docker"
    #: Whether the daemon has a libnetwork controller (Windows 1.11: false on TP4 hosts).
    NetController: bool = True
    #: Go's ``%s`` rendering of ``daemon.layerStore``, printed by the Windows layer-path error.
    LayerStore: str = ""
    #: ``(ContainerID, HostID, Size)`` ranges of the user-namespace remapping, in list order.
    UIDMaps: tuple[tuple[int, int, int], ...] = ()
    GIDMaps: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> Daemon:
        """Fill Go zero values for absent keys."""
        raw = raw or {}

        def idmaps(key: str) -> tuple[tuple[int, int, int], ...]:
            return tuple((m["ContainerID"], m["HostID"], m["Size"]) for m in raw.get(key) or ())

        return cls(
            Init=raw.get("Init", False),
            InitPath=raw.get("InitPath", ""),
            DefaultIsolation=raw.get("DefaultIsolation", ""),
            RemappedRoot=raw.get("RemappedRoot", ""),
            BridgeIface=raw.get("BridgeIface", ""),
            Root=raw.get("Root", "/var/lib/docker"),
            NetController=raw.get("NetController", True),
            LayerStore=raw.get("LayerStore", ""),
            UIDMaps=idmaps("UIDMaps"),
            GIDMaps=idmaps("GIDMaps"),
        )


@frozen
class Host:
    """What moby would look up on the host, stated explicitly."""

    GOARCH: str = "amd64"
    NumCPU: int = 1
    #: ``os.Hostname()``.
    Hostname: str = ""
    #: ``exec.LookPath``: name -> absolute path; an absent name is not found.
    LookPath: Mapping[str, str] = field(factory=dict)
    #: Paths that exist on the host -> "file" | "dir" | {"error": text} (a stat error other than not-exist).
    Files: Mapping[str, Json] = field(factory=dict)

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> Host:
        """Fill defaults for absent keys."""
        raw = raw or {}
        return cls(
            GOARCH=raw.get("GOARCH", "amd64"),
            NumCPU=raw.get("NumCPU", 1),
            Hostname=raw.get("Hostname", ""),
            LookPath=dict(raw.get("LookPath") or {}),
            Files=dict(raw.get("Files") or {}),
        )


@frozen
class CaseInput:
    """The whole ``input`` object of a case."""

    container: Container
    daemon: Daemon
    links: tuple[Link, ...]
    host: Host
    #: Windows world facts, kept as JSON (``image``, ``layers``, ``rwLayer``, ``endpoints``).
    image: Mapping[str, Json] | None
    layers: Mapping[str, Json]
    rwLayer: Mapping[str, Json] | None  # noqa: N815 - the case format's key
    endpoints: Mapping[str, Json]
    #: start-operation fault injection: step name -> error text.
    faults: Mapping[str, Json]
    #: API request facts of the start operation (for example a start-time HostConfig).
    request: Mapping[str, Json]
    #: The daemon's other containers (start: ``container:<name>`` IPC and network modes).
    containers: tuple[Container, ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Json]) -> CaseInput:
        """Parse a validated ``input`` object."""
        return cls(
            container=Container.parse(raw.get("container") or {}),
            daemon=Daemon.parse(raw.get("daemon")),
            links=tuple(
                Link(Alias=link["Alias"], Container=Container.parse(link["Container"]))
                for link in raw.get("links") or ()
            ),
            host=Host.parse(raw.get("host")),
            image=raw.get("image"),
            layers=raw.get("layers") or {},
            rwLayer=raw.get("rwLayer"),
            endpoints=raw.get("endpoints") or {},
            faults=raw.get("faults") or {},
            request=raw.get("request") or {},
            containers=tuple(Container.parse(c) for c in raw.get("containers") or ()),
        )

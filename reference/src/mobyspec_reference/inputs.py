"""The case input as frozen values: a moby container record plus every host fact moby would look up.

Key names are Docker's own (Engine API / ``docker inspect``); an absent key is Go's zero value. The
loader has already validated the JSON against the case schema, so parsing here only fills defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from attrs import field, frozen

if TYPE_CHECKING:
    from collections.abc import Mapping

Json = Any
_R = TypeVar("_R")


def _strs(value: Json) -> tuple[str, ...] | None:
    """A JSON string list, keeping Go's nil (``None``) apart from an empty slice."""
    return None if value is None else tuple(value)


def _fields(cls: type, raw: Mapping[str, Json], names: frozenset[str]) -> dict[str, Json]:
    """Every field of ``cls``: its default (Go's zero value) unless ``raw`` states it among ``names``.

    Equals ``raw.get(name, default)`` for each field, but walks only the keys a case states (a few of
    each record's ten to twenty fields). The caller converts the fields that are not plain JSON values.
    """
    fields = _DEFAULTS[cls].copy()
    for key, value in raw.items():
        if key in names:
            fields[key] = value
    return fields


def _plain(cls: type, *converted: str) -> frozenset[str]:
    """The fields of ``cls`` taken from a case as they are: all but the ``converted`` ones parse builds."""
    return frozenset(f.name for f in attrs.fields(cls)) - frozenset(converted)


def _make(cls: type[_R], fields: dict[str, Json]) -> _R:
    """A record of ``cls`` holding ``fields`` (every one of its fields), without calling ``__init__``.

    attrs' ``__init__`` of a frozen class writes each field through ``object.__setattr__``; the records
    built here keep their fields in the instance ``__dict__`` (``slots=False``), so handing over one dict
    makes the record. Equality, ``repr`` and ``evolve`` are attrs' as usual.
    """
    record = object.__new__(cls)
    object.__setattr__(record, "__dict__", fields)
    return record


@frozen(slots=False)  # built by _make
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
        fields = _fields(cls, raw, _CONFIG_PLAIN)
        if "Env" in raw:
            fields["Env"] = _strs(raw["Env"])
        if "ExposedPorts" in raw:
            fields["ExposedPorts"] = tuple(raw["ExposedPorts"] or {})
        return _make(cls, fields)


_CONFIG_PLAIN = _plain(Config, "Env", "ExposedPorts")


@frozen(slots=False)  # built by _make
class HostConfig:
    """``container.HostConfig``: the fields the spec builders and containerStart read."""

    ReadonlyRootfs: bool = False
    PidMode: str = ""
    IpcMode: str = ""
    UTSMode: str = ""
    NetworkMode: str = ""
    #: ``UsernsMode`` (``host`` or empty): read by the network sysctls of 20.10+.
    UsernsMode: str = ""
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
    #: ``[]string``, Go's nil (``None``) kept apart from an empty list: start's adaptContainerSettings
    #: fills a nil SecurityOpt through generateSecurityOpt, which looks up the IPC container.
    SecurityOpt: tuple[str, ...] | None = None
    #: ``--dns-search`` of the container (Windows 17.09+: ``windows.network.DNSSearchList``).
    DNSSearch: tuple[str, ...] = ()
    #: ``--device`` mappings' ``PathOnHost``, in order (Windows 19.03+: ``class/<GUID>``).
    Devices: tuple[str, ...] = ()
    #: ``--annotation`` key/value pairs, in input order (Windows 24.0+: ``annotations``).
    Annotations: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> HostConfig:
        """Fill Go zero values for absent keys."""
        if not raw:
            return _ZERO_HOST_CONFIG
        fields = _fields(cls, raw, _HOST_CONFIG_PLAIN)
        if "SecurityOpt" in raw:
            fields["SecurityOpt"] = _strs(raw["SecurityOpt"])
        if "ConsoleSize" in raw:
            console = raw["ConsoleSize"] or (0, 0)
            fields["ConsoleSize"] = (console[0], console[1])
        if "Tmpfs" in raw:
            fields["Tmpfs"] = tuple((raw["Tmpfs"] or {}).items())
        if "DNSSearch" in raw:
            fields["DNSSearch"] = tuple(raw["DNSSearch"] or ())
        if "Annotations" in raw:
            fields["Annotations"] = tuple((raw["Annotations"] or {}).items())
        if "Devices" in raw:
            fields["Devices"] = tuple(d.get("PathOnHost", "") for d in raw["Devices"] or ())
        return _make(cls, fields)


_HOST_CONFIG_PLAIN = _plain(
    HostConfig, "ConsoleSize", "Tmpfs", "SecurityOpt", "DNSSearch", "Devices", "Annotations"
)
#: The zero values shared by every record that leaves them out (frozen, so sharing cannot leak a change).
_ZERO_HOST_CONFIG = HostConfig()


@frozen(slots=False)  # built by _make
class Endpoint:
    """One ``NetworkSettings.Networks`` entry; ``None`` in the map models a nil entry."""

    IPAddress: str = ""
    #: False models moby 1.13's wrapper whose ``EndpointSettings`` pointer is nil.
    EndpointSettings: bool = True

    @classmethod
    def parse(cls, raw: Mapping[str, Json]) -> Endpoint:
        """Fill Go zero values for absent keys."""
        return _make(cls, _fields(cls, raw, _ENDPOINT_PLAIN))


_ENDPOINT_PLAIN = _plain(Endpoint)


@frozen(slots=False)  # built by _make
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
        return _make(cls, _fields(cls, raw, _STATE_PLAIN))


_STATE_PLAIN = _plain(State)
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


@frozen(slots=False)  # built by _make
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
    #: 1.10.0 only: the ``/dev/mqueue`` source its last start chose (read when another joins its IPC).
    MqueuePath: str = ""
    Config: Config = field(factory=Config)
    HostConfig: HostConfig = field(factory=HostConfig)
    #: ``NetworkSettings.Networks``: network name -> endpoint, ``None`` for a nil entry; input order.
    Networks: tuple[tuple[str, Endpoint | None], ...] = ()
    State: State = field(factory=State)
    Mounts: tuple[MountPoint, ...] = ()
    #: Windows ``container:<id>`` network mode (17.09+): the joined container's ID and HNS endpoints,
    #: as containerStart's initializeNetworking leaves them.
    NetworkSharedContainerID: str = ""
    SharedEndpointList: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Json]) -> Container:
        """Fill Go zero values for absent keys."""
        fields = _fields(cls, raw, _CONTAINER_PLAIN)
        if "Args" in raw:
            fields["Args"] = tuple(raw["Args"] or ())
        if "SharedEndpointList" in raw:
            fields["SharedEndpointList"] = tuple(raw["SharedEndpointList"] or ())
        fields["Config"] = Config.parse(raw.get("Config"))
        fields["HostConfig"] = HostConfig.parse(raw.get("HostConfig"))
        if networks := (raw.get("NetworkSettings") or {}).get("Networks"):
            fields["Networks"] = tuple(
                (name, None if ep is None else Endpoint.parse(ep)) for name, ep in networks.items()
            )
        fields["State"] = State.parse(raw.get("State"))
        if mounts := raw.get("Mounts"):
            fields["Mounts"] = tuple(MountPoint.parse(m) for m in mounts)
        return _make(cls, fields)

    def network(self, name: str) -> tuple[bool, Endpoint | None]:
        """``NetworkSettings.Networks[name]`` as Go's two-value map read: (present, entry)."""
        for key, ep in self.Networks:
            if key == name:
                return True, ep
        return False, None


_CONTAINER_PLAIN = _plain(
    Container, "Args", "Config", "HostConfig", "Mounts", "Networks", "State", "SharedEndpointList"
)


@frozen
class Link:
    """One link of the container: the full link name (``/web/db``) and the linked child's record."""

    Alias: str
    Container: Container


@frozen(slots=False)  # built by _make
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
    #: ``default-init``: the init binary name LookupInitPath uses when InitPath is empty (24.0+).
    DefaultInitBinary: str = ""
    #: The containerd snapshotter feature (``daemon.UsesSnapshotter()``, 24.0.0-24.0.2 skip root).
    UsesSnapshotter: bool = False
    #: ``(ContainerID, HostID, Size)`` ranges of the user-namespace remapping, in list order.
    UIDMaps: tuple[tuple[int, int, int], ...] = ()
    GIDMaps: tuple[tuple[int, int, int], ...] = ()
    #: ``--dns-search`` of the daemon, used when the container has none (Windows 17.09+).
    DNSSearch: tuple[str, ...] = ()
    #: dockerd's own environment (``os.Getenv``): name -> value; 29.0+ reads
    #: ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS``.
    Env: Mapping[str, str] = field(factory=dict)

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> Daemon:
        """Fill Go zero values for absent keys."""
        if not raw:
            return _DEFAULT_DAEMON
        fields = _fields(cls, raw, _DAEMON_PLAIN)
        fields["DNSSearch"] = tuple(raw.get("DNSSearch") or ())
        fields["Env"] = dict(raw.get("Env") or {})
        fields["UIDMaps"] = _idmaps(raw.get("UIDMaps"))
        fields["GIDMaps"] = _idmaps(raw.get("GIDMaps"))
        return _make(cls, fields)


def _idmaps(raw: Json) -> tuple[tuple[int, int, int], ...]:
    """``idtools.IDMap`` ranges as (ContainerID, HostID, Size), in list order."""
    return tuple((m["ContainerID"], m["HostID"], m["Size"]) for m in raw or ())


_DAEMON_PLAIN = _plain(Daemon, "GIDMaps", "UIDMaps", "DNSSearch", "Env")
_DEFAULT_DAEMON = Daemon()


@frozen(slots=False)  # built by _make
class Host:
    """What moby would look up on the host, stated explicitly."""

    GOARCH: str = "amd64"
    NumCPU: int = 1
    #: ``os.Hostname()``.
    Hostname: str = ""
    #: ``os.Getwd()`` of dockerd: what ``filepath.Abs`` resolves a relative daemon root against.
    Cwd: str = "/"
    #: ``exec.LookPath``: name -> absolute path; an absent name is not found.
    LookPath: Mapping[str, str] = field(factory=dict)
    #: Paths that exist on the host -> "file" | "dir" | {"error": text} (a stat error other than not-exist).
    Files: Mapping[str, Json] = field(factory=dict)
    #: ``userns.RunningInUserNS()``: dockerd itself runs in a user namespace (20.10.13+ network sysctls).
    RunningInUserNS: bool = False
    #: ``ioutil.ReadFile``: host path -> the file's text | {"error": text}; an absent path does not exist.
    FileContents: Mapping[str, Json] = field(factory=dict)
    #: HKLM's CredentialSpecs key (Windows 17.09+): value name -> string | {"error": text}; the whole
    #: key {"error": text} when it cannot be opened. An absent name is ``registry.ErrNotExist``.
    CredentialSpecRegistry: Mapping[str, Json] = field(factory=dict)
    #: ``system.GetOSVersion().Build`` of the Windows host (19.03+ device assignment needs 17763).
    OSBuild: int = 0

    @classmethod
    def parse(cls, raw: Mapping[str, Json] | None) -> Host:
        """Fill defaults for absent keys."""
        raw = raw or {}
        fields = _fields(cls, raw, _HOST_PLAIN)
        fields["LookPath"] = dict(raw.get("LookPath") or {})
        fields["Files"] = dict(raw.get("Files") or {})
        fields["FileContents"] = dict(raw.get("FileContents") or {})
        fields["CredentialSpecRegistry"] = dict(raw.get("CredentialSpecRegistry") or {})
        return _make(cls, fields)


_HOST_PLAIN = _plain(Host, "Files", "LookPath", "FileContents", "CredentialSpecRegistry")


@frozen(slots=False)  # built by _make
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
        fields = {
            "container": Container.parse(raw.get("container") or {}),
            "daemon": Daemon.parse(raw.get("daemon")),
            "links": tuple(
                Link(Alias=link["Alias"], Container=Container.parse(link["Container"])) for link in links
            )
            if (links := raw.get("links"))
            else (),
            "host": Host.parse(raw.get("host")),
            "image": raw.get("image"),
            "layers": raw.get("layers") or {},
            "rwLayer": raw.get("rwLayer"),
            "endpoints": raw.get("endpoints") or {},
            "faults": raw.get("faults") or {},
            "request": raw.get("request") or {},
            "containers": tuple(Container.parse(c) for c in containers)
            if (containers := raw.get("containers"))
            else (),
        }
        return _make(cls, fields)


#: The defaults :func:`_fields` starts from, per record class: the fields of one made by attrs' __init__.
#: Host.parse states its two dicts, so no mutable default is shared.
_DEFAULTS: dict[type, dict[str, Json]] = {
    cls: attrs.asdict(cls(), recurse=False)
    for cls in (Config, HostConfig, Endpoint, State, Container, Daemon, Host)
}

"""Start cases (``start/...``): hand-named anchors for every containerStart rule, plus a state x fault matrix.

Anchors (``start/<area>/<name>``) pin one rule each and cite its moby source. The matrix
(``start/matrix/<profile>/<state>.<fault>``) crosses the container states a start can meet with the
faults a start can hit, per profile, because the runtime fault steps differ (1.10 execdriver, 1.11
containerd).

Determinism: a case has at most one ``HostConfig.Tmpfs`` entry unless it is about tmpfs order (the
runner compares the tmpfs mounts order-free) and at most one link.
"""

from __future__ import annotations

from typing import Any

from tools.corpus.common import LINUX_CONTAINER, case, merge, ref
from tools.corpus.windows_base import windows_input

Json = Any

_START_110 = ref("v1.10.3", "daemon/start.go")
_START_111 = ref("v1.11.2", "daemon/start.go")
_START = [_START_110, _START_111]
_MONITOR_110 = ref("v1.10.3", "container/monitor.go")
_MONITOR_111 = ref("v1.11.2", "daemon/monitor.go")
_ERRORS_110 = ref("v1.10.3", "errors/daemon.go")
_ERRCODE = ref("v1.10.3", "vendor/src/github.com/docker/distribution/registry/api/errcode/errors.go")
_OPS_110 = ref("v1.10.3", "daemon/container_operations_unix.go")
_OPS_111 = ref("v1.11.2", "daemon/container_operations_unix.go")
_NET_111 = ref("v1.11.2", "daemon/container_operations.go")
_CONTAINER_UNIX_110 = ref("v1.10.3", "container/container_unix.go")
_CONTAINER_UNIX_111 = ref("v1.11.2", "container/container_unix.go")
_OCI_111 = ref("v1.11.2", "daemon/oci_linux.go")
_STATE = [ref("v1.10.3", "container/state.go"), ref("v1.11.2", "container/state.go")]
_LOOKUP = [ref("v1.10.3", "daemon/daemon.go"), ref("v1.11.2", "daemon/daemon.go")]
_TRUNCINDEX = [ref("v1.10.3", "pkg/truncindex/truncindex.go"), ref("v1.11.2", "pkg/truncindex/truncindex.go")]
_LIBCONTAINERD = ref("v1.11.2", "libcontainerd/container_linux.go")
# The API entry's IPC lookup (adaptContainerSettings -> generateSecurityOpt -> GetContainer), by line.
_SECOPT = [
    ref("v1.10.3", "daemon/start.go#L65"),
    ref("v1.10.3", "daemon/daemon_unix.go#L204-L209"),
    ref("v1.10.3", "daemon/create.go#L134-L147"),
    ref("v1.11.2", "daemon/start.go#L71"),
    ref("v1.11.2", "daemon/daemon_unix.go#L300-L305"),
    ref("v1.11.2", "daemon/create.go#L135-L148"),
]
_IPC_CONTAINER = [
    ref("v1.10.3", "vendor/src/github.com/docker/engine-api/types/container/host_config.go#L60-L66"),
    ref("v1.11.2", "vendor/src/github.com/docker/engine-api/types/container/host_config.go#L60-L66"),
]
# The first getIpcContainer of containerStart: 1.10 populateCommand (after ShmPath is set), 1.11
# createSpec's setNamespaces (before setupIpcDirs; "linux spec namespaces: %v").
_IPC_JOIN = [
    ref("v1.10.3", "daemon/container_operations_unix.go#L91-L102"),
    ref("v1.10.3", "daemon/container_operations_unix.go#L960-L970"),
    ref("v1.11.2", "daemon/oci_linux.go#L623-L635"),
    ref("v1.11.2", "daemon/oci_linux.go#L277-L281"),
    ref("v1.11.2", "daemon/container_operations_unix.go#L170-L183"),
]
# IsRunning takes State's mutex, which Container.Lock (the embedded *State) holds during containerStart.
_SELF_LOCK = [
    ref("v1.10.3", "daemon/start.go#L82"),
    ref("v1.10.3", "container/state.go#L160-L165"),
    ref("v1.10.3", "container/container.go#L39"),
    ref("v1.11.2", "daemon/start.go#L88"),
    ref("v1.11.2", "container/state.go#L158-L163"),
    ref("v1.11.2", "container/container.go#L55"),
]
# GetContainer(""): 1.10 and 1.11.0 reach GetByName's name[0]; 1.11.1+ refuse an empty name first
# (commit 45730a4584).
_EMPTY_NAME = [
    ref("v1.10.3", "daemon/daemon.go#L142-L149"),
    ref("v1.10.3", "daemon/daemon.go#L527-L531"),
    ref("v1.11.0", "daemon/daemon.go#L142-L152"),
    ref("v1.11.0", "daemon/daemon.go#L534-L537"),
    ref("v1.11.2", "daemon/daemon.go#L142-L145"),
]
# ShmResourcePath -> GetRootResourcePath -> FollowSymlinkInScope's filepath.Abs; NewDaemon keeps a
# --graph that does not exist yet as given.
_SHM_ABS = [
    ref("v1.10.3", "container/container_unix.go#L529-L531"),
    ref("v1.10.3", "container/container.go#L219-L224"),
    ref("v1.10.3", "pkg/symlink/fs.go#L21-L31"),
    ref("v1.10.3", "daemon/daemon.go#L630-L638"),
    ref("v1.11.2", "container/container_unix.go#L193-L195"),
    ref("v1.11.2", "container/container.go#L268-L273"),
    ref("v1.11.2", "pkg/symlink/fs.go#L21-L31"),
    ref("v1.11.2", "daemon/daemon.go#L674-L682"),
]

#: Paths inside the container (mount destinations), never files this script touches.
SHM = "/dev/shm"  # noqa: S108 - a container mount destination
MQUEUE = "/dev/mqueue"
#: 1.10.0's daemon-side mqueue: MqueuePath in populateCommand, the mount in setupIpcDirs, IpcMounts' entry.
_MQUEUE_110 = [
    ref("v1.10.0", "daemon/container_operations_unix.go#L89-L121"),
    ref("v1.10.0", "daemon/container_operations_unix.go#L1035-L1076"),
    ref("v1.10.0", "container/container_unix.go#L534-L537"),
    ref("v1.10.0", "container/container_unix.go#L584-L607"),
]
TMP = "/tmp"  # noqa: S108 - a container mount destination
OTHER_ID = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"
OTHER_ID2 = "9e8d7c6b5a4f00000000000000000000000000000000000000000000000000aa"

#: A running container other cases join (``--net``/``--ipc container:db``).
DB = {
    "ID": OTHER_ID,
    "Name": "/db",
    "Path": "postgres",
    "Config": {"Hostname": "dbhost", "Domainname": "example.org"},
    "State": {"Running": True},
    "ShmPath": f"/var/lib/docker/containers/{OTHER_ID}/shm",
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}},
}

NOT_FOUND = 'exec: "sh": executable file not found in $PATH'
ENOENT = "open /var/run/docker/libcontainerd/x/config.json: no such file or directory"
WIN_NOT_FOUND = "The system cannot find the file specified."
EACCES = 'exec: "sh": permission denied'
OTHER = "oci runtime error: could not synchronise with container process"


def _start(
    case_id: str,
    description: str,
    features: list[str],
    *,
    container: Json | None = None,
    refs: list[str] | None = None,
    profiles: list[str] | None = None,
    platform: str = "linux",
    **world: Json,
) -> Json:
    inp: dict[str, Json] = {"container": merge(LINUX_CONTAINER, container or {})}
    inp.update(world)
    return case(
        f"start/{case_id}",
        description,
        platform=platform,
        operation="start",
        features=features,
        inp=inp,
        refs=refs or _START,
        profiles=profiles,
    )


#: The profiles of each runtime era, which share its runtime-specific cases (the era's runtime fault step):
#: 1.10 the execdriver (1.10.0 as 1.10.1+ but for its mqueue), 1.11 containerd (1.11.0 as 1.11.1+ but
#: for GetContainer(""), start_rules.py).
_ERA = {"1.10": ["1.10.0", "1.10"], "1.11": ["1.11.0", "1.11"]}


def _runtime_fault(profile: str, text: str) -> Json:
    """The runtime step of this profile fails with ``text``."""
    return {"execdriverRun" if profile == "1.10" else "containerdCreate": text}


def _api() -> list[Json]:
    err = ["start-api-checks", "error"]
    return [
        _start(
            "api/paused",
            "a paused (and running) container: Cannot start a paused container",
            err,
            container={"State": {"Running": True, "Paused": True}},
            refs=[*_START, _ERRORS_110],
        ),
        _start(
            "api/paused-checked-before-running",
            "Paused is checked before Running: a paused record gives the paused error even if not running",
            err,
            container={"State": {"Paused": True}},
        ),
        _start(
            "api/already-started",
            "a running container through the API: Container already started (HTTP 304)",
            err,
            container={"State": {"Running": True}},
            refs=[*_START, _ERRORS_110],
        ),
        _start(
            "api/already-started-beats-removal",
            "running and marked for removal: the API's running check answers first",
            err,
            container={"State": {"Running": True, "RemovalInProgress": True}},
        ),
        _start(
            "api/hostconfig-replaces",
            "a start-time HostConfig replaces HostConfig; a new NetworkMode drops networks: links skipped",
            ["start-api-checks", "start-hostconfig", "start-links", "start-netmode"],
            request={"HostConfig": {"NetworkMode": "host"}},
            host={"Hostname": "node1"},
            links=[{"Alias": "/web/db", "Container": merge(DB, {"State": {"Running": False}})}],
        ),
        _start(
            "api/hostconfig-same-netmode-keeps-networks",
            "a start-time HostConfig with the same NetworkMode keeps the networks: a stopped child fails",
            ["start-api-checks", "start-hostconfig", "start-links", "start-deferred-handler"],
            request={"HostConfig": {"NetworkMode": "default", "ShmSize": 1048576}},
            links=[{"Alias": "/web/db", "Container": merge(DB, {"State": {"Running": False}})}],
        ),
        _start(
            "api/hostconfig-same-netmode-applies",
            "a start-time HostConfig with an unchanged NetworkMode still replaces HostConfig: ShmSize used",
            ["start-api-checks", "start-hostconfig", "start-ipc"],
            request={"HostConfig": {"NetworkMode": "default", "ShmSize": 1048576}},
        ),
        _start(
            "api/hostconfig-null-is-none",
            "a null start-time HostConfig is no HostConfig: the record's HostConfig stays",
            ["start-api-checks", "start-hostconfig"],
            container={"HostConfig": {"ShmSize": 2097152}},
            request={"HostConfig": None},
        ),
        _start(
            "api/internal-entry-skips-paused-check",
            "containerStart called directly (restart, restore) has no paused check: SetRunning clears Paused",
            ["start-guard", "start-api-checks"],
            container={"State": {"Paused": True}},
            request={"entry": "containerStart"},
        ),
    ]


def _guard() -> list[Json]:
    return [
        _start(
            "guard/running-internal-noop",
            "containerStart on a running container returns nil: nothing changes, no event",
            ["start-guard", "start-events"],
            container={"State": {"Running": True, "ExitCode": 0, "Error": "old"}},
            request={"entry": "containerStart"},
        ),
        _start(
            "guard/running-beats-dead-internal",
            "running is checked before removal/dead inside containerStart",
            ["start-guard"],
            container={"State": {"Running": True, "Dead": True}},
            request={"entry": "containerStart"},
        ),
        _start(
            "guard/removal-in-progress",
            "removal in progress: the error comes before the deferred handler, so no exit code and no die",
            ["start-guard", "error"],
            container={"State": {"RemovalInProgress": True}},
            refs=[*_START, _ERRORS_110],
        ),
        _start(
            "guard/dead",
            "a dead container cannot be started: same error, nothing changes",
            ["start-guard", "error"],
            container={"State": {"Dead": True, "ExitCode": 0}},
        ),
        _start(
            "guard/dead-internal",
            "the guard applies to internal callers too",
            ["start-guard", "error"],
            container={"State": {"Dead": True}},
            request={"entry": "containerStart"},
        ),
        _start(
            "guard/dead-before-faults",
            "dead with every fault injected: the guard returns first, no fault is reached",
            ["start-guard", "error"],
            container={"State": {"Dead": True}},
            faults={"mountRootfs": "boom", "allocateNetwork": "boom"},
        ),
    ]


def _handler() -> list[Json]:
    h = ["start-deferred-handler", "start-events", "start-faults"]
    return [
        _start(
            "handler/mount-rootfs-exit-128",
            "a failed rootfs mount: Error is the text, ExitCode 0 becomes 128, cleanup, die",
            h,
            faults={
                "mountRootfs": "error creating overlay mount to /var/lib/docker/overlay/x/merged: device busy"
            },
        ),
        _start(
            "handler/exit-code-kept",
            "a non-zero ExitCode from the last run is kept (only 0 becomes 128); die reports it",
            h,
            container={"State": {"ExitCode": 3}},
            faults={"mountRootfs": "mount failed"},
        ),
        _start(
            "handler/negative-exit-code-kept",
            "ExitCode -1 is non-zero: kept",
            h,
            container={"State": {"ExitCode": -1}},
            faults={"mountRootfs": "mount failed"},
        ),
        _start(
            "handler/previous-error-replaced",
            "SetError replaces the previous State.Error",
            h,
            container={"State": {"ExitCode": 128, "Error": "an older failure"}},
            faults={"allocateNetwork": "no available IPv4 addresses on this network's address pools"},
        ),
        _start(
            "handler/allocate-network",
            "initializeNetworking fails after SetDefaultNetModeIfBlank: the record keeps the defaulted mode",
            [*h, "start-netmode"],
            container={"HostConfig": {"NetworkMode": ""}},
            faults={"allocateNetwork": "failed to create endpoint web on network bridge"},
        ),
        _start(
            "handler/netmode-not-defaulted-before-mount",
            "the rootfs mount fails before SetDefaultNetModeIfBlank: NetworkMode stays empty",
            [*h, "start-netmode"],
            container={"HostConfig": {"NetworkMode": ""}},
            faults={"mountRootfs": "mount failed"},
        ),
        _start(
            "handler/unused-fault-ignored",
            "a fault of a step that is never reached changes nothing (shm with a user /dev/shm mount)",
            ["start-faults", "start-ipc"],
            container={"Mounts": [{"Source": "/srv/shm", "Destination": SHM}]},
            faults={"shmMount": "device or resource busy"},
        ),
    ]


def _netmode() -> list[Json]:
    n = ["start-netmode"]
    lookup = ["start-netmode", "start-lookup"]
    return [
        _start(
            "netmode/host-pid-uts",
            "PidMode and UTSMode host: the 1.10 execdriver command has HostPid and HostUTS true",
            ["start-netmode"],
            container={"HostConfig": {"PidMode": "host", "UTSMode": "host"}},
            refs=[_START_110, ref("v1.10.3", "daemon/container_operations_unix.go")],
        ),
        _start(
            "netmode/blank-defaults",
            "SetDefaultNetModeIfBlank: an empty NetworkMode is stored as default",
            n,
            container={"HostConfig": {"NetworkMode": ""}},
            refs=[*_START, ref("v1.10.3", "runconfig/hostconfig.go")],
        ),
        _start(
            "netmode/bridge-kept",
            "a set NetworkMode is kept",
            n,
            container={"HostConfig": {"NetworkMode": "bridge"}},
        ),
        _start(
            "netmode/host-hostname-split",
            "--net=host takes os.Hostname(): 1.10 splits it at the first dot into Hostname/Domainname",
            [*n, "start-env"],
            container={"HostConfig": {"NetworkMode": "host"}, "Config": {"Domainname": "was.set"}},
            host={"Hostname": "node1.dc1.example.com"},
            refs=[_OPS_110, _NET_111],
        ),
        _start(
            "netmode/host-hostname-no-dot",
            "--net=host with a dotless host name: Domainname is left as it was",
            [*n, "start-env"],
            container={"HostConfig": {"NetworkMode": "host"}, "Config": {"Domainname": "kept"}},
            host={"Hostname": "node1"},
            refs=[_OPS_110, _NET_111],
        ),
        _start(
            "netmode/host-allocate-fault",
            "--net=host still allocates the network (fault reached) after taking the host name",
            [*n, "start-deferred-handler"],
            container={"HostConfig": {"NetworkMode": "host"}},
            host={"Hostname": "node1.lan"},
            faults={"allocateNetwork": "sandbox failed"},
            refs=[_OPS_110, _NET_111],
        ),
        _start(
            "netmode/container-copies-hostname",
            "--net=container:db copies db's Hostname and Domainname; no allocation (fault not reached)",
            [*n, "start-env"],
            container={"HostConfig": {"NetworkMode": "container:db"}},
            containers=[DB],
            faults={"allocateNetwork": "never reached"},
            refs=[_OPS_110, _NET_111],
        ),
        _start(
            "netmode/container-by-id",
            "--net=container:<full ID>",
            lookup,
            container={"HostConfig": {"NetworkMode": f"container:{OTHER_ID}"}},
            containers=[DB],
            refs=[*_LOOKUP, _NET_111],
        ),
        _start(
            "netmode/container-by-prefix",
            "--net=container:<unique ID prefix>",
            lookup,
            container={"HostConfig": {"NetworkMode": "container:9e8d7c"}},
            containers=[DB],
            refs=[*_LOOKUP, *_TRUNCINDEX],
        ),
        _start(
            "netmode/container-ambiguous-prefix",
            "an ID prefix shared by two containers: 1.11 names the second ID in byte order, 1.10 nothing",
            [*lookup, "start-deferred-handler"],
            container={"HostConfig": {"NetworkMode": "container:9e8d7c"}},
            containers=[DB, merge(DB, {"ID": OTHER_ID2, "Name": "/db2"})],
            refs=[*_LOOKUP, *_TRUNCINDEX],
        ),
        _start(
            "netmode/container-empty-name",
            "--net=container: with no name: 1.10 and 1.11.0 GetByName's name[0] panics, 1.11.1+ no name "
            "or ID supplied",
            [*lookup, "start-deferred-handler", "panic"],
            container={"HostConfig": {"NetworkMode": "container:"}},
            refs=[*_EMPTY_NAME, _NET_111],
        ),
        _start(
            "netmode/container-missing",
            "--net=container:nope: No such container (1.10 State.Error nosuchcontainer: ...)",
            [*lookup, "start-deferred-handler", "start-errcode"],
            container={"HostConfig": {"NetworkMode": "container:nope"}},
            containers=[DB],
            refs=[*_LOOKUP, _ERRORS_110, _ERRCODE],
        ),
        _start(
            "netmode/container-self",
            "--net=container:<itself>: cannot join own network (1.10 State.Error is the bare code joinself)",
            [*lookup, "start-deferred-handler", "start-errcode"],
            container={"HostConfig": {"NetworkMode": "container:web"}},
            refs=[_OPS_110, _OPS_111, _ERRORS_110, _ERRCODE],
        ),
        _start(
            "netmode/container-not-running",
            "--net=container:db with db stopped: cannot join network of a non running container",
            [*lookup, "start-deferred-handler", "start-errcode"],
            container={"HostConfig": {"NetworkMode": "container:db"}},
            containers=[merge(DB, {"State": {"Running": False}})],
            refs=[_OPS_110, _OPS_111, _ERRORS_110],
        ),
        _start(
            "netmode/network-disabled",
            "NetworkDisabled: the 1.10 command has no network",
            n,
            container={"Config": {"NetworkDisabled": True}},
            refs=[_OPS_110],
        ),
    ]


def _ipc() -> list[Json]:
    i = ["start-ipc", "start-mounts"]
    ipc_refs = [_OPS_110, _OPS_111, _CONTAINER_UNIX_110, _CONTAINER_UNIX_111]
    return [
        _start(
            "ipc/private-default-size",
            "private IPC: shm tmpfs at <Root>/containers/<ID>/shm, size 67108864, and the /dev/shm mount",
            i,
            refs=ipc_refs,
        ),
        _start(
            "ipc/shm-size",
            "ShmSize sets the tmpfs size",
            i,
            container={"HostConfig": {"ShmSize": 268435456}},
            refs=ipc_refs,
        ),
        _start(
            "ipc/daemon-root",
            "the daemon root (--graph) places the container's shm directory",
            i,
            daemon={"Root": "/srv/docker/"},
            refs=ipc_refs,
        ),
        _start(
            "ipc/user-dev-shm-mount",
            "a user mount at /dev/shm: no shm tmpfs and no IPC mount",
            i,
            container={"Mounts": [{"Source": "/srv/shm", "Destination": SHM, "Writable": True}]},
            refs=ipc_refs,
        ),
        _start(
            "ipc/host",
            "--ipc=host: ShmPath /dev/shm, no tmpfs of its own, IPC mount from /dev/shm (1.10.0: MqueuePath "
            "/dev/mqueue and its mount too)",
            i,
            container={"HostConfig": {"IpcMode": "host"}},
            host={"Files": {SHM: "dir", MQUEUE: "dir"}},
            refs=[*ipc_refs, *_MQUEUE_110],
        ),
        _start(
            "ipc/host-without-dev-shm",
            "--ipc=host on a host without /dev/shm fails",
            [*i, "start-deferred-handler"],
            container={"HostConfig": {"IpcMode": "host"}},
            refs=ipc_refs,
        ),
        _start(
            "ipc/host-user-dev-shm-mount",
            "--ipc=host with a user /dev/shm mount: the IPC mount is skipped (not conditioned on IpcMode)",
            i,
            container={
                "HostConfig": {"IpcMode": "host"},
                "Mounts": [{"Source": "/srv/shm", "Destination": SHM}],
            },
            host={"Files": {SHM: "dir", MQUEUE: "dir"}},
            refs=ipc_refs,
        ),
        _start(
            "ipc/container",
            "--ipc=container:db: the joined container's ShmPath is the IPC mount source, no tmpfs",
            i,
            container={"HostConfig": {"IpcMode": "container:db"}},
            containers=[DB],
            refs=ipc_refs,
        ),
        _start(
            "ipc/container-not-running",
            "--ipc=container:db with db stopped: cannot join IPC of a non running container "
            "(1.11: from setNamespaces, 'linux spec namespaces: ' in front, ShmPath not yet set)",
            [*i, "start-deferred-handler", "start-errcode"],
            container={"HostConfig": {"IpcMode": "container:db"}},
            containers=[merge(DB, {"State": {"Running": False}})],
            refs=[*_IPC_JOIN, _ERRORS_110],
        ),
        _start(
            "ipc/container-restarting",
            "--ipc=container:db with db restarting: 1.11 refuses, naming the container being started",
            [*i, "start-deferred-handler"],
            container={"HostConfig": {"IpcMode": "container:db"}},
            containers=[merge(DB, {"State": {"Restarting": True}})],
            refs=[*_IPC_JOIN, ref("v1.11.2", "daemon/errors.go")],
        ),
        _start(
            "ipc/container-missing",
            "--ipc=container:ghost through the API: adaptContainerSettings looks ghost up before "
            "containerStart: a plain No such container, nothing changes",
            [*i, "start-security-opt", "start-lookup", "error"],
            container={"HostConfig": {"IpcMode": "container:ghost"}},
            refs=[*_SECOPT, *_LOOKUP],
        ),
        _start(
            "ipc/container-missing-internal",
            "--ipc=container:ghost through containerStart (restart, restore): no API lookup, the handler "
            "runs (1.11: 'linux spec namespaces: No such container: ghost')",
            [*i, "start-deferred-handler", "start-lookup", "start-errcode"],
            container={"HostConfig": {"IpcMode": "container:ghost"}},
            request={"entry": "containerStart"},
            refs=[*_IPC_JOIN, *_LOOKUP],
        ),
        _start(
            "ipc/container-missing-empty-security-opt",
            "--ipc=container:ghost with SecurityOpt [] (empty, not nil): generateSecurityOpt is skipped, "
            "the lookup fails inside containerStart",
            [*i, "start-security-opt", "start-deferred-handler", "start-lookup"],
            container={"HostConfig": {"IpcMode": "container:ghost", "SecurityOpt": []}},
            refs=[*_SECOPT, *_IPC_JOIN],
        ),
        _start(
            "ipc/container-missing-pid-host",
            "--pid=host --ipc=container:ghost: generateSecurityOpt returns DisableSecOpt before any lookup, "
            "the lookup fails inside containerStart",
            [*i, "start-security-opt", "start-deferred-handler", "start-lookup"],
            container={"HostConfig": {"IpcMode": "container:ghost", "PidMode": "host"}},
            refs=[*_SECOPT, *_IPC_JOIN],
        ),
        _start(
            "ipc/container-missing-start-hostconfig",
            "a start-time HostConfig with --ipc=container:ghost: adaptContainerSettings reads the replaced "
            "HostConfig: a plain No such container",
            [*i, "start-security-opt", "start-hostconfig", "error"],
            request={"HostConfig": {"NetworkMode": "default", "IpcMode": "container:ghost"}},
            refs=[*_SECOPT, *_START],
        ),
        _start(
            "ipc/container-empty-name",
            "IpcMode 'container:': generateSecurityOpt skips an empty name; containerStart's lookup of '' "
            "panics in 1.10 and 1.11.0 (GetByName's name[0]) and fails in 1.11.1+'s setNamespaces",
            [*i, "start-deferred-handler", "start-lookup", "panic"],
            container={"HostConfig": {"IpcMode": "container:"}},
            refs=[*_SECOPT, *_EMPTY_NAME, *_IPC_JOIN],
        ),
        _start(
            "ipc/container-self",
            "--ipc=container:<itself>: the API lookup finds it, then getIpcContainer's IsRunning waits for "
            "the lock containerStart holds: the call never returns",
            [*i, "start-blocks", "start-security-opt"],
            container={"HostConfig": {"IpcMode": "container:web"}},
            refs=[*_SECOPT, *_IPC_JOIN, *_SELF_LOCK],
        ),
        _start(
            "ipc/container-self-by-id-internal",
            "--ipc=container:<own ID> through containerStart: blocks the same way",
            [*i, "start-blocks", "start-lookup"],
            container={"HostConfig": {"IpcMode": f"container:{LINUX_CONTAINER['ID']}"}},
            request={"entry": "containerStart"},
            refs=[*_IPC_JOIN, *_SELF_LOCK],
        ),
        _start(
            "ipc/container-self-after-mount-fault",
            "--ipc=container:<itself> with a failing rootfs mount: the failure comes first, the handler runs",
            [*i, "start-blocks", "start-deferred-handler", "start-faults"],
            container={"HostConfig": {"IpcMode": "container:web"}},
            faults={"mountRootfs": "mount failed: device busy"},
            refs=[*_START, *_SELF_LOCK],
        ),
        _start(
            "ipc/container-full-name",
            "IpcMode container:/db: a name with its leading slash matches the record's Name as is",
            i,
            container={"HostConfig": {"IpcMode": "container:/db"}},
            containers=[DB],
            refs=[*ipc_refs, *_LOOKUP],
        ),
        _start(
            "ipc/host-dev-shm-file",
            "--ipc=host: /dev/shm only has to exist (a stat that succeeds), a file will do",
            i,
            container={"HostConfig": {"IpcMode": "host"}},
            host={"Files": {SHM: "file", MQUEUE: "dir"}},
            refs=ipc_refs,
        ),
        _start(
            "ipc/weird-mode-is-private",
            "IpcMode ':weird' through containerStart is neither host nor container: private, own shm",
            i,
            container={"HostConfig": {"IpcMode": ":weird"}},
            request={"entry": "containerStart"},
            refs=[*ipc_refs, *_IPC_CONTAINER],
        ),
        _start(
            "ipc/weird-mode-api-looks-up-name",
            "IpcMode ':weird' through the API: IpcMode.Container() is 'weird' for any mode, looked up "
            "first: a plain No such container: weird",
            [*i, "start-security-opt", "start-lookup", "error"],
            container={"HostConfig": {"IpcMode": ":weird"}},
            containers=[DB],
            refs=[*_SECOPT, *_IPC_CONTAINER],
        ),
        _start(
            "ipc/weird-mode-api-name-found",
            "IpcMode ':weird' through the API with a stopped container named weird: the lookup passes, "
            "the start is private",
            [*i, "start-security-opt", "start-lookup"],
            container={"HostConfig": {"IpcMode": ":weird"}},
            containers=[merge(DB, {"Name": "/weird", "State": {"Running": False}})],
            refs=[*_SECOPT, *_IPC_CONTAINER],
        ),
        _start(
            "ipc/container-without-colon",
            "IpcMode 'container' (no colon) has one SplitN part: not container mode, private, own shm",
            i,
            container={"HostConfig": {"IpcMode": "container"}},
            containers=[DB],
            refs=ipc_refs,
        ),
        _start(
            "ipc/container-name-with-colon",
            "IpcMode container:a:b splits once: the API entry looks up 'a:b' (plain No such container: a:b)",
            [*i, "start-security-opt", "start-lookup", "error"],
            container={"HostConfig": {"IpcMode": "container:a:b"}},
            containers=[DB],
            refs=[*_SECOPT, *_IPC_CONTAINER, *_LOOKUP],
        ),
        _start(
            "ipc/daemon-root-relative",
            "a relative daemon root (dockerd -g on a root that did not exist yet stays relative): "
            "FollowSymlinkInScope's filepath.Abs resolves the shm path against dockerd's cwd, /",
            i,
            daemon={"Root": "../srv/./docker/"},
            refs=_SHM_ABS,
        ),
        _start(
            "ipc/daemon-root-relative-cwd",
            "a relative daemon root with dockerd started in /home/op: the shm path is below /home/op",
            i,
            daemon={"Root": "graph"},
            host={"Cwd": "/home/op"},
            refs=_SHM_ABS,
        ),
        _start(
            "ipc/shm-mount-fault",
            "the shm tmpfs mount fails: mounting shm tmpfs: <err>",
            [*i, "start-faults", "start-deferred-handler"],
            faults={"shmMount": "permission denied"},
            refs=ipc_refs,
        ),
        _start(
            "ipc/mqueue-private",
            "private IPC: 1.10.0 mounts an mqueue at <Root>/containers/<ID>/mqueue and binds it at "
            "/dev/mqueue after /dev/shm; from 1.10.1 the daemon mounts no mqueue",
            i,
            daemon={"Root": "/srv/docker"},
            refs=_MQUEUE_110,
        ),
        _start(
            "ipc/mqueue-user-mount",
            "a user mount at /dev/mqueue: 1.10.0 neither mounts its own mqueue nor adds the IPC mqueue mount",
            i,
            container={"Mounts": [{"Source": "/srv/mq", "Destination": MQUEUE, "Writable": True}]},
            refs=_MQUEUE_110,
        ),
        _start(
            "ipc/mqueue-mount-fails",
            "the mqueue mount fails: 1.10.0 'mounting mqueue mqueue : <err>' after the shm was mounted; the "
            "other profiles never reach the step",
            [*i, "start-faults", "start-deferred-handler"],
            faults={"mqueueMount": "operation not permitted"},
            refs=_MQUEUE_110,
        ),
        _start(
            "ipc/host-without-dev-mqueue",
            "--ipc=host on a host with /dev/shm but without /dev/mqueue: 1.10.0 fails after the shm check",
            [*i, "start-deferred-handler"],
            container={"HostConfig": {"IpcMode": "host"}},
            host={"Files": {SHM: "dir"}},
            refs=[*ipc_refs, *_MQUEUE_110],
        ),
        _start(
            "ipc/container-mqueue",
            "--ipc=container:db: 1.10.0 takes db's MqueuePath as well as its ShmPath",
            [*i, "start-lookup"],
            container={"HostConfig": {"IpcMode": "container:db"}},
            containers=[merge(DB, {"MqueuePath": f"/var/lib/docker/containers/{OTHER_ID}/mqueue"})],
            refs=[*_IPC_JOIN, *_MQUEUE_110],
        ),
    ]


def _mounts() -> list[Json]:
    m = ["start-mounts"]
    t = ["start-tmpfs", "start-mounts"]
    tmpfs_refs = [_CONTAINER_UNIX_110, _CONTAINER_UNIX_111, _START_110, _OCI_111]
    return [
        _start(
            "mounts/user-mounts",
            "user mounts first (as setupMounts returned them), then the IPC mount",
            m,
            container={
                "Mounts": [
                    {
                        "Source": "/srv/data",
                        "Destination": "/data",
                        "Writable": True,
                        "Propagation": "rprivate",
                    },
                    {
                        "Source": "/etc/ssl",
                        "Destination": "/etc/ssl",
                        "Writable": False,
                        "Propagation": "rslave",
                    },
                ]
            },
            refs=[ref("v1.10.3", "daemon/volumes_unix.go"), ref("v1.11.2", "daemon/volumes_unix.go")],
        ),
        _start(
            "mounts/duplicate-user",
            "two mounts at one destination: 1.11 setMounts refuses (linux mounts: Duplicate mount point)",
            [*m, "start-deferred-handler"],
            container={
                "Mounts": [
                    {"Source": "/srv/a", "Destination": "/data"},
                    {"Source": "/srv/b", "Destination": "/data"},
                ]
            },
            refs=[_OCI_111],
        ),
        _start(
            "tmpfs/one",
            "one --tmpfs entry: a tmpfs mount with its options after the IPC mount",
            t,
            container={"HostConfig": {"Tmpfs": {"/run": "rw,noexec,size=65536k"}}},
            refs=tmpfs_refs,
        ),
        _start(
            "tmpfs/empty-options",
            "a --tmpfs entry without options: empty data",
            t,
            container={"HostConfig": {"Tmpfs": {TMP: ""}}},
            refs=tmpfs_refs,
        ),
        _start(
            "tmpfs/several",
            "three --tmpfs entries: a Go map, so their order is free (compared order-free)",
            t,
            container={"HostConfig": {"Tmpfs": {"/run": "size=1m", TMP: "", "/var/cache": "mode=700"}}},
            refs=tmpfs_refs,
        ),
        _start(
            "tmpfs/dev-shm-clashes-with-ipc-mount",
            "--tmpfs /dev/shm is no MountPoint, so the IPC mount is added too: 1.11 duplicate mount point",
            [*t, "start-ipc", "start-deferred-handler"],
            container={"HostConfig": {"Tmpfs": {SHM: "size=1g"}}},
            refs=tmpfs_refs,
        ),
        _start(
            "tmpfs/dev-shm-with-user-mount",
            "--tmpfs /dev/shm next to a /dev/shm volume: no IPC mount, but the two still clash in 1.11",
            [*t, "start-ipc", "start-deferred-handler"],
            container={
                "HostConfig": {"Tmpfs": {SHM: "size=1g"}},
                "Mounts": [{"Source": "/srv/shm", "Destination": SHM}],
            },
            refs=tmpfs_refs,
        ),
    ]


def _workdir() -> list[Json]:
    w = ["start-workdir"]
    wd_refs = [_CONTAINER_UNIX_110, ref("v1.11.2", "container/container.go")]
    base = LINUX_CONTAINER["BaseFS"]
    return [
        _start(
            "workdir/cleaned-and-stored",
            "SetupWorkingDirectory stores filepath.Clean of WorkingDir in the record and the command/spec",
            w,
            container={"Config": {"WorkingDir": "//app/./src/../bin/"}},
            refs=wd_refs,
        ),
        _start(
            "workdir/cleaned-even-on-failure",
            "the Clean is stored before resolution fails (a parent is a file): the failed record has it",
            [*w, "start-deferred-handler"],
            container={"Config": {"WorkingDir": "/x//y/"}},
            host={"Files": {f"{base}/x": "file"}},
            refs=[*wd_refs, ref("v1.11.2", "pkg/symlink/fs.go")],
        ),
        _start(
            "workdir/empty-checks-nothing",
            "an empty WorkingDir returns before any stat: even a BaseFS that is not a directory passes",
            w,
            host={"Files": {base: "file"}},
            refs=wd_refs,
        ),
        _start(
            "workdir/target-is-a-file",
            "the working directory is a file: 1.10 Cannot mkdir (State.Error notadir: ...), 1.11 accepts",
            [*w, "start-errcode"],
            container={"Config": {"WorkingDir": "/etc/passwd/"}},
            host={"Files": {f"{base}/etc": "dir", f"{base}/etc/passwd": "file"}},
            refs=[*wd_refs, _ERRORS_110, ref("v1.11.2", "pkg/idtools/idtools_unix.go")],
        ),
        _start(
            "workdir/relative-stored",
            "start re-verifies with a nil Config: a stored ./app/../rel/ is Cleaned to rel and used",
            w,
            container={"Config": {"WorkingDir": "./app/../rel/"}},
            refs=[*wd_refs, ref("v1.10.3", "daemon/start.go#L60"), ref("v1.11.2", "daemon/start.go#L66")],
        ),
        _start(
            "workdir/relative-dotdot-file",
            "../up is looked up at <BaseFS>/up (joined to / first): a file there is 1.10's Cannot mkdir",
            [*w, "start-errcode"],
            container={"Config": {"WorkingDir": "../up"}},
            host={"Files": {f"{base}/up": "file"}},
            refs=[*wd_refs, _ERRORS_110, ref("v1.10.3", "container/container.go#L202")],
        ),
        _start(
            "workdir/links-fail-first",
            "links are set up before the working directory: a stopped child fails and WorkingDir stays raw",
            [*w, "start-links", "start-deferred-handler"],
            container={"Config": {"WorkingDir": "/app/../srv/"}},
            links=[{"Alias": "/web/db", "Container": merge(DB, {"State": {"Running": False}})}],
        ),
    ]


def _links_env() -> list[Json]:
    link_refs = [_OPS_110, _OPS_111, ref("v1.10.3", "daemon/links/links.go")]
    return [
        _start(
            "links/env",
            "a running linked child: its link env follows PATH/HOSTNAME in the command/spec env",
            ["start-links", "start-env"],
            links=[
                {"Alias": "/web/db", "Container": merge(DB, {"Config": {"ExposedPorts": {"5432/tcp": {}}}})}
            ],
            refs=link_refs,
        ),
        _start(
            "links/child-not-running",
            "a stopped linked child: the start fails (1.10 State.Error linknotrunning: ...)",
            ["start-links", "start-deferred-handler", "start-errcode"],
            links=[{"Alias": "/web/db", "Container": merge(DB, {"State": {"Running": False}})}],
            refs=[*link_refs, _ERRORS_110],
        ),
        _start(
            "links/child-off-bridge",
            "a linked child without a bridge endpoint: not attached to default bridge network (plain error)",
            ["start-links", "start-deferred-handler"],
            links=[{"Alias": "/web/db", "Container": {**DB, "NetworkSettings": {"Networks": {"other": {}}}}}],
            refs=link_refs,
        ),
        _start(
            "links/parent-off-bridge-skips",
            "the parent's bridge entry is nil: links are skipped, even a stopped child",
            ["start-links"],
            container={"NetworkSettings": {"Networks": {"bridge": None, "mynet": {"IPAddress": "10.0.0.5"}}}},
            links=[{"Alias": "/web/db", "Container": merge(DB, {"State": {"Running": False}})}],
            refs=link_refs,
        ),
        _start(
            "env/hostname-fqdn",
            "1.10 HOSTNAME is Hostname.Domainname; 1.11 the short name (the spec hostname is the FQDN)",
            ["start-env"],
            container={
                "Config": {"Hostname": "web", "Domainname": "example.com", "Tty": True, "Env": ["A=1"]}
            },
            refs=[_CONTAINER_UNIX_110, ref("v1.11.2", "container/container_unix.go")],
        ),
    ]


def _runtime() -> list[Json]:
    r = ["start-runtime-error", "start-events", "start-deferred-handler"]
    out: list[Json] = []
    refs = {"1.10": [_MONITOR_110, _ERRORS_110, _ERRCODE, _START_110], "1.11": [_START_111, _LIBCONTAINERD]}
    for profile in ("1.10", "1.11"):
        p = profile.replace(".", "")
        rows = [
            ("not-found", "executable file not found: exit 127, message rewritten", NOT_FOUND, {}),
            ("no-such-file", "no such file or directory: exit 127", ENOENT, {}),
            ("windows-not-found", "the Windows needle also gives 127 on Linux", WIN_NOT_FOUND, {}),
            ("permission-denied", "permission denied: exit 126, message rewritten", EACCES, {}),
            (
                "both-needles",
                "not-found and permission denied in one text: 127 (1.11 checks the rewritten text)",
                ENOENT + "; " + EACCES,
                {},
            ),
            (
                "path-permission-denied-quirk",
                "a Path containing 'permission denied': 1.11 re-checks the rewritten text, 127 becomes 126",
                NOT_FOUND,
                {"Path": "/opt/permission denied/run"},
            ),
            (
                "other",
                "any other runtime error: 1.10 exit -1 and Cannot start container; 1.11 text and 128",
                OTHER,
                {},
            ),
            (
                "other-keeps-exit-code",
                "a generic runtime error on a record with ExitCode 5: 1.10 forces -1, 1.11 keeps 5",
                OTHER,
                {"State": {"ExitCode": 5}},
            ),
            (
                "not-found-overrides-exit-code",
                "a not-found error overrides a previous non-zero ExitCode with 127",
                NOT_FOUND,
                {"State": {"ExitCode": 137, "Error": "before"}},
            ),
        ]
        out.extend(
            _start(
                f"runtime/{p}/{name}",
                f"{profile}: {desc}",
                r,
                container=container,
                faults=_runtime_fault(profile, text),
                profiles=_ERA[profile],
                refs=refs[profile],
            )
            for name, desc, text, container in rows
        )
    out.append(
        _start(
            "runtime/110/start-logging",
            "1.10: StartLogging fails before the monitor's start event: only die, ExitCode 128; the "
            "monitor's Close and the handler both run Cleanup",
            ["start-faults", "start-events", "start-deferred-handler"],
            faults={"startLogging": "failed to initialize logging driver: dial tcp: connection refused"},
            profiles=_ERA["1.10"],
            refs=[_MONITOR_110],
        )
    )
    out.append(
        _start(
            "runtime/other-profile-fault-ignored",
            "each profile has one runtime step: the other era's fault name is never reached",
            ["start-faults"],
            faults={"execdriverRun": OTHER},
            profiles=_ERA["1.11"],
            refs=[_START_111],
        )
    )
    return out


def _success() -> list[Json]:
    s = ["start-started-before", "start-events"]
    return [
        _start(
            "success/clears-previous-error",
            "SetRunning clears Error and ExitCode of the previous run",
            ["start-events"],
            container={"State": {"ExitCode": 137, "Error": "old failure", "Restarting": True}},
            refs=[*_STATE, _MONITOR_110, _MONITOR_111],
        ),
        _start(
            "success/started-before",
            "a first successful start: 1.10 sets HasBeenStartedBefore, 1.11 never sets it",
            s,
            refs=[_START_110, _MONITOR_111, ref("v1.11.2", "daemon/oci_windows.go")],
        ),
        _start(
            "success/started-before-kept",
            "HasBeenStartedBefore already true stays true",
            s,
            container={"HasBeenStartedBefore": True},
            refs=[_START_110, _MONITOR_111],
        ),
        _start(
            "success/failed-start-not-started-before",
            "a failed start never sets HasBeenStartedBefore",
            [*s, "start-deferred-handler"],
            faults={"mountRootfs": "mount failed"},
            refs=[_START_110, _START_111],
        ),
    ]


def _windows() -> list[Json]:
    w = ["start-windows"]
    win = {"HostConfig": {"NetworkMode": "nat"}}
    return [
        _start(
            "windows/hostconfig-refused",
            "Windows: a start-time HostConfig is refused before anything happens",
            [*w, "start-api-checks", "error"],
            platform="windows",
            container=win,
            request={"HostConfig": {"NetworkMode": "nat"}},
            refs=[_START_111],
        ),
        _start(
            "windows/hostconfig-empty-refused",
            "Windows: even an empty start-time HostConfig object is refused",
            [*w, "start-api-checks", "error"],
            platform="windows",
            container=win,
            request={"HostConfig": {}},
            refs=[_START_111],
        ),
        _start(
            "windows/paused",
            "Windows: the paused check",
            [*w, "start-api-checks", "error"],
            platform="windows",
            container={**win, "State": {"Paused": True, "Running": True}},
        ),
        _start(
            "windows/running-internal-noop",
            "Windows: containerStart on a running container is a no-op",
            [*w, "start-guard"],
            platform="windows",
            container={**win, "State": {"Running": True}},
            request={"entry": "containerStart"},
        ),
        _start(
            "windows/removal",
            "Windows: removal in progress",
            [*w, "start-guard", "error"],
            platform="windows",
            container={**win, "State": {"RemovalInProgress": True}},
        ),
        _start(
            "windows/mount-rootfs-fault",
            "Windows: a failed rootfs mount runs the handler (die with exitCode)",
            [*w, "start-deferred-handler", "start-faults"],
            platform="windows",
            container=win,
            faults={"mountRootfs": "hcsshim::PrepareLayer failed"},
        ),
        _start(
            "windows/allocate-network-fault",
            "Windows: a failed network allocation runs the handler; NetworkMode blank becomes default",
            [*w, "start-deferred-handler", "start-faults", "start-netmode"],
            platform="windows",
            container={"HostConfig": {"NetworkMode": ""}},
            faults={"allocateNetwork": "HNS failed with error : The parameter is incorrect."},
            refs=[_START_111, _NET_111],
        ),
    ]


def _windows_spec_path() -> list[Json]:
    """1.11 Windows starts that reach createSpec (the Windows spec builder, windows.py)."""
    w = ["start-windows"]
    oci = ref("v1.11.2", "daemon/oci_windows.go")

    def win(case_id: str, description: str, features: list[str], inp: Json, refs: list[str]) -> Json:
        return case(
            f"start/windows/{case_id}",
            description,
            platform="windows",
            operation="start",
            features=features,
            inp=inp,
            refs=refs,
        )

    return [
        win(
            "success-first-start",
            "1.11 Windows: the spec handed to containerd has first_start; HasBeenStartedBefore stays false",
            [*w, "start-started-before", "start-events"],
            windows_input(),
            [_START_111, oci],
        ),
        win(
            "success-second-start",
            "1.11 Windows: a record started before (by 1.10) gives a spec without first_start",
            [*w, "start-started-before"],
            windows_input({"HasBeenStartedBefore": True}),
            [_START_111, oci],
        ),
        win(
            "containerd-not-found",
            "1.11 Windows: 'system cannot find the file specified' from containerd is 127, Path named",
            [*w, "start-runtime-error", "start-deferred-handler"],
            windows_input(world={"faults": {"containerdCreate": WIN_NOT_FOUND.lower()}}),
            [_START_111, ref("v1.11.2", "libcontainerd/container_windows.go")],
        ),
        win(
            "containerd-other",
            "1.11 Windows: another containerd error is kept verbatim, exit code 128, start then die",
            [*w, "start-runtime-error", "start-deferred-handler"],
            windows_input(world={"faults": {"containerdCreate": "hcsshim::CreateComputeSystem failed"}}),
            [_START_111],
        ),
        win(
            "createspec-error",
            "1.11 Windows: a createSpec error (image lookup) runs the deferred handler; no spec",
            [*w, "start-deferred-handler"],
            windows_input(replace={"image": {"error": "image not found"}}),
            [_START_111, oci],
        ),
        win(
            "createspec-panic",
            "1.11 Windows: no network controller but attached networks: createSpec panics (nil interface); "
            "the deferred handler sees no error",
            [*w, "start-deferred-handler"],
            windows_input({}, {"daemon": {"NetController": False}}),
            [_START_111, oci, ref("v1.11.2", "daemon/network.go")],
        ),
        win(
            "tp4-no-net-controller",
            "1.11 Windows TP4 (no network controller): initializeNetworking returns at once",
            [*w, "start-netmode", "start-faults"],
            windows_input(
                {"NetworkSettings": {"Networks": None}},
                {
                    "daemon": {"NetController": False, "BridgeIface": "Virtual Switch"},
                    "faults": {"allocateNetwork": "never"},
                },
            ),
            [_START_111, _NET_111],
        ),
    ]


# --- the matrix -------------------------------------------------------------------------------------

#: Container states a start can meet: name -> (container patch, request).
STATES: dict[str, tuple[Json, Json]] = {
    "fresh": ({}, {}),
    "exited-0": ({"State": {"ExitCode": 0}, "HasBeenStartedBefore": True}, {}),
    "exited-137": ({"State": {"ExitCode": 137}, "HasBeenStartedBefore": True}, {}),
    "failed-before": ({"State": {"ExitCode": 128, "Error": "earlier failure"}}, {}),
    "blank-netmode": ({"HostConfig": {"NetworkMode": ""}}, {}),
    "paused": ({"State": {"Paused": True, "Running": True}}, {}),
    "running": ({"State": {"Running": True}}, {}),
    "running-internal": ({"State": {"Running": True}}, {"entry": "containerStart"}),
    "dead": ({"State": {"Dead": True, "ExitCode": 1}}, {}),
    "removing": ({"State": {"RemovalInProgress": True}}, {}),
}


def _faults(profile: str) -> dict[str, tuple[Json, Json]]:
    """Faults a start can hit: name -> (faults, extra world facts)."""
    stopped_child = {"links": [{"Alias": "/web/db", "Container": merge(DB, {"State": {"Running": False}})}]}
    rows: dict[str, tuple[Json, Json]] = {
        "none": ({}, {}),
        "mount-rootfs": ({"mountRootfs": "mount failed: device busy"}, {}),
        "allocate-network": ({"allocateNetwork": "no available IPv4 addresses"}, {}),
        "stopped-link": ({}, stopped_child),
        "shm-mount": ({"shmMount": "no space left on device"}, {}),
        "runtime-not-found": (_runtime_fault(profile, NOT_FOUND), {}),
        "runtime-eacces": (_runtime_fault(profile, EACCES), {}),
        "runtime-other": (_runtime_fault(profile, OTHER), {}),
    }
    if profile == "1.10":
        rows["start-logging"] = ({"startLogging": "logger: connection refused"}, {})
    return rows


def _matrix() -> list[Json]:
    out: list[Json] = []
    for profile in ("1.10", "1.11"):
        p = profile.replace(".", "")
        for state, (patch, request) in STATES.items():
            for fault, (faults, world) in _faults(profile).items():
                extra: dict[str, Json] = dict(world)
                if faults:
                    extra["faults"] = faults
                if request:
                    extra["request"] = request
                out.append(
                    _start(
                        f"matrix/{p}/{state}.{fault}",
                        f"{profile}: start a {state} container with fault {fault}",
                        ["start-systematic"],
                        container=patch,
                        profiles=_ERA[profile],
                        refs=[_START_110 if profile == "1.10" else _START_111],
                        **extra,
                    )
                )
    return out


def cases() -> list[Json]:
    """Every start case."""
    return [
        *_api(),
        *_guard(),
        *_handler(),
        *_netmode(),
        *_ipc(),
        *_mounts(),
        *_workdir(),
        *_links_env(),
        *_runtime(),
        *_success(),
        *_windows(),
        *_windows_spec_path(),
        *_matrix(),
    ]

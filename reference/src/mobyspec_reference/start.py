"""``start``: moby's ``ContainerStart`` API checks and ``containerStart`` for 1.10 and 1.11.

What a start decides is whether the container may start, and what is left behind when it fails. The
result reports the record after the call, the container events, and what was handed to the runtime.

Four kinds of outcome (docs/start.md):

* a plain ``{"error": ...}`` object (a :class:`BuildError`) when the call returns before
  containerStart installs its deferred error handler: the outer API checks (paused, already started,
  start-time HostConfig on Windows, adaptContainerSettings' IPC container lookup) and the removal/dead
  guard. moby changes nothing and emits nothing.
* a ``{"result": ...}`` object otherwise, with ``result.error`` set when the start failed after the
  handler was installed: the handler stored the error text, fixed the exit code, cleaned up and emitted
  ``die``, all of which the record and the events show.
* ``{"error": {"code": "go.panic", ...}}`` (a :class:`GoPanic`) where moby panics: the handler sees a
  nil error, so it does nothing.
* ``{"blocks": ...}`` where the call never returns: joining the container's own IPC namespace waits
  for the lock containerStart itself holds.

Every host interaction is case data: ``input.faults`` names the steps that fail and their error text.

Sources: moby/moby@v1.10.3:daemon/start.go, container/monitor.go, daemon/container_operations_unix.go,
container/container_unix.go, errors/daemon.go; moby/moby@v1.11.2:daemon/start.go, daemon/oci_linux.go,
daemon/container_operations.go, daemon/container_operations_unix.go, daemon/monitor.go,
libcontainerd/container_linux.go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import define, evolve

from mobyspec_reference import modes
from mobyspec_reference.env import create_daemon_environment_unix
from mobyspec_reference.errors import BuildError, GoPanic, fail
from mobyspec_reference.gosemantics import clean_unix, int64, join_unix
from mobyspec_reference.inputs import HostConfig
from mobyspec_reference.links import legacy_to_env, setup_linked_containers
from mobyspec_reference.workdir import setup_working_directory_unix

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mobyspec_reference.inputs import CaseInput, Container
    from mobyspec_reference.profiles import Profile
    from mobyspec_reference.start_rules import StartRules

Json = Any

#: ``container.DefaultSHMSize`` (moby/moby@v1.10.3:container/container_unix.go): 64 MiB.
DEFAULT_SHM_SIZE = 67108864
#: ``volume.DefaultPropagationMode`` on Linux (moby/moby@v1.10.3:volume/volume_propagation_linux.go).
DEFAULT_PROPAGATION = "rprivate"
#: The container's IPC namespace's shm, as moby names it (a mount destination, not a temp file).
DEV_SHM = "/dev/shm"  # noqa: S108 - a path inside the container / on the host, never created here
#: The POSIX message queue mount point (1.10.0 mounts one per container).
DEV_MQUEUE = "/dev/mqueue"
#: The fault step names of ``input.faults`` (the case schema lists the same names).
FAULT_STEPS = (
    "mountRootfs",
    "allocateNetwork",
    "shmMount",
    "mqueueMount",
    "startLogging",
    "execdriverRun",
    "containerdCreate",
)

# 1.10 returns errcode values (moby/moby@v1.10.3:errors/daemon.go). The API prints the message, but
# SetError stores err.Error(): the lower-cased code value, plus ": <message>" for an errcode.Error
# made by WithArgs (a bare ErrorCode prints its value only; vendored distribution errcode/errors.go).
# Error code -> (errcode value, made with WithArgs).
_ERRCODES_110 = {
    "links.child-not-running": ("LINKNOTRUNNING", True),
    "start.workdir.not-a-dir": ("NOTADIR", True),
    "start.lookup.no-such-container": ("NOSUCHCONTAINER", True),
    "start.network.join-self": ("JOINSELF", False),
    "start.network.join-not-running": ("JOINRUNNING", True),
    "start.ipc.not-running": ("IPCRUNNING", True),
    "start.runtime.not-found": ("CMDNOTFOUND", False),
    "start.runtime.not-invokable": ("CMDCOULDNOTBEINVOKED", False),
    "start.runtime.failed": ("CANTSTART", True),
}

# Substrings that mark a runtime error as "command not found" (exit 127) and "permission denied"
# (syscall.EACCES.Error(), exit 126): moby/moby@v1.10.3:container/monitor.go, @v1.11.2:daemon/start.go.
_NOT_FOUND = (
    "executable file not found",
    "no such file or directory",
    "system cannot find the file specified",
)
_EACCES = "permission denied"


@define
class _Attempt:
    """What containerStart has done to the record so far (a local scratch value, never shared)."""

    container: Container
    shm_path: str
    events: list[Json]
    shm: Json = None
    #: 1.10.0: the container's ``MqueuePath`` and the mqueue mount setupIpcDirs made.
    mqueue_path: str = ""
    mqueue: Json = None
    mounts: list[Json] | None = None
    command: Json = None
    spec: Json = None
    #: ``daemon.Cleanup`` calls before the deferred handler's own (the 1.10 monitor's ``Close``).
    cleanups: int = 0


class _Blocked(Exception):  # noqa: N818 - named for what moby does: the call blocks, it does not fail
    """The start waits forever at ``step`` (a lock it already holds); the output says so."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


def container_start(inp: CaseInput, profile: Profile, platform: str) -> dict[str, Json]:
    """Run ``ContainerStart`` (or only ``containerStart``) of ``profile`` on ``inp``.

    Raises BuildError for outcomes that leave the container untouched; returns ``{"result": ...}``
    for everything else, including a failed start that ran the deferred error handler.
    """
    rules = profile.start
    assert rules is not None  # build() checked support
    c = inp.container
    # No create-time rule here: ContainerStart calls verifyContainerSettings(HostConfig, nil) with a nil
    # Config (moby/moby@v1.10.3 and @v1.11.2:daemon/start.go), so a stored relative WorkingDir is used.
    if inp.request.get("entry", "ContainerStart") == "ContainerStart":
        c = _outer_checks(inp, rules, platform)

    # containerStart (moby/moby@v1.10.3:daemon/start.go): a running container is a silent no-op.
    if c.State.Running:
        return _result(rules, _Attempt(c, c.ShmPath, [], mqueue_path=c.MqueuePath), error=None, cleanup=0)
    # This return comes before the deferred handler is installed: nothing changes, no event.
    if c.State.RemovalInProgress or c.State.Dead:
        raise fail("start.removal-in-progress", "Container is marked for removal and cannot be started.")

    attempt = _Attempt(c, c.ShmPath, [], mqueue_path=c.MqueuePath)
    try:
        if platform == "windows":
            _start_windows(inp, profile, attempt)
        elif rules.runtime == "execdriver":
            _start_execdriver(inp, rules, attempt)
        else:
            _start_containerd_linux(inp, profile, rules, attempt)
    except GoPanic:
        raise  # a panic unwinds through the handler with err still nil: no record change to report
    except BuildError as err:
        return _deferred_handler(rules, attempt, err)
    except _Blocked as blocked:
        # The call never returns: the handler never runs. Every API call that reads the record (inspect,
        # ps) takes the same lock and blocks too, so only the events emitted so far are observable.
        return {"blocks": {"step": blocked.step, "events": attempt.events}}
    return _result(rules, attempt, error=None, cleanup=0)


def _outer_checks(inp: CaseInput, rules: StartRules, platform: str) -> Container:
    """``ContainerStart``'s checks before containerStart; returns the record a start-time HostConfig makes.

    Paused, running, the start-time HostConfig, then (Linux) adaptContainerSettings' IPC lookup.
    """
    c = inp.container
    if c.State.Paused:
        raise fail("start.paused", "Cannot start a paused container, try unpause instead.")
    if c.State.Running:
        # HTTP 304 Not Modified in both versions.
        raise fail("start.already-started", "Container already started")
    raw_hc = inp.request.get("HostConfig")
    if raw_hc is not None:
        if platform == "windows":
            raise fail(
                "start.hostconfig-on-windows",
                "Supplying a hostconfig on start is not supported. It should be supplied on create",
            )
        # Deprecated start-time HostConfig (Linux): setHostConfig replaces the whole HostConfig; a changed
        # NetworkMode drops NetworkSettings.Networks (so the parent has no bridge endpoint for links).
        new = HostConfig.parse(raw_hc)
        networks = () if new.NetworkMode != c.HostConfig.NetworkMode else c.Networks
        c = evolve(c, HostConfig=new, Networks=networks)
    if platform == "linux":
        _generate_security_opt(inp, rules, c)
    return c


def _generate_security_opt(inp: CaseInput, rules: StartRules, c: Container) -> None:
    """``adaptContainerSettings`` at start: a nil SecurityOpt is filled by ``generateSecurityOpt``.

    moby/moby@v1.10.3:daemon/daemon_unix.go + daemon/create.go (the same at v1.11.2): host IPC or PID
    mode returns ``label.DisableSecOpt()`` without a lookup; otherwise ``IpcMode.Container()`` — the text
    after the first ``:`` whatever the mode, so ``:weird`` names ``weird`` — is looked up by
    ``GetContainer`` when it is not empty, and its error returns before containerStart. Without SELinux
    (or with an unlabelled joined container) the result is nil again, so every start repeats the lookup.
    """
    hc = c.HostConfig
    if hc.SecurityOpt is not None or modes.ipc_is_host(hc.IpcMode) or hc.PidMode == "host":
        return
    name = modes.ipc_container(hc.IpcMode)
    if name:
        _lookup(inp, rules, name)


def _deferred_handler(rules: StartRules, attempt: _Attempt, err: BuildError) -> dict[str, Json]:
    """containerStart's deferred handler: SetError, exit code 128 if still 0, ToDisk, Cleanup, ``die``."""
    c = attempt.container
    exit_code = c.State.ExitCode if c.State.ExitCode != 0 else 128
    state = evolve(c.State, Error=_state_error_text(rules, err), ExitCode=exit_code)
    attempt.container = evolve(c, State=state)
    attributes = {"exitCode": str(exit_code)} if rules.die_exit_code_attribute else {}
    attempt.events.append({"action": "die", "attributes": attributes})
    return _result(rules, attempt, error=err, cleanup=attempt.cleanups + 1)


def _state_error_text(rules: StartRules, err: BuildError) -> str:
    """What ``SetError`` stores: ``err.Error()``, which for a 1.10 errcode value is not the API message."""
    if rules.errcode_state_error and err.code in _ERRCODES_110:
        value, with_args = _ERRCODES_110[err.code]
        return f"{value.lower()}: {err.message}" if with_args else value.lower()
    return err.message


def _fault(inp: CaseInput, step: str, code: str) -> None:
    """Fail with the case's error text if ``step`` is a fault of this case."""
    if step in inp.faults:
        raise fail(code, inp.faults[step])


def _set_running(rules: StartRules, attempt: _Attempt) -> None:
    """``State.SetRunning``: clears Error, Paused, Restarting, ExitCode; 1.10 also marks the first start."""
    c = attempt.container
    state = evolve(c.State, Running=True, Paused=False, Restarting=False, ExitCode=0, Error="")
    started = True if rules.sets_started_before else c.HasBeenStartedBefore
    attempt.container = evolve(c, State=state, HasBeenStartedBefore=started)


def _common_prefix(inp: CaseInput, rules: StartRules, attempt: _Attempt, platform: str) -> None:
    """Steps 5-7 of containerStart: mount the rootfs, SetDefaultNetModeIfBlank, initializeNetworking."""
    _fault(inp, "mountRootfs", "start.mount-rootfs")
    c = attempt.container
    mode = modes.set_default_net_mode_if_blank(c.HostConfig.NetworkMode)
    attempt.container = evolve(c, HostConfig=evolve(c.HostConfig, NetworkMode=mode))
    if platform == "windows":
        # Windows NetworkMode is never container: or host (moby/moby@v1.11.2:vendor/src/github.com/docker/
        # engine-api/types/container/hostconfig_windows.go); TP4 hosts have no network controller at all.
        if inp.daemon.NetController:
            _fault(inp, "allocateNetwork", "start.allocate-network")
        return
    _initialize_networking_unix(inp, rules, attempt)


def _initialize_networking_unix(inp: CaseInput, rules: StartRules, attempt: _Attempt) -> None:
    """``initializeNetworking`` on Linux: join a container's UTS names, or take the host's, then allocate."""
    c = attempt.container
    mode = c.HostConfig.NetworkMode
    if _net_is_container(mode):
        joined = _networked_container(inp, rules, c)
        config = evolve(c.Config, Hostname=joined.Config.Hostname, Domainname=joined.Config.Domainname)
        attempt.container = evolve(c, Config=config)
        return  # no network of its own to allocate
    if modes.network_is_host(mode):
        hostname, domainname = inp.host.Hostname, c.Config.Domainname
        if rules.host_hostname_split and "." in hostname:
            # moby/moby@v1.10.3:daemon/container_operations_unix.go: SplitN(hostname, ".", 2)
            hostname, domainname = hostname.split(".", 1)
        attempt.container = evolve(c, Config=evolve(c.Config, Hostname=hostname, Domainname=domainname))
    _fault(inp, "allocateNetwork", "start.allocate-network")


def _net_is_container(mode: str) -> bool:
    """Unix ``NetworkMode.IsContainer``: the same ``SplitN(":", 2)`` rule as IpcMode's."""
    return modes.ipc_is_container(mode)


def _lookup(inp: CaseInput, rules: StartRules, name: str, wrap: str = "") -> Container:
    """``daemon.GetContainer``: full ID, then exact name, then a unique ID prefix.

    ``wrap`` is the text a caller puts in front of the error (1.11 createSpec's ``linux spec namespaces: ``).
    """
    store = (inp.container, *inp.containers)
    if name == "":
        if rules.empty_name_message is None:
            # 1.10: no container has the ID "", so GetByName runs and its name[0] panics.
            raise GoPanic("go.panic", "runtime error: index out of range")
        raise fail("start.lookup.empty", wrap + rules.empty_name_message)
    for k in store:
        if name == k.ID:
            return k
    full_name = name if name.startswith("/") else "/" + name
    for k in store:
        if k.Name == full_name:
            return k
    matches = sorted({k.ID for k in store if k.ID.startswith(name)})
    if len(matches) == 1:
        return next(k for k in store if matches[0] == k.ID)
    if matches:
        # truncindex walks its trie in byte order and fails on the second ID it meets.
        suffix = f": {matches[1]}" if rules.ambiguous_names_id else ""
        raise fail("start.lookup.ambiguous", f"{wrap}Multiple IDs found with provided prefix{suffix}")
    raise fail("start.lookup.no-such-container", f"{wrap}No such container: {name}")


def _networked_container(inp: CaseInput, rules: StartRules, c: Container) -> Container:
    """``getNetworkedContainer``: the container whose network namespace ``container:<name>`` joins."""
    name = modes.ipc_container(c.HostConfig.NetworkMode)
    joined = _lookup(inp, rules, name)
    if joined.ID == c.ID:
        raise fail("start.network.join-self", "cannot join own network")
    if not joined.State.Running:
        raise fail(
            "start.network.join-not-running", f"cannot join network of a non running container: {name}"
        )
    return joined


def _shm_resource_path(inp: CaseInput, c: Container, name: str = "shm") -> str:
    """``ShmResourcePath``: ``FollowSymlinkInScope(<Root>/containers/<ID>/shm)``, absolute.

    FollowSymlinkInScope starts with ``filepath.Abs`` (moby/moby@v1.10.3:pkg/symlink/fs.go, the same at
    v1.11.2), so a relative root — NewDaemon keeps ``--graph`` as given when it does not exist yet
    (moby/moby@v1.10.3:daemon/daemon.go) — resolves against dockerd's cwd. Symlinks are not modelled.
    """
    path = join_unix(inp.daemon.Root, "containers", c.ID, name)
    return path if path.startswith("/") else join_unix(inp.host.Cwd, path)


def _ipc_container(inp: CaseInput, rules: StartRules, c: Container, wrap: str) -> Container:
    """``getIpcContainer``: the running container whose IPC namespace ``container:<name>`` joins.

    Joining itself blocks: ``IsRunning`` takes the container lock that containerStart holds
    (moby/moby@v1.10.3:container/state.go, daemon/container_operations_unix.go; the same at v1.11.2).
    """
    name = modes.ipc_container(c.HostConfig.IpcMode)
    joined = _lookup(inp, rules, name, wrap)
    if joined.ID == c.ID:
        raise _Blocked("getIpcContainer")
    if not joined.State.Running:
        raise fail("start.ipc.not-running", f"{wrap}cannot join IPC of a non running container: {name}")
    if rules.ipc_restarting_check and joined.State.Restarting:
        # errContainerIsRestarting names the container being started, not the joined one.
        raise fail(
            "start.ipc.restarting",
            f"{wrap}Container {c.ID} is restarting, wait until the container is running",
        )
    return joined


def _ipc_source(inp: CaseInput, rules: StartRules, attempt: _Attempt) -> str:
    """Choose ``ShmPath`` (1.10 populateCommand, 1.11 setNamespaces + setupIpcDirs); returns the joined ID.

    The default is the container's own shm directory; ``container:<name>`` takes that container's
    ShmPath and ``host`` takes ``/dev/shm``, which must exist on the host. 1.10 stores the default
    before the IPC lookup; 1.11 looks up first (setNamespaces), wrapping its error.
    """
    c = attempt.container
    mode = c.HostConfig.IpcMode
    joined = None
    if rules.ipc_join_in_namespaces:
        if modes.ipc_is_container(mode):
            joined = _ipc_container(inp, rules, c, "linux spec namespaces: ")
        attempt.shm_path = _shm_resource_path(inp, c)
    else:
        attempt.shm_path = _shm_resource_path(inp, c)
        if rules.mqueue:  # MqueueResourcePath (moby/moby@v1.10.0:container/container_unix.go)
            attempt.mqueue_path = _shm_resource_path(inp, c, "mqueue")
        if modes.ipc_is_container(mode):
            joined = _ipc_container(inp, rules, c, "")
    if joined is not None:
        attempt.shm_path = joined.ShmPath
        if rules.mqueue:
            attempt.mqueue_path = joined.MqueuePath
        return joined.ID
    if modes.ipc_is_host(mode):
        if inp.host.Files.get(DEV_SHM) not in {"dir", "file"}:
            raise fail("start.ipc.dev-shm-missing", f"{DEV_SHM} is not mounted, but must be for --ipc=host")
        if rules.mqueue:
            if inp.host.Files.get(DEV_MQUEUE) not in {"dir", "file"}:
                msg = f"{DEV_MQUEUE} is not mounted, but must be for --ipc=host"
                raise fail("start.ipc.dev-mqueue-missing", msg)
            attempt.mqueue_path = DEV_MQUEUE
        attempt.shm_path = DEV_SHM
    return ""


def _has_mount_for(c: Container, destination: str) -> bool:
    """``HasMountFor``: a MountPoint (volume or bind) at exactly this destination."""
    return any(m.Destination == destination for m in c.Mounts)


def _setup_shm(inp: CaseInput, attempt: _Attempt) -> None:
    """``setupIpcDirs`` for a private IpcMode: a tmpfs ``shm`` at ShmPath unless the user mounts /dev/shm."""
    c = attempt.container
    if _has_mount_for(c, DEV_SHM):
        return
    size = c.HostConfig.ShmSize or DEFAULT_SHM_SIZE
    if "shmMount" in inp.faults:
        raise fail("start.shm-mount", f"mounting shm tmpfs: {inp.faults['shmMount']}")
    # The mount label (SELinux) would be appended to the data by label.FormatMountLabel: host-dependent.
    attempt.shm = {
        "source": "shm",
        "target": attempt.shm_path,
        "fstype": "tmpfs",
        "flags": ["MS_NOEXEC", "MS_NOSUID", "MS_NODEV"],
        "data": f"mode=1777,size={int64(size)}",
    }


def _setup_mqueue(inp: CaseInput, attempt: _Attempt) -> None:
    """1.10.0 ``setupIpcDirs`` after the shm: an ``mqueue`` at MqueueResourcePath unless a mount covers it.

    moby/moby@v1.10.0:daemon/container_operations_unix.go: MkdirAllAs (not modelled), then
    ``syscall.Mount("mqueue", path, "mqueue", MS_NOEXEC|MS_NOSUID|MS_NODEV, "")``.
    """
    c = attempt.container
    if _has_mount_for(c, DEV_MQUEUE):
        return
    if "mqueueMount" in inp.faults:
        raise fail("start.mqueue-mount", f"mounting mqueue mqueue : {inp.faults['mqueueMount']}")
    attempt.mqueue = {
        "source": "mqueue",
        "target": _shm_resource_path(inp, c, "mqueue"),
        "fstype": "mqueue",
        "flags": ["MS_NOEXEC", "MS_NOSUID", "MS_NODEV"],
        "data": "",
    }


def _mounts(attempt: _Attempt, *, mqueue: bool = False) -> list[Json]:
    """``setupMounts`` + ``IpcMounts`` + ``TmpfsMounts``, as execdriver.Mount JSON.

    ``container.Mounts`` is setupMounts' result as the case states it. The IPC mount is added unless a
    user mount covers /dev/shm, whatever the IpcMode; 1.10.0 (``mqueue``) then adds ``/dev/mqueue`` from
    MqueuePath unless a user mount covers it (moby/moby@v1.10.0:container/container_unix.go IpcMounts).
    Tmpfs mounts come from a Go map: order-free.
    """
    c = attempt.container
    mounts = [
        {
            "source": m.Source,
            "destination": m.Destination,
            "writable": m.Writable,
            "data": "",
            "mountpropagation": m.Propagation,
        }
        for m in c.Mounts
    ]
    if not _has_mount_for(c, DEV_SHM):
        mounts.append(
            {
                "source": attempt.shm_path,
                "destination": DEV_SHM,
                "writable": True,
                "data": "",
                "mountpropagation": DEFAULT_PROPAGATION,
            }
        )
    if mqueue and not _has_mount_for(c, DEV_MQUEUE):
        mounts.append(
            {
                "source": attempt.mqueue_path,
                "destination": DEV_MQUEUE,
                "writable": True,
                "data": "",
                "mountpropagation": DEFAULT_PROPAGATION,
            }
        )
    mounts.extend(
        {"source": "tmpfs", "destination": dest, "writable": False, "data": data, "mountpropagation": ""}
        for dest, data in c.HostConfig.Tmpfs
    )
    return mounts


def _clean_working_directory(c: Container) -> Container:
    """``SetupWorkingDirectory``'s first act: ``filepath.Clean`` stored into Config before any failure."""
    wd = c.Config.WorkingDir
    return c if wd == "" else evolve(c, Config=evolve(c.Config, WorkingDir=clean_unix(wd)))


def _workdir_step(c: Container, files: Json, *, rejects_file: bool) -> None:
    """Resolve the cleaned WorkingDir below BaseFS, then the version's check of an existing target.

    Resolution lstat's each component (workdir.py). 1.10 then stats the target and a non-directory gives
    ``Cannot mkdir`` (moby/moby@v1.10.3:container/container_unix.go); 1.11's MkdirAllNewAs accepts it.
    """
    wd = c.Config.WorkingDir
    if wd == "":
        return
    setup_working_directory_unix(wd, c.BaseFS, files)
    root = clean_unix("/" + c.BaseFS)  # filepath.Abs against dockerd's cwd "/", as in workdir.py
    # GetResourcePath joins the path to "/" first, so a relative ../up is looked up at <BaseFS>/up
    # (moby/moby@v1.10.3:container/container.go).
    if rejects_file and files.get(clean_unix(root + "/" + clean_unix("/" + wd))) == "file":
        raise fail("start.workdir.not-a-dir", f"Cannot mkdir: {wd} is not a directory")


def _links(inp: CaseInput, rules: StartRules, c: Container) -> list[str]:
    return setup_linked_containers(
        c, inp.links, endpoint_check=rules.links_endpoint_check, to_env=legacy_to_env(rules.nat_int)
    )


def _start_execdriver(inp: CaseInput, rules: StartRules, attempt: _Attempt) -> None:
    """1.10: build the execdriver Command, set up IPC and mounts, then let the monitor run it."""
    _common_prefix(inp, rules, attempt, "linux")
    linked_env = _links(inp, rules, attempt.container)
    attempt.container = _clean_working_directory(attempt.container)
    _workdir_step(attempt.container, inp.host.Files, rejects_file=rules.workdir_rejects_file)
    c = attempt.container
    env = create_daemon_environment_unix(c.Config, linked_env, fqdn_hostname=rules.env_fqdn_hostname)

    # populateCommand (moby/moby@v1.10.3:daemon/container_operations_unix.go)
    network = None
    if not c.Config.NetworkDisabled:
        joined = ""
        if _net_is_container(c.HostConfig.NetworkMode):
            joined = _networked_container(inp, rules, c).ID
        network = {"ContainerID": joined}
    ipc_container = _ipc_source(inp, rules, attempt)
    command = {
        "ID": c.ID,
        "Rootfs": c.BaseFS,
        "InitPath": "/.dockerinit",
        "WorkingDir": c.Config.WorkingDir,
        "MountLabel": c.MountLabel,
        "ReadonlyRootfs": c.HostConfig.ReadonlyRootfs,
        "ProcessConfig": {
            "Entrypoint": c.Path,
            "Arguments": list(c.Args),
            "Tty": c.Config.Tty,
            "User": c.Config.User,
            "Env": env,
        },
        "Network": network,
        "Ipc": {"ContainerID": ipc_container, "HostIpc": modes.ipc_is_host(c.HostConfig.IpcMode)},
        "Pid": {"HostPid": c.HostConfig.PidMode == "host"},
        "UTS": {"HostUTS": c.HostConfig.UTSMode == "host"},
    }
    attempt.command = command

    mode = c.HostConfig.IpcMode
    if not modes.ipc_is_container(mode) and not modes.ipc_is_host(mode):
        _setup_shm(inp, attempt)
        if rules.mqueue:
            _setup_mqueue(inp, attempt)
    attempt.mounts = _mounts(attempt, mqueue=rules.mqueue)

    # waitForStart -> containerMonitor.start (moby/moby@v1.10.3:container/monitor.go)
    try:
        _fault(inp, "startLogging", "start.logging")
        attempt.events.append({"action": "start", "attributes": {}})
        if "execdriverRun" in inp.faults:
            _runtime_error_110(attempt, inp.faults["execdriverRun"])
    except BuildError:
        # The monitor's deferred Close runs daemon.Cleanup before containerStart's handler runs it again.
        attempt.cleanups += 1
        raise
    _set_running(rules, attempt)


def _runtime_error_110(attempt: _Attempt, text: str) -> None:
    """The monitor's first-run error rewriting: 127, 126 (checked on the raw text) or -1 with CANTSTART."""
    c = attempt.container
    if any(needle in text for needle in _NOT_FOUND):
        attempt.container = evolve(c, State=evolve(c.State, ExitCode=127))
        raise fail("start.runtime.not-found", "Container command not found or does not exist.")
    if _EACCES in text:
        attempt.container = evolve(c, State=evolve(c.State, ExitCode=126))
        raise fail("start.runtime.not-invokable", "Container command could not be invoked.")
    attempt.container = evolve(c, State=evolve(c.State, ExitCode=-1))
    # utils.GetErrorMessage of a plain error is its text.
    raise fail("start.runtime.failed", f"Cannot start container {c.ID}: {text}")


def _start_containerd_linux(inp: CaseInput, profile: Profile, rules: StartRules, attempt: _Attempt) -> None:
    """1.11 Linux: createSpec (populateCommonSpec, IPC, mounts), then containerd.Create."""
    from mobyspec_reference.linux import create_spec_linux  # noqa: PLC0415 - keeps areas independent

    _common_prefix(inp, rules, attempt, "linux")
    # populateCommonSpec: links, then SetupWorkingDirectory (Clean stored first).
    _links(inp, rules, attempt.container)
    attempt.container = _clean_working_directory(attempt.container)
    _workdir_step(attempt.container, inp.host.Files, rejects_file=rules.workdir_rejects_file)
    # setupIpcDirs runs for every IpcMode in 1.11 (moby/moby@v1.11.2:daemon/container_operations_unix.go).
    mode = attempt.container.HostConfig.IpcMode
    _ipc_source(inp, rules, attempt)
    if not modes.ipc_is_container(mode) and not modes.ipc_is_host(mode):
        _setup_shm(inp, attempt)
    mounts = _mounts(attempt)
    _check_duplicate_mounts(mounts)
    attempt.mounts = mounts
    attempt.spec = create_spec_linux(evolve(inp, container=attempt.container), profile)
    _containerd_create(inp, rules, attempt)


def _check_duplicate_mounts(mounts: Sequence[Json]) -> None:
    """``setMounts``: defaults a user mount overrides are dropped, so only two user mounts can clash.

    moby/moby@v1.11.2:daemon/oci_linux.go; createSpec wraps the error as ``linux mounts: ...``. A
    ``--tmpfs /dev/shm`` without a /dev/shm volume clashes with the IPC mount.
    """
    seen: set[str] = set()
    for m in mounts:
        if m["destination"] in seen:
            raise fail("start.mounts.duplicate", f"linux mounts: Duplicate mount point '{m['destination']}'")
        seen.add(m["destination"])


def _start_windows(inp: CaseInput, profile: Profile, attempt: _Attempt) -> None:
    """1.11 Windows: the same containerStart around the Windows createSpec (no IPC, mounts in the spec)."""
    from mobyspec_reference.windows import create_spec_windows  # noqa: PLC0415 - keeps areas independent

    rules = profile.start
    assert rules is not None
    _common_prefix(inp, rules, attempt, "windows")
    attempt.spec = create_spec_windows(evolve(inp, container=attempt.container), profile)
    _containerd_create(inp, rules, attempt)


def _containerd_create(inp: CaseInput, rules: StartRules, attempt: _Attempt) -> None:
    """``containerd.Create``: on error rewrite to 127/126, Reset, emit ``start`` anyway, return the error.

    The permission check reads the possibly rewritten message (moby/moby@v1.11.2:daemon/start.go), so a
    Path containing "permission denied" turns a 127 into a 126.
    """
    if "containerdCreate" not in inp.faults:
        # libcontainerd calls StateChanged(StateStart): SetRunning, ToDisk, "start".
        _set_running(rules, attempt)
        attempt.events.append({"action": "start", "attributes": {}})
        return
    c = attempt.container
    message = inp.faults["containerdCreate"]
    code = "start.runtime.failed"
    exit_code = c.State.ExitCode
    if any(needle in message for needle in _NOT_FOUND):
        exit_code, code = 127, "start.runtime.not-found"
        message = f"Container command '{c.Path}' not found or does not exist."
    if _EACCES in message:
        exit_code, code = 126, "start.runtime.not-invokable"
        message = f"Container command '{c.Path}' could not be invoked."
    attempt.container = evolve(c, State=evolve(c.State, ExitCode=exit_code))
    attempt.events.append({"action": "start", "attributes": {}})
    raise fail(code, message)


def _result(
    rules: StartRules, attempt: _Attempt, *, error: BuildError | None, cleanup: int
) -> dict[str, Json]:
    """The ``result`` object: the record after the call, events, what reached the runtime, the error."""
    c = attempt.container
    s = c.State
    out: dict[str, Json] = {
        "container": {
            "ID": c.ID,
            "State": {
                "Running": s.Running,
                "Paused": s.Paused,
                "Restarting": s.Restarting,
                "Dead": s.Dead,
                "RemovalInProgress": s.RemovalInProgress,
                "ExitCode": s.ExitCode,
                "Error": s.Error,
            },
            "HasBeenStartedBefore": c.HasBeenStartedBefore,
            "ShmPath": attempt.shm_path,
            "Config": {
                "Hostname": c.Config.Hostname,
                "Domainname": c.Config.Domainname,
                "WorkingDir": c.Config.WorkingDir,
            },
            "HostConfig": {"NetworkMode": c.HostConfig.NetworkMode},
        },
        "events": attempt.events,
        "error": None if error is None else {"code": error.code, "message": error.message},
        "cleanup": cleanup,
        "shm": attempt.shm,
        "mounts": attempt.mounts,
    }
    if rules.mqueue:  # 1.10.0: the record's MqueuePath and setupIpcDirs' mqueue mount
        out["container"]["MqueuePath"] = attempt.mqueue_path
        out["mqueue"] = attempt.mqueue
    if rules.runtime == "execdriver":
        out["command"] = attempt.command
    else:
        out["spec"] = attempt.spec
    return {"result": out}

"""Behaviour switches of the ``start`` operation (containerStart), per profile.

Sources: moby/moby@v1.10.3:daemon/start.go and container/monitor.go (execdriver era),
moby/moby@v1.11.2:daemon/start.go, daemon/monitor.go and libcontainerd/ (containerd era).
"""

from __future__ import annotations

from typing import Literal

from attrs import evolve, frozen


@frozen
class StartRules:
    """Named containerStart switches of one profile."""

    platforms: tuple[str, ...]
    #: What the start hands to the runtime: the 1.10 execdriver ``Command`` run by the container monitor,
    #: or the 1.11 OCI spec given to ``containerd.Create``.
    runtime: Literal["execdriver", "containerd"]
    #: 1.10 returns ``errcode`` values: the API shows the message, but ``SetError`` stores ``err.Error()``,
    #: which is the lower-cased code value, then ``": " + message`` when the error carries arguments.
    errcode_state_error: bool
    #: 1.11 adds ``{"exitCode": "<n>"}`` to containerStart's ``die`` event (1.10 sends none).
    die_exit_code_attribute: bool
    #: 1.10 sets ``HasBeenStartedBefore`` after a successful start; 1.11 never sets it (the assignment
    #: was dropped with the execdrivers, commit 9c4570a958, and came back in monitor.go, commit f7fd408ba7).
    sets_started_before: bool
    #: ``CreateDaemonEnvironment`` writes ``HOSTNAME=<Hostname>.<Domainname>`` (1.10) or the short name.
    env_fqdn_hostname: bool
    #: SetupWorkingDirectory 1.10 stats the target and fails on a non-directory (``Cannot mkdir``);
    #: 1.11 ``MkdirAllNewAs`` accepts any existing target.
    workdir_rejects_file: bool
    #: initializeNetworking with ``--net=host`` splits ``os.Hostname()`` at the first ``.`` into
    #: Hostname and Domainname (1.10) or stores it whole as Hostname (1.11).
    host_hostname_split: bool
    #: ``GetContainer("")``: 1.11.1+ rejects it up front with this text; ``None``: 1.10 and 1.11.0 go on
    #: to ``GetByName``, whose ``name[0]`` indexes the empty string and panics
    #: (moby/moby@v1.10.3 and @v1.11.0:daemon/daemon.go; the check came in v1.11.1, 45730a4584).
    empty_name_message: str | None
    #: truncindex's ambiguous-prefix error names the second ID it met (1.11) or nothing (1.10).
    ambiguous_names_id: bool
    #: getIpcContainer also refuses a restarting container (1.11).
    ipc_restarting_check: bool
    #: The first ``getIpcContainer`` of a start: 1.10 populateCommand's, after ShmPath is set (its errors
    #: bare); 1.11 createSpec's setNamespaces, before setupIpcDirs sets ShmPath, its errors wrapped as
    #: ``linux spec namespaces: <err>`` (moby/moby@v1.11.2:daemon/oci_linux.go).
    ipc_join_in_namespaces: bool
    #: setupIpcDirs runs only for a private IpcMode (1.10) or always, with the host/container branches
    #: inside it (1.11); either way only a private mode mounts a tmpfs.
    ipc_dirs_always: bool
    #: setupLinkedContainers' EndpointSettings check and the nat ``Int()`` flavour (see links.py).
    links_endpoint_check: bool
    nat_int: Literal["legacy", "parseport"]
    #: 1.10.0 only: the daemon mounts an ``mqueue`` on the host and bind-mounts it into the container, as
    #: it does the shm: populateCommand sets ``MqueuePath`` (``<Root>/containers/<ID>/mqueue``, the joined
    #: one's for ``container:``, ``/dev/mqueue`` for ``host``, which must then exist), setupIpcDirs mounts
    #: it for a private IpcMode, IpcMounts adds ``/dev/mqueue`` after ``/dev/shm``
    #: (moby/moby@v1.10.0:daemon/container_operations_unix.go, container/container_unix.go). v1.10.1 drops
    #: all of it for a mount in the native driver's template (commit 1e64264697, "Make mqueue container
    #: specific"), which is past the execdriver Command the start hands over.
    mqueue: bool = False


# moby/moby@v1.10.3:daemon/start.go, container/monitor.go, errors/daemon.go
_1_10 = StartRules(
    platforms=("linux",),
    runtime="execdriver",
    errcode_state_error=True,
    die_exit_code_attribute=False,
    sets_started_before=True,
    env_fqdn_hostname=True,
    workdir_rejects_file=True,
    host_hostname_split=True,
    empty_name_message=None,
    ambiguous_names_id=False,
    ipc_restarting_check=False,
    ipc_join_in_namespaces=False,
    ipc_dirs_always=False,
    links_endpoint_check=False,
    nat_int="legacy",
)
# moby/moby@v1.10.0: the per-container mqueue (see ``mqueue``); otherwise daemon/start.go,
# container/monitor.go, errors/, daemon/links/ and the rest of populateCommand as v1.10.3 (`git diff v1.10.0
# v1.10.3 -- daemon/ container/ errors/ pkg/`: mqueue, graph migration, config reload, archive/import,
# registerMountPoints' bind mode, exec, execdriver internals such as filterDevices, seccomp, stdcopy, authz)
_1_10_0 = evolve(_1_10, mqueue=True)
# moby/moby@v1.11.2:daemon/start.go, daemon/oci_linux.go, daemon/oci_windows.go, daemon/monitor.go
_1_11 = StartRules(
    platforms=("linux", "windows"),
    runtime="containerd",
    errcode_state_error=False,
    die_exit_code_attribute=True,
    sets_started_before=False,
    env_fqdn_hostname=False,
    workdir_rejects_file=False,
    host_hostname_split=False,
    empty_name_message="No container name or ID supplied",
    ambiguous_names_id=True,
    ipc_restarting_check=True,
    ipc_join_in_namespaces=True,
    ipc_dirs_always=True,
    links_endpoint_check=False,
    nat_int="legacy",
)
# moby/moby@v1.11.0:daemon/daemon.go: GetContainer has no empty-name check yet (commit 45730a4584 came
# with v1.11.1), so "" reaches GetByName's name[0] and panics as in 1.10; daemon/start.go,
# daemon/oci_linux.go (but for the MountLabel line), daemon/monitor.go and pkg/truncindex as v1.11.2
_1_11_0 = evolve(_1_11, empty_name_message=None)

#: Profile id -> its start switches; a profile absent here has no ``start`` operation.
START: dict[str, StartRules] = {
    "1.10.0": _1_10_0,
    "1.10": _1_10,
    "1.11.0": _1_11_0,
    "1.11": _1_11,
}

"""Unit tests of the start operation, each citing the moby source of the rule it checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mobyspec_reference import build_output
from mobyspec_reference.errors import registry
from mobyspec_reference.profiles import get_profile
from mobyspec_reference.start import DEV_SHM, FAULT_STEPS

Json = Any

CID = "4f2a9c1b7d3e" + "0" * 52
BASE = {
    "ID": CID,
    "Name": "/web",
    "Path": "sh",
    "Args": [],
    "BaseFS": "/fs",
    "Config": {"Hostname": "web"},
    "HostConfig": {"NetworkMode": "default"},
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.3"}}},
}


def start(profile: str, container: Json | None = None, **world: Json) -> Json:
    record = copy.deepcopy(BASE)
    for key, value in (container or {}).items():
        if isinstance(value, dict) and isinstance(record.get(key), dict):
            record[key] = {**record[key], **value}
        else:
            record[key] = value
    return build_output("linux", "start", {"container": record, **world}, profile)


def result(profile: str, container: Json | None = None, **world: Json) -> Json:
    out = start(profile, container, **world)
    assert "result" in out, out
    return out["result"]


# moby/moby@v1.10.3:daemon/start.go, @v1.11.2:daemon/start.go: the deferred handler's exit code rule.
@pytest.mark.parametrize("profile", ["1.10", "1.11"])
@pytest.mark.parametrize(("before", "after"), [(0, 128), (3, 3), (-1, -1), (255, 255)])
def test_handler_sets_128_only_when_zero(profile: str, before: int, after: int) -> None:
    r = result(profile, {"State": {"ExitCode": before}}, faults={"mountRootfs": "x"})
    assert r["container"]["State"]["ExitCode"] == after
    assert r["container"]["State"]["Error"] == "x"
    assert r["cleanup"] == 1


# moby/moby@v1.11.2:daemon/start.go adds {"exitCode": ...} to die; v1.10.3 logs die without attributes.
def test_die_attributes_per_profile() -> None:
    faults = {"mountRootfs": "x"}
    assert result("1.10", faults=faults)["events"] == [{"action": "die", "attributes": {}}]
    assert result("1.11", faults=faults)["events"] == [{"action": "die", "attributes": {"exitCode": "128"}}]


# moby/moby@v1.11.2:daemon/start.go: the 126 check reads the rewritten 127 message.
def test_111_permission_check_reads_rewritten_message() -> None:
    text = 'exec: "x": executable file not found in $PATH'
    plain = result("1.11", faults={"containerdCreate": text})
    assert plain["container"]["State"]["ExitCode"] == 127
    quirk = result("1.11", {"Path": "/permission denied"}, faults={"containerdCreate": text})
    assert quirk["container"]["State"]["ExitCode"] == 126
    assert quirk["error"]["message"] == "Container command '/permission denied' could not be invoked."
    # 1.10 returns at the first match (moby/moby@v1.10.3:container/monitor.go): no flip.
    old = result("1.10", {"Path": "/permission denied"}, faults={"execdriverRun": text})
    assert old["container"]["State"]["ExitCode"] == 127


# moby/moby@v1.11.2:daemon/start.go logs "start" even when containerd.Create fails.
def test_111_start_event_on_error() -> None:
    r = result("1.11", faults={"containerdCreate": "boom"})
    assert [e["action"] for e in r["events"]] == ["start", "die"]
    assert r["container"]["State"]["ExitCode"] == 128


# moby/moby@v1.10.3:container/monitor.go: a generic Run error sets ExitCode -1 and CANTSTART.
def test_110_generic_runtime_error() -> None:
    r = result("1.10", {"State": {"ExitCode": 5}}, faults={"execdriverRun": "boom"})
    assert r["container"]["State"]["ExitCode"] == -1
    assert r["error"] == {"code": "start.runtime.failed", "message": f"Cannot start container {CID}: boom"}
    # SetError stores err.Error() of the errcode.Error: "<lower value>: <message>".
    assert r["container"]["State"]["Error"] == f"cantstart: Cannot start container {CID}: boom"


# moby/moby@v1.10.3:errors/daemon.go + distribution errcode: a bare ErrorCode's Error() is its value.
def test_110_bare_errcode_state_error() -> None:
    r = result("1.10", faults={"execdriverRun": "permission denied"})
    assert r["container"]["State"]["Error"] == "cmdcouldnotbeinvoked"
    assert r["error"]["message"] == "Container command could not be invoked."


# moby/moby@v1.10.3:container/monitor.go: StartLogging fails before the "start" event.
def test_110_logging_failure_has_no_start_event() -> None:
    r = result("1.10", faults={"startLogging": "no logger"})
    assert [e["action"] for e in r["events"]] == ["die"]


# moby/moby@v1.10.3:container/monitor.go#L155-L159: the monitor's deferred Close runs Cleanup when its
# first run fails, then containerStart's handler runs it again (daemon/start.go#L103); 1.11 has no monitor.
@pytest.mark.parametrize(
    ("profile", "fault", "count"),
    [
        ("1.10", {"startLogging": "x"}, 2),
        ("1.10", {"execdriverRun": "x"}, 2),
        ("1.10", {"shmMount": "x"}, 1),
        ("1.11", {"containerdCreate": "x"}, 1),
    ],
)
def test_cleanup_count(profile: str, fault: Json, count: int) -> None:
    assert result(profile, faults=fault)["cleanup"] == count
    assert result(profile)["cleanup"] == 0


# HasBeenStartedBefore: set by moby/moby@v1.10.3:daemon/start.go; no assignment anywhere in v1.11.2
# (removed by commit 9c4570a958, restored in daemon/monitor.go by f7fd408ba7 for 1.13).
def test_started_before() -> None:
    assert result("1.10")["container"]["HasBeenStartedBefore"] is True
    assert result("1.11")["container"]["HasBeenStartedBefore"] is False
    assert result("1.10", faults={"mountRootfs": "x"})["container"]["HasBeenStartedBefore"] is False


# moby/moby@v1.10.3:daemon/start.go: removal/dead return before the handler: a plain error.
@pytest.mark.parametrize("profile", ["1.10", "1.11"])
@pytest.mark.parametrize("flag", ["Dead", "RemovalInProgress"])
def test_guard_is_plain_error(profile: str, flag: str) -> None:
    out = start(profile, {"State": {flag: True}}, faults={"mountRootfs": "x"})
    assert out == {
        "error": {
            "code": "start.removal-in-progress",
            "message": "Container is marked for removal and cannot be started.",
        }
    }


# containerStart's running check returns nil: no event, no change.
@pytest.mark.parametrize("profile", ["1.10", "1.11"])
def test_running_internal_noop(profile: str) -> None:
    r = result(profile, {"State": {"Running": True, "ExitCode": 0}}, request={"entry": "containerStart"})
    assert r["events"] == []
    assert r["error"] is None
    assert r["command" if profile == "1.10" else "spec"] is None


# moby/moby@v1.10.3:container/container_unix.go: DefaultSHMSize 67108864; ShmSize overrides.
@pytest.mark.parametrize(("size", "data"), [(0, "mode=1777,size=67108864"), (1024, "mode=1777,size=1024")])
def test_shm_size(size: int, data: str) -> None:
    r = result("1.11", {"HostConfig": {"NetworkMode": "default", "ShmSize": size}})
    assert r["shm"]["data"] == data
    assert r["shm"]["target"] == f"/var/lib/docker/containers/{CID}/shm"


# IpcMounts is skipped for a user /dev/shm mount, whatever the IpcMode (container_unix.go).
def test_user_dev_shm_mount_suppresses_ipc_mount() -> None:
    r = result("1.10", {"Mounts": [{"Source": "/s", "Destination": DEV_SHM}]})
    assert r["shm"] is None
    assert [m["destination"] for m in r["mounts"]] == [DEV_SHM]
    assert r["mounts"][0]["source"] == "/s"


# 1.10 host networking splits os.Hostname() at the first dot (container_operations_unix.go); 1.11 not.
def test_host_network_hostname() -> None:
    world = {"host": {"Hostname": "a.b.c"}}
    r10 = result("1.10", {"HostConfig": {"NetworkMode": "host"}}, **world)
    r11 = result("1.11", {"HostConfig": {"NetworkMode": "host"}}, **world)
    assert (r10["container"]["Config"]["Hostname"], r10["container"]["Config"]["Domainname"]) == ("a", "b.c")
    assert (r11["container"]["Config"]["Hostname"], r11["container"]["Config"]["Domainname"]) == ("a.b.c", "")
    assert "HOSTNAME=a.b.c" in r10["command"]["ProcessConfig"]["Env"]


# moby/moby@v1.11.2:daemon/daemon.go#L142-L145 rejects "" up front; v1.10.3 goes on to GetByName,
# whose name[0] panics (daemon/daemon.go#L527-L531), and so does v1.11.0 (daemon/daemon.go#L142-L152,
# #L534-L537: the check is commit 45730a4584, first in v1.11.1). generateSecurityOpt skips an empty IPC name.
@pytest.mark.parametrize("mode", ["NetworkMode", "IpcMode"])
def test_empty_container_name(mode: str) -> None:
    c = {"HostConfig": {"NetworkMode": "default", mode: "container:"}}
    panic = {"error": {"code": "go.panic", "message": "runtime error: index out of range"}}
    assert start("1.10", c) == panic
    assert start("1.11.0", c) == panic
    wrap = "linux spec namespaces: " if mode == "IpcMode" else ""
    assert result("1.11", c)["error"]["message"] == wrap + "No container name or ID supplied"


# moby/moby@v1.10.0:daemon/container_operations_unix.go (populateCommand, setupIpcDirs) and
# container/container_unix.go (MqueueResourcePath, IpcMounts): the daemon's own mqueue per container,
# gone in v1.10.1 (commit 1e64264697).
def test_110_0_mounts_an_mqueue_per_container() -> None:
    mq = f"/var/lib/docker/containers/{CID}/mqueue"
    r = result("1.10.0")
    assert r["container"]["MqueuePath"] == mq
    assert r["mqueue"] == {
        "source": "mqueue",
        "target": mq,
        "fstype": "mqueue",
        "flags": ["MS_NOEXEC", "MS_NOSUID", "MS_NODEV"],
        "data": "",
    }
    assert [m["destination"] for m in r["mounts"]] == [DEV_SHM, "/dev/mqueue"]
    assert r["mounts"][1]["source"] == mq
    later = result("1.10")
    assert "mqueue" not in later
    assert "MqueuePath" not in later["container"]
    assert [m["destination"] for m in later["mounts"]] == [DEV_SHM]


def test_110_0_ipc_host_needs_dev_mqueue() -> None:
    c = {"HostConfig": {"NetworkMode": "default", "IpcMode": "host"}}
    r = result("1.10.0", c, host={"Files": {DEV_SHM: "dir"}})
    assert r["error"] == {
        "code": "start.ipc.dev-mqueue-missing",
        "message": "/dev/mqueue is not mounted, but must be for --ipc=host",
    }
    ok = result("1.10.0", c, host={"Files": {DEV_SHM: "dir", "/dev/mqueue": "dir"}})
    assert ok["container"]["MqueuePath"] == "/dev/mqueue"
    assert ok["mqueue"] is None
    assert result("1.10", c, host={"Files": {DEV_SHM: "dir"}})["error"] is None


def test_110_0_mqueue_mount_fault() -> None:
    r = result("1.10.0", faults={"mqueueMount": "operation not permitted"})
    assert r["error"] == {
        "code": "start.mqueue-mount",
        "message": "mounting mqueue mqueue : operation not permitted",
    }
    assert r["shm"] is not None  # the shm came first
    assert result("1.10", faults={"mqueueMount": "operation not permitted"})["error"] is None


GHOST = {"HostConfig": {"NetworkMode": "default", "IpcMode": "container:ghost"}}


# moby/moby@v1.10.3:daemon/daemon_unix.go#L204-L209 + daemon/create.go#L134-L147 (v1.11.2 the same): the
# API entry looks up IpcMode.Container() when SecurityOpt is nil, before containerStart exists.
@pytest.mark.parametrize("profile", ["1.10", "1.11"])
def test_api_entry_ipc_lookup(profile: str) -> None:
    plain = {"error": {"code": "start.lookup.no-such-container", "message": "No such container: ghost"}}
    assert start(profile, GHOST) == plain
    weird = {"HostConfig": {"NetworkMode": "default", "IpcMode": ":weird"}}
    assert start(profile, weird)["error"]["message"] == "No such container: weird"
    # containerStart's own lookup answers when the API lookup is skipped: handler, die, cleanup.
    skipped = [
        start(profile, GHOST, request={"entry": "containerStart"}),
        start(profile, {"HostConfig": {**GHOST["HostConfig"], "SecurityOpt": []}}),
        start(profile, {"HostConfig": {**GHOST["HostConfig"], "PidMode": "host"}}),
    ]
    wrap = "linux spec namespaces: " if profile == "1.11" else ""
    for out in skipped:
        assert out["result"]["error"]["message"] == wrap + "No such container: ghost"
        assert out["result"]["cleanup"] == 1


# 1.10 populateCommand stores ShmPath before getIpcContainer (container_operations_unix.go#L91-L102);
# 1.11 createSpec's setNamespaces looks up before setupIpcDirs stores it (oci_linux.go#L623-L635).
def test_ipc_join_failure_shm_path() -> None:
    c = {**GHOST, "ShmPath": "/stored"}
    internal = {"entry": "containerStart"}
    own = f"/var/lib/docker/containers/{CID}/shm"
    assert result("1.10", c, request=internal)["container"]["ShmPath"] == own
    assert result("1.11", c, request=internal)["container"]["ShmPath"] == "/stored"


# getIpcContainer's IsRunning takes the State mutex that containerStart's container.Lock holds
# (moby/moby@v1.10.3:container/state.go#L160-L165, v1.11.2 container/state.go#L158-L163).
@pytest.mark.parametrize("profile", ["1.10", "1.11"])
@pytest.mark.parametrize("name", ["web", "/web", CID, CID[:12]])
def test_own_ipc_blocks(profile: str, name: str) -> None:
    c = {"HostConfig": {"NetworkMode": "default", "IpcMode": f"container:{name}"}}
    assert start(profile, c) == {"blocks": {"step": "getIpcContainer", "events": []}}


# FollowSymlinkInScope's filepath.Abs (moby/moby@v1.10.3:pkg/symlink/fs.go#L21-L31): a relative root
# resolves against dockerd's cwd.
@pytest.mark.parametrize(
    ("root", "cwd", "shm"),
    [
        ("/srv/d/", None, "/srv/d"),
        ("../d", None, "/d"),
        ("d", "/home/op", "/home/op/d"),
        ("", "/w", "/w"),
    ],
)
def test_shm_path_absolute(root: str, cwd: str | None, shm: str) -> None:
    world: dict[str, Json] = {"daemon": {"Root": root}}
    if cwd is not None:
        world["host"] = {"Cwd": cwd}
    for profile in ("1.10", "1.11"):
        r = result(profile, **world)
        assert r["container"]["ShmPath"] == f"{shm}/containers/{CID}/shm"
        assert r["shm"]["target"] == r["container"]["ShmPath"]


def test_fault_steps_match_schema() -> None:
    from mobyspec_conformance.corpus import case_schema

    schema = case_schema()["properties"]["input"]["properties"]["faults"]
    assert tuple(schema["propertyNames"]["enum"]) == FAULT_STEPS


def test_start_codes_registered() -> None:
    codes = registry()
    for code in ("start.paused", "start.runtime.not-found", "start.mounts.duplicate"):
        assert code in codes


def test_profiles_have_start() -> None:
    assert get_profile("1.10").supports("linux", "start")
    assert not get_profile("1.10").supports("windows", "start")
    assert get_profile("1.11").supports("windows", "start")
    assert get_profile("1.12").start is None


def test_start_goldens_match_output_schema() -> None:
    """Every start golden has one of the output kinds ``schemas/start-output.v1.json`` describes."""
    import json

    from mobyspec_conformance.corpus import default_goldens
    from mobyspec_conformance.start_output import violations

    # $MOBYSPEC_GOLDENS first: tools/mutation.py runs this file from a staging folder without goldens
    goldens = sorted(default_goldens().glob("*/start/**/*.json"))
    assert len(goldens) > 200
    kinds = set()
    for path in goldens:
        output = json.loads(path.read_text(encoding="utf-8"))
        assert violations(output) == [], path
        kinds.add(next(iter(output)))
    assert kinds == {"result", "blocks", "error"}


@pytest.mark.parametrize(
    ("key", "value", "pointer"),
    [
        ("host", {"Cwd": "home/op"}, "/input/host/Cwd"),
        (
            "container",
            {"HostConfig": {"SecurityOpt": "label:disable"}},
            "/input/container/HostConfig/SecurityOpt",
        ),
    ],
)
def test_start_world_facts_checked(key: str, value: Json, pointer: str) -> None:
    """host.Cwd is os.Getwd() (absolute); SecurityOpt is a list or null: anything else names its place."""
    import json

    from mobyspec_conformance.corpus import CaseError, default_corpus, parse_case

    root = default_corpus()  # $MOBYSPEC_CORPUS first, as in tools/mutation.py's staging folder
    doc = json.loads((root / "start/ipc/daemon-root.json").read_text(encoding="utf-8"))
    doc["input"][key] = {**doc["input"].get(key, {}), **value}
    with pytest.raises(CaseError) as caught:
        parse_case(json.dumps(doc), "x.json", "start/ipc/daemon-root")
    assert [p.pointer for p in caught.value.problems] == [pointer]

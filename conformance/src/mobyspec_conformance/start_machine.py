"""The start lifecycle as a hypothesis state machine: a small model daemon driven through a start *driver*.

The driver is any callable ``(case_input_json, profile) -> output_json`` for the ``start`` operation;
in-process it is the reference (``build_output("linux", "start", ...)``). A runner can hand the same
machine a third-party builder that declares ``start`` (see :func:`make_machine`).

The model daemon holds container records as the driver returns them. Rules: create, start, a start
with an injected fault, stop, mark for removal, die, and join another container's (or its own) IPC
namespace. Invariants (moby/moby@v1.10.3:daemon/start.go, moby/moby@v1.11.2:daemon/start.go): a failed
start never leaves ExitCode 0; one ``die`` per failed start that passed the guard and none otherwise; a
start on a running container emits nothing; HasBeenStartedBefore turns true only after a success (and
only in 1.10); an API start whose IPC container is gone fails before containerStart (adaptContainerSettings'
lookup: a plain error, nothing changes); a start blocks exactly when it joins its own IPC namespace, and
a blocked container holds its lock for good (the model leaves it alone afterwards); and across
operations, the 1.11 Windows spec built after a start carries ``first_start`` exactly when
HasBeenStartedBefore is false.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, precondition, rule

from mobyspec_reference import build_output
from mobyspec_reference.profiles import get_profile

Json = Any
StartDriver = Callable[[Json, str], Json]

#: Fault steps and texts a failed start can meet, per profile (both share the preparation steps).
PREPARATION_FAULTS = {
    "mountRootfs": "mount failed: device busy",
    "allocateNetwork": "no available IPv4 addresses",
    "shmMount": "no space left on device",
}
#: Faults of the steps before the IPC join (rootfs mount, initializeNetworking): they fail first.
EARLY_FAULTS = frozenset({"mountRootfs", "allocateNetwork"})
RUNTIME_FAULTS = {
    "1.10": {
        "startLogging": "logger: connection refused",
        "execdriverRun": 'exec: "sh": executable file not found in $PATH',
    },
    "1.11": {"containerdCreate": 'exec: "sh": permission denied'},
}


def runtime_era(profile: str) -> str:
    """The :data:`RUNTIME_FAULTS` key of a start profile: "1.10" (execdriver) or "1.11" (containerd)."""
    rules = get_profile(profile).start
    return "1.10" if rules is not None and rules.runtime == "execdriver" else "1.11"


def reference_driver(platform: str = "linux") -> StartDriver:
    """The in-process reference as a start driver."""

    def drive(case_input: Json, profile: str) -> Json:
        return build_output(platform, "start", case_input, profile)

    return drive


def _record(index: int) -> Json:
    cid = f"{index:02d}" + "ab" * 31
    return {
        "ID": cid,
        "Name": f"/c{index}",
        "Path": "sh",
        "Args": [],
        "BaseFS": f"/var/lib/docker/overlay/{cid[:12]}/merged",
        "Config": {"Hostname": cid[:12]},
        "HostConfig": {"NetworkMode": "default"},
        "NetworkSettings": {"Networks": {"bridge": {"IPAddress": f"172.17.0.{index + 2}"}}},
        "State": {},
    }


def make_machine(driver: StartDriver, profile: str, platform: str = "linux") -> type[RuleBasedStateMachine]:
    """A state machine class that checks ``driver`` (a start builder) at ``profile`` on ``platform``.

    IPC container modes exist on Linux only (Windows 1.11 has no adaptContainerSettings lookup and no
    IPC namespace), so ``join_ipc`` runs on Linux only.
    """
    runtime_faults = RUNTIME_FAULTS[runtime_era(profile)]

    class StartLifecycle(RuleBasedStateMachine):
        containers = Bundle("containers")

        def __init__(self) -> None:
            super().__init__()
            self.records: dict[str, Json] = {}
            self.created = 0
            self.last: Json = None
            self.last_expect_die = False
            self.last_was_noop = False
            self.last_failed = False
            self.last_started_before: tuple[bool, bool] | None = None
            #: Containers whose start blocked: moby holds their lock for good, so nothing touches them.
            self.stuck: set[str] = set()

        def _ipc_target(self, cid: str) -> str | None:
            """The record ID the container's ``container:<name>`` IPC mode names, "" when it is gone."""
            mode = self.records[cid]["HostConfig"].get("IpcMode", "")
            if not mode.startswith("container:"):
                return None
            name = "/" + mode.partition(":")[2]
            return next((k for k, r in self.records.items() if r["Name"] == name), "")

        def _start(self, cid: str, faults: Json, entry: str) -> None:
            self.last = None
            self.last_expect_die = False
            self.last_was_noop = False
            self.last_failed = False
            self.last_started_before = None
            target = self._ipc_target(cid)
            if cid in self.stuck or (target and target in self.stuck):
                return  # moby would wait for the stuck container's lock as well
            before = copy.deepcopy(self.records[cid])
            others = [copy.deepcopy(r) for k, r in self.records.items() if k != cid]
            inp: dict[str, Json] = {"container": before, "containers": others, "request": {"entry": entry}}
            if faults:
                inp["faults"] = faults
            out = driver(inp, profile)
            self.last = out
            state = before["State"]
            api = entry == "ContainerStart"
            guarded = state.get("RemovalInProgress") or state.get("Dead")
            if "blocks" in out:
                # Only joining its own IPC namespace blocks, and only once containerStart got that far.
                assert target == cid, out
                assert out["blocks"]["events"] == [], out
                assert not guarded, out
                assert not state.get("Running"), out
                assert not set(faults) & EARLY_FAULTS, out
                self.stuck.add(cid)
                return
            if "error" in out:
                # Returned before the deferred handler: the API checks, the API's IPC lookup, the guard.
                checks = api and (state.get("Running") or state.get("Paused"))
                ipc_gone = api and target == ""
                assert guarded or checks or ipc_gone, out
                if ipc_gone and not (guarded or checks):
                    assert out["error"]["code"] == "start.lookup.no-such-container", out
                return
            assert not (api and target == "" and not state.get("Running") and not state.get("Paused")), out
            # Joining its own IPC namespace returns only as a running no-op or after an earlier failure.
            assert target != cid or state.get("Running") or set(faults) & EARLY_FAULTS, out
            result = out["result"]
            after = result["container"]
            if state.get("Running") and entry == "containerStart":
                self.last_was_noop = True
            self.last_failed = result["error"] is not None
            self.last_expect_die = self.last_failed
            self.last_started_before = (
                bool(before.get("HasBeenStartedBefore")),
                after["HasBeenStartedBefore"],
            )
            record = self.records[cid]
            record["State"] = copy.deepcopy(after["State"])
            record["HasBeenStartedBefore"] = after["HasBeenStartedBefore"]
            record["HostConfig"]["NetworkMode"] = after["HostConfig"]["NetworkMode"]

        @rule(target=containers)
        def create(self) -> str:
            record = _record(self.created)
            self.created += 1
            self.records[record["ID"]] = record
            return str(record["ID"])

        @rule(cid=containers, entry=st.sampled_from(["ContainerStart", "containerStart"]))
        def start(self, cid: str, entry: str) -> None:
            self._start(cid, {}, entry)

        @rule(
            cid=containers,
            step=st.sampled_from(sorted({*PREPARATION_FAULTS, *runtime_faults})),
        )
        def failed_start(self, cid: str, step: str) -> None:
            text = {**PREPARATION_FAULTS, **runtime_faults}[step]
            self._start(cid, {step: text}, "ContainerStart")

        @precondition(lambda _self: platform == "linux")
        @rule(cid=containers, other=containers)
        def join_ipc(self, cid: str, other: str) -> None:
            # --ipc=container:<name> as stored at create (the name outlives a removed container).
            self.records[cid]["HostConfig"]["IpcMode"] = "container:" + self.records[other]["Name"][1:]

        @rule(cid=containers, code=st.sampled_from([0, 1, 137]))
        def stop(self, cid: str, code: int) -> None:
            # The monitor's SetStopped after the process exits (not the start operation).
            state = self.records[cid]["State"]
            if state.get("Running"):
                state.update(Running=False, Paused=False, ExitCode=code)

        @rule(cid=containers)
        def pause(self, cid: str) -> None:
            state = self.records[cid]["State"]
            if state.get("Running"):
                state["Paused"] = True

        @rule(cid=consumes(containers))
        def mark_for_removal(self, cid: str) -> None:
            if cid in self.stuck:
                return  # removal would wait for the lock too
            self.records[cid]["State"]["RemovalInProgress"] = True
            self._start(cid, {}, "ContainerStart")
            assert self.last is None or "error" in self.last
            del self.records[cid]

        @rule(cid=containers)
        def die(self, cid: str) -> None:
            state = self.records[cid]["State"]
            state.update(Running=False, Paused=False, Dead=True)

        @invariant()
        def failed_start_has_nonzero_exit_code(self) -> None:
            if self.last_failed:
                assert self.last["result"]["container"]["State"]["ExitCode"] != 0

        @invariant()
        def one_die_per_failed_start(self) -> None:
            if self.last is None or "result" not in self.last:
                return
            dies = [e for e in self.last["result"]["events"] if e["action"] == "die"]
            assert len(dies) == (1 if self.last_expect_die else 0)

        @invariant()
        def running_noop_is_silent(self) -> None:
            if self.last_was_noop:
                assert self.last["result"]["events"] == []
                assert self.last["result"]["error"] is None

        @invariant()
        def started_before_only_after_success(self) -> None:
            if self.last_started_before is None:
                return
            was, now = self.last_started_before
            if now and not was:
                assert not self.last_failed
                assert self.last["result"]["container"]["State"]["Running"]
                assert runtime_era(profile) == "1.10"  # 1.11 never sets it

    return StartLifecycle


def machine(build: Callable[[Json], Json], profile: str, platform: str) -> type[RuleBasedStateMachine]:
    """The hook ``mobyspec props`` calls: the machine for a builder's ``build(start_input) -> output``.

    The records the machine creates are Linux-shaped; on Windows (1.11) the same records run the Windows
    start path with default world facts (an image without RootFS, empty RW layer metadata).
    """
    return make_machine(lambda inp, _profile: build(inp), profile, platform)

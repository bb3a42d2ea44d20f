"""The profile table: one behaviour profile per moby version, as data.

A profile names the moby tree it reproduces and carries one block of named behaviour switches per
(platform, operation) it supports. Code reads a switch, never a version number.
"""

from __future__ import annotations

from attrs import frozen

from mobyspec_reference.create_rules import CREATE, CreateRules
from mobyspec_reference.linux_rules import LINUX, LinuxRules
from mobyspec_reference.releases import version_profile_id
from mobyspec_reference.start_rules import START, StartRules
from mobyspec_reference.windows_rules import WINDOWS, WindowsRules


@frozen
class Profile:
    """One moby version's behaviour: where it comes from and the switches of each supported area."""

    id: str
    moby_tree: str
    go_version: str
    summary: str
    linux: LinuxRules | None
    windows: WindowsRules | None
    start: StartRules | None
    create: CreateRules | None

    def supports(self, platform: str, operation: str) -> bool:
        """Whether this profile reproduces ``operation`` on ``platform``."""
        if operation == "spec":
            return (self.linux if platform == "linux" else self.windows) is not None
        rules = self.start if operation == "start" else self.create
        return rules is not None and platform in rules.platforms


_TABLE = (
    ("1.10.0", "v1.10.0", "1.5.3", "Docker 1.10.0 (execdriver start; a per-container /dev/mqueue)"),
    ("1.10", "v1.10.3", "1.5.3", "Docker 1.10.1 to 1.10.3: execdriver start path (no OCI spec)"),
    ("1.11.0", "v1.11.0", "1.5.4", 'Docker 1.11.0 (specs 0.5.0-dev; GetContainer("") panics)'),
    ("1.11", "v1.11.2", "1.5.4", "Docker 1.11.1 to 1.11.2 (runtime-spec 0.6.0-dev, windowsoci)"),
    ("1.12-dev+c70f153", "c70f153f52", "1.5.3", "master commit c70f153f52 (2016-04-06), 1.12 cycle"),
    ("1.12", "v1.12.0", "1.6.3", "Docker 1.12.0 (runtime-spec 1.0.0-rc1)"),
    ("1.12.1", "v1.12.1", "1.6.3", "Docker 1.12.1 (/proc/timer_list masked)"),
    ("1.12.2", "v1.12.6", "1.6.4", "Docker 1.12.2 to 1.12.6 (runtime-spec 1.0.0-rc2-dev)"),
    ("1.13-dev+410a861", "410a8612f4", "1.7.1", "master commit 410a8612f4 (2016-09-17), 1.13 cycle"),
    ("1.13.0", "v1.13.0", "1.7.3", "Docker 1.13.0 (runtime-spec 1.0.0-rc2-dev, --init without --)"),
    ("17.03", "v17.03.2-ce", "1.7.5", "Docker 1.13.1 to 17.04 (--init with --)"),
    ("17.06", "v17.06.0-ce", "1.8.3", "Docker 17.05 to 17.06.2 (runtime-spec 1.0.0-rc5)"),
    ("17.07", "v17.07.0-ce", "1.8.3", "Docker 17.07 (runtime-spec 1.0.0-rc5-dev; Windows CPU maximum)"),
    ("17.09", "v17.09.0-ce", "1.8.3", "Docker 17.09.0 (runtime-spec 1.0.0; /dev/shm; Windows layer folders)"),
    ("17.09.1", "v17.09.1-ce", "1.8.3", "Docker 17.09.1 (/proc/scsi masked)"),
    (
        "17.10",
        "v17.10.0-ce",
        "1.8.3",
        "Docker 17.10 (BaseFS a ContainerFS; no /proc/scsi; Windows nil panics)",
    ),
    ("17.11", "v17.11.0-ce", "1.8.5", "Docker 17.11 (/proc/scsi masked again)"),
    (
        "17.12",
        "v17.12.0-ce",
        "1.9.2",
        "Docker 17.12.0 to 18.01 (Cannot mkdir: a working directory file)",
    ),
    ("18.02", "v18.02.0-ce", "1.9.3", "Docker 18.02 (runtime-spec 1.0.1)"),
    ("18.03.0", "v18.03.0-ce", "1.9.4", "Docker 18.03.0 (/proc/keys masked)"),
    ("18.03", "v18.03.1-ce", "1.9.5", "Docker 18.03.1 (a nil BaseFS is an error)"),
    ("18.04", "v18.04.0-ce", "1.9.4", "Docker 18.04 to 18.05 (Windows: GetLayerFolders error wording)"),
    ("18.06", "v18.06.0-ce", "1.10.3", "Docker 18.06 (/proc/acpi masked)"),
    ("18.09.0", "v18.09.0", "1.10.4", "Docker 18.09.0 (runtime-spec 1.0.1-dev)"),
    ("18.09", "v18.09.1", "1.10.6", "Docker 18.09.1 to 18.09.9 (/proc/asound masked, not read-only)"),
    (
        "19.03",
        "v19.03.0",
        "1.12.5",
        "Docker 19.03 (/sbin/docker-init; domainname sysctl; commandLine)",
    ),
    (
        "20.10.0",
        "v20.10.0",
        "1.13.15",
        "Docker 20.10.0 to 20.10.12 (runtime-spec 1.0.2-dev; sysctls)",
    ),
    (
        "20.10.13",
        "v20.10.13",
        "1.16.15",
        "Docker 20.10.13 (no ping range when remapped or in a userns)",
    ),
    ("20.10", "v20.10.24", "1.19.7", "Docker 20.10.14 to 20.10.26 (no inheritable capabilities)"),
    ("20.10.27", "v20.10.27", "1.20.10", "Docker 20.10.27 (powercap masked)"),
    ("23.0", "v23.0.0", "1.19.5", "Docker 23.0.0 to 23.0.7 (Linux as 20.10; Windows setupWindowsDevices)"),
    ("23.0.8", "v23.0.8", "1.20.10", "Docker 23.0.8 to 23.0.18 (Linux as 20.10.27; Windows as 23.0)"),
    (
        "24.0",
        "v24.0.0",
        "1.20.4",
        "Docker 24.0.0 to 24.0.2 (1.1.0-rc.2; LookupInitPath; empty BaseFS)",
    ),
    ("24.0.3", "v24.0.3", "1.20.5", "Docker 24.0.3 to 24.0.6 (the snapshotter no longer skips root)"),
    ("24.0.7", "v24.0.7", "1.20.10", "Docker 24.0.7 to 24.0.9 (powercap masked)"),
    ("25.0", "v25.0.0", "1.21.6", "Docker 25.0 (runtime-spec 1.1.0)"),
    ("26.0", "v26.0.0", "1.21.8", "Docker 26.0.0 to 26.0.2 (Linux as 25.0; Windows setupMounts first)"),
    (
        "26.1",
        "v26.1.0",
        "1.21.9",
        "Docker 26.1.0 to 26.1.5 (1.2.0; cwd as stored, create Cleans)",
    ),
    ("27.0", "v27.0.1", "1.21.11", "Docker 27.0.1 to 27.5.1 (docker-init also in /usr/libexec)"),
    ("28.0", "v28.0.0", "1.23.6", "Docker 28.0.0 to 28.0.1 (links ToEnv rewritten; Windows as 26.1)"),
    ("28.0.2", "v28.0.2", "1.23.7", "Docker 28.0.2 to 28.1.1 (/proc/interrupts, thermal_throttle masked)"),
    ("28.2", "v28.2.0", "1.24.3", "Docker 28.2 to 28.5 (runtime-spec 1.2.1)"),
    (
        "29.0",
        "docker-v29.0.0",
        "1.25.4",
        "Docker 29.0 to 29.1 (link variables only on request; typed ports and addresses)",
    ),
    ("29.2", "docker-v29.2.0", "1.25.6", "Docker 29.2 to 29.3 (runtime-spec 1.3.0)"),
    ("29.4", "docker-v29.4.0", "1.26.1", "Docker 29.4 (the zero port's protocol is empty)"),
    ("29.5", "docker-v29.5.0", "1.26.3", "Docker 29.5 to 29.7 (a time namespace)"),
)

#: The first profile whose areas are written as change points: from here on a profile missing from an
#: area's table (say a Windows-only change point in LINUX) has the rules of the profile before it in
#: version order. Where a release line branched before its predecessor's last release (23.0.0 before
#: 20.10.27), the area's table names that profile itself (linux_rules.LINUX["23.0"]).
_FIRST_CHANGE_POINT = "17.07"


def _in_effect() -> dict[str, tuple[LinuxRules | None, WindowsRules | None, CreateRules | None]]:
    """Each profile's Linux, Windows and create rules: its own, or from 17.07 on the newest earlier ones."""
    out: dict[str, tuple[LinuxRules | None, WindowsRules | None, CreateRules | None]] = {}
    inherit = False
    linux: LinuxRules | None = None
    windows: WindowsRules | None = None
    create: CreateRules | None = None
    for pid, *_ in _TABLE:
        inherit = inherit or pid == _FIRST_CHANGE_POINT
        linux = LINUX.get(pid, linux if inherit else None)
        windows = WINDOWS.get(pid, windows if inherit else None)
        create = CREATE.get(pid, create if inherit else None)
        out[pid] = (linux, windows, create)
    return out


_RULES = _in_effect()

#: Every profile, oldest first.
PROFILES: tuple[Profile, ...] = tuple(
    Profile(
        id=pid,
        moby_tree=tree,
        go_version=go,
        summary=summary,
        linux=_RULES[pid][0],
        windows=_RULES[pid][1],
        start=START.get(pid),
        create=_RULES[pid][2],
    )
    for pid, tree, go, summary in _TABLE
)

_BY_ID = {p.id: p for p in PROFILES}


def get_profile(profile_id: str) -> Profile:
    """The profile with this id, or the one reproducing this moby version (``20.10.24``, ``v28.0.0``).

    ``KeyError`` names the known ids, or says why a version has no profile (:mod:`releases`).
    """
    try:
        return _BY_ID[profile_id]
    except KeyError:  # unknown profile id
        return _BY_ID[version_profile_id(profile_id, tuple(_BY_ID))]


def profiles_for(platform: str, operation: str, only: tuple[str, ...] | None = None) -> tuple[Profile, ...]:
    """The profiles that support a (platform, operation), optionally restricted to ``only``, oldest first."""
    return tuple(p for p in PROFILES if p.supports(platform, operation) and (only is None or p.id in only))

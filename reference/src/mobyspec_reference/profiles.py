"""The profile table: one behaviour profile per moby version, as data.

A profile names the moby tree it reproduces and carries one block of named behaviour switches per
(platform, operation) it supports. Code reads a switch, never a version number.
"""

from __future__ import annotations

from attrs import frozen

from mobyspec_reference.create_rules import CREATE, CreateRules
from mobyspec_reference.linux_rules import LINUX, LinuxRules
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
    ("1.10", "v1.10.3", "1.5.3", "Docker 1.10: execdriver start path (no OCI spec)"),
    ("1.11", "v1.11.2", "1.5.4", "Docker 1.11: first OCI spec (runtime-spec 0.6.0-dev, windowsoci)"),
    ("1.12-dev+c70f153", "c70f153f52", "1.5.3", "master commit c70f153f52 (2016-04-06), 1.12 cycle"),
    ("1.12", "v1.12.0", "1.6.3", "Docker 1.12 (runtime-spec 1.0.0-rc1)"),
    ("1.13-dev+410a861", "410a8612f4", "1.7.1", "master commit 410a8612f4 (2016-09-17), 1.13 cycle"),
    ("1.13.0", "v1.13.0", "1.7.3", "Docker 1.13.0 (runtime-spec 1.0.0-rc2-dev, --init without --)"),
    ("17.03", "v17.03.2-ce", "1.7.5", "Docker 1.13.1 to 17.04 (--init with --)"),
    ("17.06", "v17.06.0-ce", "1.8.3", "Docker 17.05 to 17.06 (runtime-spec 1.0.0-rc5)"),
    ("17.07", "v17.07.0-ce", "1.8.3", "Docker 17.07 (runtime-spec 1.0.0-rc5-dev; Windows CPU maximum)"),
    ("17.09", "v17.09.0-ce", "1.8.3", "Docker 17.09 (runtime-spec 1.0.0; Windows layer folders in the spec)"),
    ("17.10", "v17.10.0-ce", "1.8.3", "Docker 17.10 to 18.01 (Windows BaseFS an interface: nil panics)"),
    ("18.02", "v18.02.0-ce", "1.9.3", "Docker 18.02 to 18.03.0 (runtime-spec 1.0.1)"),
    ("18.03.1", "v18.03.1-ce", "1.9.5", "Docker 18.03.1 (Windows: a nil BaseFS is an error)"),
    ("18.04", "v18.04.0-ce", "1.9.4", "Docker 18.04 to 18.09 (Windows: GetLayerFolders error wording)"),
    ("19.03", "v19.03.0", "1.12.5", "Docker 19.03 (runtime-spec 1.0.1-dev; Windows commandLine, devices)"),
    ("20.10", "v20.10.0", "1.13.15", "Docker 20.10 (runtime-spec 1.0.2-dev)"),
    ("23.0", "v23.0.0", "1.19.5", "Docker 23.0 (Windows setupWindowsDevices: IDType://ID)"),
    ("24.0", "v24.0.0", "1.20.4", "Docker 24.0 (runtime-spec 1.1.0-rc.2; annotations)"),
    ("25.0", "v25.0.0", "1.21.6", "Docker 25.0 (runtime-spec 1.1.0)"),
    ("26.0", "v26.0.0", "1.21.8", "Docker 26.0 (Windows: setupMounts before createSpec)"),
    ("26.1", "v26.1.0", "1.21.9", "Docker 26.1 to 28.1 (runtime-spec 1.2.0)"),
    ("28.2", "v28.2.0", "1.24.3", "Docker 28.2 to 29.1 (runtime-spec 1.2.1)"),
    ("29.2", "docker-v29.2.0", "1.25.6", "Docker 29.2 to 29.7 (runtime-spec 1.3.0)"),
)

#: Every profile, oldest first.
PROFILES: tuple[Profile, ...] = tuple(
    Profile(
        id=pid,
        moby_tree=tree,
        go_version=go,
        summary=summary,
        linux=LINUX.get(pid),
        windows=WINDOWS.get(pid),
        start=START.get(pid),
        create=CREATE.get(pid),
    )
    for pid, tree, go, summary in _TABLE
)

_BY_ID = {p.id: p for p in PROFILES}


def get_profile(profile_id: str) -> Profile:
    """The profile with this id; ``KeyError`` names the known ids."""
    try:
        return _BY_ID[profile_id]
    except KeyError:  # unknown profile id
        known = ", ".join(_BY_ID)
        msg = f"unknown profile {profile_id!r} (known: {known})"
        raise KeyError(msg) from None


def profiles_for(platform: str, operation: str, only: tuple[str, ...] | None = None) -> tuple[Profile, ...]:
    """The profiles that support a (platform, operation), optionally restricted to ``only``, oldest first."""
    return tuple(p for p in PROFILES if p.supports(platform, operation) and (only is None or p.id in only))

"""The release table: which profile reproduces each moby release, as data.

:data:`RELEASES` pins every final release tag of moby/moby from 1.10.0 on (``vX.Y.Z``, ``vX.Y.Z-ce``,
``docker-vX.Y.Z``; pre-releases are not listed), so the table is checked without the moby mirror.
:data:`RANGES` maps inclusive release ranges to the profile that reproduces them; :data:`UNRESOLVED`
names the releases no profile reproduces yet, with the reason. Every release is in exactly one of them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Every final moby release from 1.10.0 to docker-v29.7.2, oldest first (tags of moby/moby without the
#: ``v``/``docker-v`` prefix and the ``-ce`` suffix).
RELEASES: tuple[str, ...] = (
    "1.10.0",
    "1.10.1",
    "1.10.2",
    "1.10.3",
    "1.11.0",
    "1.11.1",
    "1.11.2",
    "1.12.0",
    "1.12.1",
    "1.12.2",
    "1.12.3",
    "1.12.4",
    "1.12.5",
    "1.12.6",
    "1.13.0",
    "1.13.1",
    "17.03.0",
    "17.03.1",
    "17.03.2",
    "17.04.0",
    "17.05.0",
    "17.06.0",
    "17.06.1",
    "17.06.2",
    "17.07.0",
    "17.09.0",
    "17.09.1",
    "17.10.0",
    "17.11.0",
    "17.12.0",
    "17.12.1",
    "18.01.0",
    "18.02.0",
    "18.03.0",
    "18.03.1",
    "18.04.0",
    "18.05.0",
    "18.06.0",
    "18.06.1",
    "18.06.2",
    "18.06.3",
    "18.09.0",
    "18.09.1",
    "18.09.2",
    "18.09.3",
    "18.09.4",
    "18.09.5",
    "18.09.6",
    "18.09.7",
    "18.09.8",
    "18.09.9",
    "19.03.0",
    "19.03.1",
    "19.03.2",
    "19.03.3",
    "19.03.4",
    "19.03.5",
    "19.03.6",
    "19.03.7",
    "19.03.8",
    "19.03.9",
    "19.03.10",
    "19.03.11",
    "19.03.12",
    "19.03.13",
    "19.03.14",
    "19.03.15",
    "20.10.0",
    "20.10.1",
    "20.10.2",
    "20.10.3",
    "20.10.4",
    "20.10.5",
    "20.10.6",
    "20.10.7",
    "20.10.8",
    "20.10.9",
    "20.10.10",
    "20.10.11",
    "20.10.12",
    "20.10.13",
    "20.10.14",
    "20.10.15",
    "20.10.16",
    "20.10.17",
    "20.10.18",
    "20.10.19",
    "20.10.20",
    "20.10.21",
    "20.10.22",
    "20.10.23",
    "20.10.24",
    "20.10.25",
    "20.10.26",
    "20.10.27",
    "23.0.0",
    "23.0.1",
    "23.0.2",
    "23.0.3",
    "23.0.4",
    "23.0.5",
    "23.0.6",
    "23.0.7",
    "23.0.8",
    "23.0.9",
    "23.0.10",
    "23.0.11",
    "23.0.12",
    "23.0.13",
    "23.0.14",
    "23.0.15",
    "23.0.16",
    "23.0.17",
    "23.0.18",
    "24.0.0",
    "24.0.1",
    "24.0.2",
    "24.0.3",
    "24.0.4",
    "24.0.5",
    "24.0.6",
    "24.0.7",
    "24.0.8",
    "24.0.9",
    "25.0.0",
    "25.0.1",
    "25.0.2",
    "25.0.3",
    "25.0.4",
    "25.0.5",
    "25.0.6",
    "25.0.7",
    "25.0.8",
    "25.0.9",
    "25.0.10",
    "25.0.11",
    "25.0.12",
    "25.0.13",
    "25.0.14",
    "25.0.15",
    "25.0.16",
    "25.0.17",
    "26.0.0",
    "26.0.1",
    "26.0.2",
    "26.1.0",
    "26.1.1",
    "26.1.2",
    "26.1.3",
    "26.1.4",
    "26.1.5",
    "27.0.1",
    "27.0.2",
    "27.0.3",
    "27.1.0",
    "27.1.1",
    "27.1.2",
    "27.2.0",
    "27.2.1",
    "27.3.0",
    "27.3.1",
    "27.4.0",
    "27.4.1",
    "27.5.0",
    "27.5.1",
    "28.0.0",
    "28.0.1",
    "28.0.2",
    "28.0.3",
    "28.0.4",
    "28.1.0",
    "28.1.1",
    "28.2.0",
    "28.2.1",
    "28.2.2",
    "28.3.0",
    "28.3.1",
    "28.3.2",
    "28.3.3",
    "28.4.0",
    "28.5.0",
    "28.5.1",
    "28.5.2",
    "29.0.0",
    "29.0.1",
    "29.0.2",
    "29.0.3",
    "29.0.4",
    "29.1.0",
    "29.1.1",
    "29.1.2",
    "29.1.3",
    "29.1.4",
    "29.1.5",
    "29.2.0",
    "29.2.1",
    "29.3.0",
    "29.3.1",
    "29.4.0",
    "29.4.1",
    "29.4.2",
    "29.4.3",
    "29.5.0",
    "29.5.1",
    "29.5.2",
    "29.5.3",
    "29.6.0",
    "29.6.1",
    "29.6.2",
    "29.7.0",
    "29.7.1",
    "29.7.2",
)

#: (first, last, profile id): the releases from ``first`` to ``last`` (inclusive, in release order) that
#: the profile reproduces. Linux ``spec``: checked function by function at each tag (daemon/oci_linux.go
#: populateCommonSpec / WithCommonOptions, oci/defaults*.go, container/container.go, container/env.go,
#: daemon/links/links.go, daemon/container_operations_unix.go, pkg/idtools, the vendored runtime-spec);
#: the profiles up to 17.06 keep the ranges their rows documented before. 23.0.x adds no Linux change
#: point (moby/moby@v23.0.0:oci/defaults.go has 20.10.14's content; @v23.0.8 adds powercap as 20.10.27).
RANGES: tuple[tuple[str, str, str], ...] = (
    # v1.10.0: populateCommand, setupIpcDirs and IpcMounts mount an mqueue per container on the host and
    # bind it at /dev/mqueue (v1.10.1 moved it into the native driver's template, commit 1e64264697); the
    # rest of the start as v1.10.3
    ("1.10.0", "1.10.0", "1.10.0"),
    # v1.10.1 to v1.10.3: `git diff v1.10.1 v1.10.3 -- daemon/ container/ errors/ pkg/` touches only
    # unmodelled code (config reload, archive/import, exec, registerMountPoints, the native driver's
    # filterDevices and seccomp, idtools' subuid comments, stdcopy); Go 1.5.3 in all three
    ("1.10.1", "1.10.3", "1.10"),
    # v1.11.0: the vendored specs 93ca97e83c ("0.5.0-dev") and no GetContainer("") check (commit
    # 45730a4584, v1.11.1); `git diff v1.11.0 v1.11.2 -- daemon/ container/ oci/ libcontainerd/ pkg/
    # vendor/src/github.com/opencontainers vendor/src/github.com/docker` otherwise touches restore,
    # discovery, graph drivers, libcontainerd's bundle rootfs and restart manager, and the MountLabel
    # line (set after populateCommonSpec, not modelled)
    ("1.11.0", "1.11.0", "1.11.0"),
    # v1.11.1 and v1.11.2 differ only in unmodelled code: restore's waitForNetworks, libcontainerd's Restore
    # and discardFifos, containerd's --start-timeout (`git diff v1.11.1 v1.11.2 -- daemon/ container/ oci/
    # libcontainerd/ pkg/ vendor/src/github.com/opencontainers`); Go 1.5.4 and go-connections v0.2.0 in both
    ("1.11.1", "1.11.2", "1.11"),
    ("1.12.0", "1.12.0", "1.12"),
    # v1.12.1: oci/defaults_linux.go masks /proc/timer_list (commit 3048098843); daemon/oci_linux.go,
    # oci_windows.go, container/, daemon/links/, the vendored specs (v1.0.0-rc1), go-connections fa2850ff10
    # and Go 1.6.3 as v1.12.0 (engine-api 4eca04ae18 changes only client code)
    ("1.12.1", "1.12.1", "1.12.1"),
    # v1.12.2: the vendored specs 1c7c27d043 ("1.0.0-rc2-dev", commit 3377b4b9b7); to v1.12.6 the modelled
    # files stay (`git diff v1.12.2 v1.12.6 -- oci/ daemon/oci_linux.go daemon/oci_windows.go daemon/links/
    # daemon/container_operations_unix.go vendor/src/github.com/opencontainers`: empty); v1.12.4 drops
    # create's hostname format check (not modelled) and moves to Go 1.6.4 (no strconv/filepath change)
    ("1.12.2", "1.12.6", "1.12.2"),
    ("1.13.0", "1.13.0", "1.13.0"),
    ("1.13.1", "17.04.0", "17.03"),
    ("17.05.0", "17.06.2", "17.06"),
    ("17.07.0", "17.07.0", "17.07"),
    ("17.09.0", "17.09.0", "17.09"),
    ("17.09.1", "17.09.1", "17.09.1"),
    ("17.10.0", "17.10.0", "17.10"),
    ("17.11.0", "17.11.0", "17.11"),
    ("17.12.0", "18.01.0", "17.12"),
    ("18.02.0", "18.02.0", "18.02"),
    ("18.03.0", "18.03.0", "18.03.0"),
    ("18.03.1", "18.03.1", "18.03"),
    ("18.04.0", "18.05.0", "18.04"),
    ("18.06.0", "18.06.3", "18.06"),
    ("18.09.0", "18.09.0", "18.09.0"),
    ("18.09.1", "18.09.9", "18.09"),
    ("19.03.0", "19.03.15", "19.03"),
    ("20.10.0", "20.10.12", "20.10.0"),
    ("20.10.13", "20.10.13", "20.10.13"),
    ("20.10.14", "20.10.26", "20.10"),
    ("20.10.27", "20.10.27", "20.10.27"),
    ("23.0.0", "23.0.7", "23.0"),
    ("23.0.8", "23.0.18", "23.0.8"),
    ("24.0.0", "24.0.2", "24.0"),
    ("24.0.3", "24.0.6", "24.0.3"),
    ("24.0.7", "24.0.9", "24.0.7"),
    ("25.0.0", "25.0.17", "25.0"),
    ("26.0.0", "26.0.2", "26.0"),
    ("26.1.0", "26.1.5", "26.1"),
    ("27.0.1", "27.5.1", "27.0"),
    ("28.0.0", "28.0.1", "28.0"),
    ("28.0.2", "28.1.1", "28.0.2"),
    ("28.2.0", "28.5.2", "28.2"),
    ("29.0.0", "29.1.5", "29.0"),
    ("29.2.0", "29.3.1", "29.2"),
    ("29.4.0", "29.4.3", "29.4"),
    ("29.5.0", "29.7.2", "29.5"),
)

#: (first, last, reason): releases no profile reproduces (yet).
UNRESOLVED: tuple[tuple[str, str, str], ...] = ()

_INDEX = {release: i for i, release in enumerate(RELEASES)}
_VERSION = re.compile(r"^(?:docker-)?v?(\d+\.\d+\.\d+)(?:-ce)?(?:\+[0-9A-Za-z.~+-]*)?$")


class UnknownVersionError(ValueError):
    """The text is not a moby release the table knows, or no profile reproduces it."""


def normalize(version: str) -> str:
    """``20.10.24``, ``v20.10.24``, ``v17.06.0-ce``, ``docker-v29.1.0``, ``20.10.24+dfsg1`` -> ``X.Y.Z``."""
    match = _VERSION.match(version.strip())
    if match is None:
        msg = f"{version!r} is not a moby release version (X.Y.Z, vX.Y.Z, vX.Y.Z-ce or docker-vX.Y.Z)"
        raise UnknownVersionError(msg)
    release = match.group(1)
    if release not in _INDEX:
        msg = f"{version!r}: moby has no release {release} (the table knows {RELEASES[0]} to {RELEASES[-1]})"
        raise UnknownVersionError(msg)
    return release


def _within(release: str, first: str, last: str) -> bool:
    return _INDEX[first] <= _INDEX[release] <= _INDEX[last]


def profile_for_version(version: str) -> str:
    """The profile id that reproduces moby ``version``; ``UnknownVersionError`` says why there is none."""
    release = normalize(version)
    for first, last, profile_id in RANGES:
        if _within(release, first, last):
            return profile_id
    for first, last, reason in UNRESOLVED:
        if _within(release, first, last):
            msg = f"moby {release}: no profile reproduces it ({reason})"
            raise UnknownVersionError(msg)
    msg = f"moby {release}: not in the release table"  # tests/test_releases.py rules this out
    raise UnknownVersionError(msg)


def version_profile_id(text: str, known: Sequence[str]) -> str:
    """:func:`profile_for_version` for ``get_profile``: ``KeyError`` names the known ids and the reason."""
    try:
        return profile_for_version(text)
    except UnknownVersionError as err:
        if _VERSION.match(text.strip()):  # a version: say why it has no profile
            raise KeyError(str(err)) from None
        msg = f"unknown profile {text!r} (known: {', '.join(known)}; or a moby version X.Y.Z)"
        raise KeyError(msg) from None

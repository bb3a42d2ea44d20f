"""The release table: every pinned moby release resolves to a profile or is listed as unresolved, with why.

The table is data (``mobyspec_reference.releases``); the moby mirror is only needed for the one test that
checks the pinned list is still the mirror's list of final release tags (skipped without it).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mobyspec_conformance import exitcodes
from mobyspec_conformance.cli import main
from mobyspec_conformance.live.builder import profile_for
from mobyspec_reference import PROFILES, get_profile
from mobyspec_reference.releases import (
    RANGES,
    RELEASES,
    UNRESOLVED,
    UnknownVersionError,
    normalize,
    profile_for_version,
)

MIRROR = Path("/work/.mirror/moby+moby/repo")
_FINAL = re.compile(r"^(?:docker-)?v(\d+\.\d+\.\d+)(?:-ce)?$")


def _key(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))


def test_releases_are_unique_and_in_release_order() -> None:
    assert len(set(RELEASES)) == len(RELEASES)
    assert list(RELEASES) == sorted(RELEASES, key=_key)
    assert RELEASES[0] == "1.10.0"
    assert RELEASES[-1] == "29.7.2"


def test_every_release_is_in_exactly_one_row() -> None:
    rows = [(first, last) for first, last, _ in RANGES] + [(first, last) for first, last, _ in UNRESOLVED]
    for release in RELEASES:
        hits = [r for r in rows if _key(r[0]) <= _key(release) <= _key(r[1])]
        assert len(hits) == 1, (release, hits)


def _unresolved(release: str) -> bool:
    return any(_key(first) <= _key(release) <= _key(last) for first, last, _ in UNRESOLVED)


@pytest.mark.parametrize("release", RELEASES)
def test_every_release_resolves_or_says_why_not(release: str) -> None:
    if _unresolved(release):
        with pytest.raises(UnknownVersionError, match=r"no profile reproduces it \("):
            profile_for_version(release)
    else:
        pid = profile_for_version(release)
        assert get_profile(pid).id == pid


def test_every_release_from_1_10_0_resolves() -> None:
    """Each 1.x release was compared with its profile's tree function by function (releases.py)."""
    assert UNRESOLVED == ()
    assert [profile_for_version(r) for r in RELEASES[:14]] == [
        "1.10.0",
        "1.10",
        "1.10",
        "1.10",
        "1.11.0",
        "1.11",
        "1.11",
        "1.12",
        "1.12.1",
        "1.12.2",
        "1.12.2",
        "1.12.2",
        "1.12.2",
        "1.12.2",
    ]


def test_every_profile_reproducing_a_release_range_is_a_profile() -> None:
    ids = {p.id for p in PROFILES}
    assert {pid for _, _, pid in RANGES} <= ids
    # each range names its rows' first and last release, in order
    for first, last, _ in (*RANGES, *UNRESOLVED):
        assert first in RELEASES
        assert last in RELEASES
        assert _key(first) <= _key(last)


@pytest.mark.parametrize(
    ("version", "profile"),
    [
        ("20.10.24", "20.10"),
        ("v20.10.24", "20.10"),
        ("20.10.24+dfsg1", "20.10"),
        ("20.10.5", "20.10.0"),
        ("20.10.13", "20.10.13"),
        ("20.10.27", "20.10.27"),
        ("v17.06.2-ce", "17.06"),
        ("17.04.0", "17.03"),
        ("1.13.1", "17.03"),
        ("18.01.0", "17.12"),
        ("17.12.1", "17.12"),
        ("18.03.0", "18.03.0"),
        ("18.05.0", "18.04"),
        ("18.09.0", "18.09.0"),
        ("v18.09.9", "18.09"),
        ("19.03.15", "19.03"),
        ("23.0.0", "23.0"),
        ("v23.0.7", "23.0"),
        ("23.0.8", "23.0.8"),
        ("23.0.18", "23.0.8"),
        ("24.0.2", "24.0"),
        ("24.0.5", "24.0.3"),
        ("v24.0.9", "24.0.7"),
        ("25.0.16", "25.0"),
        ("26.0.2", "26.0"),
        ("26.1.5", "26.1"),
        ("27.0.1", "27.0"),
        ("27.3.1", "27.0"),
        ("v27.5.1", "27.0"),
        # the 1.x releases, each checked against its tag (releases.py cites the diffs)
        ("1.10.0", "1.10.0"),  # the daemon's per-container mqueue (moby/moby@v1.10.0:daemon/...)
        ("1.10.1", "1.10"),
        ("v1.10.2", "1.10"),
        ("1.10.3", "1.10"),
        ("1.11.0", "1.11.0"),  # specs 0.5.0-dev; GetContainer("") panics (no check before 45730a4584)
        ("v1.11.1", "1.11"),
        ("1.11.2", "1.11"),
        ("1.12.0", "1.12"),
        ("1.12.1", "1.12.1"),  # /proc/timer_list masked (moby/moby@v1.12.1:oci/defaults_linux.go)
        ("1.12.2", "1.12.2"),  # specs 1c7c27d043, 1.0.0-rc2-dev (moby/moby@v1.12.2:hack/vendor.sh)
        ("1.12.3", "1.12.2"),
        ("v1.12.6", "1.12.2"),
    ],
)
def test_versions_resolve(version: str, profile: str) -> None:
    assert profile_for_version(version) == profile
    assert get_profile(version).id == profile


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("20.10.99", "moby has no release 20.10.99"),
        ("20.10.0-rc1", "is not a moby release version"),
        ("twenty", "is not a moby release version"),
    ],
)
def test_unresolved_versions_say_why(version: str, message: str) -> None:
    with pytest.raises(UnknownVersionError, match=message):
        profile_for_version(version)


def test_get_profile_names_the_ids_for_a_non_version_and_the_reason_for_a_version() -> None:
    with pytest.raises(KeyError, match=r"unknown profile 'nope' \(known: 1\.10"):
        get_profile("nope")
    with pytest.raises(KeyError, match=r"'20\.10\.99': moby has no release 20\.10\.99"):
        get_profile("20.10.99")


def test_profile_ids_that_look_like_versions_resolve_to_themselves() -> None:
    for profile in PROFILES:
        try:
            release = normalize(profile.id)
        except UnknownVersionError:
            continue
        assert profile_for_version(release) == profile.id


def test_from_28_0_each_linux_change_point_has_its_profile() -> None:
    """ToEnv at v28.0.0, masked CPU paths at v28.0.2, runtime-spec 1.2.1 at v28.2.0, typed links at
    docker-v29.0.0, 1.3.0 at docker-v29.2.0, the zero port at docker-v29.4.0, the time namespace at
    docker-v29.5.0 (each cited in linux_rules.py)."""
    expected = {
        "v28.0.1": "28.0",
        "28.0.2": "28.0.2",
        "28.1.1": "28.0.2",
        "28.5.2": "28.2",
        "docker-v29.1.0": "29.0",
        "29.3.1": "29.2",
        "29.4.3": "29.4",
        "docker-v29.7.2": "29.5",
    }
    assert {version: profile_for_version(version) for version in expected} == expected
    for pid in set(expected.values()):
        profile = get_profile(pid)
        assert profile.supports("windows", "spec")
        assert profile.supports("linux", "spec")
        assert profile.supports("linux", "create")


def test_live_engines_claim_the_profile_of_their_version() -> None:
    assert profile_for("20.10.24+dfsg1") == ("20.10",)
    assert profile_for("27.3.1") == ("27.0",)
    assert profile_for("28.5.2") == ("28.2",)
    assert profile_for("1.12.3") == ("1.12.2",)
    assert profile_for("1.10.3") == ()  # 1.10 builds no OCI spec (execdriver)


def test_cli_for_version() -> None:
    result = CliRunner().invoke(main, ["profiles", "--for-version", "20.10.24"], catch_exceptions=False)
    assert result.exit_code == exitcodes.OK
    assert result.stdout == "20.10\n"
    result = CliRunner().invoke(main, ["profiles", "--for-version", "28.5.2"], catch_exceptions=False)
    assert result.exit_code == exitcodes.OK
    assert result.stdout == "28.2\n"
    result = CliRunner().invoke(main, ["profiles", "--for-version", "1.10.99"], catch_exceptions=False)
    assert result.exit_code == exitcodes.USAGE
    assert "--for-version: '1.10.99': moby has no release 1.10.99" in result.stderr


def test_cli_profile_takes_a_version() -> None:
    args = ["run", "--builder", "reference", "--id", "linux/cwd/default", "--profile", "20.10.24", "-q"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == exitcodes.OK, result.output
    assert result.stdout.rstrip().splitlines()[-1] == "1 passed, 0 failed, 0 skipped"


@pytest.mark.skipif(not MIRROR.is_dir(), reason="no moby mirror: the pinned list is checked where it exists")
def test_pinned_releases_are_the_mirrors_final_tags() -> None:
    tags = subprocess.run(
        ["git", "-C", str(MIRROR), "tag"], check=True, capture_output=True, text=True
    ).stdout.split()
    found = {m.group(1) for t in tags if (m := _FINAL.match(t))}
    assert sorted((r for r in found if _key(r) >= (1, 10, 0)), key=_key) == list(RELEASES)


#: (tag, path, text, present): what tells a 1.x profile from its neighbour, read at the tag.
_TAG_FACTS = [
    # 1.10.0: the daemon's mqueue per container (container/container_unix.go IpcMounts), gone in v1.10.1
    ("v1.10.0", "container/container_unix.go", 'Destination: "/dev/mqueue"', True),
    ("v1.10.1", "container/container_unix.go", 'Destination: "/dev/mqueue"', False),
    # 1.11.0: specs 0.5.0-dev and no empty-name check in GetContainer (commit 45730a4584 in v1.11.1)
    ("v1.11.0", "vendor/src/github.com/opencontainers/specs/specs-go/version.go", "VersionMinor = 5", True),
    ("v1.11.1", "vendor/src/github.com/opencontainers/specs/specs-go/version.go", "VersionMinor = 6", True),
    ("v1.11.0", "daemon/daemon.go", "No container name or ID supplied", False),
    ("v1.11.1", "daemon/daemon.go", "No container name or ID supplied", True),
    # 1.12.1: /proc/timer_list masked; 1.12.2: specs 1.0.0-rc2-dev
    ("v1.12.0", "oci/defaults_linux.go", '"/proc/timer_list"', False),
    ("v1.12.1", "oci/defaults_linux.go", '"/proc/timer_list"', True),
    (
        "v1.12.1",
        "vendor/src/github.com/opencontainers/specs/specs-go/version.go",
        'VersionDev = "-rc1"',
        True,
    ),
    (
        "v1.12.2",
        "vendor/src/github.com/opencontainers/specs/specs-go/version.go",
        'VersionDev = "-rc2-dev"',
        True,
    ),
    (
        "v1.12.6",
        "vendor/src/github.com/opencontainers/specs/specs-go/version.go",
        'VersionDev = "-rc2-dev"',
        True,
    ),
]


@pytest.mark.skipif(not MIRROR.is_dir(), reason="no moby mirror: the tags are read where it exists")
@pytest.mark.parametrize(("tag", "path", "text", "present"), _TAG_FACTS)
def test_the_1x_profiles_differ_where_their_tags_do(tag: str, path: str, text: str, *, present: bool) -> None:
    blob = subprocess.run(
        ["git", "-C", str(MIRROR), "show", f"{tag}:{path}"], check=True, capture_output=True, text=True
    ).stdout
    assert (text in blob) is present


@pytest.mark.skipif(not MIRROR.is_dir(), reason="no moby mirror: the tags are read where it exists")
@pytest.mark.parametrize(
    ("first", "last", "paths"),
    [
        # the files of the modelled 1.12 spec functions (Linux and Windows) stay from v1.12.2 to v1.12.6
        (
            "v1.12.2",
            "v1.12.6",
            [
                "oci/",
                "daemon/oci_linux.go",
                "daemon/oci_windows.go",
                "daemon/links/",
                "daemon/container_operations_unix.go",
                "libcontainerd/windowsoci/",
                "vendor/src/github.com/opencontainers/specs/",
                "vendor/src/github.com/docker/go-connections/",
                "pkg/system/",
                "pkg/symlink/",
                "pkg/idtools/",
            ],
        ),
        # the 1.11 start and spec files from v1.11.1 to v1.11.2
        (
            "v1.11.1",
            "v1.11.2",
            [
                "daemon/start.go",
                "daemon/monitor.go",
                "daemon/oci_linux.go",
                "daemon/oci_windows.go",
                "oci/",
                "daemon/container_operations_unix.go",
                "daemon/links/",
                "container/container_unix.go",
                "libcontainerd/client_windows.go",
                "libcontainerd/windowsoci/",
                "pkg/truncindex/",
                "vendor/src/github.com/opencontainers/specs/",
            ],
        ),
    ],
)
def test_the_modelled_files_do_not_change_within_a_range(first: str, last: str, paths: list[str]) -> None:
    diff = subprocess.run(
        ["git", "-C", str(MIRROR), "diff", "--stat", first, last, "--", *paths],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert diff == ""

"""The Linux spec operation per profile: each named switch of linux_rules.py, with its moby source."""

from __future__ import annotations

from typing import Any

import pytest

from mobyspec_reference import BuildError, build
from mobyspec_reference.profiles import get_profile, profiles_for

LINUX = [p.id for p in profiles_for("linux", "spec")]
BASE = "/rootfs"


def spec(profile: str, container: dict[str, Any] | None = None, **world: Any) -> Any:
    inp = {"container": {"Path": "sh", "BaseFS": BASE, **(container or {})}, **world}
    return build("linux", "spec", inp, profile)


OLD = [
    "1.11.0",
    "1.11",
    "1.12-dev+c70f153",
    "1.12",
    "1.12.1",
    "1.12.2",
    "1.13-dev+410a861",
    "1.13.0",
    "17.03",
    "17.06",
]
MODERN = [
    "17.07",
    "17.09",
    "17.09.1",
    "17.10",
    "17.11",
    "17.12",
    "18.02",
    "18.03.0",
    "18.03",
    "18.04",
    "18.06",
    "18.09.0",
    "18.09",
    "19.03",
    "20.10.0",
    "20.10.13",
    "20.10",
    "20.10.27",
    "23.0",
    "23.0.8",
    "24.0",
    "24.0.3",
    "24.0.7",
    "25.0",
    "26.0",
    "26.1",
    "27.0",
    "28.0",
    "28.0.2",
    "28.2",
    "29.0",
    "29.2",
    "29.4",
    "29.5",
]
#: runtime-spec 1.0.0 and later (17.09+): no platform, consoleSize a nil pointer.
V1 = set(MODERN) - {"17.07"}


def test_linux_profiles_are_those_of_the_table() -> None:
    assert LINUX == OLD + MODERN


@pytest.mark.parametrize(
    ("profile", "version"),
    [
        ("1.11.0", "0.5.0-dev"),  # moby/moby@v1.11.0:hack/vendor.sh specs 93ca97e83c
        ("1.11", "0.6.0-dev"),
        ("1.12-dev+c70f153", "0.5.0-dev"),
        ("1.12", "1.0.0-rc1"),
        ("1.12.1", "1.0.0-rc1"),
        ("1.12.2", "1.0.0-rc2-dev"),  # moby/moby@v1.12.2:hack/vendor.sh specs 1c7c27d043
        ("1.13-dev+410a861", "1.0.0-rc1"),
        ("1.13.0", "1.0.0-rc2-dev"),
        ("17.03", "1.0.0-rc2-dev"),
        ("17.06", "1.0.0-rc5"),
        ("17.07", "1.0.0-rc5-dev"),  # moby/moby@v17.07.0-ce:vendor.conf d42f1eb741
        ("17.09", "1.0.0"),
        ("17.12", "1.0.0"),
        ("18.02", "1.0.1"),
        ("18.06", "1.0.1"),
        ("18.09.0", "1.0.1-dev"),
        ("19.03", "1.0.1-dev"),
        ("20.10.0", "1.0.2-dev"),
        ("20.10", "1.0.2-dev"),
        ("20.10.27", "1.0.2-dev"),
        ("24.0", "1.1.0-rc.2"),  # moby/moby@v24.0.0:vendor.mod
        ("24.0.7", "1.1.0-rc.2"),
        ("25.0", "1.1.0"),  # moby/moby@v25.0.0:vendor.mod
        ("26.1", "1.2.0"),  # moby/moby@v26.1.0:vendor.mod
        ("27.0", "1.2.0"),
    ],
)
def test_oci_version_is_the_vendored_specs_version(profile: str, version: str) -> None:
    assert spec(profile)["ociVersion"] == version  # vendored specs-go/version.go of each tree


@pytest.mark.parametrize("profile", LINUX)
def test_shape_of_an_empty_container(profile: str) -> None:
    out = spec(profile)
    pre_rc1 = profile in {"1.11.0", "1.11", "1.12-dev+c70f153"}
    # terminal and root.readonly lost their omitempty-free form in rc1 (specs v1.0.0-rc1 config.go).
    assert ("terminal" in out["process"]) is pre_rc1
    assert ("readonly" in out["root"]) is pre_rc1
    assert out["process"]["user"] == ({} if pre_rc1 else {"uid": 0, "gid": 0})
    # Box is a struct value from rc2-dev on: consoleSize is always written.
    # A pointer from runtime-spec 1.0.0 (17.09): nil, omitted.
    assert ("consoleSize" in out["process"]) is (profile in {"1.12.2", "1.13.0", "17.03", "17.06", "17.07"})
    # Hooks: struct value up to rc2-dev ({}), nil pointer from rc5.
    assert ("hooks" in out) is (profile in OLD[:-1])
    assert ("solaris" in out) is (profile in {"1.12", "1.12.1", "1.13-dev+410a861"})
    assert isinstance(out["process"]["capabilities"], dict) is (profile not in OLD[:-1])
    # runtime-spec 1.0.0 dropped Spec.Platform
    assert ("platform" in out) is (profile not in V1)
    assert out["process"]["cwd"] == "/"
    assert out["process"]["args"] == ["sh"]


def test_default_devices_per_tree() -> None:
    # moby/moby@v1.11.2:oci/defaults_linux.go lists five devices; c70f153f52/v1.12.0 only /dev/fuse;
    # 410a8612f4 and later an empty list, dropped by omitempty.
    assert [d["path"] for d in spec("1.11")["linux"]["devices"]] == [
        "/dev/zero",
        "/dev/null",
        "/dev/urandom",
        "/dev/random",
        "/dev/fuse",
    ]
    assert [d["path"] for d in spec("1.12")["linux"]["devices"]] == ["/dev/fuse"]
    assert "devices" not in spec("1.13-dev+410a861")["linux"]


def test_masked_paths_per_tree() -> None:
    assert "/proc/timer_list" not in spec("1.12")["linux"]["maskedPaths"]
    # moby/moby@v1.12.1:oci/defaults_linux.go (commit 3048098843), kept to v1.12.6
    for profile in ("1.12.1", "1.12.2"):
        assert spec(profile)["linux"]["maskedPaths"] == spec("1.13-dev+410a861")["linux"]["maskedPaths"]
    assert "/proc/timer_list" in spec("1.13-dev+410a861")["linux"]["maskedPaths"]
    assert "/sys/firmware" not in spec("1.13-dev+410a861")["linux"]["maskedPaths"]
    assert spec("1.13.0")["linux"]["maskedPaths"][-1] == "/sys/firmware"


@pytest.mark.parametrize(
    ("profile", "args"),
    [
        ("1.12", ["sh", "-x"]),  # no Init field in HostConfig
        ("1.13-dev+410a861", ["/dev/init", "sh", "-x"]),  # moby/moby@410a8612f4:daemon/oci_linux.go
        ("1.13.0", ["/dev/init", "sh", "-x"]),  # moby/moby@v1.13.0:daemon/oci_linux.go (no "--")
        ("17.03", ["/dev/init", "--", "sh", "-x"]),  # commit 2dd2ac2c14
        ("17.06", ["/dev/init", "--", "sh", "-x"]),
    ],
)
def test_init_args_per_profile(profile: str, args: list[str]) -> None:
    out = spec(
        profile, {"Args": ["-x"], "HostConfig": {"Init": True}}, host={"LookPath": {"docker-init": "/b/i"}}
    )
    assert out["process"]["args"] == args


@pytest.mark.parametrize(
    ("profile", "source"),
    [("1.13-dev+410a861", "/lp"), ("1.13.0", "/hc"), ("17.03", "/hc"), ("17.06", "/d")],
)
def test_init_path_precedence(profile: str, source: str) -> None:
    out = spec(
        profile,
        {"HostConfig": {"Init": True, "InitPath": "/hc"}},
        daemon={"InitPath": "/d"},
        host={"LookPath": {"docker-init": "/lp"}},
    )
    mount = out["mounts"][-1]
    assert mount["destination"] == "/dev/init"
    assert mount["source"] == source
    assert mount["options"] == ["bind", "ro"]


def test_lookpath_error_text_is_gos() -> None:
    with pytest.raises(BuildError) as err:
        spec("17.06", {"HostConfig": {"Init": True}})
    assert err.value.message == 'exec: "docker-init": executable file not found in $PATH'


def test_working_directory_below_a_file_is_gos_lstat_error() -> None:
    # moby-behavior §14.2, observed with the real code: /x//y/ with /x a file.
    with pytest.raises(BuildError) as err:
        spec("1.12", {"Config": {"WorkingDir": "/x//y/"}}, host={"Files": {f"{BASE}/x": "file"}})
    assert err.value.message == f"lstat {BASE}/x/y: not a directory"


def test_working_directory_that_is_a_file_is_accepted() -> None:
    out = spec("17.03", {"Config": {"WorkingDir": "/x/"}}, host={"Files": {f"{BASE}/x": "file"}})
    assert out["process"]["cwd"] == "/x"


@pytest.mark.parametrize("profile", LINUX)
@pytest.mark.parametrize(
    ("workdir", "cwd"),
    [("./rel/dir/", "rel/dir"), ("../up", "../up"), ("app", "app"), (".", "."), ("./", ".")],
)
def test_stored_relative_workdir_is_cleaned_not_refused(profile: str, workdir: str, cwd: str) -> None:
    """ContainerStart verifies with a nil Config (moby/moby@TAG:daemon/start.go), SetupWorkingDirectory
    Cleans the stored value (moby/moby@v1.12.0:container/container.go#L218); from 26.1 it Cleans a copy
    and cwd is the stored value (moby/moby@v26.1.0:container/container.go)."""
    want = workdir if not get_profile(profile).linux.workdir_clean_stored else cwd  # type: ignore[union-attr]
    assert spec(profile, {"Config": {"WorkingDir": workdir}})["process"]["cwd"] == want


@pytest.mark.parametrize("profile", LINUX)
def test_relative_workdir_below_a_file_fails_like_an_absolute_one(profile: str) -> None:
    """cleanResourcePath joins to / first, so x/y is looked up at <BaseFS>/x/y (container_unix.go#L412)."""
    files = {"host": {"Files": {f"{BASE}/x": "file"}}}
    with pytest.raises(BuildError) as rel:
        spec(profile, {"Config": {"WorkingDir": "x/y"}}, **files)
    with pytest.raises(BuildError) as absolute:
        spec(profile, {"Config": {"WorkingDir": "/x/y"}}, **files)
    assert (rel.value.code, rel.value.message) == (absolute.value.code, absolute.value.message)
    assert rel.value.message == f"lstat {BASE}/x/y: not a directory"


@pytest.mark.parametrize(
    ("profile", "masked"),
    [
        ("20.10", False),
        ("20.10.27", True),
        ("23.0", False),
        ("23.0.8", True),
        ("24.0", False),
        ("24.0.7", True),
    ],
)
def test_powercap_is_masked_where_the_tag_masks_it(profile: str, masked: bool) -> None:  # noqa: FBT001 - a parameter
    """moby/moby@v20.10.27, @v23.0.8 and @v24.0.7:oci/defaults.go mask it; @v23.0.0 and @v24.0.0 do not.

    23.0.0 came out before 20.10.27, so the profile table's version order alone would give it the mask.
    """
    assert ("/sys/devices/virtual/powercap" in spec(profile)["linux"]["maskedPaths"]) is masked

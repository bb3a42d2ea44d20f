"""The create operation: ContainerCreate's WorkingDir, Env and hostname rules per profile, with sources."""

from __future__ import annotations

from typing import Any

import pytest

from mobyspec_reference import BuildError, build
from mobyspec_reference.build import UnsupportedError
from mobyspec_reference.create import is_abs_windows
from mobyspec_reference.profiles import profiles_for

ID = "0123456789abcdef" * 4


def create(platform: str, profile: str, config: dict[str, Any], **world: Any) -> Any:
    inp = {"container": {"ID": ID, "Path": "sh", "Config": config}, **world}
    return build(platform, "create", inp, profile)


def test_create_profiles_are_1_11_on_linux_and_1_11_to_17_06_on_windows() -> None:
    want = [
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
    linux = [p.id for p in profiles_for("linux", "create")]
    assert linux[: len(want)] == want
    assert linux[len(want) :] == [p.id for p in profiles_for("linux", "spec")][len(want) - 1 :][1:]
    assert [p.id for p in profiles_for("windows", "create")] == want
    with pytest.raises(UnsupportedError, match=r"profile 1\.10 has no linux create operation"):
        create("linux", "1.10", {})


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        # moby/moby@v1.11.2:daemon/daemon.go#L1482 (trailing full stop)
        ("1.11", "The working directory 'a' is invalid. It needs to be an absolute path."),
        # moby/moby@v1.12.0:daemon/container.go#L213 (full stop dropped by commit aae4bcf773)
        ("1.12-dev+c70f153", "The working directory 'a' is invalid. It needs to be an absolute path"),
        ("1.12", "The working directory 'a' is invalid. It needs to be an absolute path"),
        # moby/moby@v1.12.6:daemon/container.go: the same text through 1.12.x
        ("1.12.2", "The working directory 'a' is invalid. It needs to be an absolute path"),
        # moby/moby@v1.13.0:daemon/container.go#L223 (reworded by commit 6dd8e10d6e)
        ("1.13-dev+410a861", "the working directory 'a' is invalid, it needs to be an absolute path"),
        ("17.06", "the working directory 'a' is invalid, it needs to be an absolute path"),
    ],
)
def test_relative_workdir_message_per_profile(profile: str, message: str) -> None:
    with pytest.raises(BuildError) as err:
        create("linux", profile, {"WorkingDir": "a"})
    assert (err.value.code, err.value.message) == ("create.workdir.not-absolute", message)


def test_windows_stores_workdir_from_slash_and_linux_as_sent() -> None:
    win = create("windows", "17.06", {"WorkingDir": "C:/app/../x/"})
    assert win["record"]["Config"]["WorkingDir"] == "C:\\app\\..\\x\\"
    lin = create("linux", "17.06", {"WorkingDir": "/app/../x/"})
    assert lin["record"]["Config"]["WorkingDir"] == "/app/../x/"


@pytest.mark.parametrize(
    ("profile", "refused"), [("1.13-dev+410a861", False), ("1.13.0", True), ("17.03", True)]
)
@pytest.mark.parametrize("entry", ["", "=x", "="])
def test_env_with_an_empty_name_is_refused_from_1_13_0(profile: str, refused: bool, entry: str) -> None:  # noqa: FBT001 - a parametrized flag
    """opts.ValidateEnv in verifyContainerSettings (818d55c34b; moby/moby@v1.13.0:daemon/container.go)."""
    if refused:
        with pytest.raises(BuildError) as err:
            create("linux", profile, {"Env": ["A=1", entry]})
        assert (err.value.code, err.value.message) == (
            "create.env.invalid",
            f"invalid environment variable: {entry}",
        )
    else:
        assert create("linux", profile, {"Env": ["A=1", entry]})["record"]["Config"]["Env"] == ["A=1", entry]


def test_hostname_default_is_the_id_prefix_and_host_network_takes_os_hostname_from_1_13_0() -> None:
    host = {"host": {"Hostname": "node1"}}
    hc = {"NetworkMode": "host"}
    inp = {"container": {"ID": ID, "Path": "sh", "HostConfig": hc}, **host}
    assert build("linux", "create", inp, "1.12")["record"]["Config"]["Hostname"] == ID[:12]
    assert build("linux", "create", inp, "1.13.0")["record"]["Config"]["Hostname"] == "node1"
    # IsHost is always false on Windows (moby/moby@v1.13.0:api/types/container/hostconfig_windows.go)
    assert build("windows", "create", inp, "1.13.0")["record"]["Config"]["Hostname"] == ID[:12]


@pytest.mark.parametrize(
    ("path", "absolute"),
    [
        ("C:\\x", True),
        ("c:/x", True),
        ("\\x", True),  # moby's system.IsAbs accepts a rooted path without a drive
        ("\\\\server\\share", True),
        ("C:", False),
        ("C:x", False),
        ("x\\y", False),
        ("", False),
    ],
)
def test_system_is_abs(path: str, absolute: bool) -> None:  # noqa: FBT001 - a parametrized flag
    """moby/moby@v1.12.0:pkg/system/filesys_windows.go#L75 IsAbs over Go's filepath.IsAbs."""
    assert is_abs_windows(path) is absolute

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


def test_create_profiles_are_the_spec_profiles_on_both_platforms() -> None:
    """From 1.11.0 to the newest (29.5), every spec profile has create on its platform."""
    for platform in ("linux", "windows"):
        ids = [p.id for p in profiles_for(platform, "create")]
        assert ids == [p.id for p in profiles_for(platform, "spec")]
        assert (ids[0], ids[-1]) == ("1.11.0", "29.5")
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


@pytest.mark.parametrize(
    ("profile", "named"),
    [
        # moby/moby@v17.07.0-ce:daemon/container.go#L235 and @v17.09.0-ce#L238 (the runtime.GOOS == platform
        # branch): the message names the FromSlash-ed value, as up to 17.06
        ("17.07", "app\\sub"),
        ("18.09", "app\\sub"),
        # moby/moby@v19.03.0:daemon/container.go#L385 translateWorkingDir names config.WorkingDir as sent
        ("19.03", "app/sub"),
        ("23.0", "app/sub"),
        ("29.2", "app/sub"),
    ],
)
def test_windows_relative_workdir_message_from_17_07(profile: str, named: str) -> None:
    with pytest.raises(BuildError) as err:
        create("windows", profile, {"WorkingDir": "app/sub"})
    assert (err.value.code, err.value.message) == (
        "create.workdir.not-absolute",
        f"the working directory '{named}' is invalid, it needs to be an absolute path",
    )


@pytest.mark.parametrize(
    ("workdir", "up_to_26_0", "from_26_1"),
    [
        ("C:/app/./x/../y//", "C:\\app\\.\\x\\..\\y\\\\", "C:\\app\\y"),
        ("\\..\\app\\.", "\\..\\app\\.", "\\app"),
        ("C:\\..", "C:\\..", "C:\\"),
        ("//server/share/a/../b/", "\\\\server\\share\\a\\..\\b\\", "\\\\server\\share\\b"),
        ("\\\\server\\share", "\\\\server\\share", "\\\\server\\share"),
    ],
)
def test_windows_workdir_is_stored_clean_from_26_1(workdir: str, up_to_26_0: str, from_26_1: str) -> None:
    """moby/moby@v26.1.0:daemon/container.go#L367 ``filepath.Clean(wd)``, Windows Clean."""
    for profile, want in (
        ("17.07", up_to_26_0),
        ("26.0", up_to_26_0),
        ("26.1", from_26_1),
        ("29.2", from_26_1),
    ):
        assert create("windows", profile, {"WorkingDir": workdir})["record"]["Config"]["WorkingDir"] == want


@pytest.mark.parametrize("profile", ["17.07", "19.03", "26.1", "28.0", "29.2"])
def test_windows_env_and_hostname_rules_hold_from_17_07(profile: str) -> None:
    """ValidateEnv (moby/moby@docker-v29.7.2:daemon/pkg/opts/env.go#L18) and the ID-prefix hostname
    (moby/moby@docker-v29.7.2:daemon/container.go#L131; Windows IsHost is false) at every later tag."""
    with pytest.raises(BuildError) as err:
        create("windows", profile, {"Env": ["A=1", "=x"]})
    assert (err.value.code, err.value.message) == ("create.env.invalid", "invalid environment variable: =x")
    inp = {
        "container": {"ID": ID, "Path": "sh", "HostConfig": {"NetworkMode": "host"}},
        "host": {"Hostname": "w"},
    }
    assert build("windows", "create", inp, profile)["record"]["Config"]["Hostname"] == ID[:12]

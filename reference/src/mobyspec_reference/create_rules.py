"""Behaviour switches of the ``create`` operation (ContainerCreate's checks and normalisation), per profile.

Sources: moby/moby@TAG:daemon/create.go (containerCreate), moby/moby@v1.11.2:daemon/daemon.go and
moby/moby@TAG:daemon/container.go (verifyContainerSettings, newContainer, generateHostname) from 1.12.
A profile absent from :data:`CREATE` has no ``create`` operation; a new profile adds its own entry.
"""

from __future__ import annotations

from attrs import evolve, frozen


@frozen
class CreateRules:
    """Named ContainerCreate switches of one profile."""

    platforms: tuple[str, ...]
    #: verifyContainerSettings' message for a non-absolute WorkingDir, ``{wd}`` the FromSlash-ed value.
    workdir_not_absolute: str
    #: ``opts.ValidateEnv`` on every Config.Env entry: an empty name (``""``, ``=x``) is refused
    #: (commit 818d55c34b, from 1.13.0).
    env_check: bool
    #: newContainer: ``--net=host`` with an empty Hostname takes ``os.Hostname()`` instead of the ID prefix
    #: (commit 870beb70fb, from 1.13.0; ``IsHost`` is always false on Windows).
    host_network_hostname: bool
    #: translateWorkingDir (19.03+) names the WorkingDir as sent, not the FromSlash-ed value
    #: (moby/moby@v19.03.0:daemon/container.go); the same on Linux, where FromSlash changes nothing.
    workdir_message_as_sent: bool = False
    #: translateWorkingDir stores ``filepath.Clean`` of the accepted WorkingDir (26.1+, commit 7532420f3b,
    #: moby/moby@v26.1.0:daemon/container.go).
    workdir_clean: bool = False


# moby/moby@v1.11.2:daemon/daemon.go verifyContainerSettings (trailing full stop)
_1_11 = CreateRules(
    platforms=("linux", "windows"),
    workdir_not_absolute="The working directory '{wd}' is invalid. It needs to be an absolute path.",
    env_check=False,
    host_network_hostname=False,
)
# moby/moby@c70f153f52:daemon/daemon.go, @v1.12.0:daemon/container.go (full stop dropped, commit aae4bcf773)
_C70F153 = evolve(
    _1_11, workdir_not_absolute="The working directory '{wd}' is invalid. It needs to be an absolute path"
)
# moby/moby@410a8612f4:daemon/container.go (reworded, commit 6dd8e10d6e)
_410A861 = evolve(
    _C70F153, workdir_not_absolute="the working directory '{wd}' is invalid, it needs to be an absolute path"
)
# moby/moby@v1.13.0:daemon/container.go: ValidateEnv in verifyContainerSettings, os.Hostname() for --net=host
_1_13_0 = evolve(_410A861, env_check=True, host_network_hostname=True)

# moby/moby@v17.07.0-ce to @v18.09.9:daemon/container.go: the same checks; the profiles from 17.07 model
# the Linux create only (Windows is modelled up to 17.06)
_17_07 = evolve(_1_13_0, platforms=("linux",))
# moby/moby@v19.03.0:daemon/container.go validateContainerConfig -> translateWorkingDir
_19_03 = evolve(_17_07, workdir_message_as_sent=True)
# moby/moby@v26.1.0:daemon/container.go translateWorkingDir: the accepted value is stored Clean-ed
_26_1 = evolve(_19_03, workdir_clean=True)
#: Profile id -> its create switches (moby/moby@v17.03.2-ce and @v17.06.0-ce:daemon/container.go as 1.13.0).
CREATE: dict[str, CreateRules] = {
    # moby/moby@v1.11.0:daemon/daemon.go verifyContainerSettings and newContainer as v1.11.2
    "1.11.0": _1_11,
    "1.11": _1_11,
    "1.12-dev+c70f153": _C70F153,
    "1.12": _C70F153,
    # moby/moby@v1.12.1 to @v1.12.6:daemon/container.go: the same WorkingDir message and hostname default;
    # v1.12.4 drops the API-version-dependent hostname format check (not modelled, docs/create.md)
    "1.12.1": _C70F153,
    "1.12.2": _C70F153,
    "1.13-dev+410a861": _410A861,
    "1.13.0": _1_13_0,
    "17.03": _1_13_0,
    "17.06": _1_13_0,
    # From 17.07 only the change points: a profile between them has the rules of the one before it
    # (profiles.py); moby/moby@v23.0.0 and @v24.0.0:daemon/container.go keep 19.03's checks (LCOW gone).
    "17.07": _17_07,
    "19.03": _19_03,
    "26.1": _26_1,
}

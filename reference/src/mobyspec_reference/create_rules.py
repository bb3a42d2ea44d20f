r"""Behaviour switches of the ``create`` operation (ContainerCreate's checks and normalisation), per profile.

Sources: moby/moby@TAG:daemon/create.go (containerCreate), moby/moby@v1.11.2:daemon/daemon.go and
moby/moby@TAG:daemon/container.go (verifyContainerSettings, newContainer, generateHostname) from 1.12.
Up to 17.06 a profile absent from :data:`CREATE` has no ``create`` operation; from 17.07 only the change
points are listed and a profile in between has the rules of the one before it (profiles.py).

Windows: a ``windows`` case is a Windows container on a Windows daemon. LCOW (Linux containers on a
Windows daemon, 17.09 to 20.10) took another branch of the WorkingDir check, chosen by the container's
OS (``runtime.GOOS != platform``: a ``\`` to ``/`` rewrite and ``path.IsAbs``,
moby/moby@v17.09.0-ce:daemon/container.go verifyContainerSettings,
moby/moby@v19.03.0:daemon/container.go translateWorkingDir); no case models it.
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
    #: moby/moby@v26.1.0:daemon/container.go): Go's Unix Clean on Linux, its Windows Clean on Windows.
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

# moby/moby@v17.07.0-ce to @v18.09.9:daemon/container.go verifyContainerSettings: the same checks on
# both platforms. A Windows container on a Windows daemon keeps FromSlash + system.IsAbs in the
# ``runtime.GOOS == platform`` branch that 17.09 added for LCOW (moby/moby@v17.09.0-ce:daemon/container.go);
# the message still names the FromSlash-ed value. opts.ValidateEnv refuses an empty name with the same
# message at every tag (moby/moby@v17.07.0-ce:opts/env.go to @docker-v29.7.2:daemon/pkg/opts/env.go), and
# newContainer's hostname default is unchanged (inlined at moby/moby@v28.0.0:daemon/container.go; Windows
# IsHost is false at every tag, moby/moby@TAG:api/types/container/hostconfig_windows.go).
_17_07 = _1_13_0
# moby/moby@v19.03.0:daemon/container.go validateContainerConfig -> translateWorkingDir: FromSlash into a
# local, so the refusal names config.WorkingDir as sent (on Windows: app/sub, not app\sub); the accepted
# value is still stored FromSlash-ed. moby/moby@v23.0.0:daemon/container.go drops the LCOW branch (same
# checks for Windows), and moby/moby@docker-v29.0.0:daemon/container.go inlines system.IsAbs as
# ``filepath.IsAbs(wd) || strings.HasPrefix(wd, string(os.PathSeparator))`` (the same test).
_19_03 = evolve(_17_07, workdir_message_as_sent=True)
# moby/moby@v26.1.0:daemon/container.go translateWorkingDir: the accepted value is stored Clean-ed
# (filepath.Clean of the platform: C:\a\..\b\ becomes C:\b on Windows)
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

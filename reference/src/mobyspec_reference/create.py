"""The ``create`` operation: ContainerCreate's checks and normalisation of the fields the corpus models.

Input is the record a create request would make (``container``: ``ID``, ``Config``, ``HostConfig``, ...),
output ``{"record": ...}``, the container record as moby stores it, or the first error moby returns.
Order (moby/moby@v1.13.0:daemon/create.go containerCreate): verifyContainerSettings with the request's
Config (WorkingDir, then Env), then newContainer (the hostname default).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from mobyspec_reference.errors import GoPanic, fail
from mobyspec_reference.gosemantics import clean_unix, clean_windows, volume_name_len_windows

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mobyspec_reference.create_rules import CreateRules
    from mobyspec_reference.inputs import CaseInput, Json
    from mobyspec_reference.profiles import Profile

#: ``stringid`` short IDs: ``generateHostname`` takes ``id[:12]``.
_SHORT_ID = 12


def is_abs_windows(path: str) -> bool:
    r"""moby's ``system.IsAbs`` on Windows: Go ``filepath.IsAbs`` (1.5-1.8), or a leading ``\``.

    ``filepath.IsAbs`` needs a volume followed by a separator (``C:\x``); moby also accepts
    drive-relative roots such as ``\windows`` (moby/moby@v1.12.0:pkg/system/filesys_windows.go#L75,
    the same test at every tag to moby/moby@docker-v29.7.2:daemon/container.go translateWorkingDir).
    ``C:x`` and ``C:`` are not absolute. Go's own answer moved with the toolchain on inputs no case
    uses (docs/create.md, "What is not modelled"): a bare reserved name (``NUL``, ``CON``) is absolute
    from Go 1.12 (golang/go CL 145220) until a later Go dropped the rule, and that later
    ``volumeNameLen`` takes any byte before ``:`` as a drive (``1:\x``); both follow Go 1.5-1.8 here.
    """
    if path.startswith("\\"):
        return True
    vol = volume_name_len_windows(path)
    rest = path[vol:]
    return vol > 0 and rest != "" and rest[0] in {"\\", "/"}


def _workdir(rules: CreateRules, workdir: str, platform: str) -> str:
    """``FromSlash`` (a no-op on Linux) then the absolute check; returns the value create stores."""
    if workdir == "":
        return ""
    if platform == "windows":
        stored = workdir.replace("/", "\\")
        absolute = is_abs_windows(stored)
    else:
        stored = workdir
        absolute = workdir.startswith("/")
    if not absolute:
        named = workdir if rules.workdir_message_as_sent else stored
        raise fail("create.workdir.not-absolute", rules.workdir_not_absolute.format(wd=named))
    if not rules.workdir_clean:
        return stored
    # 26.1+ store filepath.Clean of it (moby/moby@v26.1.0:daemon/container.go translateWorkingDir)
    return clean_windows(stored) if platform == "windows" else clean_unix(stored)


def _check_env(env: tuple[str, ...] | None) -> None:
    """``opts.ValidateEnv`` of each entry: the name before the first ``=`` must not be empty."""
    for entry in env or ():
        if entry.split("=", 1)[0] == "":
            raise fail("create.env.invalid", f"invalid environment variable: {entry}")


def _hostname(rules: CreateRules, inp: CaseInput, platform: str) -> str:
    """newContainer: an empty Hostname becomes ``id[:12]`` (or the host's name for ``--net=host``)."""
    c = inp.container
    if c.Config.Hostname:
        return c.Config.Hostname
    if rules.host_network_hostname and platform == "linux" and c.HostConfig.NetworkMode == "host":
        return inp.host.Hostname
    if len(c.ID) < _SHORT_ID:
        # id[:12] of a shorter string
        raise GoPanic("go.panic", "runtime error: slice bounds out of range")
    return c.ID[:_SHORT_ID]


def container_create(
    raw_container: Mapping[str, Json], inp: CaseInput, profile: Profile, platform: str
) -> dict[str, Any]:
    """Run ContainerCreate of ``profile`` on the request; returns ``{"record": ...}`` or raises BuildError."""
    rules = profile.create
    assert rules is not None  # build() checked support
    c = inp.container
    workdir = _workdir(rules, c.Config.WorkingDir, platform)
    if rules.env_check:
        _check_env(c.Config.Env)
    hostname = _hostname(rules, inp, platform)
    record = copy.deepcopy(dict(raw_container))
    config = dict(record.get("Config") or {})
    # the two fields create may change are always written out (an absent key is Go's zero value anyway)
    config["Hostname"] = hostname
    config["WorkingDir"] = workdir
    record["Config"] = config
    return {"record": record}

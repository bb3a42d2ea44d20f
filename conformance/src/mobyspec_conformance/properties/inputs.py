"""Lean inputs: only what a rule reads, so that examples are quick and failures shrink far."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from mobyspec_conformance import strategies as ms

if TYPE_CHECKING:
    from collections.abc import Mapping

    from hypothesis.strategies import SearchStrategy

    from mobyspec_reference.profiles import Profile


Json = Any


# ---------------------------------------------------------------------------------------------------
# Lean inputs: only what a rule reads, so that examples are quick and failures shrink far


def _linux_input(
    config: Mapping[str, SearchStrategy[Json]] | None = None,
    host_config: Mapping[str, SearchStrategy[Json]] | None = None,
    daemon: Mapping[str, SearchStrategy[Json]] | None = None,
    *,
    lookpath: SearchStrategy[bool] | None = None,
) -> SearchStrategy[Json]:
    """A Linux input with the optional keys given; ``docker-init`` is on ``$PATH`` unless ``lookpath``."""

    def assemble(path: str, args: list[str], cfg: Json, hc: Json, dmn: Json, found: bool) -> Json:  # noqa: FBT001
        container: dict[str, Json] = {
            "Path": path,
            "Args": args,
            "BaseFS": "/var/lib/docker/overlay/x/merged",
        }
        if cfg:
            container["Config"] = cfg
        if hc:
            container["HostConfig"] = hc
        inp: dict[str, Json] = {"container": container}
        if dmn:
            inp["daemon"] = dmn
        if found:
            inp["host"] = {"LookPath": {"docker-init": "/usr/bin/docker-init"}}
        return inp

    return st.builds(
        assemble,
        st.sampled_from(ms.COMMON_UNIX_EXES),
        st.lists(st.sampled_from(["-c", "echo hi", "--", "80"]), max_size=2),
        st.fixed_dictionaries({}, optional=dict(config or {})),
        st.fixed_dictionaries({}, optional=dict(host_config or {})),
        st.fixed_dictionaries({}, optional=dict(daemon or {})),
        lookpath if lookpath is not None else st.just(True),  # noqa: FBT003 - a value, not a flag
    )


_ISOLATIONS = st.sampled_from(["", "default", "process", "hyperv", "HyperV", "Default"])
_WIN_BASE_FS = "C:\\ProgramData\\docker\\windowsfilter\\4f2a9c1b7d3e"


def _windows_input(
    profile: Profile,
    container: Mapping[str, SearchStrategy[Json]] | None = None,
    config: Mapping[str, SearchStrategy[Json]] | None = None,
    host_config: Mapping[str, SearchStrategy[Json]] | None = None,
    *,
    num_cpu: bool = False,
) -> SearchStrategy[Json]:
    """A Windows input: the optional keys given, an isolation and a daemon default isolation.

    From 17.09 createSpec reads ``len(img.RootFS.DiffIDs)`` of the container's image and panics on a nil
    RootFS (moby/moby@v17.09.0-ce:daemon/oci_windows.go), so those profiles get an image with an empty
    ``layers`` RootFS (only the RW layer in ``layerFolders``). Older profiles get no image: 1.12's
    Hyper-V utility VM lookup indexes the layer paths of a ``layers`` image.
    """
    rules = profile.windows
    image = rules is not None and rules.spec_v1_windows  # windows.layerFolders from 17.09

    def assemble(extra: Json, cfg: Json, hc: Json, default: str, cpus: int | None) -> Json:
        c: dict[str, Json] = {"Path": "cmd", "BaseFS": _WIN_BASE_FS, **extra}
        if cfg:
            c["Config"] = cfg
        if hc:
            c["HostConfig"] = hc
        inp: dict[str, Json] = {"container": c, "daemon": {"DefaultIsolation": default}}
        if cpus is not None:
            inp["host"] = {"NumCPU": cpus}
        if image:
            inp["image"] = {"RootFS": {"Type": "layers", "DiffIDs": []}}
        return inp

    return st.builds(
        assemble,
        st.fixed_dictionaries({}, optional=dict(container or {})),
        st.fixed_dictionaries({}, optional=dict(config or {})),
        st.fixed_dictionaries({}, optional={"Isolation": _ISOLATIONS, **(host_config or {})}),
        st.sampled_from(["process", "hyperv"]),
        st.sampled_from([1, 2, 3, 4, 16]) if num_cpu else st.none(),
    )


def _is_hyperv(inp: Json) -> bool:
    """createSpec's isolation: the container's own value, or the daemon default when it IsDefault."""
    own = str(inp["container"].get("HostConfig", {}).get("Isolation", ""))
    if own == "" or own.lower() == "default":
        return str(inp.get("daemon", {}).get("DefaultIsolation", "")).lower() == "hyperv"
    return own.lower() == "hyperv"

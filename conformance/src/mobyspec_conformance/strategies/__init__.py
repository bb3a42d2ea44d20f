r"""Public hypothesis strategies for mobyspec case inputs: moby container records plus the host facts.

Everything drawn here is a JSON value of the case format v1 (``conformance/.../schemas/case.v1.json``):
:func:`linux_spec_inputs` and :func:`windows_spec_inputs` draw the ``input`` object of a ``spec`` case,
:func:`case_documents` wraps one into a whole case document. The building blocks draw realistic Docker
values rather than arbitrary text: image-like paths (``/usr/local/bin``, ``/app/../srv``), ``KEY=VALUE``
environments with bare keys and empty values, ``nat.Port`` specs (``80``, ``53/udp``), host and domain
names, Windows paths (``C:\Program Files\app.exe``, ``\\server\share``) and command-line arguments
full of spaces, quotes and backslashes.

Optional keys are drawn with :func:`hypothesis.strategies.fixed_dictionaries`, so a shrunk example
keeps only the keys its failure needs (Docker's "absent is Go's zero value"); every error an input can
carry shrinks away unless the failure needs it.

``errors=False`` (the default) draws only inputs moby turns into a spec, whatever the profile:
``docker-init`` is found, linked children run on the bridge network, no host file lies on the working
directory's path, mounts have sources, the image's layers are all in the layer store. Working
directories are absolute or relative (and on Windows drive-relative or with forward slashes) either
way: the spec is built from the record as stored, which create's checks never reach.
``errors=True`` also draws the inputs moby refuses (a file on the working directory's path, a stopped
linked child, a missing init binary, a failing layer lookup, ...), as a differential fuzzer wants.

Usage::

    from hypothesis import given
    from mobyspec_conformance import strategies as ms

    @given(ms.linux_spec_inputs())
    def test_cwd_is_absolute(inp): ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mobyspec_conformance.strategies.blocks import (
    COMMON_ENV_KEYS,
    COMMON_PORTS,
    COMMON_PROTOCOLS,
    COMMON_UNIX_DIRS,
    COMMON_UNIX_EXES,
    COMMON_UNIX_RELATIVE_DIRS,
    COMMON_WINDOWS_DIRS,
    COMMON_WINDOWS_EXES,
    COMMON_WINDOWS_RELATIVE_DIRS,
    INT64_MAX,
    INT64_MIN,
    UINT64_MAX,
    WINDOWS_DRIVES,
    WINDOWSFILTER,
    command_line_args,
    container_ids,
    domainnames,
    env_entries,
    env_keys,
    env_lists,
    exposed_ports,
    hostnames,
    linked_containers,
    port_specs,
    unix_paths,
    unix_workdirs,
    windows_paths,
    windows_workdirs,
)
from mobyspec_conformance.strategies.linux import linux_spec_inputs
from mobyspec_conformance.strategies.windows import windows_mounts, windows_spec_inputs

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Json = Any

__all__ = [
    "COMMON_ENV_KEYS",
    "COMMON_PORTS",
    "COMMON_PROTOCOLS",
    "COMMON_UNIX_DIRS",
    "COMMON_UNIX_EXES",
    "COMMON_UNIX_RELATIVE_DIRS",
    "COMMON_WINDOWS_DIRS",
    "COMMON_WINDOWS_EXES",
    "COMMON_WINDOWS_RELATIVE_DIRS",
    "INT64_MAX",
    "INT64_MIN",
    "UINT64_MAX",
    "WINDOWSFILTER",
    "WINDOWS_DRIVES",
    "case_documents",
    "command_line_args",
    "container_ids",
    "domainnames",
    "env_entries",
    "env_keys",
    "env_lists",
    "exposed_ports",
    "hostnames",
    "linked_containers",
    "linux_spec_inputs",
    "port_specs",
    "spec_inputs",
    "unix_paths",
    "unix_workdirs",
    "windows_mounts",
    "windows_paths",
    "windows_spec_inputs",
    "windows_workdirs",
]


# ---------------------------------------------------------------------------------------------------
# Whole inputs and case documents


def spec_inputs(platform: str, *, errors: bool = False) -> SearchStrategy[dict[str, Json]]:
    """The ``input`` of a ``spec`` case of ``platform`` (``linux`` or ``windows``)."""
    if platform == "linux":
        return linux_spec_inputs(errors=errors)
    if platform == "windows":
        return windows_spec_inputs(errors=errors)
    msg = f"unknown platform {platform!r} (linux or windows)"
    raise ValueError(msg)


def case_documents(
    platform: str, *, case_id: str = "draft/generated", errors: bool = False
) -> SearchStrategy[dict[str, Json]]:
    """Whole case documents (format v1) around a drawn ``spec`` input; no features, no profiles."""
    return spec_inputs(platform, errors=errors).map(
        lambda inp: {
            "id": case_id,
            "description": f"generated {platform} spec input",
            "platform": platform,
            "operation": "spec",
            "features": [],
            "input": inp,
        }
    )

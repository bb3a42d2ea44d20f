"""Helpers shared by the corpus generators: the case constructor and typical container records."""

from __future__ import annotations

import copy
from typing import Any

Json = Any

#: Where every generated case's ``refs`` point by default.
MOBY = "moby/moby"


def ref(tag: str, path: str) -> str:
    """A ``moby/moby@TAG:path`` reference."""
    return f"{MOBY}@{tag}:{path}"


#: ContainerStart re-verifies with a nil Config, so create's WorkingDir rules (the absolute check, Windows
#: FromSlash) never reach the spec: the line of each tree's daemon/start.go.
STORED_RECORD = [
    ref("v1.11.2", "daemon/start.go#L66"),
    ref("c70f153f52", "daemon/start.go#L66"),
    ref("v1.12.0", "daemon/start.go#L71"),
    ref("410a8612f4", "daemon/start.go#L72"),
    ref("v1.13.0", "daemon/start.go#L76"),
    ref("v17.03.2-ce", "daemon/start.go#L76"),
    ref("v17.06.0-ce", "daemon/start.go#L75"),
]


def case(
    case_id: str,
    description: str,
    *,
    platform: str,
    operation: str,
    features: list[str],
    inp: Json,
    refs: list[str] | None = None,
    profiles: list[str] | None = None,
) -> Json:
    """One case document of the case format v1."""
    doc: dict[str, Json] = {
        "id": case_id,
        "description": description,
        "platform": platform,
        "operation": operation,
        "features": sorted(set(features)),
        "input": inp,
    }
    if refs:
        doc["refs"] = sorted(set(refs))
    if profiles:
        doc["profiles"] = profiles
    return doc


def merge(base: Json, patch: Json) -> Json:
    """Deep-merge ``patch`` into a copy of ``base`` (dicts merge; anything else replaces)."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def linux_spec_case(
    case_id: str,
    description: str,
    features: list[str],
    container: Json | None = None,
    *,
    refs: list[str],
    profiles: list[str] | None = None,
    **world: Json,
) -> Json:
    """A ``linux/<case_id>`` spec case: the plain container merged with ``container``, plus world facts."""
    return case(
        f"linux/{case_id}",
        description,
        platform="linux",
        operation="spec",
        features=features,
        inp=linux_input(container, **world),
        refs=refs,
        profiles=profiles,
    )


#: A plain Linux container as docker run busybox sh would leave it, before start.
LINUX_CONTAINER: Json = {
    "ID": "4f2a9c1b7d3e5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d",
    "Name": "/web",
    "Path": "sh",
    "Args": [],
    "BaseFS": "/var/lib/docker/overlay/4f2a9c1b7d3e/merged",
    "Config": {"Hostname": "4f2a9c1b7d3e", "Env": None, "Tty": False, "WorkingDir": ""},
    "HostConfig": {"NetworkMode": "default"},
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.3"}}},
}


def linux_input(container: Json | None = None, **world: Json) -> Json:
    """A Linux case input: the plain container merged with ``container``, plus world facts."""
    inp: dict[str, Json] = {"container": merge(LINUX_CONTAINER, container or {})}
    inp.update(world)
    return inp

"""``mobyspec import INSPECT.json``: a ``docker inspect`` document (any engine) becomes a case file (v1).

The container record maps one to one (the case format uses Docker's own names). What an inspect cannot
know — the daemon's ``--init``/``--init-path``, what ``exec.LookPath("docker-init")`` finds, whether the
working directory exists in the image — is left out (Go's zero value) and listed in :attr:`Imported.todo`
with the JSON Pointer to fill; the description starts with ``TODO`` until a human has looked.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import frozen

Json = Any

_CONFIG = ("Hostname", "Domainname", "User", "Env", "Tty", "WorkingDir", "ArgsEscaped", "NetworkDisabled")
_HOST_CONFIG = ("ReadonlyRootfs", "PidMode", "IpcMode", "UTSMode", "NetworkMode", "Init")


class InspectError(ValueError):
    """The document is not a ``docker inspect`` of a container (exit 2, the message says why)."""


@frozen
class Imported:
    """The case document and the facts the user must fill (JSON Pointer, what to put there)."""

    case: Json
    todo: tuple[tuple[str, str], ...]


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9.-]+", "-", name.lower()).strip("-.")
    return slug or "container"


def _features(record: Json) -> list[str]:
    config, host_config = record["Config"], record["HostConfig"]
    features = {"args"}
    if config.get("Env"):
        features.add("env")
    if config.get("WorkingDir"):
        features.add("workdir")
    if config.get("Tty"):
        features.add("tty")
    if config.get("Hostname"):
        features.add("hostname")
    if host_config.get("Init") is not None:
        features.add("init")
    if host_config.get("PidMode"):
        features.add("pid-mode")
    if config.get("ExposedPorts"):
        features.add("ports")
    return sorted(features)


def _looks_like_podman(item: Json) -> bool:
    """podman's inspect (its compat API too) reports its own view of the container."""
    env = item["Config"].get("Env") or []
    return item.get("Path") == "/run/podman-init" or "container=podman" in env


def import_inspect(doc: Json, *, index: int = 0, case_id: str | None = None) -> Imported:
    """The case for container ``index`` of an inspect document (``docker inspect`` prints a list)."""
    items = doc if isinstance(doc, list) else [doc]
    if not items or index >= len(items):
        raise InspectError(f"the document holds {len(items)} container(s); there is no index {index}")
    item = items[index]
    if not isinstance(item, dict) or not isinstance(item.get("Config"), dict) or "Id" not in item:
        raise InspectError(f"item {index} is not a container inspect record (no Id or Config)")
    config = item["Config"]
    host_config = item.get("HostConfig") or {}
    name = str(item.get("Name") or "/" + str(item["Id"])[:12])
    record: dict[str, Json] = {
        "ID": item["Id"],
        "Name": name,
        "Path": item.get("Path", ""),
        "Args": list(item.get("Args") or []),
        "Config": {k: config[k] for k in _CONFIG if config.get(k) is not None} | {"Env": config.get("Env")},
        "HostConfig": {k: host_config[k] for k in _HOST_CONFIG if host_config.get(k) is not None},
    }
    if config.get("ExposedPorts"):
        record["Config"]["ExposedPorts"] = config["ExposedPorts"]
    todo: list[tuple[str, str]] = []
    merged = ((item.get("GraphDriver") or {}).get("Data") or {}).get("MergedDir")
    if merged:
        record["BaseFS"] = merged
    else:
        record["BaseFS"] = "/var/lib/docker/overlay2/" + str(item["Id"])[:12] + "/merged"
        todo.append(
            ("/input/container/BaseFS", "the engine's root filesystem path (inspect has no MergedDir)")
        )
    networks = (item.get("NetworkSettings") or {}).get("Networks") or {}
    record["NetworkSettings"] = {
        "Networks": {k: {"IPAddress": (v or {}).get("IPAddress", "")} for k, v in sorted(networks.items())}
    }
    links = host_config.get("Links") or []
    if links:
        todo.append(
            ("/input/links", f"the linked containers' records ({', '.join(links)}): inspect each one")
        )
    if _looks_like_podman(item):
        todo.append(
            (
                "/input/container",
                (
                    "podman's view, not moby's stored record: Path holds the init (/run/podman-init), Env "
                    "podman's defaults, PidMode/UTSMode 'private'; rewrite them to what the container asked"
                ),
            )
        )
    todo.append(("/input/daemon/Init", "true if the daemon runs with --init (inspect cannot tell)"))
    todo.append(("/input/daemon/InitPath", "the daemon's --init-path, if any"))
    todo.append(
        ("/input/host/LookPath/docker-init", "where exec.LookPath finds docker-init on the engine's host")
    )
    if config.get("WorkingDir"):
        todo.append(
            (
                "/input/host/Files",
                f"is <BaseFS>{config['WorkingDir']} (and each parent) a file or a directory in the image",
            )
        )
    platform = "windows" if str(item.get("Platform", "linux")).lower() == "windows" else "linux"
    case = {
        "id": case_id or f"imported/{_slug(name)}",
        "description": f"TODO: what this pins (from the inspect of {name}; {len(todo)} facts to fill)"[:200],
        "platform": platform,
        "operation": "spec",
        "features": _features({"Config": config, "HostConfig": host_config}),
        "input": {"container": record, "daemon": {}, "host": {}},
    }
    return Imported(case=case, todo=tuple(todo))

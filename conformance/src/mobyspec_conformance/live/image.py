"""A tiny image built in Python: one layer holding the files a case needs, as a ``docker save`` tar.

``POST /images/load`` accepts it on dockerd and podman alike. The image config is empty (no Env, Cmd,
Entrypoint or WorkingDir), so the container record is exactly what ContainerCreate is sent: moby merges
image defaults into the record only where the image has them (``moby/moby@v20.10.24:daemon/commit.go``
``merge``). Byte-for-byte deterministic (fixed mtimes, sorted entries), so equal file sets give equal ids.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from typing import Literal

from attrs import frozen

Kind = Literal["file", "dir"]

#: Every image has these directories (the root itself and a place for the init bind mount's target).
BASE_DIRS = ("dev", "etc", "proc", "sys")


@frozen
class Image:
    """The tar ``POST /images/load`` takes, and the tag it carries."""

    tag: str
    tar: bytes


def _add(tar: tarfile.TarFile, name: str, kind: Kind) -> None:
    info = tarfile.TarInfo(name)
    info.mtime = 0
    info.uid = info.gid = 0
    if kind == "dir":
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        tar.addfile(info)
    else:
        info.mode = 0o644
        info.size = 0
        tar.addfile(info, io.BytesIO(b""))


def _tar(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(entries):
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.mode = 0o644
            info.size = len(entries[name])
            tar.addfile(info, io.BytesIO(entries[name]))
    return buffer.getvalue()


def layer_tar(paths: dict[str, Kind]) -> bytes:
    """The layer: ``paths`` (relative, ``/``-separated) with their parents as directories."""
    wanted: dict[str, Kind] = dict.fromkeys(BASE_DIRS, "dir")
    for path, kind in paths.items():
        parts = [p for p in path.split("/") if p and p != "."]
        if not parts or ".." in parts:
            raise ValueError(f"image path {path!r} is not a relative path inside the root")
        for i in range(1, len(parts)):
            wanted.setdefault("/".join(parts[:i]), "dir")
        wanted["/".join(parts)] = kind
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(wanted):
            _add(tar, name, wanted[name])
    return buffer.getvalue()


def build_image(paths: dict[str, Kind], *, repository: str = "mobyspec-live") -> Image:
    """The ``docker save`` tar of a one-layer image holding ``paths``; tagged by its content hash."""
    layer = layer_tar(paths)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "mobyspec live image"}],
        "created": "1970-01-01T00:00:00Z",
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    config_hex = hashlib.sha256(config_bytes).hexdigest()
    tag = f"{repository}:{config_hex[:16]}"
    manifest = [{"Config": f"{config_hex}.json", "RepoTags": [tag], "Layers": [f"{diff_id[7:]}/layer.tar"]}]
    tar = _tar(
        {
            f"{config_hex}.json": config_bytes,
            f"{diff_id[7:]}/layer.tar": layer,
            "manifest.json": json.dumps(manifest, separators=(",", ":")).encode(),
        }
    )
    return Image(tag=tag, tar=tar)

"""Windows working directory: ``SetupWorkingDirectory`` as createSpec calls it, on the stored WorkingDir.

Sources: moby/moby@v1.11.2 and @v1.12.0:container/container.go
(``SetupWorkingDirectory``, ``GetResourcePath``), moby/moby@v1.12.0:container/container_windows.go
(``cleanResourcePath``, ``canMountFS``), moby/moby@v1.12.0:pkg/symlink/fs.go (``evalSymlinksInScope``)
and moby/moby@v1.12.0:pkg/system/filesys_windows.go (``MkdirAll``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_reference.errors import fail
from mobyspec_reference.gosemantics import clean_windows, join_windows

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mobyspec_reference.inputs import Json
    from mobyspec_reference.windows_rules import WindowsRules


def _clean_resource_path(path: str) -> str:
    r"""``cleanResourcePath``: drop a leading drive letter, then ``filepath.Join("\", rest)``."""
    if len(path) >= 2 and path[1] == ":" and path[0].isascii() and path[0].isalpha():
        path = path[2:]
    return join_windows("\\", path)


def _make_directory(workdir: str, base_fs: str, files: Mapping[str, Json]) -> None:
    """``GetResourcePath`` then ``MkdirAllNewAs`` (``system.MkdirAll`` on Windows), as ``host.Files`` says.

    The scoped walk lstat's each component under BaseFS: a stat error other than not-exist is returned
    as is; files are accepted, and on Windows a path below a file reads as not-exist (accepted too).
    ``MkdirAll`` then stops at the nearest existing ancestor: a directory is fine, a file fails with
    ``mkdir <that path>: not a directory``; a target that is itself a file becomes ``Cannot mkdir``.
    Symlinks are not modelled; BaseFS itself is taken to be an existing directory.
    """
    root = clean_windows(base_fs) if base_fs else ""
    components = [p for p in _clean_resource_path(workdir).split("\\") if p]
    chain = [
        join_windows(root, *components[: k + 1]) if root else "\\" + "\\".join(components[: k + 1])
        for k in range(len(components))
    ]
    for path in chain:
        kind = files.get(path)
        if isinstance(kind, dict):
            raise fail("workdir.lstat", kind["error"])
    if not chain:
        return
    target = chain[-1]
    kind = files.get(target)
    if kind == "dir":
        return
    if kind == "file":
        raise fail("workdir.not-a-directory", f"Cannot mkdir: {workdir} is not a directory")
    for path in reversed(chain[:-1]):
        kind = files.get(path)
        if kind == "dir":
            return
        if kind == "file":
            # os.PathError{"mkdir", path, ENOTDIR}; the follow-up stat of the target fails, so it is raw
            raise fail("workdir.mkdir", f"mkdir {path}: not a directory")


def setup_working_directory_windows(
    rules: WindowsRules, workdir: str, base_fs: str, files: Mapping[str, Json], *, own_hyperv: bool
) -> str:
    r"""Windows ``SetupWorkingDirectory`` where the profile calls it; returns WorkingDir as it is left.

    ``canMountFS()`` looks at the container's own isolation only (``own_hyperv``), never at the daemon
    default. 1.11 and c70f153f52 return for Hyper-V before cleaning (the cwd stays raw); from commit
    6952135fc8 the Clean comes first and Hyper-V only skips the directory step. The value is the one
    stored in the record (create's ``FromSlash`` and absolute check never run on the way here), so Go's
    Windows Clean also meets forward slashes (``C:/a/`` gives ``C:\a``) and relative forms (``C:``
    gives ``C:.``, ``work\dir`` stays).
    """
    if rules.workdir_setup == "none" or workdir == "":
        return workdir
    if rules.workdir_setup == "hyperv-then-clean" and own_hyperv:
        return workdir
    cleaned = clean_windows(workdir)
    if own_hyperv:
        return cleaned
    _make_directory(cleaned, base_fs, files)
    return cleaned

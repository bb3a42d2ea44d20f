"""The working directory: Linux ``SetupWorkingDirectory`` over the WorkingDir stored in the record.

Sources: moby/moby@v1.12.0:container/container.go (SetupWorkingDirectory, GetResourcePath),
moby/moby@v1.12.0:pkg/symlink/fs.go (evalSymlinksInScope), moby/moby@v1.12.0:pkg/idtools/idtools_unix.go
(mkdirAs returns at once when the path exists, whatever its type).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_reference.errors import fail
from mobyspec_reference.gosemantics import clean_unix

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mobyspec_reference.inputs import Json


def setup_working_directory_unix(
    workdir: str,
    base_fs: str,
    files: Mapping[str, Json],
    *,
    file_error: bool = False,
    clean_stored: bool = True,
) -> str:
    """Linux ``SetupWorkingDirectory`` (1.11-17.06): returns the Clean-ed WorkingDir stored back in Config.

    The symlink-scoped resolution lstat's each component below BaseFS: a missing component is accepted,
    a regular file is accepted, and the first lstat that fails otherwise (a component below a file gives
    ENOTDIR) is returned raw: ``lstat <BaseFS>/<components>: not a directory``. A target that exists as a
    file is then fine (``MkdirAllNewAs`` returns at once), so ``Cannot mkdir`` is unreachable here.
    Symlinks are not modelled: ``host.Files`` knows files and directories only. From 17.12 (``file_error``)
    mkdirAs returns ENOTDIR for an existing non-directory and SetupWorkingDirectory answers
    ``Cannot mkdir: <WorkingDir> is not a directory`` with the Clean-ed value
    (moby/moby@v17.12.0-ce:pkg/idtools/idtools_unix.go, moby/moby@v17.12.0-ce:container/container.go).

    A relative value (stored by an engine that skipped create's check) is Cleaned and kept relative
    (``./rel/dir/`` gives ``rel/dir``, ``./`` gives ``.``, ``../up`` stays), while ``GetResourcePath``
    resolves it as ``filepath.Join("/", path)`` below BaseFS (``cleanResourcePath`` on Unix,
    moby/moby@v1.12.0:container/container_unix.go), so ``../up`` is looked up at ``<BaseFS>/up``.
    """
    if workdir == "":
        return ""
    cleaned = clean_unix(workdir)
    # FollowSymlinkInScope takes filepath.Abs(BaseFS): a relative (or empty) BaseFS resolves against
    # dockerd's cwd, "/" (moby/moby@v1.12.0:pkg/symlink/fs.go).
    root = clean_unix("/" + base_fs)
    components = [c for c in clean_unix("/" + cleaned).split("/") if c]
    below_file = False
    for k in range(len(components)):
        full = clean_unix(root + "/" + "/".join(components[: k + 1]))
        if below_file:
            raise fail("workdir.lstat", f"lstat {full}: not a directory")
        kind = files.get(full)
        if isinstance(kind, dict):
            raise fail("workdir.lstat", f"lstat {full}: {kind['error']}")
        if kind == "file":
            below_file = True
    # 26.1+ (``clean_stored`` false) Clean a local copy: the record, the message and cwd keep the value
    # as stored (moby/moby@v26.1.0:container/container.go)
    kept = cleaned if clean_stored else workdir
    if file_error and below_file:
        # only the last component can be the file here: one below a file failed its lstat above
        raise fail("workdir.not-a-directory", f"Cannot mkdir: {kept} is not a directory")
    return kept

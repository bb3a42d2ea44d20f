"""The corpus, goldens and ``cases.lock`` packed into the wheel, and unpacked from it on first use.

Goldens repeat a lot (every profile's DefaultSpec, the same answer under several profiles), so the wheel
carries them content-addressed: each distinct file once, keyed by its sha256 from ``cases.lock``, in one
xz stream (cross-file redundancy is what xz removes; 24 MB of files pack into about 130 kB). The lock is
the index: it names every case file and golden with the sha256 of its bytes, so every unpacked file is
verified against it. ``suite/SHA256`` holds the fingerprint of the packed stream, checked at every start
(one hash of a small file, not one per case), so a damaged install is named instead of misread.

The pack is unpacked once into a cache folder named after that fingerprint, laid out like a checkout
(``conformance/cases``, ``conformance/schema-exceptions.toml``, ``goldens``, ``cases.lock``), so every
command reads the shipped suite exactly as it reads a checkout.

Standard library only: the wheel's build hook (``hatch_build.py``) loads this file by path to pack.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

#: The pack's format version (the ``format`` key of its index).
FORMAT = 1
#: Where the pack lives inside the package, and its two files.
PACKAGE_FOLDER = "suite"
PACK_NAME = "blobs.xz"
FINGERPRINT_NAME = "SHA256"
#: Files shipped beside the lock's cases and goldens, by path below the checkout.
EXTRAS = ("conformance/schema-exceptions.toml",)
#: Environment variable naming the folder the pack is unpacked into (default: the user's cache).
CACHE_ENV = "MOBYSPEC_CACHE_DIR"
#: xz preset: 3 packs the suite in half a second; 6 and above win a few kB for seconds of build time.
PRESET = 3


class SuiteDataError(Exception):
    """The shipped suite is missing or damaged (a broken install); the message says what and where."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _layout(lock: dict[str, object]) -> list[tuple[str, str]]:
    """(path below the root, sha256) of every case file and golden the lock lists, in lock order."""
    cases = lock.get("cases")
    if not isinstance(cases, dict):
        raise SuiteDataError("cases.lock: not a lock file (no cases object)")
    files: list[tuple[str, str]] = []
    for case_id, entry in cases.items():
        files.append((f"conformance/cases/{case_id}.json", entry["case"]))
        files.extend((f"goldens/{profile}/{case_id}.json", sha) for profile, sha in entry["goldens"].items())
    return files


def pack(root: Path) -> bytes:
    """The xz pack of the checkout at ``root``: its lock, every file the lock lists, and the extras.

    Raises :class:`SuiteDataError` when a file differs from the lock (regenerate the lock first).
    """
    lock_bytes = (root / "cases.lock").read_bytes()
    files = [*_layout(json.loads(lock_bytes)), *((p, _sha256((root / p).read_bytes())) for p in EXTRAS)]
    blobs: dict[str, bytes] = {_sha256(lock_bytes): lock_bytes}
    for path, sha in files:
        if sha in blobs:
            continue
        data = (root / path).read_bytes()
        if _sha256(data) != sha:
            raise SuiteDataError(f"{root / path}: differs from cases.lock (run `mobyspec lint --write-lock`)")
        blobs[sha] = data
    index = {
        "format": FORMAT,
        "lock": _sha256(lock_bytes),
        "extras": {p: sha for p, sha in files if p in EXTRAS},
        # sizes only: each blob's key is the sha256 of its bytes, recomputed (so verified) when unpacked
        "sizes": [len(data) for data in blobs.values()],
    }
    stream = (
        json.dumps(index, sort_keys=True, separators=(",", ":")).encode() + b"\n" + b"".join(blobs.values())
    )
    return lzma.compress(stream, preset=PRESET)


def unpack(packed: bytes, dest: Path) -> None:
    """Write the suite of ``packed`` below ``dest``, verifying every file against its sha256."""
    try:
        stream = lzma.decompress(packed)
        head, _, body = stream.partition(b"\n")
        index = json.loads(head)
    except (lzma.LZMAError, ValueError) as err:
        raise SuiteDataError(f"the packed suite is unreadable: {err}") from None
    if index.get("format") != FORMAT:
        raise SuiteDataError(
            f"the packed suite has format {index.get('format')!r}, this mobyspec reads {FORMAT}"
        )
    blobs: dict[str, bytes] = {}
    offset = 0
    for size in index["sizes"]:
        data = body[offset : offset + size]
        offset += size
        blobs[_sha256(data)] = data
    lock_bytes = blobs.get(index["lock"])
    if lock_bytes is None:
        raise SuiteDataError("the packed suite is damaged: its cases.lock does not match its sha256")
    files = [("cases.lock", index["lock"]), *_layout(json.loads(lock_bytes)), *index["extras"].items()]
    for path, sha in files:
        if sha not in blobs:
            raise SuiteDataError(
                f"the packed suite is damaged: no file with the sha256 of {path} ({sha[:12]}…)"
            )
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[sha])


def cache_home() -> Path:
    """Where packs go: ``$MOBYSPEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/mobyspec`` or ``~/.cache/mobyspec``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "mobyspec" if xdg else Path.home() / ".cache" / "mobyspec"


def shipped_root(package: str = "mobyspec_conformance") -> Path | None:
    """The folder holding the shipped suite, unpacked on first use; None when this install has no pack.

    An editable install or a run from a checkout has no pack (the checkout's folders are used). Raises
    :class:`SuiteDataError` when the pack's fingerprint does not match (a damaged install).
    """
    folder = resources.files(package).joinpath(PACKAGE_FOLDER)
    pack_file = folder.joinpath(PACK_NAME)
    if not pack_file.is_file():
        return None
    where = f"{package}/{PACKAGE_FOLDER}"
    try:
        packed = pack_file.read_bytes()
        expected = folder.joinpath(FINGERPRINT_NAME).read_text("ascii").strip()
    except OSError as err:
        raise SuiteDataError(f"damaged install: {where}: {err} (reinstall mobyspec)") from None
    if _sha256(packed) != expected:
        raise SuiteDataError(
            f"damaged install: {where}/{PACK_NAME} has sha256 {_sha256(packed)[:16]}…, "
            f"its fingerprint says {expected[:16]}… (reinstall mobyspec)"
        )
    return _unpacked(packed, expected)


def _temp_home() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"mobyspec-{uid}"


def _unpacked(packed: bytes, fingerprint: str) -> Path:
    """The cache folder of this pack, unpacked there first (atomically: a rename) when it is not yet.

    A home that cannot be written (a read-only ``~``) falls back to the temporary folder.
    """
    name = f"suite-{fingerprint[:16]}"
    for home in (cache_home(), _temp_home()):
        final = home / name
        if (final / "cases.lock").is_file():
            return final
        try:
            home.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix=".unpack-", dir=home))
        except OSError:
            continue
        return _finish(scratch, final, packed)
    raise SuiteDataError(
        f"cannot unpack the shipped suite: neither {cache_home()} nor {_temp_home()} is writable "
        f"(set {CACHE_ENV})"
    )


def _finish(scratch: Path, final: Path, packed: bytes) -> Path:
    try:
        unpack(packed, scratch)
        try:
            scratch.rename(final)
        except OSError:
            if not (final / "cases.lock").is_file():
                raise
            # another process unpacked the same pack first: theirs is the same bytes
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final

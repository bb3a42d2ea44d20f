"""Wheel build hook: pack the corpus, goldens and cases.lock into the wheel (``suitepack.py``).

An editable install reads the checkout's folders, so it gets no pack.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SUITEPACK = Path("conformance/src/mobyspec_conformance/suitepack.py")


class SuitePackHook(BuildHookInterface):
    """Adds ``mobyspec_conformance/suite/{blobs.xz,SHA256}`` to a standard wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Pack the checkout (or unpacked sdist) this wheel is built from."""
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location("_mobyspec_suitepack", root / SUITEPACK)
        assert spec is not None
        assert spec.loader is not None
        suitepack = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(suitepack)
        packed = suitepack.pack(root)
        self._scratch = Path(tempfile.mkdtemp(prefix="mobyspec-pack-"))
        files = {
            suitepack.PACK_NAME: packed,
            suitepack.FINGERPRINT_NAME: hashlib.sha256(packed).hexdigest().encode() + b"\n",
        }
        for name, data in files.items():
            (self._scratch / name).write_bytes(data)
            target = f"mobyspec_conformance/{suitepack.PACKAGE_FOLDER}/{name}"
            build_data["force_include"][str(self._scratch / name)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:  # noqa: ARG002 - the hook's signature
        """Remove the scratch folder of the pack."""
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

"""Shared fixtures: the golden-file syrupy extension and hypothesis settings profiles."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from syrupy.data import Snapshot, SnapshotCollection, SnapshotCollections
from syrupy.extensions.json import JSONSnapshotExtension

from mobyspec_conformance import atomic
from mobyspec_conformance.canonical import dumps
from mobyspec_conformance.corpus import default_goldens

GOLDENS = default_goldens().resolve()

# thorough (tox -e full): reproducible, 100 examples per property; ci (the default tox run): the same at
# a quarter of the examples, to keep the run inside its time budget; dev: quicker; none with deadlines
# (subprocess builders). tests/budget.py scales the tests' own example counts the same way.
settings.register_profile(
    "thorough",
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", settings.get_profile("thorough"), max_examples=25)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


class GoldenJSON(JSONSnapshotExtension):
    """``goldens/<profile>/<case id>.json``: one canonical JSON file per (case, profile)."""

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:  # noqa: ARG003 - syrupy's signature
        return str(GOLDENS)

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:  # noqa: ARG003
        return str(index)

    @classmethod
    def matches_test_location(cls, *, test_location: Any, snapshot_location: str) -> bool:  # noqa: ARG003
        return GOLDENS in Path(snapshot_location).parents

    def read_snapshot_collection(self, *, snapshot_location: str) -> SnapshotCollection:
        # Name goldens by their path below goldens/ (syrupy would use the basename).
        collection = SnapshotCollection(location=snapshot_location)
        name = Path(snapshot_location).relative_to(GOLDENS).with_suffix("").as_posix()
        collection.add(Snapshot(name=name))
        return collection

    def discover_snapshots(self, *, test_location: Any, ignore_extensions: Any = None) -> SnapshotCollections:
        # Only *.json files are goldens; anything else in goldens/ is left alone (never deleted).
        found = SnapshotCollections()
        for collection in super().discover_snapshots(
            test_location=test_location, ignore_extensions=ignore_extensions
        ):
            if collection.location.endswith(".json"):
                found.add(collection)
        return found

    def serialize(self, data: Any, **_: Any) -> str:
        return dumps(data)

    @classmethod
    def write_snapshot_collection(cls, *, snapshot_collection: SnapshotCollection, **_: Any) -> None:
        # A golden is replaced in one step (temporary file + rename), never left half-written, and only
        # inside goldens/ (names are case ids, which the corpus loader already refuses when unsafe).
        location = Path(snapshot_collection.location)
        if GOLDENS not in location.resolve().parents:
            msg = f"refusing to write a golden outside {GOLDENS}: {location}"
            raise ValueError(msg)
        atomic.write_text(location, next(iter(snapshot_collection)).data)


@pytest.fixture
def golden(snapshot: Any) -> Any:
    """syrupy's snapshot bound to the goldens folder."""
    return snapshot.use_extension(GoldenJSON)

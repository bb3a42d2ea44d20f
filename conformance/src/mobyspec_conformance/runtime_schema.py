"""Validate a spec against the OCI runtime-spec JSON Schema of its profile's era.

The schema files are not part of this repository: a folder holding one sub-folder per runtime-spec
version (``v1.0.0-rc2``, ``v1.0.0-rc2-38-g1c7c27d``, ``v1.0.0-rc5``, ...) is named by the environment
variable ``MOBYSPEC_RUNTIME_SPEC_SCHEMA`` or an option. Each sub-folder is opencontainers/runtime-spec's
``schema/`` directory of that version: draft-04 files with relative ``$ref``s between files.

Which schema a profile's output is checked against is decided by the ``ociVersion`` its spec carries
(:data:`SCHEMA_FOR_VERSION`); a profile without one (the pre-rc1 and windowsoci eras) is skipped with a
reason that says so.

The schema exceptions (``conformance/schema-exceptions.toml``: goldens where moby's own output breaks
its era's schema, with reasons) live here too: lint honours them and the schema properties skip them.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from attrs import frozen
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from mobyspec_conformance.compare import DEPTH_LIMIT, measure
from mobyspec_conformance.corpus import Problem
from mobyspec_conformance.vocabulary import pointer
from mobyspec_reference.profiles import get_profile

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Environment variable naming the folder of runtime-spec schema versions.
SCHEMA_ENV = "MOBYSPEC_RUNTIME_SPEC_SCHEMA"

#: (platform, the spec's ``ociVersion``) -> schema sub-folder.
#:
#: * ``1.0.0-rc2-dev``: moby v1.12.2 to v1.12.6 (Linux) and v1.13.0 to v17.03.x vendor runtime-spec commit
#:   1c7c27d043 (moby/moby@v1.12.2:hack/vendor.sh, @v17.03.2-ce:vendor.conf), whose schema is the
#:   ``v1.0.0-rc2-38-g1c7c27d`` folder; it has the Windows files too.
#: * ``1.0.0-rc5``: moby v17.06.0-ce vendors the v1.0.0-rc5 tag (moby/moby@v17.06.0-ce:vendor.conf).
#: * ``1.0.0`` (Windows 17.09): moby v17.09.0-ce vendors the v1.0.0 tag (moby/moby@v17.09.0-ce:vendor.conf).
#: * ``1.0.1`` (Windows 18.02 to 18.09): the v1.0.1 tag (moby/moby@v18.02.0-ce:vendor.conf).
#: * ``1.0.1-dev`` (Windows 19.03 to 23.0): runtime-spec commits 29686dbc55 and 4d89ac9fbf
#:   (moby/moby@v19.03.0:vendor.conf, moby/moby@v20.10.0:vendor.conf) and 1c3f411f04 (23.0) lie between
#:   v1.0.1 and v1.0.2; v1.0.2 is the nearest published schema after them (as rc2 stands in for rc1).
#:   ``1.0.2-dev`` (20.10, 23.0) is checked against v1.0.2 too. ``1.2.0`` (26.1 to 28.1, both platforms)
#:   against v1.2.1, the nearest published one; ``1.2.1`` (28.2-29.1) and ``1.3.0`` (29.2+) against their
#:   own tags; ``1.1.0-rc.2`` and ``1.1.0`` (24.0, 25.0) have none in the folder.
#:   Windows 17.07's ``1.0.0-rc5-dev`` (commit d42f1eb741) has no published schema: skipped.
#: * ``1.0.0-rc1`` (Linux 1.12 and 410a8612f4): no schema was published with rc1; v1.0.0-rc2 is the
#:   nearest later one and moby's rc1 output validates against it (every golden of the corpus does).
#:   Windows never wrote rc1 (those profiles are windowsoci), so there is no Windows entry.
#: * ``1.0.0-rc5-dev`` (17.07, commit d42f1eb741 after rc5), ``1.0.1-dev`` (18.09-19.03, commits
#:   after v1.0.1) and ``1.0.2-dev`` (20.10, commit 4d89ac9fbf after v1.0.2): the tag each builds on
#:   (moby/moby@v17.07.0-ce:vendor.conf, @v18.09.1:vendor.conf, @v19.03.0:vendor.conf, @v20.10.0:vendor.conf).
#: * ``1.0.0`` (17.09-18.01) and ``1.0.1`` (18.02-18.06): those tags (moby/moby@v17.09.0-ce:vendor.conf,
#:   @v18.02.0-ce:vendor.conf).
#: * ``0.5.0-dev`` / ``0.6.0-dev`` (Linux c70f153f52, 1.11.0, 1.11) and the windowsoci ``0.3.0 (Windows)``
#:   predate the schema folder: checked by nothing, reported as skipped.
SCHEMA_FOR_VERSION: dict[tuple[str, str], str] = {
    ("linux", "1.0.0-rc1"): "v1.0.0-rc2",
    ("linux", "1.0.0-rc2-dev"): "v1.0.0-rc2-38-g1c7c27d",
    ("windows", "1.0.0-rc2-dev"): "v1.0.0-rc2-38-g1c7c27d",
    ("linux", "1.0.0-rc5"): "v1.0.0-rc5",
    ("windows", "1.0.0-rc5"): "v1.0.0-rc5",
    ("linux", "1.0.0-rc5-dev"): "v1.0.0-rc5",
    ("linux", "1.0.0"): "v1.0.0",
    ("linux", "1.0.1"): "v1.0.1",
    ("linux", "1.0.1-dev"): "v1.0.1",
    ("linux", "1.0.2-dev"): "v1.0.2",
    ("windows", "1.0.0"): "v1.0.0",
    ("windows", "1.0.1"): "v1.0.1",
    ("windows", "1.0.1-dev"): "v1.0.2",
    ("windows", "1.0.2-dev"): "v1.0.2",
    ("linux", "1.2.0"): "v1.2.1",
    ("linux", "1.2.1"): "v1.2.1",
    ("linux", "1.3.0"): "v1.3.0",
    ("windows", "1.2.0"): "v1.2.1",
    ("windows", "1.2.1"): "v1.2.1",
    ("windows", "1.3.0"): "v1.3.0",
}
# 1.1.0-rc.2 (24.0) and 1.1.0 (25.0-26.0): no schema folder of those versions is provided; their
# goldens are reported as skipped.

_TOP = "config-schema.json"


@frozen
class Violation:
    """One place where a spec breaks the schema: a JSON Pointer into the spec and jsonschema's message."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


def configured_root(option: str | Path | None = None) -> Path | None:
    """The schema folder: ``option`` if given, else ``$MOBYSPEC_RUNTIME_SPEC_SCHEMA``, else None."""
    value = option if option is not None else os.environ.get(SCHEMA_ENV)
    return Path(value) if value else None


def oci_version(platform: str, profile_id: str) -> str | None:
    """The ``ociVersion`` a profile's spec of ``platform`` carries, None where it has no such operation."""
    profile = get_profile(profile_id)
    rules = profile.linux if platform == "linux" else profile.windows
    return None if rules is None else rules.oci_version


def schema_folder_name(platform: str, profile_id: str) -> str | None:
    """The schema sub-folder a (platform, profile) spec is checked against, or None when there is none."""
    version = oci_version(platform, profile_id)
    return None if version is None else SCHEMA_FOR_VERSION.get((platform, version))


def skip_reason(platform: str, profile_id: str, root: Path | None) -> str | None:
    """Why a (platform, profile) spec is not schema-checked, or None when it is."""
    if root is None:
        return f"skipped: no runtime-spec schema folder configured (set {SCHEMA_ENV} or pass the option)"
    name = schema_folder_name(platform, profile_id)
    if name is None:
        version = oci_version(platform, profile_id)
        return (
            f"skipped: no runtime-spec schema for {platform} ociVersion {version!r} of profile {profile_id}"
        )
    if not (root / name / _TOP).is_file():
        return f"skipped: {root / name / _TOP} does not exist"
    return None


@cache
def validator(folder: Path) -> Draft4Validator:
    """A draft-04 validator of ``folder/config-schema.json``, resolving every ``$ref`` by file name.

    The rc-era files give nearly every sub-schema an ``id`` that moves the base URI, so one relative
    ``defs.json`` resolves to different absolute URIs; mapping any URI to the local file of the same
    name makes every version resolve.
    """
    docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}

    def retrieve(uri: str) -> Resource[Any]:
        name = uri.rstrip("/").rsplit("/", 1)[-1]
        if name not in docs:
            raise LookupError(f"{uri}: no {name} in {folder}")
        return Resource.from_contents(docs[name], default_specification=DRAFT4)

    top = docs[_TOP]
    base = top.get("id") or f"file:///oci-runtime-spec-schema/{_TOP}"
    # Register every file under every URI a relative reference can reach (each file name resolved
    # against each ``id`` of the folder) and crawl once: validating then never retrieves or re-crawls,
    # which would otherwise cost most of the time of each validation.
    bases = {base} | {i for doc in docs.values() for i in _ids(doc)}
    resources = [
        (urljoin(b, name), Resource.from_contents(doc, default_specification=DRAFT4))
        for b in sorted(bases)
        for name, doc in docs.items()
    ]
    # referencing declares ``retrieve`` through an attrs alias that mypy's attrs plugin does not see.
    registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    registry = registry.with_resources(resources).with_resource(
        base, Resource.from_contents(top, default_specification=DRAFT4)
    )
    return Draft4Validator(top, registry=registry.crawl())


def _ids(node: Any) -> Iterator[str]:  # noqa: ANN401 - any JSON
    """Every string ``id`` in a schema document (draft-04 base URI changes)."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"]
        for value in node.values():
            yield from _ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _ids(value)


def violations(spec: Any, folder: Path) -> list[Violation]:  # noqa: ANN401 - any JSON
    """Every schema violation of ``spec`` against the schema in ``folder``, in a stable order.

    jsonschema validates recursively, so a value nested past ``DEPTH_LIMIT`` (which no golden is, and
    which the comparison already fails) is reported as one violation instead of exhausting the stack.
    """
    _, depth = measure(spec, sys.maxsize)  # every value: the validation walks them all anyway
    if depth > DEPTH_LIMIT:
        return [Violation("", f"nested deeper than {DEPTH_LIMIT} levels; not checked against the schema")]
    found = [
        Violation(pointer(err.absolute_path), _short(err.message))
        for err in validator(folder).iter_errors(spec)
    ]
    return sorted(set(found), key=lambda v: (v.pointer, v.message))


def _short(message: str, limit: int = 200) -> str:
    """Keep lines readable: jsonschema quotes whole values."""
    return message if len(message) <= limit else message[: limit - 3] + "..."


# --- schema exceptions: where moby's own output breaks its era's schema -------------------------


def default_exceptions(corpus: Path) -> Path:
    """``schema-exceptions.toml`` beside the corpus folder (``conformance/``)."""
    return corpus.parent / "schema-exceptions.toml"


@frozen
class SchemaException:
    """Goldens (case glob x profile glob) that may break their runtime-spec schema in one way, and why.

    ``violation`` is a glob over the violation as lint prints it (``<pointer>: <message>``); ``*``
    excepts every violation of those goldens.
    """

    case: str
    profile: str
    reason: str
    violation: str = "*"

    def matches(self, case_id: str, profile: str, violation: str) -> bool:
        """Whether this entry excepts ``violation`` of the golden of ``case_id`` under ``profile``."""
        return (
            fnmatch.fnmatchcase(case_id, self.case)
            and fnmatch.fnmatchcase(profile, self.profile)
            and fnmatch.fnmatchcase(violation, self.violation)
        )


def load_exceptions(path: Path) -> tuple[list[SchemaException], list[Problem]]:
    """Parse the exceptions file: ``[[exception]]`` tables (case, profile, reason, optional violation)."""
    if not path.is_file():
        return [], []
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        return [], [Problem(str(path), "", f"not TOML: {err}")]
    found: list[SchemaException] = []
    problems: list[Problem] = []
    unknown = sorted(set(doc) - {"exception"})
    problems.extend(Problem(str(path), f"/{key}", "unknown key (expected [[exception]])") for key in unknown)
    for i, entry in enumerate(doc.get("exception") or []):
        where = f"/exception/{i}"
        if not isinstance(entry, dict):
            problems.append(Problem(str(path), where, "must be a table"))
            continue
        extra = sorted(set(entry) - {"case", "profile", "reason", "violation"})
        problems.extend(Problem(str(path), f"{where}/{k}", "unknown key") for k in extra)
        values = {k: entry.get(k) for k in ("case", "profile", "reason")}
        values["violation"] = entry.get("violation", "*")
        bad = [k for k, v in values.items() if not isinstance(v, str) or not v.strip()]
        problems.extend(Problem(str(path), f"{where}/{k}", "must be a non-empty string") for k in bad)
        if not bad and not extra:
            found.append(SchemaException(**values))  # type: ignore[arg-type]
    return found, problems

"""The JSON-lines report: a header, one record per (case, profile), a footer; streamed as the run goes.

Every other report (JUnit, Markdown, badge, ``report diff``) is rendered from this file. A report whose
footer is missing comes from a run that did not finish: readers flag it as incomplete.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Self

from attrs import frozen

from mobyspec_conformance.atomic import AtomicFile
from mobyspec_conformance.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import TracebackType

Json = Any


def _line(obj: Json) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


class ReportWriter:
    """Writes the report line by line, flushed, into a temporary file that :meth:`close` renames to ``path``.

    Closing also happens when the run stops early (an interrupt, an error): ``path`` then holds the
    report so far without its footer, which readers flag as incomplete; stopped before the header was
    written, the temporary file is dropped and a previous report at ``path`` stays as it was (never
    replaced by an empty file). A run killed outright leaves ``path`` untouched and its readable prefix in
    the temporary file (``.NAME.*.tmp``). With ``keep_going``, a failed write (a full disk, ``/dev/full``)
    does not stop the run: the writer keeps the error in :attr:`error`, drops its temporary file and
    writes nothing more.
    """

    def __init__(self, path: Path, *, keep_going: bool = False) -> None:
        self.path = path
        self.keep_going = keep_going
        self.error: OSError | None = None
        self._started = False
        self._file = AtomicFile(path)

    def _write(self, obj: Json) -> None:
        if self.error is not None:
            return
        try:
            self._file.write(_line(obj))
            self._file.flush()
        except OSError as err:
            if not self.keep_going:
                raise
            self.error = err
            self._file.discard()
        self._started = True

    def header(self, obj: Json) -> None:
        """Write the header line."""
        self._write(obj)

    def record(self, obj: Json) -> None:
        """Write one case record."""
        self._write(obj)

    def footer(self, obj: Json) -> None:
        """Write the footer line."""
        self._write(obj)

    def close(self) -> None:
        """Close the file and move it into place (idempotent); without a header, drop it instead."""
        if not self._started:
            self._file.discard()
            return
        try:
            self._file.commit()
        except OSError as err:
            if not self.keep_going:
                raise
            self.error = self.error or err

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class Tee:
    """One sink that writes to several (the run's working report and the user's ``--report``)."""

    def __init__(self, *sinks: ReportWriter) -> None:
        self.sinks = sinks

    def header(self, obj: Json) -> None:
        """Write the header to every sink."""
        for sink in self.sinks:
            sink.header(obj)

    def record(self, obj: Json) -> None:
        """Write one record to every sink."""
        for sink in self.sinks:
            sink.record(obj)

    def footer(self, obj: Json) -> None:
        """Write the footer to every sink."""
        for sink in self.sinks:
            sink.footer(obj)


class ReportError(UsageError):
    """A file is not a mobyspec report (no header, or a line that is not JSON)."""


@frozen
class Report:
    """A report file: its header and footer read up front, its records streamed on demand."""

    path: Path
    header: Json
    footer: Json | None

    @property
    def complete(self) -> bool:
        """Whether the run finished (the footer is there)."""
        return self.footer is not None

    def records(self) -> Iterator[Json]:
        """The case records, in file order (read lazily)."""
        for obj in _objects(self.path):
            if obj.get("type") == "case":
                yield obj


def _objects(path: Path) -> Iterator[Json]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise ReportError(f"{path}:{number}: not JSON: {err.msg}") from None
            if not isinstance(obj, dict):
                raise ReportError(f"{path}:{number}: not a report line (not an object)")
            yield obj


def read(path: Path) -> Report:
    """Open a report: one pass to find the header and the footer."""
    header: Json = None
    footer: Json = None
    try:
        for obj in _objects(path):
            kind = obj.get("type")
            if kind == "header" and header is None:
                header = obj
            elif kind == "footer":
                footer = obj
    except OSError as err:
        raise ReportError(f"{path}: cannot read: {err.strerror}") from None
    if header is None:
        raise ReportError(f"{path}: no header line: not a mobyspec report")
    return Report(path=path, header=header, footer=footer)


@cache
def schema() -> dict[str, Any]:
    """The report format v1 JSON Schema (one line of the report validates against it)."""
    text = resources.files("mobyspec_conformance").joinpath("schemas", "report.v1.json").read_text("utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc

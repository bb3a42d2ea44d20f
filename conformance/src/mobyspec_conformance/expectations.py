"""Known failures of one builder, kept in a TOML file and checked in both directions.

```toml
version = 1
max_glob_matches = 50          # optional

[[expect]]
case = "linux/links/*"         # a case id or an fnmatch glob
profile = "1.12"               # optional: a profile id or glob (absent: every profile)
expect = "fail"                # fail: run it and it must not pass; skip: do not run it
reason = "link env not implemented"
issue = "https://example.invalid/issues/12"   # optional
```

A run fails on an expected failure that passes (xpass), on an entry that matches no case of the corpus,
and on a glob that matches more cases than the cap (protobuf's failure lists are the model). An exact
id entry wins over a glob; otherwise the first matching entry in file order applies.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import tomllib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import tomlkit
from attrs import evolve, field, frozen
from jsonschema import Draft202012Validator

from mobyspec_conformance.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

#: A glob entry may match at most this many case ids unless the file says otherwise.
DEFAULT_MAX_GLOB_MATCHES = 50

#: ``reason`` of an entry that ``--update-expectations`` adds for a new failure.
TODO_REASON = "TODO: new failure, say why"

_GLOB_CHARS = frozenset("*?[")
_ENTRY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*expect[ \t]*\]\]", re.MULTILINE)


class ExpectationsError(UsageError):
    """The expectations file cannot be used: unreadable, not TOML, or not format v1 (a usage error)."""


@frozen
class Entry:
    """One ``[[expect]]`` entry."""

    case: str
    expect: Literal["fail", "skip"]
    reason: str
    profile: str | None = None
    issue: str | None = None
    #: Line of the entry's ``[[expect]]`` header in its file (for messages), None when built in code.
    line: int | None = field(default=None, eq=False)

    @property
    def is_glob(self) -> bool:
        """Whether ``case`` is a glob rather than one case id."""
        return bool(_GLOB_CHARS & set(self.case))

    def matches(self, case_id: str, profile: str) -> bool:
        """Whether this entry governs the (case, profile) pair."""
        if not fnmatch.fnmatchcase(case_id, self.case):
            return False
        return self.profile is None or fnmatch.fnmatchcase(profile, self.profile)

    def where(self, file: Path | None) -> str:
        """``file:line`` of the entry, for messages."""
        name = str(file) if file else "<expectations>"
        return f"{name}:{self.line}" if self.line else name

    def to_json(self) -> dict[str, str]:
        """The entry as the report records it."""
        out = {"case": self.case, "expect": self.expect, "reason": self.reason}
        if self.profile is not None:
            out["profile"] = self.profile
        if self.issue is not None:
            out["issue"] = self.issue
        return out


@frozen
class EntryProblem:
    """A check of the file against the corpus that failed: a stale entry or a glob over the cap."""

    kind: Literal["stale", "glob-overflow"]
    entry: Entry
    message: str


@frozen
class Expectations:
    """A parsed expectations file."""

    entries: tuple[Entry, ...] = ()
    max_glob_matches: int = DEFAULT_MAX_GLOB_MATCHES
    path: Path | None = None
    sha256: str | None = None

    def lookup(self, case_id: str, profile: str) -> Entry | None:
        """The entry that governs a pair: an exact id entry before any glob, then file order."""
        found: Entry | None = None
        for entry in self.entries:
            if entry.matches(case_id, profile):
                if not entry.is_glob:
                    return entry
                if found is None:
                    found = entry
        return found

    def check(self, corpus_pairs: Iterable[tuple[str, str]]) -> list[EntryProblem]:
        """Entries that match no (case, profile) of the whole corpus, and globs over the cap."""
        pairs = list(corpus_pairs)
        problems: list[EntryProblem] = []
        for entry in self.entries:
            ids = {cid for cid, pid in pairs if entry.matches(cid, pid)}
            where = entry.where(self.path)
            if not ids:
                scope = f" under profile {entry.profile}" if entry.profile else ""
                problems.append(
                    EntryProblem(
                        "stale", entry, f"{where}: {entry.case!r}{scope} matches no case of the corpus"
                    )
                )
            elif entry.is_glob and len(ids) > self.max_glob_matches:
                problems.append(
                    EntryProblem(
                        "glob-overflow",
                        entry,
                        f"{where}: glob {entry.case!r} matches {len(ids)} cases, more than the cap of "
                        f"{self.max_glob_matches} (list them, or raise max_glob_matches)",
                    )
                )
        return problems


@cache
def schema() -> dict[str, Any]:
    """The expectations format v1 JSON Schema shipped in this package."""
    text = (
        resources.files("mobyspec_conformance").joinpath("schemas", "expectations.v1.json").read_text("utf-8")
    )
    doc: dict[str, Any] = json.loads(text)
    return doc


def load(path: Path) -> Expectations:
    """Read and validate an expectations file; :class:`ExpectationsError` names the file and line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ExpectationsError(f"{path}: cannot read: {err.strerror}") from None
    return parse(data, path)


def parse(data: bytes, path: Path | None = None) -> Expectations:
    """Parse expectations TOML (bytes) and validate it against format v1."""
    name = str(path) if path else "<expectations>"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ExpectationsError(f"{name}:{line}: not UTF-8 (byte {err.start})") from None
    doc = _toml(text, name)
    headers = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY_HEADER.finditer(text)]
    errors = sorted(
        Draft202012Validator(schema()).iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]
    )
    if errors:
        lines = []
        for error in errors:
            parts = list(error.absolute_path)
            found = _error_line(text, headers, parts, error, doc)
            where = f"{name}:{found}" if found else name
            at = "/".join(str(p) for p in parts) or "(top level)"
            lines.append(f"{where}: {at}: {error.message}")
        raise ExpectationsError("\n".join(lines))
    entries = tuple(
        Entry(
            case=raw["case"],
            expect=raw["expect"],
            reason=raw["reason"],
            profile=raw.get("profile"),
            issue=raw.get("issue"),
            line=headers[i] if i < len(headers) else None,
        )
        for i, raw in enumerate(doc.get("expect", ()))
    )
    return Expectations(
        entries=entries,
        max_glob_matches=doc.get("max_glob_matches", DEFAULT_MAX_GLOB_MATCHES),
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
    )


_TOML_POSITION = re.compile(r" \(at line (\d+), column (\d+)\)$")


def _toml(text: str, name: str) -> dict[str, Any]:
    """The TOML document; :class:`ExpectationsError` with ``FILE:LINE:`` when it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = _TOML_POSITION.search(str(err))
        if found is None:
            raise ExpectationsError(f"{name}: not TOML: {err}") from None
        what, line, column = str(err)[: found.start()], found.group(1), found.group(2)
        raise ExpectationsError(f"{name}:{line}: not TOML: {what} (column {column})") from None
    except RecursionError:
        raise ExpectationsError(f"{name}: not TOML: nested too deeply") from None
    except ValueError as err:  # an integer of thousands of digits: int() refuses it
        raise ExpectationsError(f"{name}: not TOML: {err}") from None


def _key_line(text: str, key: str, start: int = 1, end: int | None = None) -> int | None:
    """The first line in ``[start, end)`` that sets ``key`` (tomllib keeps no positions)."""
    pattern = re.compile(rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*=")
    for number, line in enumerate(text.splitlines()[start - 1 : None if end is None else end - 1], start):
        if pattern.match(line):
            return number
    return None


def _error_line(text: str, headers: list[int], parts: list[Any], error: Any, doc: Any) -> int | None:  # noqa: ANN401
    """The line a schema error is about: the key's own line when it can be found, else its entry's."""
    if parts and parts[0] == "expect" and len(parts) >= 2 and isinstance(parts[1], int):
        if parts[1] >= len(headers):
            return _key_line(text, "expect")  # an inline array of tables
        start = headers[parts[1]]
        end = headers[parts[1] + 1] if parts[1] + 1 < len(headers) else None
        key = parts[2] if len(parts) >= 3 else _extra_key(error, doc["expect"][parts[1]])
        return (_key_line(text, str(key), start, end) if key is not None else None) or start
    if parts:
        return _key_line(text, str(parts[0]), 1, headers[0] if headers else None)
    key = _extra_key(error, doc)
    return _key_line(text, key, 1, headers[0] if headers else None) if key is not None else None


def _extra_key(error: Any, table: Any) -> str | None:  # noqa: ANN401
    """The first unknown key behind an ``additionalProperties`` error."""
    if error.validator != "additionalProperties" or not isinstance(table, dict):
        return None
    known = set(error.schema.get("properties", {}))
    extra = [k for k in table if k not in known]
    return extra[0] if extra else None


# --- writing ------------------------------------------------------------------------------------


def _toml_string(value: str) -> str:
    """A TOML basic string (escapes quote, backslash and every control character, DEL included)."""
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps(expectations: Expectations, original: str | None = None) -> str:
    """The file text for ``expectations`` (format v1).

    With ``original`` (the file's text before the run), that document is edited instead (tomlkit): its
    comments and layout stay, kept entries keep their tables, new entries are appended.
    """
    if original is not None:
        return _edited(original, expectations)
    lines = [
        "# mobyspec expectations (format v1): known failures of one builder.",
        "# Rewritten by `mobyspec run --update-expectations`; reasons and issue links are kept.",
        "version = 1",
    ]
    if expectations.max_glob_matches != DEFAULT_MAX_GLOB_MATCHES:
        lines.append(f"max_glob_matches = {expectations.max_glob_matches}")
    for entry in expectations.entries:
        lines.extend(("", "[[expect]]", f"case = {_toml_string(entry.case)}"))
        if entry.profile is not None:
            lines.append(f"profile = {_toml_string(entry.profile)}")
        lines.extend((f"expect = {_toml_string(entry.expect)}", f"reason = {_toml_string(entry.reason)}"))
        if entry.issue is not None:
            lines.append(f"issue = {_toml_string(entry.issue)}")
    return "\n".join(lines) + "\n"


def _edited(original: str, expectations: Expectations) -> str:
    doc = tomlkit.parse(original)
    tables: dict[Entry, Any] = {}
    for table in doc.get("expect", ()):
        entry = Entry(
            case=str(table["case"]),
            expect=str(table["expect"]),  # type: ignore[arg-type]
            reason=str(table["reason"]),
            profile=None if table.get("profile") is None else str(table["profile"]),
            issue=None if table.get("issue") is None else str(table["issue"]),
        )
        tables.setdefault(entry, table)
    aot = tomlkit.aot()
    for entry in expectations.entries:
        table = tables.pop(entry, None)
        if table is None:
            table = tomlkit.table()
            for key, value in entry.to_json().items():
                table[key] = value
        aot.append(table)
    if "expect" in doc:
        doc["expect"] = aot
    else:
        doc.append("expect", aot)
    return tomlkit.dumps(doc)


def updated(
    expectations: Expectations,
    observed: Mapping[tuple[str, str], bool],
    corpus_pairs: Sequence[tuple[str, str]],
    behaviours: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> Expectations:
    """The expectations a run calls for, keeping every reason and issue link.

    ``observed`` maps each selected (case, profile) that ran to True when it failed (any failing outcome)
    and False when it passed; ``behaviours`` names what each failure's differences belong to. Fixed pairs
    lose their entry (a glob that now covers passes is split into one entry per still-failing pair);
    stale entries go; new failures get an entry with :data:`TODO_REASON` (and their behaviours), one glob
    per folder whose every pair fails for the same behaviours. Entries about pairs outside the run are
    kept as they are.
    """
    governed: dict[Entry, list[tuple[str, str]]] = {}
    for pair in observed:
        entry = expectations.lookup(*pair)
        if entry is not None:
            governed.setdefault(entry, []).append(pair)
    corpus = list(corpus_pairs)
    kept: list[Entry] = []
    for entry in expectations.entries:
        pairs = governed.get(entry, [])
        if entry.expect == "skip":
            if any(entry.matches(c, p) for c, p in corpus):
                kept.append(entry)
            continue
        failing = [pair for pair in pairs if observed[pair]]
        passing = [pair for pair in pairs if not observed[pair]]
        if not pairs:
            if any(entry.matches(c, p) for c, p in corpus):
                kept.append(entry)  # about pairs this run did not select
            continue
        if not passing:
            kept.append(entry)
            continue
        kept.extend(
            Entry(case=cid, profile=pid, expect="fail", reason=entry.reason, issue=entry.issue)
            for cid, pid in failing
        )
    new = [pair for pair, failed in observed.items() if failed and expectations.lookup(*pair) is None]
    grouped, rest = _folder_globs(new, corpus, behaviours or {}, expectations.max_glob_matches)
    kept.extend(grouped)
    kept.extend(_entries_for(rest, observed, corpus, behaviours or {}))
    return evolve(expectations, entries=tuple(kept))


def _reason(names: Iterable[str]) -> str:
    """The reason of a new-failure entry: the TODO, and the behaviours its differences belong to."""
    names = sorted(set(names))
    return f"{TODO_REASON} (behaviours: {', '.join(names)})" if names else TODO_REASON


def _folder_globs(
    pairs: Sequence[tuple[str, str]],
    corpus: Sequence[tuple[str, str]],
    behaviours: Mapping[tuple[str, str], Sequence[str]],
    cap: int,
) -> tuple[list[Entry], list[tuple[str, str]]]:
    """One ``folder/*`` entry per folder whose every pair is a new failure of the same behaviours.

    Returns the glob entries and the new failures they do not cover. A folder needs two cases or more
    and at most ``cap`` (the file's ``max_glob_matches``).
    """
    new = set(pairs)
    out: list[Entry] = []
    covered: set[tuple[str, str]] = set()
    folders = dict.fromkeys(cid.rpartition("/")[0] for cid, _ in pairs if "/" in cid)
    for folder in folders:
        members = [(c, p) for c, p in corpus if c.startswith(folder + "/")]
        ids = {c for c, _ in members}
        keys = {tuple(sorted(behaviours.get(m, ()))) for m in members}
        if 2 <= len(ids) <= cap and len(keys) == 1 and new.issuperset(members) and not covered & set(members):
            out.append(Entry(case=f"{folder}/*", expect="fail", reason=_reason(keys.pop())))
            covered.update(members)
    return out, [p for p in pairs if p not in covered]


def _entries_for(
    pairs: Sequence[tuple[str, str]],
    observed: Mapping[tuple[str, str], bool],
    corpus: Sequence[tuple[str, str]],
    behaviours: Mapping[tuple[str, str], Sequence[str]],
) -> list[Entry]:
    """New-failure entries: one per case when it fails under every profile it has, else one per pair."""
    by_case: dict[str, list[str]] = {}
    for cid, pid in pairs:
        by_case.setdefault(cid, []).append(pid)
    out: list[Entry] = []
    for cid, pids in by_case.items():
        every = [p for c, p in corpus if c == cid]
        if all(observed.get((cid, p)) for p in every):
            reason = _reason(b for pid in pids for b in behaviours.get((cid, pid), ()))
            out.append(Entry(case=cid, expect="fail", reason=reason))
        else:
            out.extend(
                Entry(case=cid, profile=pid, expect="fail", reason=_reason(behaviours.get((cid, pid), ())))
                for pid in pids
            )
    return out

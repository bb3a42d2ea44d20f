"""The corpus: case discovery, loading with schema validation, and selection.

A case is one JSON file; its ``id`` is its path below the corpus folder without ``.json``. Every problem
is reported with the file and a JSON Pointer, never as a traceback.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import stat
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import evolve, frozen
from jsonschema import Draft202012Validator

from mobyspec_conformance import suitepack
from mobyspec_conformance.errors import UsageError
from mobyspec_conformance.fastcheck import known_valid
from mobyspec_conformance.registry import features
from mobyspec_conformance.vocabulary import Case, pointer
from mobyspec_reference.profiles import PROFILES, profiles_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from jsonschema.exceptions import ValidationError

#: Environment variable naming the corpus folder (default: the checkout's or the shipped one).
CORPUS_ENV = "MOBYSPEC_CORPUS"
#: Environment variable naming the goldens folder (default: the checkout's or the shipped one).
GOLDENS_ENV = "MOBYSPEC_GOLDENS"

_CHECKOUT = Path(__file__).resolve().parents[3]


@cache
def suite_root() -> Path:
    """The folder holding ``conformance/cases``, ``goldens`` and ``cases.lock``.

    A checkout (an editable install, or this file inside a clone) uses its own folders; an installed wheel
    uses the suite it ships, checked against its fingerprint and unpacked once (:mod:`suitepack`).
    """
    if (_CHECKOUT / "cases.lock").is_file() and (_CHECKOUT / "conformance" / "cases").is_dir():
        return _CHECKOUT
    return suitepack.shipped_root() or _CHECKOUT


def default_corpus() -> Path:
    """The corpus folder: ``$MOBYSPEC_CORPUS``, else the checkout's or the shipped ``conformance/cases``."""
    return Path(os.environ.get(CORPUS_ENV) or suite_root() / "conformance" / "cases")


def default_goldens() -> Path:
    """The goldens folder: ``$MOBYSPEC_GOLDENS``, else the checkout's or the shipped ``goldens``."""
    return Path(os.environ.get(GOLDENS_ENV) or suite_root() / "goldens")


@frozen
class Problem:
    """One thing wrong with a case file: where (file, JSON Pointer) and what."""

    file: str
    pointer: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}#{self.pointer}" if self.pointer else self.file
        return f"{where}: {self.message}"


#: Problems a refused corpus lists before ``... and N more``.
SHOWN_PROBLEMS = 20


class CaseError(UsageError):
    """A case file (or a corpus) is malformed; carries every problem found."""

    def __init__(self, problems: Iterable[Problem], limit: int | None = None) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems[:limit]]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        super().__init__("\n".join(lines))

    def render(self) -> str:
        """One line per problem; each names its file and pointer already."""
        return str(self)


@cache
def case_schema() -> dict[str, Any]:
    """The case format v1 JSON Schema shipped in this package."""
    text = resources.files("mobyspec_conformance").joinpath("schemas", "case.v1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(case_schema())


@cache
def _known_valid() -> Callable[[Any], bool]:
    """The yes/no check of the case schema (:mod:`~mobyspec_conformance.fastcheck`)."""
    return known_valid(case_schema())


def _error_order(error: ValidationError) -> tuple[list[str], str]:
    return list(map(str, error.absolute_path)), error.message


def _reject_constant(name: str) -> float:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


def parse_case(data: bytes | str, file: str, expected_id: str | None = None) -> Case:
    """Parse and validate one case document; raise :class:`CaseError` listing every problem."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise CaseError([Problem(file, "", f"not UTF-8: byte {err.start}: {err.reason}")]) from None
    else:
        text = data
    try:
        doc = json.loads(
            text, parse_constant=_reject_constant, parse_int=_parse_int, object_pairs_hook=_object
        )
    except json.JSONDecodeError as err:
        # "Unterminated string starting at" is completed by the position, which comes first here
        what = err.msg.removesuffix(" at") + " here" if err.msg.endswith(" at") else err.msg
        raise CaseError(
            [Problem(file, "", f"not JSON: line {err.lineno} column {err.colno}: {what}")]
        ) from None
    except RecursionError:
        raise CaseError([Problem(file, "", "not JSON: nested too deeply")]) from None
    except ValueError as err:
        raise CaseError([Problem(file, "", f"not JSON: {err}")]) from None
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if isinstance(data, str) and not surrogates:
        surrogates = not _encodable(text)  # text handed over as str may hold a raw surrogate
    problems = _hidden_problems(doc, file, surrogates=surrogates)
    if problems:
        raise CaseError(problems)
    return validate_case(doc, file, expected_id)


#: Longest integer literal read as a number: the case format's integers fit in 20 digits (uint64).
MAX_INT_DIGITS = 24
#: Deepest nesting a case document may have (the case format needs about 10 levels).
MAX_DEPTH = 64


class _HugeInt:
    """An integer literal too long to be any integer of the case format (kept out of ``int()``)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


class _Duplicates(dict[str, Any]):
    """A JSON object that named some keys twice (``json`` silently keeps the last value)."""

    __slots__ = ("duplicates",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.duplicates = sorted({k for k, _ in pairs if k in seen or seen.add(k)})  # type: ignore[func-returns-value]


def _parse_int(literal: str) -> int | _HugeInt:
    # Python refuses int() of more than 4300 digits with advice about sys.set_int_max_str_digits; a case
    # integer has at most 20, so a longer literal becomes a marker that is reported with its pointer
    return _HugeInt(len(literal.lstrip("-"))) if len(literal) > MAX_INT_DIGITS else int(literal)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    return obj if len(obj) == len(pairs) else _Duplicates(pairs)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _hidden_problems(doc: Any, file: str, *, surrogates: bool) -> list[Problem]:  # noqa: ANN401 - any JSON
    """What the JSON decoder lets through but a case may not hold, each with its pointer.

    Duplicate keys (readers differ on which value wins), integers of more than 24 digits, lone UTF-16
    surrogates (a backslash-u escape of D800-DFFF without its pair: not Unicode text, cannot be printed or
    encoded) when ``surrogates`` says the text has such escapes, and nesting deeper than 64 levels. The
    walk is iterative, so no document can make it overflow the stack.
    """
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            problems.append(Problem(file, pointer(path), f"nested more than {MAX_DEPTH} levels deep"))
            continue
        if isinstance(value, dict):
            if isinstance(value, _Duplicates):
                problems.extend(
                    Problem(file, pointer((*path, k)), f"duplicate key {k!r}") for k in value.duplicates
                )
            for key, item in value.items():
                if surrogates and _is_surrogate(key):
                    problems.append(
                        Problem(file, pointer((*path, key)), "key is not valid Unicode (lone surrogate)")
                    )
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value))
        elif isinstance(value, _HugeInt):
            problems.append(Problem(file, pointer(path), f"integer of {value.digits} digits: out of range"))
        elif surrogates and isinstance(value, str) and _is_surrogate(value):
            problems.append(Problem(file, pointer(path), "string is not valid Unicode (lone surrogate)"))
    return sorted(problems, key=lambda p: p.pointer)


def validate_case(doc: Any, file: str, expected_id: str | None = None) -> Case:  # noqa: ANN401 - any JSON
    """Validate a decoded case document against the schema and the registries."""
    try:
        # jsonschema-rs passes a valid case in microseconds; jsonschema then only explains failures
        errors = [] if _known_valid()(doc) else sorted(_validator().iter_errors(doc), key=_error_order)
    except RecursionError:
        raise CaseError([Problem(file, "", "nested too deeply")]) from None
    problems = [Problem(file, pointer(_error_path(e)), _short(e.message)) for e in errors]
    if problems:
        raise CaseError(problems)
    try:
        safe_case_id(doc["id"])
    except UnsafePathError as err:
        # the schema's pattern is searched with Python's re, whose $ also matches before a final newline
        raise CaseError([Problem(file, "/id", str(err))]) from None
    if expected_id is not None and doc["id"] != expected_id:
        problems.append(Problem(file, "/id", f"id {doc['id']!r} must equal the file's path {expected_id!r}"))
    known = features()
    problems.extend(
        Problem(file, f"/features/{i}", f"unknown feature {tag!r} (not in the feature registry)")
        for i, tag in enumerate(doc["features"])
        if tag not in known
    )
    profile_ids = {p.id for p in PROFILES}
    for i, pid in enumerate(doc.get("profiles") or ()):
        if pid not in profile_ids:
            problems.append(Problem(file, f"/profiles/{i}", f"unknown profile {pid!r}"))
        elif not any(p.id == pid for p in profiles_for(doc["platform"], doc["operation"])):
            problems.append(
                Problem(file, f"/profiles/{i}", f"profile {pid} has no {doc['platform']} {doc['operation']}")
            )
    if problems:
        raise CaseError(problems)
    return Case.from_document(doc)


def _error_path(error: ValidationError) -> list[str | int]:
    """Where a schema error is: a missing required key is pointed at where it should be."""
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.validator_value, list):
        path.extend(k for k in error.validator_value if f"{k!r} is a required property" == error.message)
    return path


def _short(message: str, limit: int = 300) -> str:
    """Jsonschema quotes the whole offending value; keep error lines readable."""
    return message if len(message) <= limit else message[: limit - 3] + "..."


def case_id_for(path: Path, root: Path) -> str:
    """The id a case file must carry: its path below the corpus folder, without ``.json``."""
    return path.relative_to(root).with_suffix("").as_posix()


def discover(root: Path) -> list[Path]:
    """Every ``*.json`` case file below ``root``, in id order."""
    return sorted(root.rglob("*.json"), key=lambda p: case_id_for(p, root))


#: Largest case file read (the corpus's largest is about 5 KiB): a bigger one is refused unread.
MAX_CASE_BYTES = 1024 * 1024


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_case_bytes(path: Path, limit: int = MAX_CASE_BYTES) -> bytes:
    """The bytes of a case file: a regular file (symbolic links followed) of at most ``limit`` bytes.

    Anything else is a :class:`CaseError` naming the file, never a hang or an endless read: a FIFO is
    opened without blocking and refused, a link to ``/dev/zero`` is refused as a device, and a regular
    file is read to ``limit`` bytes at most (it may grow while it is read).
    """

    def refuse(why: str) -> CaseError:
        return CaseError([Problem(str(path), "", why)])

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise refuse(f"cannot read: {err.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise refuse(f"not a regular file ({_kind(mode)}): case files must be plain files")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(65536, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise refuse(f"larger than {limit} bytes: not a case file")
        return b"".join(chunks)
    except OSError as err:
        raise refuse(f"cannot read: {err.strerror}") from None
    finally:
        os.close(fd)


def load_case(path: Path, root: Path) -> Case:
    """Load one case file; its id must equal its path below ``root``."""
    data = read_case_bytes(path)
    return evolve(parse_case(data, str(path), case_id_for(path, root)), path=path)


@frozen
class Corpus:
    """The cases below one folder, read once, and the sha256 of each file (as ``cases.lock`` lists it)."""

    root: Path
    cases: tuple[Case, ...]
    #: case id -> sha256 of its file's bytes
    digests: Mapping[str, str]
    #: The problems of the files that failed the strict check (only when loaded with ``collect=True``).
    problems: tuple[Problem, ...] = ()

    @property
    def sha256(self) -> str:
        """One hash of every case file (id order): two runs with the same hash ran the same corpus."""
        digest = hashlib.sha256()
        for case_id, file_hash in self.digests.items():
            digest.update(f"{case_id} {file_hash}\n".encode())
        return digest.hexdigest()


def load(root: Path, selection: Selection | None = None, *, collect: bool = False) -> Corpus:
    """The one way the runner, the pytest plugin, lint and the golden test read a corpus.

    Every file is read once. The cases ``selection`` selects (every case when it is None) get the strict
    check of :func:`parse_case` (duplicate keys, huge integers, lone surrogates, nesting, the schema, the
    registries, id = path); the others are only decoded, for selection and the corpus hash. A problem
    raises :class:`CaseError` (the first :data:`SHOWN_PROBLEMS` listed), or with ``collect`` is kept in
    :attr:`Corpus.problems` and its case left out.
    """
    cases: list[Case] = []
    data: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    problems: list[Problem] = []
    for path in discover(root):
        case_id = case_id_for(path, root)
        try:
            raw = read_case_bytes(path)
        except CaseError as err:
            problems.extend(err.problems)
            continue
        digests[case_id] = hashlib.sha256(raw).hexdigest()
        case = _decoded(raw, path, case_id)
        if case is None:  # not even the fields selection needs: the strict check says why
            try:
                parse_case(raw, str(path), case_id)
            except CaseError as err:
                problems.extend(err.problems)
            continue
        cases.append(case)
        data[case_id] = raw
    checked = cases if selection is None else {id(c): c for c, _ in selection.pairs(cases)}.values()
    refused: set[str] = set()
    for case in checked:
        try:
            parse_case(data[case.id], str(case.path), case.id)
        except CaseError as err:
            problems.extend(err.problems)
            refused.add(case.id)
    if problems and not collect:
        raise CaseError(problems, limit=SHOWN_PROBLEMS)
    return Corpus(
        root=root,
        cases=tuple(c for c in cases if c.id not in refused),
        digests=digests,
        problems=tuple(problems),
    )


def _decoded(raw: bytes, path: Path, case_id: str) -> Case | None:
    """The case in ``raw`` read without the strict check, or None when it lacks what selection needs."""
    try:
        doc = json.loads(raw)
        case = Case.from_document(doc, path)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if case.id != case_id or not isinstance(case.input, dict):
        return None
    return case


@frozen
class Selection:
    """Which (case, profile) pairs to run: each field narrows; empty means all."""

    profiles: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    #: Case id globs left out (``--exclude``).
    exclude: tuple[str, ...] = ()

    def pairs(self, cases: Iterable[Case]) -> Iterator[tuple[Case, str]]:
        """The selected (case, profile id) pairs, in case order then profile order."""
        for case in cases:
            if self.platforms and case.platform not in self.platforms:
                continue
            if self.operations and case.operation not in self.operations:
                continue
            if self.features and not set(self.features) & set(case.features):
                continue
            if self.ids and not any(fnmatch.fnmatchcase(case.id, pat) for pat in self.ids):
                continue
            if any(fnmatch.fnmatchcase(case.id, pat) for pat in self.exclude):
                continue
            for pid in case.applicable_profiles():
                if not self.profiles or pid in self.profiles:
                    yield case, pid


class UnsafePathError(UsageError, ValueError):
    """A case or profile id that, used as a path, would leave its folder (``..``, ``/x``, backslash, NUL)."""


@cache
def _id_pattern() -> re.Pattern[str]:
    # the schema's own pattern: lower-case slugs joined by "/", no empty, "." or ".." segment
    return re.compile(case_schema()["properties"]["id"]["pattern"])


def safe_case_id(case_id: str) -> str:
    """``case_id`` when it is a well-formed case id, which always stays below the folder it is joined to.

    Every place that turns an id into a path goes through here, so a hostile or broken id (``../x``,
    ``/etc/x``, a backslash, a NUL byte) is refused instead of reading or writing outside the goldens, the
    repro folder or the drafts folder.
    """
    if not isinstance(case_id, str) or not _id_pattern().fullmatch(case_id):
        raise UnsafePathError(f"case id {case_id!r} is not a safe relative path (a-z0-9.- segments)")
    return case_id


def safe_profile_id(profile: str) -> str:
    """``profile`` when it is one path segment (a profile id such as ``1.12-dev+c70f153``)."""
    if not isinstance(profile, str) or profile in {"", ".", ".."} or any(ch in profile for ch in "/\\\0:"):
        raise UnsafePathError(f"profile {profile!r} is not a safe path segment")
    return profile


def case_folder(root: Path, profile: str, case_id: str) -> Path:
    """``root/<profile>/<case id>``: the folder of one pair (``--save-repro``); unsafe ids are refused."""
    return root / safe_profile_id(profile) / safe_case_id(case_id)


def golden_path(goldens: Path, profile: str, case_id: str) -> Path:
    """``goldens/<profile>/<case id>.json``; :class:`UnsafePathError` for an id that would leave it."""
    return goldens / safe_profile_id(profile) / f"{safe_case_id(case_id)}.json"

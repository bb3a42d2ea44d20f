"""Protocol v1 as data: the shipped JSON Schemas, the runner's requests, and the checked parse of answers.

Every message a builder sends is validated against its schema (the envelope only: ``built`` must be an
object, its content is compared with the golden later). Anything else is a protocol violation, never a
crash of the runner.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from mobyspec_conformance import __version__
from mobyspec_conformance.adapters.base import (
    PROTOCOL_VERSIONS,
    BuildRequest,
    Hello,
    ProtocolViolation,
    Response,
)
from mobyspec_conformance.errors import UsageError
from mobyspec_conformance.fastcheck import known_valid
from mobyspec_conformance.vocabulary import pointer, request_from_json, request_json, response_from_message

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Json = Any

#: The schema files of ``schemas/protocol/``, one per message.
SCHEMAS = ("hello.request", "hello.response", "build.request", "build.response", "shutdown.request")
#: The four answers a builder can give to ``build``.
KINDS = ("built", "rejected", "skipped", "errored")

SHUTDOWN: Json = {"cmd": "shutdown"}


class ProtocolError(UsageError, ValueError):
    """A message is not protocol v1 (not JSON, or not valid under its schema)."""


@cache
def schema(name: str) -> Json:
    """One protocol schema by name (``build.response``)."""
    if name not in SCHEMAS:
        msg = f"no protocol schema {name!r}"
        raise KeyError(msg)
    folder = resources.files("mobyspec_conformance").joinpath("schemas", "protocol")
    return json.loads(folder.joinpath(f"{name}.json").read_text("utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    """A compiled validator for one protocol schema."""
    return Draft202012Validator(schema(name))


@cache
def _known_valid(name: str) -> Callable[[Json], bool]:
    return known_valid(schema(name))


def fast_valid(name: str, message: Json) -> bool:
    """jsonschema-rs's yes (:mod:`~mobyspec_conformance.fastcheck`): True only for valid messages."""
    return _known_valid(name)(message)


def problem(name: str, message: Json) -> str | None:
    """Why ``message`` is invalid under schema ``name`` (one line), or None when it is valid."""
    if fast_valid(name, message):
        return None
    check = validator(name)
    if check.is_valid(message):
        return None
    if name == "build.response" and isinstance(message, dict):
        # jsonschema's oneOf messages quote the whole object; name the rule instead.
        kinds = [k for k in KINDS if k in message]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            return f"needs exactly one of {', '.join(KINDS)} (found: {found})"
    error = best_match(check.iter_errors(message))
    where = pointer(error.absolute_path, root="/")
    text = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"at {where}: {text}"


def _no_constants(name: str) -> float:
    msg = f"{name} is not JSON"
    raise ValueError(msg)


def _finite(text: str) -> float:
    """A JSON number as a float; one beyond the double range (``1e400``) is refused, not read as infinity."""
    value = float(text)
    if math.isinf(value):
        msg = f"the number {text[:40]} is out of range (JSON has no infinity)"
        raise ValueError(msg)
    return value


#: Twenty digits in a row: maybe an integer beyond 64 bits, which orjson would read as a float.
_LONG_DIGITS = re.compile(rb"\d{19}")


def decode(line: bytes | str) -> Json:
    r"""Parse one message; raise :class:`ProtocolError` for anything that is not strict UTF-8 JSON.

    orjson reads the common message (strictly: UTF-8 only, no NaN or infinity, no BOM). What it refuses,
    and a line that may hold an integer beyond 64 bits (orjson reads those as floats), goes to :mod:`json`
    on text decoded as strict UTF-8 (no UTF-16, no surrogate bytes), with ``NaN``, ``Infinity`` and numbers
    out of the double range (``1e400``) refused: they would otherwise become ``inf``, which the fast path's
    orjson writes as ``null``, passing a golden's null. A lone surrogate escape (``"\ud800"``) is JSON
    and stays accepted (the comparison reports it).
    """
    if isinstance(line, bytes):
        if not _LONG_DIGITS.search(line):
            try:
                return orjson.loads(line)
            except orjson.JSONDecodeError:
                pass  # json below accepts what orjson cannot (a lone surrogate escape) or says what is wrong
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            msg = f"not UTF-8 (byte {err.start}: {err.reason})"
            raise ProtocolError(msg) from None
    try:
        return json.loads(line, parse_constant=_no_constants, parse_float=_finite)
    except json.JSONDecodeError as err:
        msg = f"not JSON ({err.msg} at column {err.colno})"
        raise ProtocolError(msg) from None
    except (ValueError, RecursionError) as err:
        msg = f"not JSON ({err})"
        raise ProtocolError(msg) from None


def encode(message: Json) -> bytes:
    """One message as a JSON line: compact, ASCII-escaped (safe for any reader), newline-terminated."""
    return json.dumps(message, separators=(",", ":")).encode("ascii") + b"\n"


def hello_request() -> Json:
    """The runner's ``hello``: the protocol versions it speaks, and who asks."""
    return {
        "cmd": "hello",
        "protocol": {"min": min(PROTOCOL_VERSIONS), "max": max(PROTOCOL_VERSIONS)},
        "suite": {"name": "mobyspec", "version": __version__},
    }


def encode_input(request: BuildRequest) -> bytes:
    """The ``input`` of a request as :func:`encode` writes it (the part a case's profiles share)."""
    return json.dumps(request.input, separators=(",", ":")).encode("ascii")


def encode_build(request: BuildRequest, encoded_input: bytes) -> bytes:
    """``encode(request_json(request))`` around an input already encoded by :func:`encode_input`.

    A case goes out once per profile with the same input: encoding it once saves most of the work.
    """
    head = encode({k: v for k, v in request_json(request).items() if k != "input"})
    return head[:-2] + b',"input":' + encoded_input + b"}\n"


def parse_build_request(message: Json) -> BuildRequest:
    """A received ``build`` message as a :class:`BuildRequest` (the builder side: ``mobyspec serve``)."""
    why = problem("build.request", message)
    if why is not None:
        msg = f"not a build request: {why}"
        raise ProtocolError(msg)
    return request_from_json(message)


def parse_hello(message: Json) -> Hello:
    """A builder's ``hello`` answer; :class:`ProtocolError` when invalid, a refusal, or another version."""
    why = problem("hello.response", message)
    if why is not None:
        msg = f"not a hello response: {why}"
        raise ProtocolError(msg)
    if "error" in message:
        supported = message["error"].get("supported")
        also = f" (it speaks {', '.join(map(str, supported))})" if supported else ""
        msg = f"the builder refused protocol {_versions()}{also}: {message['error']['message']}"
        raise ProtocolError(msg)
    if message["protocol"] not in PROTOCOL_VERSIONS:
        msg = f"the builder chose protocol {message['protocol']}, not one of {_versions()}"
        raise ProtocolError(msg)
    impl = message["implementation"]
    return Hello(
        name=impl["name"],
        version=impl["version"],
        language=impl["language"],
        protocol=message["protocol"],
        platforms=tuple(message.get("platforms", ("linux", "windows"))),
        operations=tuple(message.get("operations", ("spec", "start"))),
        profiles=tuple(message.get("profiles", ())),
        unsupported_features=tuple(message.get("unsupported_features", ())),
        homepage=impl.get("homepage"),
        unsupported_behaviours=_behaviours(message.get("unsupported_behaviours", ())),
    )


def _behaviours(names: Sequence[str]) -> tuple[str, ...]:
    """The declared unsupported behaviours, each a name of ``registry/behaviours.toml``."""
    from mobyspec_conformance.behaviours import registry  # noqa: PLC0415 - only when a builder declares some

    if not names:
        return ()
    known = registry().names()
    unknown = [n for n in names if n not in known]
    if unknown:
        msg = f"unsupported_behaviours: unknown behaviour {unknown[0]!r} (known: {', '.join(known)})"
        raise ProtocolError(msg)
    return tuple(names)


def _versions() -> str:
    return ", ".join(map(str, PROTOCOL_VERSIONS))


def parse_response(message: Json, seq: int, *, decoded: bool = False) -> Response:
    """A builder's answer to the ``build`` with this ``seq``, or a :class:`ProtocolViolation`.

    ``decoded``: ``message`` came from :func:`decode`, so a built output holds only JSON's own types.
    """
    why = problem("build.response", message)
    if why is not None:
        return ProtocolViolation(f"not a build response: {why}")
    if message["seq"] != seq:
        return ProtocolViolation(
            f"answered seq {message['seq']} while seq {seq} was due (one answer per request, in order)"
        )
    return response_from_message(message, decoded=decoded)

"""In-process Python builders (``py:MODULE:ATTR``): a protocol function, or an object implementing Builder.

A function receives every protocol v1 request as a dict (``hello`` once, then each ``build``) and returns
the response dict, exactly what a session adapter would write as a line; ``seq`` may be left out of a
build response. What it returns is checked against the protocol schemas; what it raises while building
is an ``errored`` answer. There is no timeout: a call runs in the runner's own thread.
"""

from __future__ import annotations

import importlib
import traceback
from typing import TYPE_CHECKING, Any, cast

from mobyspec_conformance.adapters.base import (
    BuilderConfigError,
    BuilderUnusable,
    BuildRequest,
    Errored,
    Hello,
    ProtocolViolation,
    Response,
)
from mobyspec_conformance.adapters.protocol import (
    ProtocolError,
    hello_request,
    parse_hello,
    parse_response,
)
from mobyspec_conformance.vocabulary import request_json

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from mobyspec_conformance.adapters.base import Builder

Json = Any


class CallableBuilder:
    """A Python function that speaks protocol v1 as dict in, dict out."""

    def __init__(self, function: Callable[[Json], Json], name: str) -> None:
        self.function = function
        self.name = name
        self._hello: Hello | None = None

    def start(self) -> Hello:
        """Call the function with ``hello``; :class:`BuilderUnusable` when it raises or answers wrongly."""
        if self._hello is None:
            try:
                answer = self.function(hello_request())
            except Exception as err:  # noqa: BLE001 - whatever the builder raises, it cannot be used
                raise BuilderUnusable(f"{self.name}: hello raised {type(err).__name__}: {err}") from None
            try:
                self._hello = parse_hello(answer)
            except ProtocolError as err:
                raise BuilderUnusable(f"{self.name}: bad answer to hello: {err}") from None
        return self._hello

    def call(self, request: BuildRequest) -> Response:
        """Build one request by calling the function."""
        try:
            answer = self.function(request_json(request))
        except Exception as err:  # noqa: BLE001 - the builder's bug is this case's outcome
            return Errored(f"{type(err).__name__}: {err}", {"traceback": traceback.format_exc()})
        if isinstance(answer, dict) and "seq" not in answer:
            answer = {"seq": request.seq, **answer}
        response = parse_response(answer, request.seq)
        if isinstance(response, ProtocolViolation):
            return ProtocolViolation(f"{self.name} returned {type(answer).__name__}: {response.message}")
        return response

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """Call the function once per request, in order."""
        self.start()
        for request in requests:
            yield self.call(request)

    def close(self) -> None:
        """Nothing to release."""


def _is_builder(obj: object) -> bool:
    return all(callable(getattr(obj, name, None)) for name in ("start", "run", "close"))


def load_py(target: str) -> Builder:
    """The builder named by ``MODULE:ATTR`` (``ATTR`` may be dotted); :class:`BuilderConfigError` if none.

    ``ATTR`` may name a function (wrapped in :class:`CallableBuilder`), an object implementing Builder,
    or a class implementing Builder (instantiated without arguments).
    """
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise BuilderConfigError(f"py:{target}: expected py:MODULE:ATTR (for example py:mypkg.adapter:build)")
    try:
        obj: object = importlib.import_module(module_name)
    except Exception as err:  # noqa: BLE001 - any import failure means the name does not lead to a builder
        raise BuilderConfigError(
            f"py:{target}: cannot import {module_name}: {type(err).__name__}: {err}"
        ) from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise BuilderConfigError(f"py:{target}: {module_name} has no attribute {attr}") from None
    if isinstance(obj, type) and _is_builder(obj):
        try:
            obj = obj()
        except Exception as err:  # noqa: BLE001 - a builder class that cannot be made is unusable
            raise BuilderUnusable(f"py:{target}: {attr}() raised {type(err).__name__}: {err}") from None
    if _is_builder(obj):
        return cast("Builder", obj)
    if callable(obj):
        return CallableBuilder(obj, f"py:{target}")
    raise BuilderConfigError(
        f"py:{target}: {attr} is a {type(obj).__name__}, neither a function nor a Builder"
    )

"""The reference builder called in-process (builder string ``reference``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_conformance.adapters.base import BuildRequest, Built, Hello, Rejected, Response, Skipped
from mobyspec_reference import BuildError, __version__, build
from mobyspec_reference.build import UnsupportedError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def reference_hello() -> Hello:
    """The reference's self-description."""
    return Hello(
        name="mobyspec-reference",
        version=__version__,
        language="python",
        operations=("spec", "start", "create"),
    )


def answer(request: BuildRequest) -> Response:
    """Build one request with the reference and wrap the outcome as a protocol response."""
    try:
        output = build(request.platform, request.operation, request.input, request.profile)
    except BuildError as err:
        return Rejected(err.code, err.message)
    except UnsupportedError as err:
        return Skipped(str(err))
    # the reference builds only dicts, lists, strings, ints, bools and None (its goldens are its output)
    return Built(output, plain_json=True)


class ReferenceBuilder:
    """In-process reference: no transport at all (the speed ceiling of every run)."""

    def start(self) -> Hello:
        """Nothing to start."""
        return reference_hello()

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        """Answer each request in order."""
        for request in requests:
            yield answer(request)

    def close(self) -> None:
        """Nothing to release."""

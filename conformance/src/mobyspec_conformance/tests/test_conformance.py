"""One test per selected (case, profile): the builder's answer must match the golden.

Run it with ``pytest --pyargs mobyspec_conformance --mobyspec-builder "cmd:mybuilder --serve"``; the
options are in ``pytest --help`` under "mobyspec conformance". Parametrized by
:mod:`mobyspec_conformance.plugin`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_conformance.plugin import assert_conformant

if TYPE_CHECKING:
    from mobyspec_conformance.plugin import Session
    from mobyspec_conformance.vocabulary import Case


def test_case(mobyspec_pair: tuple[Case, str], mobyspec_session: Session) -> None:
    """The builder builds (or rejects) this case as moby of this profile does."""
    case, profile = mobyspec_pair
    assert_conformant(mobyspec_session.check(case, profile))

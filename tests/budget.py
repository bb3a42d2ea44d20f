"""How many examples a property test draws: its thorough count scaled to the loaded hypothesis profile.

The default ``tox`` run loads ``ci`` (a quarter of the thorough budget, to stay inside its time budget);
``tox -e full`` loads ``thorough`` and runs every count as written.
"""

from __future__ import annotations

from hypothesis import settings

#: max_examples of the ``thorough`` profile, the budget the counts in the tests are written for.
THOROUGH = 100


def examples(count: int) -> int:
    """``count`` (written for the thorough profile) scaled to the loaded profile's max_examples."""
    return max(1, count * settings.default.max_examples // THOROUGH)

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


#: Profiles a property gets its full ``ci`` budget at; past that its examples are spread (``ci`` only).
SPREAD_OVER = 8


def per_profile(profiles: int) -> int:
    """Examples for one property at one of the ``profiles`` it applies to.

    ``thorough`` runs every profile at its full budget; ``ci`` keeps a property's total near
    ``SPREAD_OVER`` profiles' worth, so the default run does not grow with every new profile (at least 5
    at each profile, so every profile still runs the rule).
    """
    budget = settings.default.max_examples
    if budget >= THOROUGH:
        return budget
    return max(5, min(budget, budget * SPREAD_OVER // max(profiles, 1)))

"""The rules of moby's spec building as properties that any builder can be checked against.

Each property is a :class:`Property`: call it with a builder (any transport of
:mod:`mobyspec_conformance.adapters`, started once and reused for every example) and a profile, and it
draws inputs with :mod:`mobyspec_conformance.strategies`, sends them to the builder and checks the rule
on what comes back; hypothesis shrinks a violation to a minimal input. A property holds only at the
profiles where moby has the rule: :meth:`Property.applies` reads the profile's behaviour switches
(``profile.linux.init``, ``profile.windows.hyperv_root``, ...), never its version.

Each check function's docstring quotes the moby behaviour it checks, with its source. The checks state
the rule independently of the reference builder's code, so the reference is checked by them too.

The package: :mod:`.subject` (the builder under test), :mod:`.framework` (rules and results),
:mod:`.inputs` (lean input strategies), :mod:`.linux_rules`, :mod:`.windows_rules`, :mod:`.schema_rules`
(each registers its rules on import, in report order) and :mod:`.machine` (the start state machine).
"""

from __future__ import annotations

# the rule modules register their properties on import, in this (report) order
from mobyspec_conformance.properties import linux_rules, schema_rules, windows_rules  # noqa: F401
from mobyspec_conformance.properties.framework import PROPERTIES, Property, Result, rule
from mobyspec_conformance.properties.machine import START_MACHINE_MODULE, StartMachine
from mobyspec_conformance.properties.subject import (
    BuilderFailed,
    BuilderSkipped,
    PropertyViolation,
    Subject,
)

__all__ = [
    "MACHINES",
    "PROPERTIES",
    "START_MACHINE_MODULE",
    "BuilderFailed",
    "BuilderSkipped",
    "Property",
    "PropertyViolation",
    "Result",
    "StartMachine",
    "Subject",
    "all_properties",
    "find",
    "rule",
]


#: The start state machines, one per platform.
MACHINES = (
    StartMachine("linux", "linux-start-lifecycle"),
    StartMachine("windows", "windows-start-lifecycle"),
)


def all_properties() -> tuple[Property | StartMachine, ...]:
    """Every property and state machine, in report order."""
    return (*PROPERTIES, *MACHINES)


def find(name: str) -> Property | StartMachine:
    """The property called ``name``; ``KeyError`` lists the names."""
    for prop in all_properties():
        if prop.name == name:
            return prop
    known = ", ".join(p.name for p in all_properties())
    msg = f"unknown property {name!r} (known: {known})"
    raise KeyError(msg)

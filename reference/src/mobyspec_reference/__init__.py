"""mobyspec's reference builder: a moby container record in, moby's OCI runtime spec (or error) out.

Pure functions only: every fact about the host arrives in the case input. The one entry point is
:func:`build`; the behaviour of each moby version is a :class:`~mobyspec_reference.profiles.Profile`.
"""

from mobyspec_reference.build import build, build_output
from mobyspec_reference.errors import BuildError, GoPanic
from mobyspec_reference.profiles import PROFILES, Profile, get_profile

__all__ = ["PROFILES", "BuildError", "GoPanic", "Profile", "build", "build_output", "get_profile"]

#: Bumped whenever the reference's output can change; recorded in ``cases.lock``.
__version__ = "0.2.0"

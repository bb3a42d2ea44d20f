"""The checkout's tools (corpus generators, benchmark, mutation testing); not part of the wheel."""

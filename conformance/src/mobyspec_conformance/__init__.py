"""mobyspec's conformance suite: the corpus, its goldens, and the runner that checks any builder."""

__version__ = "0.1.0"

"""The conformance suite as pytest tests: ``pytest --pyargs mobyspec_conformance --builder ...``."""

"""Run reports: the JSON-lines stream (the source of truth) and the renderers that read it."""

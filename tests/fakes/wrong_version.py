"""Answers hello with protocol 2, a version the runner did not offer."""

from _proto import HELLO, built, send, serve

HELLO["protocol"] = 2
serve(lambda request: send(built(request)))

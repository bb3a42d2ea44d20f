"""Exits with status 1 on every build request (a builder that can never finish a case)."""

import sys

from _proto import serve


def on_build(_request):
    sys.exit(1)


serve(on_build)

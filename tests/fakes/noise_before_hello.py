"""Prints a banner on stdout before answering hello (stdout is for protocol messages only)."""

import sys

from _proto import built, send, serve

sys.stdout.write("acme-builder 1.0 ready\n")
sys.stdout.flush()

serve(lambda request: send(built(request)))

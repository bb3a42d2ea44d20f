"""Does nothing wrong: answers every build with a small spec naming the case (the control)."""

from _proto import built, send, serve

serve(lambda request: send(built(request)))

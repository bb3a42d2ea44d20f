"""Does nothing wrong: answers every build with a small spec naming the case (the control)."""

from _proto import answer, send, serve

serve(lambda request: send(answer(request)))

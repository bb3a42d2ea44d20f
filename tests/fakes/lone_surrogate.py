"""Answers the case ``bad`` with a string holding a lone surrogate (the JSON escape ``\\ud800``).

JSON allows the escape, Python decodes it to a code point UTF-8 cannot encode, and no Go builder ever
writes one: the pair must fail with a readable diff, not abort the report or the terminal output.
"""

from _proto import answer, is_bad, send, serve


def on_build(request):
    if is_bad(request):
        send({"seq": request["seq"], "built": {"process": {"cwd": "\ud800"}}})
        return
    send(answer(request))


serve(on_build)

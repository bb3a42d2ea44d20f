"""Answers the case ``bad`` as the reference does, with a lone surrogate (JSON ``\\ud800``) in cwd.

JSON allows the escape, Python decodes it to a code point UTF-8 cannot encode, and no Go builder ever
writes one: the pair must fail with a readable diff, not abort the report or the terminal output. The
rest of the answer is the reference's, so the spec still passes the runtime-spec schema check.
"""

from _proto import answer, is_bad, send, serve


def on_build(request):
    reply = answer(request)
    if is_bad(request) and "built" in reply:
        reply["built"]["process"]["cwd"] = "/\ud800"
    send(reply)


serve(on_build)

"""On the case ``bad``, answers ``errored`` with a message full of Unicode non-characters.

U+FFFE and U+FFFF are not XML 1.0 characters (U+FDD0..U+FDEF and U+10FFFF are to be avoided): copied
into JUnit as they are, they make the file invalid XML that CI tools refuse to read.
"""

from _proto import answer, is_bad, send, serve


def on_build(request):
    if is_bad(request):
        message = "bad \ufffe, \uffff, \ufdd0, \U0010ffff and \x07 in a message"
        send({"seq": request["seq"], "errored": {"message": message}})
    else:
        send(answer(request))


serve(on_build)

"""On the case FAKE_BAD (``bad``), answers with one 100 MB line (a complete JSON answer, newline and all)."""

import sys

from _proto import answer, is_bad, send, serve

MB = b"x" * (1 << 20)


def on_build(request):
    if is_bad(request):
        out = sys.stdout.buffer
        out.write(b'{"seq": %d, "built": {"x": "' % request["seq"])
        for _ in range(100):
            out.write(MB)
        out.write(b'"}}\n')
        out.flush()
        return
    send(answer(request))


serve(on_build)

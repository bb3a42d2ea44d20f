"""Windows command-line quoting: Go's ``syscall.EscapeArg``, as createSpec applies it to each argument.

moby 1.11-17.06 escape each argument with ``syscall.EscapeArg`` (moby/moby@v1.12.0:daemon/oci_windows.go
``escapeArgs``). The command line built from the results and its inverse are in :mod:`.windows_cmdline`.
"""

from __future__ import annotations

_BLANKS = frozenset(" \t")


def escape_arg(arg: str) -> str:
    """Go ``syscall.EscapeArg`` (the same in Go 1.5 to 1.8, moby's toolchains for 1.11-17.06).

    Only a space or a tab makes the result quoted; backslashes are doubled only where they precede a
    double quote or the closing quote; everything else (newlines, non-ASCII) passes through.
    """
    if arg == "":
        return '""'
    quoted = any(ch in _BLANKS for ch in arg)
    if not quoted and '"' not in arg and "\\" not in arg:
        return arg
    out: list[str] = ['"'] if quoted else []
    run = 0  # backslashes seen right before the current character
    for ch in arg:
        if ch == "\\":
            run += 1
            out.append(ch)
            continue
        if ch == '"':
            # the run so far doubles, and the quote itself gets one more backslash
            out.append("\\" * (run + 1))
        run = 0
        out.append(ch)
    if quoted:
        out.append("\\" * run)
        out.append('"')
    return "".join(out)

"""Windows command-line quoting: Go's ``syscall.EscapeArg`` and its inverse, ``CommandLineToArgvW``.

moby 1.11-17.06 escape each argument with ``syscall.EscapeArg`` (moby/moby@v1.12.0:daemon/oci_windows.go
``escapeArgs``) and libcontainerd joins the results with single spaces into the HCS command line
(moby/moby@v1.12.0:libcontainerd/client_windows.go). The container's process gets its argv back through
the Windows rules of ``CommandLineToArgvW`` (moby-behavior §11.3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

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


def join_escaped(args: Iterable[str]) -> str:
    """The command line libcontainerd hands to HCS: escaped arguments joined by single spaces."""
    return " ".join(escape_arg(a) for a in args)


def _program_name(line: str) -> tuple[str, str]:
    """``CommandLineToArgvW``'s argv[0]: up to the next ``"`` when quoted, else up to a blank; no escapes."""
    if line.startswith('"'):
        end = line.find('"', 1)
        if end < 0:
            return line[1:], ""
        return line[1:end], line[end + 1 :]
    i = 0
    while i < len(line) and line[i] not in _BLANKS:
        i += 1
    return line[:i], line[i:]


def _next_arg(line: str) -> tuple[str, str]:
    """One argument after argv[0] and the rest of the line (backslash/quote rules of §11.3)."""
    out: list[str] = []
    in_quotes = False
    slashes = 0
    i = 0
    while i < len(line):
        ch = line[i]
        if ch in _BLANKS and not in_quotes:
            out.append("\\" * slashes)
            return "".join(out), line[i + 1 :]
        if ch == "\\":
            slashes += 1
            i += 1
            continue
        if ch == '"':
            out.append("\\" * (slashes // 2))
            if slashes % 2:
                out.append('"')  # an odd run escapes the quote
            else:
                # "Prior to 2008" rule: inside quotes, "" is a literal quote and also ends the quoted part.
                if in_quotes and line[i + 1 : i + 2] == '"':
                    out.append('"')
                    i += 1
                in_quotes = not in_quotes
            slashes = 0
            i += 1
            continue
        out.append("\\" * slashes)
        slashes = 0
        out.append(ch)
        i += 1
    out.append("\\" * slashes)
    return "".join(out), ""


def command_line_to_argv(line: str) -> list[str]:
    """Split a Windows command line as shell32 ``CommandLineToArgvW`` does (program name rule included).

    Pinned against Go's parser by golang/go@023668638298:src/os/os_windows_test.go ``TestCmdArgs``.
    """
    if line == "":
        return []
    program, rest = _program_name(line)
    argv = [program]
    while rest:
        if rest[0] in _BLANKS:
            rest = rest[1:]
            continue
        arg, rest = _next_arg(rest)
        argv.append(arg)
    return argv

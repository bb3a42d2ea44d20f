"""The HCS command line and its inverse: what the container's process sees of createSpec's escaped args.

libcontainerd joins the escaped arguments with single spaces into the HCS command line
(moby/moby@v1.12.0:libcontainerd/client_windows.go); the process gets its argv back through the Windows
rules of ``CommandLineToArgvW`` (moby-behavior §11.3). Building a spec never needs either: they exist so
that tests and the conformance properties can check that :func:`.winargs.escape_arg` round-trips, which is
why the golden-coverage measurement leaves this module out (pyproject.toml ``[tool.coverage.run] omit``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_reference.winargs import escape_arg

if TYPE_CHECKING:
    from collections.abc import Iterable

_BLANKS = frozenset(" \t")


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

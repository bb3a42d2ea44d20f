"""Go's ``syscall.EscapeArg`` and the ``CommandLineToArgvW`` inverse (moby-behavior §11)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobyspec_reference.winargs import escape_arg
from mobyspec_reference.windows_cmdline import command_line_to_argv, join_escaped

# golang/go@05224305d24f:src/syscall/exec_windows_test.go TestEscapeArg (the same table in every Go
# release that has the test; one later copy adds an http:\\ example quoted by a newer EscapeArg, left out).
GO_ESCAPE_ARG = [
    ("", '""'),
    ("a", "a"),
    (" ", '" "'),
    ("\\", "\\"),
    ('"', '\\"'),
    ('\\"', '\\\\\\"'),
    ('\\\\"', '\\\\\\\\\\"'),
    ("\\\\ ", '"\\\\ "'),
    (" \\\\", '" \\\\\\\\"'),
    ("a ", '"a "'),
    ("C:\\", "C:\\"),
    ("C:\\Program Files (x32)\\Common\\", '"C:\\Program Files (x32)\\Common\\\\"'),
    ("C:\\Users\\Игорь\\", "C:\\Users\\Игорь\\"),
    ("Андрей\\file", "Андрей\\file"),
    ("C:\\Windows\\temp", "C:\\Windows\\temp"),
    ("c:\\temp\\newfile", "c:\\temp\\newfile"),
    ("\\\\?\\C:\\Windows", "\\\\?\\C:\\Windows"),
    ("\\\\?\\", "\\\\?\\"),
    ("\\\\.\\C:\\Windows\\", "\\\\.\\C:\\Windows\\"),
    ("\\\\server\\share\\file", "\\\\server\\share\\file"),
    ("\\\\newserver\\tempshare\\really.txt", "\\\\newserver\\tempshare\\really.txt"),
]


@pytest.mark.parametrize(("raw", "escaped"), GO_ESCAPE_ARG)
def test_escape_arg_matches_go(raw: str, escaped: str) -> None:
    assert escape_arg(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        # moby-behavior §11.2 examples
        ("a b", '"a b"'),
        ('ab"c', 'ab\\"c'),
        ('a\\"b', 'a\\\\\\"b'),
        ("C:\\Program Files\\", '"C:\\Program Files\\\\"'),
        # only space and tab quote; a newline or vertical tab does not
        ("a\tb", '"a\tb"'),
        ("a\nb", "a\nb"),
        ("a\vb", "a\vb"),
    ],
)
def test_escape_arg_doc_examples(raw: str, escaped: str) -> None:
    assert escape_arg(raw) == escaped


@pytest.mark.parametrize(
    ("line", "argv"),
    [
        ("prog", ["prog"]),
        ("prog  a\tb ", ["prog", "a", "b"]),
        ('prog "a b" c', ["prog", "a b", "c"]),
        # 2n backslashes + quote: n backslashes, quote toggles; 2n+1: n backslashes and a literal quote
        ('prog a\\\\"b c"', ["prog", "a\\b c"]),
        ('prog a\\\\\\"b', ["prog", 'a\\"b']),
        # backslashes not before a quote are literal
        ("prog C:\\dir\\ x", ["prog", "C:\\dir\\", "x"]),
        # "prior to 2008": "" inside quotes is a literal quote and ends the quoted part
        ('prog "a""b c"', ["prog", 'a"b', "c"]),
        ('prog ""', ["prog", ""]),
        # the program name: up to the next quote when quoted, no backslash processing
        ('"C:\\Program Files\\x.exe" y', ["C:\\Program Files\\x.exe", "y"]),
        ("C:\\a\\\\b\\ y", ["C:\\a\\\\b\\", "y"]),
        # an unterminated quoted program name runs to the end; an empty line has no arguments (Go's parser)
        ('"C:\\Program Files\\x y', ["C:\\Program Files\\x y"]),
        ("", []),
    ],
)
def test_command_line_to_argv(line: str, argv: list[str]) -> None:
    assert command_line_to_argv(line) == argv


_ARG = st.text(alphabet=st.sampled_from(list('ab \t"\\\nü')), max_size=10)


@pytest.mark.property
@given(
    args=st.lists(_ARG, max_size=6),
    prog=st.sampled_from(["cmd", "C:\\app.exe", '"C:\\Program Files\\x.exe"']),
)
def test_round_trip(args: list[str], prog: str) -> None:
    """CommandLineToArgvW(prog + " " + EscapeArg(a)...) gives back the arguments (§11.3)."""
    argv = command_line_to_argv(prog + " " + join_escaped(args))
    assert argv[1:] == args


@pytest.mark.property
@given(arg=_ARG)
def test_escape_is_identity_without_specials(arg: str) -> None:
    """Without space, tab or quote EscapeArg is the identity (backslashes alone are never doubled)."""
    escaped = escape_arg(arg)
    if arg and not set(arg) & set(' \t"'):
        assert escaped == arg
    elif set(arg) & set(" \t") or not arg:
        assert escaped.startswith('"')
        assert escaped.endswith('"')

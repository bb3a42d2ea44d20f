"""Go 1.5-1.8 ``path/filepath`` on Windows: Clean, Join (moby-behavior §14.2)."""

from __future__ import annotations

import ntpath

import pytest
from go_vectors import GO_CLEAN

from mobyspec_reference.gosemantics import clean_windows, join_windows, volume_name_len_windows

# golang/go src/path/filepath/path_test.go wincleantests (Go 1.5-1.8)
GO_WIN_CLEAN = [
    ("c:", "c:."),
    ("c:\\", "c:\\"),
    ("c:\\abc", "c:\\abc"),
    ("c:abc\\..\\..\\.\\.\\..\\def", "c:..\\..\\def"),
    ("c:\\abc\\def\\..\\..", "c:\\"),
    ("c:\\..\\abc", "c:\\abc"),
    ("c:..\\abc", "c:..\\abc"),
    ("\\", "\\"),
    ("/", "\\"),
    ("\\\\i\\..\\c$", "\\c$"),
    ("\\\\i\\..\\i\\c$", "\\i\\c$"),
    ("\\\\i\\..\\I\\c$", "\\I\\c$"),
    ("\\\\host\\share\\foo\\..\\bar", "\\\\host\\share\\bar"),
    ("//host/share/foo/../baz", "\\\\host\\share\\baz"),
    ("\\\\a\\b\\..\\c", "\\\\a\\b\\c"),
    ("\\\\a\\b", "\\\\a\\b"),
]


@pytest.mark.parametrize(("path", "want"), GO_CLEAN)
def test_clean_go_generic_cases(path: str, want: str) -> None:
    assert clean_windows(path.replace("/", "\\")) == want.replace("/", "\\")


@pytest.mark.parametrize(("path", "want"), GO_WIN_CLEAN)
def test_clean_go_windows_cases(path: str, want: str) -> None:
    assert clean_windows(path) == want


@pytest.mark.parametrize(
    ("path", "go", "ntpath_gives"),
    [
        # §14.2 python note: where ntpath.normpath and Go's Clean part ways
        ("c:", "c:.", "c:"),
        ("\\\\a", "\\a", "\\\\a"),
        ("\\\\\\a\\b", "\\a\\b", "\\\\\\a\\b"),
    ],
)
def test_clean_is_not_ntpath(path: str, go: str, ntpath_gives: str) -> None:
    assert clean_windows(path) == go
    assert ntpath.normpath(path) == ntpath_gives


def test_clean_agrees_with_ntpath_on_plain_drive_paths() -> None:
    assert clean_windows("C:\\app\\..\\work\\") == ntpath.normpath("C:\\app\\..\\work\\") == "C:\\work"


@pytest.mark.parametrize(
    ("elems", "want"),
    [
        # golang/go src/path/filepath/path_test.go jointests + winjointests (Go 1.5-1.8)
        ((), ""),
        (("",), ""),
        (("a", "b"), "a\\b"),
        (("a", ""), "a"),
        (("", "b"), "b"),
        (("/", "a"), "\\a"),
        (("a/", "b"), "a\\b"),
        (("", ""), ""),
        (("directory", "file"), "directory\\file"),
        (("C:\\Windows\\", "System32"), "C:\\Windows\\System32"),
        (("C:\\Windows\\", ""), "C:\\Windows"),
        (("C:\\", "Windows"), "C:\\Windows"),
        (("C:", "Windows"), "C:\\Windows"),
        (("\\\\host\\share", "foo"), "\\\\host\\share\\foo"),
        (("//host/share", "foo/bar"), "\\\\host\\share\\foo\\bar"),
        # no UNC guard before Go 1.9: joining "\" and "\a\b" can form one
        (("\\", "a", "b"), "\\\\a\\b"),
        (
            ("C:\\ProgramData\\docker\\windowsfilter\\l1", "UtilityVM"),
            "C:\\ProgramData\\docker\\windowsfilter\\l1\\UtilityVM",
        ),
    ],
)
def test_join(elems: tuple[str, ...], want: str) -> None:
    assert join_windows(*elems) == want


@pytest.mark.parametrize(
    ("path", "size"),
    [
        ("C:\\x", 2),
        ("c:", 2),
        ("\\\\server\\share\\x", 14),
        ("\\\\a", 0),
        ("\\\\.\\C:", 0),
        ("\\\\\\a\\b", 0),
        ("x", 0),
    ],
)
def test_volume_name_len(path: str, size: int) -> None:
    assert volume_name_len_windows(path) == size

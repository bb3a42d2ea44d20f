"""Go semantics the reference reproduces: filepath.Clean on Unix, integer conversions, case mapping."""

from __future__ import annotations

import posixpath

import pytest
from go_vectors import GO_CLEAN
from hypothesis import given
from hypothesis import strategies as st

from mobyspec_reference.gosemantics import (
    clean_unix,
    go_lower,
    go_upper,
    int64,
    int64_div,
    join_unix,
    uint8,
    uint16,
    uint64,
)


@pytest.mark.parametrize(("path", "want"), GO_CLEAN)
def test_clean_unix_matches_go_table(path: str, want: str) -> None:
    assert clean_unix(path) == want


def test_clean_unix_collapses_double_leading_slash_unlike_normpath() -> None:
    # moby-behavior §14.2: posixpath keeps "//a"; Go gives "/a" (and that is what the spec cwd shows).
    assert posixpath.normpath("//a") == "//a"
    assert clean_unix("//a") == "/a"


paths = st.text(alphabet="/.ab", max_size=16)


@given(paths)
def test_clean_is_idempotent(path: str) -> None:
    assert clean_unix(clean_unix(path)) == clean_unix(path)


@given(paths.map(lambda p: "/" + p))
def test_clean_agrees_with_normpath_on_absolute_paths_except_double_slash(path: str) -> None:
    expected = posixpath.normpath(path)
    if expected.startswith("//"):
        expected = expected[1:]
    assert clean_unix(path) == expected


def test_join_unix_skips_empty_elements_and_cleans() -> None:
    assert join_unix("", "/a/", "", "../b") == "/b"
    assert join_unix("", "") == ""


@pytest.mark.parametrize(
    ("value", "u8", "u16", "u64"),
    [
        (0, 0, 0, 0),
        (-1, 255, 65535, 2**64 - 1),
        (300, 44, 300, 300),  # moby-behavior §4.6: CPUPercent 300 -> uint8 44
        (70000, 112, 4464, 70000),  # CPUShares 70000 -> uint16 4464
    ],
)
def test_unsigned_conversions_wrap(value: int, u8: int, u16: int, u64: int) -> None:
    assert (uint8(value), uint16(value), uint64(value)) == (u8, u16, u64)


def test_int64_wraps_and_divides_toward_zero() -> None:
    assert int64(2**63) == -(2**63)
    assert int64(2**64 + 5) == 5
    assert int64_div(-7, 2) == -3  # Python's -7 // 2 is -4
    assert int64_div(7, -2) == -3
    # 1.5e9 NanoCPUs on 4 CPUs (moby-behavior §4.6 worked example): 37
    assert int64_div(int64_div(1_500_000_000 * 100, 4), 1_000_000_000) == 37


def test_go_case_mapping_is_per_rune() -> None:
    assert go_upper("straße-db") == "STRAßE-DB"  # Python's upper() would give STRASSE
    assert go_upper("ǆ") == "Ǆ"
    assert go_lower("HyperV") == "hyperv"
    assert go_lower("\u0130") == "i"  # Go's unicode.ToLower(U+0130) is "i"

"""Go behaviour that Python does differently: path cleaning, integer conversions, case mapping.

Each function names the Go function it reproduces; the Go versions in question are 1.5 to 1.8
(moby's toolchains for 1.10 to 17.06, moby/moby@TAG:Dockerfile ``GO_VERSION``).
"""

from __future__ import annotations

import functools

_U8 = (1 << 8) - 1
_U16 = (1 << 16) - 1
_U64 = (1 << 64) - 1


def uint8(value: int) -> int:
    """Go ``uint8(x)`` of an integer: two's-complement truncation to 8 bits."""
    return value & _U8


def uint16(value: int) -> int:
    """Go ``uint16(x)``: two's-complement truncation to 16 bits."""
    return value & _U16


def uint64(value: int) -> int:
    """Go ``uint64(x)``: two's-complement truncation to 64 bits (``-1`` becomes ``2**64 - 1``)."""
    return value & _U64


def int64(value: int) -> int:
    """Go int64 arithmetic result: wrap an exact Python integer into the signed 64-bit range."""
    value &= _U64
    return value - (1 << 64) if value >> 63 else value


def int64_div(a: int, b: int) -> int:
    """Go ``a / b`` on int64: truncates toward zero (Python's ``//`` floors), then wraps."""
    q = abs(a) // abs(b)
    return int64(q if (a >= 0) == (b >= 0) else -q)


# Go's unicode.SimpleFold-based ToUpper/ToLower map one rune to one rune; Python's str.upper() can
# expand ("ß" -> "SS") or apply context. Python's per-character mapping agrees with Go's wherever the
# result is a single character, so map character by character and keep the rune when it would expand.
def go_upper(text: str) -> str:
    """Go ``strings.ToUpper``: per-rune simple upper-case mapping (``ß`` stays ``ß``)."""
    if text.isascii():  # ASCII maps rune for rune in both languages
        return text.upper()
    out = []
    for ch in text:
        up = ch.upper()
        out.append(up if len(up) == 1 else ch)
    return "".join(out)


# Memoized: its arguments are a handful of mode and protocol words, each lowered on every build.
@functools.lru_cache(maxsize=256)
def go_lower(text: str) -> str:
    """Go ``strings.ToLower``: per-rune simple lower-case mapping (``İ`` becomes ``i̇`` only in Python)."""
    out = []
    for ch in text:
        # U+0130 lowers to "i" in Go (unicode.ToLower) but to "i̇" (two runes) in Python.
        low = "i" if ch == "\u0130" else ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def go_equal_fold(a: str, b: str) -> bool:
    """Go ``strings.EqualFold``: equal rune for rune under simple Unicode case folding.

    Two runes match when Go's ``SimpleFold`` orbit holds both; Python's single-rune lower, upper and
    casefold mappings reach the same orbits (``k``/``K``/Kelvin sign, ``s``/``S``/long s, ``ϑ``/``θ``/``ϴ``).
    """
    if len(a) != len(b):
        return False
    return all(x == y or _fold_match(x, y) for x, y in zip(a, b, strict=True))


def _fold_match(x: str, y: str) -> bool:
    """Two runes with one single-rune lower, upper or casefold mapping in common (Go's never expand)."""
    for mapping in (str.lower, str.upper, str.casefold):
        mx = mapping(x)
        if len(mx) == 1 and mx == mapping(y):
            return True
    return False


def clean_unix(path: str) -> str:
    """Go ``path/filepath.Clean`` on Unix (also ``path.Clean``).

    Unlike ``posixpath.normpath`` it collapses a leading ``//`` to ``/`` and returns ``.`` for ``""``.
    """
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in {"", "."}:
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def join_unix(*elems: str) -> str:
    """Go ``path/filepath.Join`` on Unix: join the non-empty elements with ``/`` and Clean."""
    nonempty = [e for e in elems if e]
    return clean_unix("/".join(nonempty)) if nonempty else ""


# Go 1.5-1.8 path/filepath on Windows (path_windows.go volumeNameLen, path.go Clean and Join). The
# per-OS Join that refuses to build a UNC path from non-UNC elements arrived later (Go 1.9), so Join
# here is "Clean of the non-empty tail joined with a backslash", as in every moby toolchain 1.5-1.8.
# Clean meets relative paths too: a stored WorkingDir is used as is (C:, work\dir, ..\up). Lines
# marked "go-only" handle empty Join elements: Go's tables pin them (tests/test_windows_paths.py), but
# moby joins only non-empty roots (cleanResourcePath's "\", the graphdriver's BaseFS), so no case
# reaches them and the golden-coverage measurement leaves them out (pyproject.toml [tool.coverage.report]).
def _is_slash_windows(ch: str) -> bool:
    return ch in {"\\", "/"}


def volume_name_len_windows(path: str) -> int:
    r"""Go ``filepath.volumeNameLen`` on Windows (1.5-1.8): ``C:`` or a ``\\server\share`` prefix."""
    if len(path) < 2:
        return 0
    drive = path[0]
    if path[1] == ":" and ("a" <= drive <= "z" or "A" <= drive <= "Z"):
        return 2
    size = len(path)
    if size >= 5 and _is_slash_windows(path[0]) and _is_slash_windows(path[1]):
        if _is_slash_windows(path[2]) or path[2] == ".":
            return 0
        # The server name runs to the first separator; a share name must follow it directly.
        n = 3
        while n < size - 1:
            if _is_slash_windows(path[n]):
                n += 1
                if _is_slash_windows(path[n]) or path[n] == ".":
                    return 0
                while n < size and not _is_slash_windows(path[n]):
                    n += 1
                return n
            n += 1
    return 0


def clean_windows(path: str) -> str:
    r"""Go ``path/filepath.Clean`` on Windows (Go 1.5-1.8).

    The volume name is kept as written (then ``/`` becomes ``\``); ``c:`` becomes ``c:.``; a leading
    ``\\`` that is not a full ``\\server\share`` collapses like any repeated separator
    (``\\a`` -> ``\a``), unlike ``ntpath.normpath``.
    """
    vol_len = volume_name_len_windows(path)
    volume, rest = path[:vol_len], path[vol_len:]
    if rest == "":
        if vol_len > 1 and path[1] != ":":
            return path.replace("/", "\\")  # a bare UNC volume
        return path + "."  # a bare drive (C: gives C:.) or "" (relative)
    rooted = _is_slash_windows(rest[0])
    parts: list[str] = []
    for part in rest.replace("/", "\\").split("\\"):
        if part in {"", "."}:
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:  # a relative path keeps its leading ..
                parts.append("..")
            continue
        parts.append(part)
    body = "\\".join(parts)
    if rooted:
        body = "\\" + body
    elif body == "":  # a relative path that cleans away
        body = "."
    return (volume + body).replace("/", "\\")


def join_windows(*elems: str) -> str:
    """Go ``path/filepath.Join`` on Windows (Go 1.5-1.8): Clean of the elements from the first non-empty."""
    for i, elem in enumerate(elems):
        if elem:  # go-only-branch: an empty leading element
            return clean_windows("\\".join(elems[i:]))
    return ""  # go-only: nothing but empty elements


def go_quote(text: str, *, del_hex: bool = False) -> str:
    r"""Go ``%q`` of a string (``strconv.Quote``): printable runes as is, the rest escaped.

    ``del_hex``: Go 1.19+ quote DEL as ``\x7f`` (golang/go#52062), moby's toolchain from 23.0.
    """
    named = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in {'"', "\\"}:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ch in named:
            out.append(named[ch])
        elif code < 0x20 or (del_hex and code == 0x7F):
            # Go 1.5-1.8 give \x only below a space: DEL is \u007f (\x7f only from Go 1.19, golang/go#52062)
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)

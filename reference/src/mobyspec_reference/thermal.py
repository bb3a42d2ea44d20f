"""28.0.2+: DefaultSpec masks each possible CPU's ``thermal_throttle`` that exists on the host.

``platform.PossibleCPU`` parses ``/sys/devices/system/cpu/possible`` (``0-3,8``) and falls back to
``0..runtime.NumCPU()`` inclusive when that fails or lists nothing; each
``/sys/devices/system/cpu/cpu<N>/thermal_throttle`` that ``os.Stat`` finds is appended in that order
(moby/moby@v28.0.2:oci/defaults.go, moby/moby@v28.0.2:internal/platform/platform.go, platform_linux.go).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mobyspec_reference.inputs import Host

POSSIBLE = "/sys/devices/system/cpu/possible"
_THERMAL = re.compile(r"/sys/devices/system/cpu/cpu(0|[1-9][0-9]*)/thermal_throttle")
_ATOI = re.compile(r"[+-]?[0-9]+")
_INT64 = 1 << 63
# unicode.IsSpace: the ASCII six, NEL, NBSP, and the other White_Space runes (Python's isspace() also
# counts the ASCII separators U+001C-U+001F, which Go does not)
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)


def _atoi(text: str) -> int | None:
    """``strconv.Atoi`` on a 64-bit host: an optional sign and decimal digits in int64, else None."""
    if not _ATOI.fullmatch(text):
        return None
    value = int(text)
    return value if -_INT64 <= value < _INT64 else None


def _possible_ranges(host: Host) -> list[tuple[int, int]] | None:
    """``possibleCPUs``: the listed (start, end) ranges, or None (Go's nil) when unreadable or empty."""
    content = host.FileContents.get(POSSIBLE)
    if not isinstance(content, str):  # absent or {"error": ...}: os.ReadFile fails
        return None
    ranges: list[tuple[int, int]] = []
    for part in content.strip(_GO_SPACE).split(","):
        first, dash, last = part.partition("-")
        start = _atoi(first)
        end = _atoi(last) if dash else start
        if start is None or end is None:
            return None
        ranges.append((start, end))
    # a list whose ranges are all empty ("3-1") appends nothing: the slice stays nil
    return ranges if any(start <= end for start, end in ranges) else None


def thermal_throttle_paths(host: Host) -> list[str]:
    """The thermal_throttle paths DefaultSpec appends to ``maskedPaths``, in PossibleCPU order."""
    present = sorted(
        int(m.group(1))
        for path, kind in host.Files.items()
        if isinstance(kind, str) and (m := _THERMAL.fullmatch(path))  # "file" or "dir": os.Stat succeeds
    )
    ranges = _possible_ranges(host) or [(0, host.NumCPU)]  # the fallback counts NumCPU itself too
    return [
        f"/sys/devices/system/cpu/cpu{cpu}/thermal_throttle"
        for start, end in ranges
        for cpu in present
        if start <= cpu <= end
    ]

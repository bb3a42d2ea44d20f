"""Go's ``net/netip``: ``ParseAddr`` with its error texts, and ``Addr.String`` after ``Unmap``.

From docker-v29.0.0 a stored endpoint's ``IPAddress`` is a ``netip.Addr``: config.v2.json decodes it with
``UnmarshalText`` (``ParseAddr``; an empty text is the zero Addr) and links print it with
``netipstringer.Addr(addr.Unmap())`` (moby/moby@docker-v29.0.0:daemon/container_operations_unix.go).
Sources: golang/go@go1.25:src/net/netip/netip.go (the same parser since go1.22).
"""

from __future__ import annotations

from mobyspec_reference.gosemantics import go_quote

_HEX = "0123456789abcdefABCDEF"


class AddrError(ValueError):
    """``parseAddrError``: its ``Error()`` text is the exception's message."""

    def __init__(self, text: str, msg: str, at: str = "") -> None:
        suffix = f" (at {go_quote(at, del_hex=True)})" if at else ""
        super().__init__(f"ParseAddr({go_quote(text, del_hex=True)}): {msg}{suffix}")


def _ipv4(text: str, whole: str) -> tuple[int, int, int, int]:
    """``parseIPv4``: four decimal octets, no leading zeros; errors name ``whole``."""
    fields: list[int] = []
    val = digits = 0
    for i, ch in enumerate(text):
        if "0" <= ch <= "9":
            if digits == 1 and val == 0:
                raise AddrError(whole, "IPv4 field has octet with leading zero")
            val = val * 10 + ord(ch) - 48
            digits += 1
            if val > 255:
                raise AddrError(whole, "IPv4 field has value >255")
        elif ch == ".":
            if i == 0 or i == len(text) - 1 or text[i - 1] == ".":
                raise AddrError(whole, "IPv4 field must have at least one digit", text[i:])
            if len(fields) == 3:
                raise AddrError(whole, "IPv4 address too long")
            fields.append(val)
            val = digits = 0
        else:
            raise AddrError(whole, "unexpected character", text[i:])
    if len(fields) < 3:
        raise AddrError(whole, "IPv4 address too short")
    return fields[0], fields[1], fields[2], val


def _ipv6(whole: str) -> tuple[list[int], str]:
    """``parseIPv6``: sixteen bytes and the zone."""
    s, zone = whole, ""
    if "%" in s:
        s, zone = s.split("%", 1)
        if zone == "":
            raise AddrError(whole, "zone must be a non-empty string")
    ip = [0] * 16
    ellipsis = -1
    if s.startswith("::"):
        ellipsis = 0
        s = s[2:]
        if s == "":
            return ip, zone
    i = 0
    while i < 16:
        off = acc = 0
        while off < len(s) and s[off] in _HEX:
            acc = (acc << 4) + int(s[off], 16)
            off += 1
            if acc > 0xFFFF:
                raise AddrError(whole, "IPv6 field has value >=2^16", s)
        if off == 0:
            raise AddrError(whole, "each colon-separated field must have at least one digit", s)
        if off < len(s) and s[off] == ".":
            if ellipsis < 0 and i != 12:
                raise AddrError(
                    whole, "embedded IPv4 address must replace the final 2 fields of the address", s
                )
            if i + 4 > 16:
                raise AddrError(
                    whole, "too many hex fields to fit an embedded IPv4 at the end of the address", s
                )
            try:
                ip[i : i + 4] = _ipv4(s, s)
            except AddrError as err:
                raise AddrError(whole, str(err), s) from None
            s = ""
            i += 4
            break
        ip[i], ip[i + 1] = acc >> 8, acc & 0xFF
        i += 2
        s = s[off:]
        if s == "":
            break
        if s[0] != ":":
            raise AddrError(whole, "unexpected character, want colon", s)
        if len(s) == 1:
            raise AddrError(whole, "colon must be followed by more characters", s)
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                raise AddrError(whole, "multiple :: in address", s)
            ellipsis = i
            s = s[1:]
            if s == "":
                break
    if s != "":
        raise AddrError(whole, "trailing garbage after address", s)
    if i < 16:
        if ellipsis < 0:
            raise AddrError(whole, "address string too short")
        n = 16 - i
        ip = ip[:ellipsis] + [0] * n + ip[ellipsis:i]
    elif ellipsis >= 0:
        raise AddrError(whole, "the :: must expand to at least one field of zeros")
    return ip, zone


def parse_addr_unmapped(text: str) -> str:
    """``netipstringer.Addr(ParseAddr(text).Unmap())``: the address as a 29.x link prints it.

    An empty text is the zero Addr, printed as ``""``; a bad one raises :class:`AddrError`.
    """
    if text == "":
        return ""
    for ch in text:
        if ch == ".":
            return "%d.%d.%d.%d" % _ipv4(text, text)  # noqa: UP031 - four octets
        if ch == ":":
            ip, zone = _ipv6(text)
            if ip[:10] == [0] * 10 and ip[10:12] == [0xFF, 0xFF]:
                # Unmap: an IPv4-mapped address prints as IPv4 and loses its zone
                return "%d.%d.%d.%d" % tuple(ip[12:])  # noqa: UP031 - four octets
            return _string6(ip) + (f"%{zone}" if zone else "")
        if ch == "%":
            raise AddrError(text, "missing IPv6 address")
    raise AddrError(text, "unable to parse IP")


def _string6(ip: list[int]) -> str:
    """RFC 5952 text: the first longest run of two or more zero fields becomes ``::``, hex in lower case."""
    words = [ip[k] << 8 | ip[k + 1] for k in range(0, 16, 2)]
    start = end = 8
    best = 0
    for i in range(8):
        j = i
        while j < 8 and words[j] == 0:
            j += 1
        if j - i >= 2 and j - i > best:
            start, end, best = i, j, j - i
    if best == 0:
        return ":".join(f"{w:x}" for w in words)
    return ":".join(f"{w:x}" for w in words[:start]) + "::" + ":".join(f"{w:x}" for w in words[end:])

"""``Link.ToEnv`` as rewritten in 28.0, and the typed ports of 29.0.

28.0 sorts TCP first, then by protocol, then by number; every port gets its four variables, and a run of
two or more consecutive numbers of one protocol adds START/END variables after the port that ends it
(moby/moby@v28.0.0:daemon/links/links.go, commits 251c68c647, fcdd6f4ad2, 76a496a482). 29.0 reads
the ports as ``network.Port`` values (number and lower-case protocol) and prints the numbers with ``%d``
(moby/moby@docker-v29.0.0:daemon/links/links.go, api/types/network/port.go).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal

from attrs import frozen

from mobyspec_reference.errors import GoPanic
from mobyspec_reference.gosemantics import go_equal_fold, go_lower, go_upper
from mobyspec_reference.links import link_alias, name_and_env, port_int, split_proto_port

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


@frozen
class TypedPort:
    """A ``network.Port``: its number and normalised protocol; ``proto`` None is the zero Port."""

    num: int
    proto: str | None


class PortError(ValueError):
    """``network.ParsePort``'s error: config.v2.json cannot be decoded with this key."""


def parse_port(raw: str) -> TypedPort:
    """``Port.UnmarshalText``: ``""`` is the zero Port; else ``ParsePort`` (``80``, ``80/TCP`` -> 80/tcp).

    The protocol is what follows the first ``/``, lower-cased, ``tcp`` when empty; the number must
    be a decimal uint16 (``strconv.ParseUint``: the first failing digit decides syntax or range).
    """
    if raw == "":
        return TypedPort(0, None)
    port, _, proto = raw.partition("/")
    if port == "":
        raise PortError(f"invalid port '{port}': value is empty")
    value = 0
    for ch in port:
        if not "0" <= ch <= "9":
            raise PortError(f"invalid port '{port}': invalid syntax")
        value = value * 10 + ord(ch) - 48
        if value > 0xFFFF:
            raise PortError(f"invalid port '{port}': value out of range")
    return TypedPort(value, go_lower(proto) if proto else "tcp")


def _less_v28(a: str, b: str) -> bool:
    """``withTCPPriority`` of 28.0: one protocol (EqualFold) by number, TCP first, then protocol text."""
    pa, pb = split_proto_port(a)[0], split_proto_port(b)[0]
    if go_equal_fold(pa, pb):
        return port_int(a, "parseport") < port_int(b, "parseport")
    if go_equal_fold(pa, "tcp"):
        return True
    if go_equal_fold(pb, "tcp"):
        return False
    return go_lower(pa) < go_lower(pb)


def _by_less(less: Callable[[str, str], bool]) -> Callable[[str, str], int]:
    """A three-way comparison from a less function (ties keep their input order: Go's is unstable)."""
    return lambda a, b: -1 if less(a, b) else (1 if less(b, a) else 0)


def link_env_v28(
    name: str, child_ip: str, child_env: Sequence[str] | None, exposed_ports: Sequence[str]
) -> list[str]:
    """28.0 ``ToEnv`` over ``nat.Port`` strings (protocol and number printed as written)."""
    alias = link_alias(name)
    ports = sorted(exposed_ports, key=functools.cmp_to_key(_by_less(_less_v28)))
    split = [split_proto_port(p) for p in ports]
    numbers = [port_int(p, "parseport") for p in ports]
    return _port_vars(
        alias,
        child_ip,
        [(proto, num) for proto, num in split],
        # same protocol compares EqualFold with the range's first port; numbers by nat's Int()
        lambda i, start, end: numbers[i] == numbers[end] + 1 and go_equal_fold(split[i][0], split[start][0]),
    ) + name_and_env(alias, name, child_env)


def link_env_v29(
    name: str,
    child_ip: str,
    child_env: Sequence[str] | None,
    ports: Sequence[TypedPort],
    zero_proto: Literal["panic", "empty"],
) -> list[str]:
    """29.0 ``ToEnv`` over ``network.Port`` values: deduplicated, numbers as ``%d``.

    ``Proto()`` of the zero Port dereferences a nil ``unique.Handle`` before 29.4 (a panic) and is
    ``""`` from 29.4 (moby/moby@docker-v29.4.0:vendor/github.com/moby/moby/api/types/network/port.go).
    """
    alias = link_alias(name)
    typed = sorted(set(ports), key=functools.cmp_to_key(_compare_v29))
    if zero_proto == "panic" and any(p.proto is None for p in typed):
        raise GoPanic("go.panic", "runtime error: invalid memory address or nil pointer dereference")
    protos = [p.proto or "" for p in typed]
    return _port_vars(
        alias,
        child_ip,
        [(proto, str(p.num)) for proto, p in zip(protos, typed, strict=True)],
        # uint16 arithmetic: 65535 + 1 is 0; the protocol compared with the range's last port
        lambda i, _start, end: typed[i].num == (typed[end].num + 1) & 0xFFFF and protos[i] == protos[end],
    ) + name_and_env(alias, name, child_env)


def _compare_v29(a: TypedPort, b: TypedPort) -> int:
    """``withTCPPriority`` of 29.0 as ``slices.SortFunc`` uses it: TCP first, then protocol, number."""
    pa, pb = a.proto or "", b.proto or ""
    if pa == pb:
        return (a.num > b.num) - (a.num < b.num)
    if pa == "tcp":
        return -1
    if pb == "tcp":
        return 1
    return (pa > pb) - (pa < pb)


def _port_vars(
    alias: str,
    ip: str,
    ports: Sequence[tuple[str, str]],
    extends: Callable[[int, int, int], bool],
) -> list[str]:
    """The port part of 28.0+ ToEnv over sorted (protocol, number) pairs.

    ``extends(i, start, end)``: port ``i`` continues the run from ``start`` to ``end``. A run's START/END
    variables come after the four of the port that ends it (or of its last port).
    """
    env: list[str] = []
    if ports:
        proto, num = ports[0]
        env.append(f"{alias}_PORT={proto}://{ip}:{num}")
    start = end = 0
    for i, (proto, num) in enumerate(ports):
        prefix = f"{alias}_PORT_{num}_{go_upper(proto)}"
        env += [
            f"{prefix}={proto}://{ip}:{num}",
            f"{prefix}_ADDR={ip}",
            f"{prefix}_PORT={num}",
            f"{prefix}_PROTO={proto}",
        ]
        if i > 0 and extends(i, start, end):
            end = i
            if i < len(ports) - 1:
                continue
        if end != start:
            (sproto, snum), (eproto, enum) = ports[start], ports[end]
            prefix = f"{alias}_PORT_{snum}_{go_upper(sproto)}"
            env += [
                f"{prefix}_START={sproto}://{ip}:{snum}",
                f"{prefix}_PORT_START={snum}",
                f"{prefix}_END={eproto}://{ip}:{enum}",
                f"{prefix}_PORT_END={enum}",
            ]
        start = end = i
    return env

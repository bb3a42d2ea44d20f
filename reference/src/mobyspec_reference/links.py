"""Container links: ``setupLinkedContainers`` and the legacy ``Link.ToEnv``.

Sources: moby/moby@v1.12.0:daemon/container_operations_unix.go, moby/moby@v1.13.0:daemon/
container_operations_unix.go (EndpointSettings check), moby/moby@v1.12.0:daemon/links/links.go (the
same blob from v1.10.3 to v17.06.0-ce), and the vendored go-connections ``nat`` package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from mobyspec_reference.errors import fail
from mobyspec_reference.gosemantics import go_lower, go_upper

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from mobyspec_reference.inputs import Container, Endpoint, Link

#: ``runconfig.DefaultDaemonNetworkMode().NetworkName()`` on Unix at every profile.
BRIDGE = "bridge"


def split_proto_port(raw: str) -> tuple[str, str]:
    """``nat.SplitProtoPort``: (proto, port) with ``tcp`` by default; the protocol is kept as written."""
    parts = raw.split("/")
    if raw == "" or parts[0] == "":
        return "", ""
    if len(parts) == 1:
        return "tcp", raw
    if parts[1] == "":
        return "tcp", parts[0]
    return parts[1], parts[0]


def _parse_uint16_legacy(text: str) -> int:
    """Go <=1.8 ``strconv.ParseUint(s, 10, 16)`` value: 0 on a syntax error, 2**64-1 on overflow.

    Digits are read left to right and the first failure decides (golang/go issue 21278).
    """
    n = 0
    for ch in text:
        if not "0" <= ch <= "9":
            return 0
        n = n * 10 + (ord(ch) - 48)
        if n > 0xFFFF:
            return (1 << 64) - 1
    return n


def port_int(raw: str, nat_int: Literal["legacy", "parseport"]) -> int:
    """``nat.Port.Int()``: legacy ``int(ParseUint(...))`` (overflow gives -1), or ParsePort (0 on error)."""
    port = split_proto_port(raw)[1]
    if port == "":
        return 0
    value = _parse_uint16_legacy(port)
    if nat_int == "parseport":
        # moby/moby@v1.13.0:vendor/github.com/docker/go-connections/nat/nat.go: ParsePort -> 0 on error
        return 0 if value == (1 << 64) - 1 else value
    # moby/moby@v1.12.0:vendor/src/github.com/docker/go-connections/nat/nat.go: int(uint64 max) == -1
    return -1 if value == (1 << 64) - 1 else value


def sort_ports(ports: Sequence[str], nat_int: Literal["legacy", "parseport"]) -> list[str]:
    """``nat.Sort`` with ToEnv's comparator: by number, tcp first on ties.

    Go's ``sort.Sort`` is unstable and moby's input order is a Go map's, so ties between two non-tcp
    ports (or two ports that both count as tcp) have no defined order; this keeps input order.
    """
    return sorted(ports, key=lambda p: (port_int(p, nat_int), go_lower(split_proto_port(p)[0]) != "tcp"))


def link_env(
    name: str,
    child_ip: str,
    child_env: Sequence[str] | None,
    exposed_ports: Sequence[str],
    nat_int: Literal["legacy", "parseport"],
) -> list[str]:
    """Legacy ``Link.ToEnv()``: default port, ranges of >=3 contiguous numbers, per-port vars, NAME, ENV_."""
    alias = link_alias(name)
    ports = sort_ports(exposed_ports, nat_int)
    split = [split_proto_port(p) for p in ports]
    env: list[str] = []

    def var(port: str, proto: str) -> str:
        return f"{alias}_PORT_{port}_{go_upper(proto)}"

    if ports:
        proto, num = split[0]
        env.append(f"{alias}_PORT={proto}://{child_ip}:{num}")
    ints = [port_int(p, nat_int) for p in ports]
    i = 0
    while i < len(ports):
        j = _next_contiguous(ints, i)
        if j > i + 1:
            proto, num = split[i]
            end_proto, end_num = split[j]
            start = var(num, proto)
            # moby keys the END variables by the START port number with the END port's protocol.
            end = var(num, end_proto)
            env += [
                f"{start}_START={proto}://{child_ip}:{num}",
                f"{start}_ADDR={child_ip}",
                f"{start}_PROTO={proto}",
                f"{start}_PORT_START={num}",
                f"{end}_END={end_proto}://{child_ip}:{end_num}",
                f"{end}_PORT_END={end_num}",
            ]
            i = j + 1
        else:
            i += 1
    for proto, num in split:
        prefix = var(num, proto)
        env += [
            f"{prefix}={proto}://{child_ip}:{num}",
            f"{prefix}_ADDR={child_ip}",
            f"{prefix}_PORT={num}",
            f"{prefix}_PROTO={proto}",
        ]
    return env + name_and_env(alias, name, child_env)


def link_alias(name: str) -> str:
    """The variable prefix: the link name's last element, upper-cased, ``-`` as ``_``."""
    return go_upper(name.rsplit("/", 1)[-1]).replace("-", "_")


def name_and_env(alias: str, name: str, child_env: Sequence[str] | None) -> list[str]:
    """ToEnv's tail at every version: ``<ALIAS>_NAME`` and the child's env as ``<ALIAS>_ENV_*``.

    Entries without ``=`` and the HOME and PATH that docker build adds are left out.
    """
    env = [f"{alias}_NAME={name}"]
    for entry in child_env or ():
        if "=" not in entry:
            continue
        key, value = entry.split("=", 1)
        if key in {"HOME", "PATH"}:
            continue
        env.append(f"{alias}_ENV_{key}={value}")
    return env


def _next_contiguous(ints: Sequence[int], index: int) -> int:
    """``nextContiguous``: the counter advances per accepted port whatever its protocol or repeat."""
    value = ints[index]
    for k in range(index + 1, len(ints)):
        if ints[k] > value + 1:
            return k - 1
        value += 1
    return len(ints) - 1


def legacy_to_env(nat_int: Literal["legacy", "parseport"]) -> Callable[[str, Container, Endpoint], list[str]]:
    """1.10-27.x ``NewLink(...).ToEnv()`` as :func:`setup_linked_containers` calls it."""
    return lambda alias, child, ep: link_env(
        alias, ep.IPAddress, child.Config.Env, child.Config.ExposedPorts, nat_int
    )


def setup_linked_containers(
    container: Container,
    links: Sequence[Link],
    *,
    endpoint_check: bool,
    to_env: Callable[[str, Container, Endpoint], list[str]],
) -> list[str]:
    """``setupLinkedContainers`` on Linux: ``to_env(alias, child, child's bridge endpoint)`` of every child.

    No bridge endpoint on the parent -> no env and no error, even for a stopped child. moby walks a Go
    map of children, so with several links the order of the blocks is not defined (an order-free group).
    """
    _, parent = container.network(BRIDGE)
    if parent is None or (endpoint_check and not parent.EndpointSettings):
        return []
    env: list[str] = []
    for link in links:
        child = link.Container
        if not child.State.Running:
            raise fail(
                "links.child-not-running",
                f"Cannot link to a non running container: {child.Name} AS {link.Alias}",
            )
        _, child_ep = child.network(BRIDGE)
        if child_ep is None or (endpoint_check and not child_ep.EndpointSettings):
            raise fail(
                "links.child-not-on-bridge", f"container {child.ID} not attached to default bridge network"
            )
        env += to_env(link.Alias, child, child_ep)
    return env

"""Legacy Link.ToEnv, nat.Port parsing and setupLinkedContainers (moby-behavior §7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobyspec_reference.errors import BuildError
from mobyspec_reference.inputs import Container, Link
from mobyspec_reference.links import (
    legacy_to_env,
    link_env,
    port_int,
    setup_linked_containers,
    sort_ports,
    split_proto_port,
)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("80/tcp", ("tcp", "80")),
        ("80", ("tcp", "80")),
        ("80/", ("tcp", "80")),
        ("", ("", "")),
        ("/udp", ("", "")),
        ("53/UDP", ("UDP", "53")),
        ("1/a/b", ("a", "1")),
    ],
)
def test_split_proto_port(raw: str, want: tuple[str, str]) -> None:
    assert split_proto_port(raw) == want


@pytest.mark.parametrize(
    ("raw", "legacy", "parseport"),
    [
        # moby-behavior §7.2: Go <=1.8 ParseUint returns 0 on syntax errors and 2**64-1 on overflow.
        ("80/tcp", 80, 80),
        ("80-90/tcp", 0, 0),
        ("abc", 0, 0),
        ("+80", 0, 0),
        ("65535", 65535, 65535),
        ("65536", -1, 0),
        ("70000/udp", -1, 0),
        ("99999x", -1, 0),  # overflow is detected before the bad character
        ("6553x", 0, 0),
    ],
)
def test_port_int_per_nat_version(raw: str, legacy: int, parseport: int) -> None:
    assert port_int(raw, "legacy") == legacy
    assert port_int(raw, "parseport") == parseport


def test_sort_puts_tcp_first_on_equal_numbers() -> None:
    assert sort_ports(["53/udp", "80/tcp", "53/tcp"], "parseport") == ["53/tcp", "53/udp", "80/tcp"]


def test_range_end_keys_use_start_number_with_end_protocol() -> None:
    env = link_env("/web/x", "10.0.0.2", None, ["80/tcp", "81/tcp", "82/udp"], "parseport")
    assert "X_PORT_80_UDP_END=udp://10.0.0.2:82" in env
    assert "X_PORT_80_UDP_PORT_END=82" in env
    # _ADDR and _PROTO of the range start appear twice (range block and per-port block).
    assert env.count("X_PORT_80_TCP_ADDR=10.0.0.2") == 2


ports = st.lists(
    st.builds("{}/{}".format, st.integers(1, 200), st.sampled_from(["tcp", "udp"])), unique=True, max_size=6
)


@given(ports)
def test_every_port_yields_its_four_variables(exposed: list[str]) -> None:
    env = link_env("/web/db", "172.17.0.2", ["HOME=/", "PATH=/", "K=v"], exposed, "parseport")
    for port in exposed:
        num, proto = port.split("/")
        prefix = f"DB_PORT_{num}_{proto.upper()}"
        assert f"{prefix}={proto}://172.17.0.2:{num}" in env
        assert f"{prefix}_ADDR=172.17.0.2" in env
        assert f"{prefix}_PORT={num}" in env
        assert f"{prefix}_PROTO={proto}" in env
    assert "DB_NAME=/web/db" in env
    assert "DB_ENV_K=v" in env
    assert not any(e.startswith(("DB_ENV_HOME=", "DB_ENV_PATH=")) for e in env)


@given(ports.filter(bool))
def test_default_port_is_the_lowest_number_tcp_first(exposed: list[str]) -> None:
    env = link_env("/web/db", "ip", None, exposed, "parseport")
    lowest = min(exposed, key=lambda p: (int(p.split("/")[0]), p.split("/")[1] != "tcp"))
    num, proto = lowest.split("/")
    assert env[0] == f"DB_PORT={proto}://ip:{num}"


def _container(*, running: bool = True, bridge: object = "ip", settings: bool = True) -> Container:
    raw: dict[str, object] = {"ID": "c1", "Name": "/db", "State": {"Running": running}}
    if bridge is not None:
        raw["NetworkSettings"] = {"Networks": {"bridge": {"IPAddress": bridge, "EndpointSettings": settings}}}
    return Container.parse(raw)


def test_parent_without_bridge_skips_even_stopped_children() -> None:
    parent = _container(bridge=None)
    links = [Link(Alias="/web/db", Container=_container(running=False))]
    assert (
        setup_linked_containers(parent, links, endpoint_check=True, to_env=legacy_to_env("parseport")) == []
    )


def test_stopped_child_error_text() -> None:
    links = [Link(Alias="/web/db", Container=_container(running=False))]
    with pytest.raises(BuildError) as err:
        setup_linked_containers(_container(), links, endpoint_check=False, to_env=legacy_to_env("legacy"))
    assert err.value.code == "links.child-not-running"
    assert err.value.message == "Cannot link to a non running container: /db AS /web/db"


def test_endpoint_settings_check_only_where_the_profile_has_it() -> None:
    links = [Link(Alias="/web/db", Container=_container(settings=False))]
    # 1.11/1.12 test only the map entry (moby/moby@v1.12.0:daemon/container_operations_unix.go) ...
    assert setup_linked_containers(_container(), links, endpoint_check=False, to_env=legacy_to_env("legacy"))
    # ... 410a8612f4 and later also EndpointSettings (moby/moby@v1.13.0:daemon/container_operations_unix.go).
    with pytest.raises(BuildError, match="not attached to default bridge network"):
        setup_linked_containers(_container(), links, endpoint_check=True, to_env=legacy_to_env("parseport"))

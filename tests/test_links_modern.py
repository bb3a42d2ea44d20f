"""28.0+ ToEnv, 29.0 typed ports and addresses, and the 28.0.2 masked CPU paths (moby-behavior §7, §13.4).

The expected values were checked against moby's own functions: ``links.EnvVars`` of
moby/moby@v28.0.0:daemon/links/links.go (with the vendored go-connections nat) and ``parsePossibleCPUs`` of
moby/moby@v28.0.2:internal/platform/platform_linux.go, built with Debian's Go and run over thousands of
random tie-free port sets and CPU lists (no difference). The 29.x functions need Go 1.23+ (``unique``,
``slices``): read from source.
"""

from __future__ import annotations

import pytest

from mobyspec_reference.build import build
from mobyspec_reference.errors import BuildError, GoPanic
from mobyspec_reference.gonetip import AddrError, parse_addr_unmapped
from mobyspec_reference.gosemantics import go_equal_fold
from mobyspec_reference.inputs import Host
from mobyspec_reference.links_modern import PortError, TypedPort, link_env_v28, link_env_v29, parse_port
from mobyspec_reference.thermal import thermal_throttle_paths

IP = "172.17.0.2"


def _ports(env: list[str]) -> list[str]:
    return [e for e in env if "_PORT" in e]


def test_v28_sorts_tcp_first_and_emits_a_two_port_run_after_the_port_that_ends_it() -> None:
    env = link_env_v28("/web/db", IP, None, ["53/udp", "81/tcp", "80/tcp", "83/tcp"])
    assert env[0] == f"DB_PORT=tcp://{IP}:80"
    stems = [e.split("=")[0] for e in env]
    # 80 and 81 make a run: its START/END come after 83's four variables, which end it
    assert stems.index("DB_PORT_83_TCP_PROTO") < stems.index("DB_PORT_80_TCP_START")
    assert stems.index("DB_PORT_80_TCP_PORT_END") < stems.index("DB_PORT_53_UDP")
    assert f"DB_PORT_80_TCP_END=tcp://{IP}:81" in env
    assert "DB_PORT_80_TCP_ADDR=172.17.0.2" in env  # the port's own variable; a run has no _ADDR
    assert env[-1] == "DB_NAME=/web/db"


def test_v28_run_protocol_is_compared_with_equal_fold_and_printed_as_written() -> None:
    env = link_env_v28("/web/db", IP, None, ["80/tcp", "81/TCP"])
    assert f"DB_PORT_80_TCP_END=TCP://{IP}:81" in env
    assert f"DB_PORT_81_TCP=TCP://{IP}:81" in env


def test_v28_overflowing_port_has_int_zero_and_sorts_first() -> None:
    assert link_env_v28("x", IP, None, ["22/tcp", "70000/tcp"])[0] == f"X_PORT=tcp://{IP}:70000"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("80", TypedPort(80, "tcp")),
        ("080/TCP", TypedPort(80, "tcp")),
        ("8000/", TypedPort(8000, "tcp")),
        ("53/UdP", TypedPort(53, "udp")),
        ("1/a/b", TypedPort(1, "a/b")),  # strings.Cut at the first slash
        ("", TypedPort(0, None)),  # UnmarshalText of an empty key: the zero Port
    ],
)
def test_v29_parse_port(raw: str, want: TypedPort) -> None:
    assert parse_port(raw) == want


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("/tcp", "invalid port '': value is empty"),
        ("80-90/tcp", "invalid port '80-90': invalid syntax"),
        ("+80", "invalid port '+80': invalid syntax"),
        ("70000", "invalid port '70000': value out of range"),
        ("99999x/udp", "invalid port '99999x': value out of range"),  # the first failing digit decides
    ],
)
def test_v29_parse_port_errors(raw: str, message: str) -> None:
    with pytest.raises(PortError) as err:
        parse_port(raw)
    assert str(err.value) == message


def test_v29_zero_port_panics_before_29_4_and_prints_empty_after() -> None:
    ports = [TypedPort(0, None), TypedPort(80, "tcp")]
    with pytest.raises(GoPanic):
        link_env_v29("x", IP, None, ports, "panic")
    assert f"X_PORT_0_=://{IP}:0" in link_env_v29("x", IP, None, ports, "empty")


def test_v29_deduplicates_and_never_runs_across_protocols_at_the_uint16_wrap() -> None:
    env = link_env_v29(
        "x", IP, None, [parse_port(p) for p in ["80", "80/tcp", "65535/tcp", "0/udp"]], "empty"
    )
    assert env.count(f"X_PORT_80_TCP=tcp://{IP}:80") == 1
    assert not [e for e in env if "_START=" in e]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("172.17.0.2", "172.17.0.2"),
        ("::ffff:172.17.0.2", "172.17.0.2"),
        ("FD00:0:0:0:1:0:0:2", "fd00::1:0:0:2"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  # the longest zero run
        ("2001:db8:0:1:0:0:1:1", "2001:db8:0:1::1:1"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("", ""),
    ],
)
def test_netip_unmapped_string(text: str, want: str) -> None:
    assert parse_addr_unmapped(text) == want


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("172.17.0.256", 'ParseAddr("172.17.0.256"): IPv4 field has value >255'),
        ("01.2.3.4", 'ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero'),
        ("1..2.3", 'ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")'),
        ("1.2.3", 'ParseAddr("1.2.3"): IPv4 address too short'),
        ("abc", 'ParseAddr("abc"): unable to parse IP'),
        ("%eth0", 'ParseAddr("%eth0"): missing IPv6 address'),
        ("1::2::3", 'ParseAddr("1::2::3"): multiple :: in address (at ":3")'),
        ("::1.2.3", 'ParseAddr("::1.2.3"): ParseAddr("1.2.3"): IPv4 address too short (at "1.2.3")'),
    ],
)
def test_netip_errors(text: str, message: str) -> None:
    with pytest.raises(AddrError) as err:
        parse_addr_unmapped(text)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        ("tcp", "TCP", True),
        ("k", "\u212a", True),
        ("s", "\u017f", True),
        ("\u03d1", "\u03f4", True),
        ("ß", "ss", False),
    ],
)
def test_go_equal_fold(a: str, b: str, want: bool) -> None:  # noqa: FBT001 - a parametrized expectation
    assert go_equal_fold(a, b) is want


CPU = "/sys/devices/system/cpu"


@pytest.mark.parametrize(
    ("possible", "want"),
    [
        ("0-3\n", [0, 2]),
        ("2,0-1,2", [2, 0, 2]),  # the listed order, repeats kept
        ("3-1", [0, 2]),  # nothing listed: the fallback 0..NumCPU
        ("0-3,x", [0, 2]),  # a bad entry: the fallback
        (None, [0, 2]),
    ],
)
def test_thermal_throttle_paths(possible: str | None, want: list[int]) -> None:
    files = {f"{CPU}/cpu{n}/thermal_throttle": "dir" for n in (0, 2, 5)}
    files[f"{CPU}/cpu1/thermal_throttle"] = {"error": "permission denied"}  # os.Stat fails: not masked
    raw: dict[str, object] = {"NumCPU": 2, "Files": files}
    if possible is not None:
        raw["FileContents"] = {f"{CPU}/possible": possible}
    assert thermal_throttle_paths(Host.parse(raw)) == [f"{CPU}/cpu{n}/thermal_throttle" for n in want]


def test_v29_record_that_does_not_decode_is_refused_whatever_the_request() -> None:
    inp = {"container": {"BaseFS": "/fs", "Config": {"ExposedPorts": {"80-90/tcp": {}}}}}
    with pytest.raises(BuildError) as err:
        build("linux", "spec", inp, "29.0")
    assert (err.value.code, err.value.message) == (
        "record.undecodable",
        "invalid port '80-90': invalid syntax",
    )
    assert "process" in build("linux", "spec", inp, "28.2")

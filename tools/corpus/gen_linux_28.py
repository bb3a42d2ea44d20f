"""Linux ``spec`` cases of the 28.0+ change points: ToEnv rewritten, typed records, masked CPU paths.

Anchors name one behaviour each and cite the tag; the ``linux/sys/links28/`` and ``linux/sys/thermal/``
groups are full products over the new dimensions. Every case here applies from 27.0 (the last legacy
profile, as the contrast) to the newest.
"""

from __future__ import annotations

import itertools
from typing import Any

from mobyspec_reference.profiles import profiles_for
from tools.corpus.common import linux_spec_case, ref

Json = Any

TOENV_28 = ref("v28.0.0", "daemon/links/links.go")
TOENV_29 = ref("docker-v29.0.0", "daemon/links/links.go")
SETUP_29 = ref("docker-v29.0.0", "daemon/container_operations_unix.go")
PORT_29 = ref("docker-v29.0.0", "vendor/github.com/moby/moby/api/types/network/port.go")
PORT_294 = ref("docker-v29.4.0", "vendor/github.com/moby/moby/api/types/network/port.go")
FROMDISK_29 = ref("docker-v29.0.0", "daemon/container/container.go")
NETIP_29 = ref("docker-v29.0.0", "daemon/internal/netipstringer/stringer.go")
DEFAULTS_2802 = ref("v28.0.2", "oci/defaults.go")
PLATFORM_2802 = ref("v28.0.2", "internal/platform/platform.go")
PLATFORM_LINUX_2802 = ref("v28.0.2", "internal/platform/platform_linux.go")
DEFAULTS_29 = ref("docker-v29.0.0", "daemon/pkg/oci/defaults.go")
DEFAULTS_295 = ref("docker-v29.5.0", "daemon/pkg/oci/defaults.go")

#: 27.0 (the last legacy ToEnv) and every newer Linux profile.
_LINUX = [p.id for p in profiles_for("linux", "spec")]
FROM_27 = _LINUX[_LINUX.index("27.0") :]
#: 29.0 and later: where ports such as 80 and 080/tcp are one port (under nat's string keys their order
#: would not be defined; docs/corpus.md, determinism rule for ports).
FROM_29 = _LINUX[_LINUX.index("29.0") :]
KEEP = {"Env": {"DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS": "1"}}
CPU = "/sys/devices/system/cpu"


def _c(*args: Json, profiles: list[str] | None = None, **kwargs: Json) -> Json:
    """A Linux spec case applying from 27.0 unless ``profiles`` says otherwise."""
    return linux_spec_case(*args, profiles=profiles or FROM_27, **kwargs)


def _db(ports: list[str], ip: str = "172.17.0.2", env: list[str] | None = None) -> list[Json]:
    """One running child ``/db`` linked as ``/web/db`` on the bridge, with these exposed ports."""
    child = {
        "ID": "cccccccccccc" + "db000000",
        "Name": "/db",
        "Path": "postgres",
        "Config": {"Env": env, "ExposedPorts": {p: {} for p in ports}},
        "NetworkSettings": {"Networks": {"bridge": {"IPAddress": ip}}},
        "State": {"Running": True},
    }
    return [{"Alias": "/web/db", "Container": child}]


def links_cases() -> list[Json]:
    """ToEnv of 28.0 (nat.Port strings) and 29.0 (network.Port values, on request only)."""
    return [
        _c(
            "links/tcp-first",
            "28.0+: TCP ports sort before every other protocol, then protocol, then number",
            ["links-env", "ports"],
            links=_db(["53/udp", "443/tcp", "80/tcp", "9/sctp"]),
            refs=[TOENV_28],
        ),
        _c(
            "links/run-after-breaking-port",
            "28.0+: a run's START/END follow the variables of the port that ends it; two ports make a run",
            ["links-env", "ports"],
            links=_db(["80/tcp", "81/tcp", "82/tcp", "84/tcp", "85/tcp", "53/udp"]),
            refs=[TOENV_28],
        ),
        _c(
            "links/run-protocol-fold",
            "28.0: a run goes on across 80/tcp 81/TCP (EqualFold with its first port); names as written",
            ["links-env", "ports"],
            links=_db(["80/tcp", "81/TCP", "53/UDP", "54/udp"]),
            refs=[TOENV_28],
        ),
        _c(
            "links/overflow-sorts-first",
            "28.0: 70000/tcp has Int() 0 and sorts before 22/tcp; 29.0 cannot decode it",
            ["links-env", "ports"],
            links=_db(["22/tcp", "70000/tcp"]),
            daemon=KEEP,
            refs=[TOENV_28, PORT_29, FROMDISK_29],
        ),
        _c(
            "links/not-requested",
            "29.0+: no link variables unless dockerd has DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1",
            ["links-env"],
            links=_db(["80/tcp"], env=["PGDATA=/data"]),
            refs=[SETUP_29],
        ),
        _c(
            "links/requested-not-one",
            "29.0+: the variable must be exactly 1; true is not enough",
            ["links-env"],
            links=_db(["80/tcp"]),
            daemon={"Env": {"DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS": "true"}},
            refs=[SETUP_29],
        ),
        _c(
            "links/requested-typed-ports",
            "29.0+ asked: 080/tcp, 80 and 80/TCP are one port 80/tcp; 8000/ is tcp; 53/UDP is udp",
            ["links-env", "ports"],
            links=_db(["080/tcp", "80", "80/TCP", "8000/", "53/UDP", "81/tcp"], env=["PGDATA=/data"]),
            daemon=KEEP,
            profiles=FROM_29,
            refs=[SETUP_29, TOENV_29, PORT_29],
        ),
        _c(
            "links/requested-ipv4-mapped",
            "29.0+: the child's IPv4-mapped address prints as IPv4 (Unmap); 28.0 prints it as stored",
            ["links-env"],
            links=_db(["80/tcp"], ip="::ffff:172.17.0.2"),
            daemon=KEEP,
            refs=[SETUP_29, NETIP_29],
        ),
        _c(
            "links/requested-ipv6",
            "29.0+: an IPv6 child address in RFC 5952 form: lower case, the longest zero run as ::",
            ["links-env"],
            links=_db(["80/tcp"], ip="FD00:0:0:0:1:0:0:2"),
            daemon=KEEP,
            refs=[SETUP_29, NETIP_29],
        ),
        _c(
            "links/requested-zero-port",
            "29.0-29.3: an empty ExposedPorts key is the zero Port and Proto() panics; 29.4+ prints it empty",
            ["links-env", "ports"],
            links=_db(["", "80/tcp"]),
            daemon=KEEP,
            refs=[TOENV_29, PORT_29, PORT_294],
        ),
        _c(
            "links/port-wraps-uint16",
            "29.0+: 65535/tcp then 0/udp: Num()+1 wraps to 0, but the protocols differ, so no run",
            ["links-env", "ports"],
            links=_db(["65535/tcp", "0/udp", "1/udp"]),
            daemon=KEEP,
            refs=[TOENV_29],
        ),
        _c(
            "record/undecodable-own-port",
            "29.0+: the container's own ExposedPorts key 80-90/tcp does not decode: the record cannot load",
            ["error"],
            {"Config": {"ExposedPorts": {"80-90/tcp": {}}}},
            refs=[FROMDISK_29, PORT_29],
        ),
        _c(
            "record/undecodable-port-65536",
            "29.0+: 65536/tcp is out of uint16 range (ParseUint bit size 16): the record cannot load",
            ["error"],
            {"Config": {"ExposedPorts": {"65535/tcp": {}, "65536/tcp": {}}}},
            profiles=FROM_29,
            refs=[FROMDISK_29, PORT_29],
        ),
        _c(
            "record/undecodable-child-address",
            "29.0+: a linked child's IPAddress 172.17.0.256 does not decode, whatever the environment",
            ["error", "links-env"],
            links=_db(["80/tcp"], ip="172.17.0.256"),
            refs=[FROMDISK_29, NETIP_29],
        ),
        _c(
            "record/undecodable-first-in-file",
            "29.0+: the first bad value in file order is named: the own port before the own address",
            ["error"],
            {
                "Config": {"ExposedPorts": {"99999/tcp": {}, "x/udp": {}}},
                "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "1.2.3"}}},
            },
            refs=[FROMDISK_29, PORT_29],
        ),
    ]


def default_cases() -> list[Json]:
    """DefaultSpec of 28.0.2+ and 29.5+: masked CPU paths and the time namespace."""
    return [
        _c(
            "default/thermal-throttle",
            "28.0.2+: each possible CPU's thermal_throttle that exists is masked, after the fixed list",
            ["default-spec"],
            host={
                "FileContents": {f"{CPU}/possible": "0-3\n"},
                "Files": {f"{CPU}/cpu0/thermal_throttle": "dir", f"{CPU}/cpu2/thermal_throttle": "dir"},
            },
            refs=[DEFAULTS_2802, PLATFORM_LINUX_2802],
        ),
        _c(
            "default/thermal-throttle-fallback",
            "28.0.2+: without /sys/devices/system/cpu/possible the CPUs are 0..NumCPU, NumCPU included",
            ["default-spec"],
            host={"NumCPU": 2, "Files": {f"{CPU}/cpu{n}/thermal_throttle": "dir" for n in range(4)}},
            refs=[DEFAULTS_2802, PLATFORM_2802],
        ),
        _c(
            "default/time-namespace",
            "29.5+: DefaultSpec lists a time namespace after the network one; 29.0 sorts the masked paths",
            ["default-spec"],
            refs=[DEFAULTS_29, DEFAULTS_295],
        ),
    ]


#: The links28 group: port sets that tell the three ToEnv versions apart.
PORT_SETS: dict[str, list[str]] = {
    "none": [],
    "one": ["80/tcp"],
    "pair": ["80/tcp", "81/tcp"],
    "triple-udp": ["53/udp", "54/udp", "55/udp"],
    "mixed": ["80/udp", "80/tcp", "81/tcp", "9/sctp"],
    "gap": ["80/tcp", "82/tcp", "83/tcp", "85/tcp"],
    "case": ["80/TCP", "81/tcp", "53/Udp"],
    "bare": ["6379", "6380/tcp"],
}
ENV_GATES: dict[str, Json] = {
    "unset": None,
    "one": {"DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS": "1"},
    "zero": {"DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS": "0"},
}
#: The thermal group: /sys/devices/system/cpu/possible as the host has it (None: unreadable).
POSSIBLE: dict[str, Json] = {
    "absent": None,
    "range": "0-3\n",
    "list": "2,0-1,2",
    "empty-range": "3-1",
    "bad": "0-3,x",
    "error": {"error": "permission denied"},
    "signed": " +1-+2 ",
}
THROTTLE: dict[str, Json] = {
    "none": {},
    "all": {f"{CPU}/cpu{n}/thermal_throttle": "dir" for n in range(4)},
    "some": {f"{CPU}/cpu1/thermal_throttle": "dir", f"{CPU}/cpu3/thermal_throttle": "file"},
    "stat-error": {f"{CPU}/cpu0/thermal_throttle": {"error": "permission denied"}},
}


#: The addr29 group: a child's bridge IPAddress as 29.0+ decodes and prints it (every branch of Go's
#: netip.ParseAddr and Addr.String), label -> address.
ADDRESSES: dict[str, str] = {
    "empty": "",
    "v4": "172.17.0.2",
    "v4-mapped": "::ffff:172.17.0.2",
    "v4-compatible": "::172.17.0.2",
    "v6-zone": "fe80::1%eth0",
    "v6-unspecified": "::",
    "v6-full": "1:2:3:4:5:6:7:8",
    "v6-first-longest-run": "1:0:0:2:0:0:0:3",
    "v6-trailing-ellipsis": "2001:DB8::",
    "v6-one-zero-field": "1:2:3:0:5:6:7:8",
    "v4-leading-zero": "01.2.3.4",
    "v4-over-255": "256.1.1.1",
    "v4-empty-field": "1..2.3",
    "v4-five-fields": "1.2.3.4.5",
    "v4-three-fields": "1.2.3",
    "v4-letter": "1.2.3.x",
    # Go 1.19+ quote DEL as \x7f in the error (moby 29 builds with Go 1.25)
    "v4-del": "1.2.3.\x7f",
    "no-separator": "abc",
    "zone-only": "%eth0",
    "empty-zone": "fe80::1%",
    "field-over-16-bits": "12345::",
    "leading-colon": ":1",
    "v4-not-last": "1:2:3:4:5:6:7:1.2.3.4",
    "v4-no-room": "1:2:3:4:5:6:7::1.2.3.4",
    "v4-bad-embedded": "::1.2.3",
    "want-colon": "1g:2",
    "colon-at-end": "1:",
    "two-ellipses": "1::2::3",
    "too-short": "1:2",
    "ellipsis-expands-nothing": "1:2:3:4:5:6:7:8::",
    "trailing-garbage": "1:2:3:4:5:6:7:8:9",
}


def systematic_cases() -> list[Json]:
    """``linux/sys/links28/`` (ports x environment), ``linux/sys/thermal/`` (possible x files), ``addr29``."""
    out = []
    for (pname, ports), (gname, gate) in itertools.product(PORT_SETS.items(), ENV_GATES.items()):
        world: dict[str, Json] = {"links": _db(ports, env=["PGDATA=/data"])}
        if gate is not None:
            world["daemon"] = {"Env": gate}
        out.append(
            _c(
                f"sys/links28/ports-{pname}.env-{gname}",
                f"ports {' '.join(ports) or '(none)'}, DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS {gname}",
                ["links-env", "ports"],
                refs=[TOENV_28, TOENV_29, SETUP_29],
                **world,
            )
        )
    for (cname, content), (tname, files) in itertools.product(POSSIBLE.items(), THROTTLE.items()):
        host: dict[str, Json] = {"NumCPU": 2, "Files": files}
        if content is not None:
            host["FileContents"] = {f"{CPU}/possible": content}
        out.append(
            _c(
                f"sys/thermal/possible-{cname}.throttle-{tname}",
                f"possible CPUs {cname}, thermal_throttle entries {tname}, NumCPU 2",
                ["default-spec"],
                host=host,
                refs=[DEFAULTS_2802, PLATFORM_2802, PLATFORM_LINUX_2802],
            )
        )
    for label, address in ADDRESSES.items():
        out.append(
            _c(
                f"sys/addr29/{label}",
                f"29.0+: a linked child at {address!r}, link variables requested",
                ["links-env"],
                links=_db(["80/tcp"], ip=address),
                daemon=KEEP,
                profiles=FROM_29,
                refs=[FROMDISK_29, NETIP_29],
            )
        )
    return out


def cases() -> list[Json]:
    """Every 28.0+ Linux case."""
    return [*links_cases(), *default_cases(), *systematic_cases()]

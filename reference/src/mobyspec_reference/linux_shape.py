"""The Linux spec's JSON shape per vendored runtime-spec: DefaultSpec's content plus omitempty rules.

Sources: moby/moby@TAG:oci/defaults_linux.go (oci/defaults.go from 17.07) and the vendored
``specs-go/config.go`` (opencontainers/specs 0.5.0-dev at c70f153f52, 0.6.0-dev at v1.11.2, v1.0.0-rc1 at
v1.12.0 and 410a8612f4, runtime-spec 1c7c27d043 "1.0.0-rc2-dev" at v1.13.0-v17.03.2-ce, v1.0.0-rc5 at
v17.06.0-ce, d42f1eb741 at v17.07.0-ce, v1.0.0 and later from v17.09.0-ce: no ``Platform``, ``Process``,
``Root`` and ``ConsoleSize`` pointers, moby/moby@v17.09.0-ce:vendor/github.com/opencontainers/runtime-spec/
specs-go/config.go).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mobyspec_reference.linux_rules import LinuxRules

CAPABILITIES = (
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_FSETID",
    "CAP_FOWNER",
    "CAP_MKNOD",
    "CAP_NET_RAW",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETFCAP",
    "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE",
    "CAP_SYS_CHROOT",
    "CAP_KILL",
    "CAP_AUDIT_WRITE",
)

NAMESPACES = ("mount", "network", "uts", "pid", "ipc")
#: 29.5+ (moby/moby@docker-v29.5.0:daemon/pkg/oci/defaults.go): a time namespace after the network one.
NAMESPACES_TIME = ("mount", "network", "time", "uts", "pid", "ipc")
#: Cgroup device rules (allow, major, minor); the first entry denies everything and has no type.
DEVICE_RULES = (
    (True, 1, 5),
    (True, 1, 3),
    (True, 1, 9),
    (True, 1, 8),
    (True, 5, 0),
    (True, 5, 1),
    (False, 10, 229),
)
_FILE_MODE_0666 = 0o666  # os.FileMode serializes as its integer value (438)

_PRE_RC1 = frozenset({"0.5.0-dev", "0.6.0-dev"})
_HAS_CONSOLE_SIZE = frozenset({"rc2-dev", "rc5"})
#: Capabilities as an object (bounding, effective, inheritable, permitted) from rc5 on.
_CAPS_OBJECT = frozenset({"rc5", "1.0"})


def serialize(
    rules: LinuxRules,
    *,
    arch: str,
    terminal: bool,
    args: list[str],
    env: list[str],
    cwd: str,
    root: dict[str, Any],
    hostname: str,
    extra_mounts: list[dict[str, Any]],
    sysctl: dict[str, str] | None = None,
    extra_masked: list[str] | None = None,
) -> dict[str, Any]:
    """The JSON object Go's encoding/json writes for DefaultSpec after populateCommonSpec.

    ``extra_masked``: the host-dependent masked paths DefaultSpec appends (28.0.2+ thermal_throttle).
    """
    shape = rules.shape
    pre_rc1 = shape in _PRE_RC1

    process: dict[str, Any] = {}
    if pre_rc1 or terminal:  # `terminal` gained omitempty in rc1
        process["terminal"] = terminal
    if shape in _HAS_CONSOLE_SIZE:
        # Box is a struct value: omitempty cannot drop it, so it is always written (never set on Linux).
        process["consoleSize"] = {"height": 0, "width": 0}
    # uid/gid were omitempty before rc1, so root's user rendered as {}.
    process["user"] = {} if pre_rc1 else {"uid": 0, "gid": 0}
    process["args"] = args
    if env:
        process["env"] = env
    process["cwd"] = cwd
    caps = list(CAPABILITIES)
    if shape in _CAPS_OBJECT:
        process["capabilities"] = {"bounding": caps, "effective": caps}
        if rules.inheritable_caps:  # omitempty: 20.10.14+ leave it nil
            process["capabilities"]["inheritable"] = list(caps)
        process["capabilities"]["permitted"] = list(caps)
    else:
        process["capabilities"] = caps

    spec: dict[str, Any] = {"ociVersion": rules.oci_version}
    if shape != "1.0":  # runtime-spec v1.0.0 dropped Platform
        spec["platform"] = {"os": "linux", "arch": arch}
    spec |= {
        "process": process,
        "root": {"path": root["path"], "readonly": root["readonly"]}
        if pre_rc1 or root["readonly"]
        else {"path": root["path"]},
    }
    if hostname:
        spec["hostname"] = hostname
    mounts = [_mount(d, t, s, list(o), shape) for d, t, s, o in rules.default_mounts]
    mounts += [_mount(m["destination"], m["type"], m["source"], m["options"], shape) for m in extra_mounts]
    spec["mounts"] = mounts
    if shape not in _CAPS_OBJECT:  # Hooks is a struct value up to rc2-dev, a nil pointer from rc5
        spec["hooks"] = {}
    spec["linux"] = _linux(rules, sysctl or {}, extra_masked or [])
    if shape == "rc1":
        # rc1's Solaris is a struct value without omitempty; its inner structs cannot be omitted.
        spec["solaris"] = {"cappedCPU": {}, "cappedMemory": {}}
    return spec


def _mount(destination: str, typ: str, source: str, options: list[str], shape: str) -> dict[str, Any]:
    # rc5 made type and source omitempty (so do later versions); earlier versions always write them.
    # Every mount here has a type and options; only the init binary's source can be empty (a LookPath
    # answer of "").
    mount: dict[str, Any] = {"destination": destination, "type": typ}
    if shape not in _CAPS_OBJECT or source:
        mount["source"] = source
    mount["options"] = options
    return mount


def _linux(rules: LinuxRules, sysctl: dict[str, str], extra_masked: list[str]) -> dict[str, Any]:
    rules_json: list[dict[str, Any]] = [{"allow": False, "access": "rwm"}]
    rules_json += [
        {"allow": allow, "type": "c", "major": major, "minor": minor, "access": "rwm"}
        for allow, major, minor in DEVICE_RULES
    ]
    linux: dict[str, Any] = {
        "resources": {"devices": rules_json},
        "namespaces": [{"type": ns} for ns in (NAMESPACES_TIME if rules.time_namespace else NAMESPACES)],
    }
    if rules.devices:  # omitempty: 410a8612f4 and later have an empty list, so no key
        linux["devices"] = [
            {
                "path": path,
                "type": "c",
                "major": major,
                "minor": minor,
                "fileMode": _FILE_MODE_0666,
                "uid": 0,
                "gid": 0,
            }
            for path, major, minor in rules.devices
        ]
    linux["maskedPaths"] = [*rules.masked_paths, *extra_masked]
    linux["readonlyPaths"] = list(rules.readonly_paths)
    if sysctl:  # map, omitempty; Go writes its keys sorted
        linux["sysctl"] = dict(sorted(sysctl.items()))
    return linux

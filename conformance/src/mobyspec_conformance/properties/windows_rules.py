"""The rules of moby's Windows spec building (cwd, Hyper-V root, mounts, args, hostname, resources)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from mobyspec_conformance import strategies as ms
from mobyspec_conformance.properties.common import _NAMES, _any_input, _check_determinism, _check_hostname
from mobyspec_conformance.properties.framework import _windows, rule
from mobyspec_conformance.properties.inputs import _is_hyperv, _windows_input
from mobyspec_conformance.properties.subject import (
    _NANO,
    _U8,
    _U16,
    _U64,
    Subject,
    _expect,
    _expect_cwd,
    _expect_equal,
    _show,
    _spec,
)
from mobyspec_reference.gosemantics import clean_windows
from mobyspec_reference.windows_cmdline import command_line_to_argv

if TYPE_CHECKING:
    from mobyspec_reference.profiles import Profile

Json = Any


@rule(
    "windows-cwd-default",
    "windows",
    applies=_windows,
    inputs=lambda p: _windows_input(p, config={"WorkingDir": ms.windows_workdirs()}),
)
def windows_cwd_default(subject: Subject, profile: Profile, inp: Json) -> None:
    r"""The Windows cwd is Config.WorkingDir; when it is empty, ``C:\`` where the profile has it, else ``""``.

    moby 1.12+: ``s.Process.Cwd = c.Config.WorkingDir; if len(s.Process.Cwd) == 0 { s.Process.Cwd =
    `C:\` }`` (moby/moby@v1.12.0:daemon/oci_windows.go, commit c2d183426b); 1.11 and c70f153f52 copy the
    raw value (moby/moby@v1.11.2:daemon/oci_windows.go). Where SetupWorkingDirectory still runs it
    Windows-cleans a non-empty value (skipped for a container of its own Hyper-V isolation in 1.11 and
    c70f153f52, moby/moby@v1.11.2:container/container.go); 1.13.1+ pass it through raw
    (moby/moby@v17.03.2-ce:daemon/oci_windows.go), and so does every later createSpec: ``s.Process.Cwd =
    c.Config.WorkingDir`` and, in createSpecWindowsFields, ``s.Process.Cwd = `C:\``` when it is empty
    (moby/moby@v17.07.0-ce:daemon/oci_windows.go to moby/moby@docker-v29.7.2:daemon/oci_windows.go). The
    value is the stored one (create's ``FromSlash`` and
    absolute check never run on the way, moby/moby@v1.12.0:daemon/start.go): ``C:/a/`` is Cleaned to
    ``C:\a`` where the Clean runs and kept raw where it does not, ``C:`` becomes ``C:.``.
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-cwd-default")
    workdir = inp["container"].get("Config", {}).get("WorkingDir", "")
    own = inp["container"].get("HostConfig", {}).get("Isolation", "")
    if workdir == "":
        want = rules.cwd_default
    elif rules.workdir_setup == "none" or (
        rules.workdir_setup == "hyperv-then-clean" and own.lower() == "hyperv"
    ):
        want = workdir
    else:
        want = clean_windows(workdir)
    _expect_cwd(spec, want, workdir)


# ---------------------------------------------------------------------------------------------------
# Windows root


@rule(
    "windows-hyperv-root",
    "windows",
    applies=_windows,
    inputs=lambda p: _windows_input(p, host_config={"ReadonlyRootfs": st.booleans()}),
)
def windows_hyperv_root(subject: Subject, profile: Profile, inp: Json) -> None:
    r"""From 1.13.0 Hyper-V leaves root.path unset and root.readonly is always false; before, root is BaseFS.

    moby 1.13.0+: ``if !isHyperV { s.Root.Path = c.BaseFS }`` and ``s.Root.Readonly = false // Windows
    does not support a read-only root filesystem`` (moby/moby@v1.13.0:daemon/oci_windows.go, commit
    8f76a1d08b); up to 410a8612f4 ``s.Root.Path = c.BaseFS; s.Root.Readonly =
    c.HostConfig.ReadonlyRootfs`` for every isolation (moby/moby@v1.12.0:daemon/oci_windows.go). From
    17.09 ``if !strings.HasSuffix(s.Root.Path, `\`) { s.Root.Path = s.Root.Path + `\` }`` after the
    process-isolation assignment (moby/moby@v17.09.0-ce:daemon/oci_windows.go).
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-hyperv-root")
    root = spec.get("root", {})
    path, readonly = root.get("path", ""), root.get("readonly", False)
    container = inp["container"]
    if rules.hyperv_root:
        want_path = "" if _is_hyperv(inp) else container["BaseFS"]
        if want_path and rules.root_backslash and not want_path.endswith("\\"):
            want_path += "\\"
        want_readonly = False
    else:
        want_path = container["BaseFS"]
        want_readonly = container.get("HostConfig", {}).get("ReadonlyRootfs", False)
    _expect_equal("root.path", path, want_path)
    _expect_equal("root.readonly", readonly, want_readonly)


# ---------------------------------------------------------------------------------------------------
# Windows mounts


@rule(
    "windows-mount-readonly",
    "windows",
    applies=_windows,
    inputs=lambda p: _windows_input(p, container={"Mounts": ms.windows_mounts()}),
)
def windows_mount_readonly(subject: Subject, profile: Profile, inp: Json) -> None:
    """A mount that is not writable is read-only in the spec (``ro`` option, or ``readonly`` in windowsoci).

    moby 1.13.0+: ``if !mount.Writable { m.Options = append(m.Options, "ro") }``
    (moby/moby@v1.13.0:daemon/oci_windows.go, also 410a8612f4); 1.11-1.12:
    ``Readonly: !mount.Writable`` in the windowsoci Mount (moby/moby@v1.12.0:daemon/oci_windows.go). The
    same ``if !mount.Writable { m.Options = append(m.Options, "ro") }`` runs at every later tag
    (moby/moby@v17.09.0-ce:daemon/oci_windows.go, moby/moby@docker-v29.7.2:daemon/oci_windows.go), where
    ``type`` is omitempty and left out.
    Writable mounts never carry it.
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-mount-readonly")
    out = {m.get("destination"): m for m in spec.get("mounts") or [] if isinstance(m, dict)}
    for mount in inp["container"].get("Mounts", []):
        dest = mount["Destination"]
        _expect(dest in out, f"no mount for destination {_show(dest)} in {_show(spec.get('mounts'))}")
        readonly = not mount.get("Writable", True)
        got = out[dest]
        if rules.shape == "windowsoci":
            _expect(
                got.get("readonly") is readonly,
                f"mount {_show(dest)}: readonly is {_show(got.get('readonly'))}",
            )
        else:
            has_ro = "ro" in (got.get("options") or [])
            _expect(
                has_ro == readonly,
                f"mount {_show(dest)} (Writable {not readonly}): options {_show(got.get('options'))}",
            )


# ---------------------------------------------------------------------------------------------------
# Windows args


@rule(
    "windows-args",
    "windows",
    applies=_windows,
    inputs=lambda p: _windows_input(
        p,
        container={
            "Path": st.one_of(st.sampled_from(ms.COMMON_WINDOWS_EXES), ms.command_line_args()),
            "Args": st.lists(ms.command_line_args(), max_size=4),
        },
        config={"ArgsEscaped": st.booleans()},
    ),
)
def windows_args(subject: Subject, profile: Profile, inp: Json) -> None:
    """Escaped Windows args parse back to ``[Path] + Args`` (CommandLineToArgvW); ArgsEscaped keeps them raw.

    moby 1.12+: ``if !c.Config.ArgsEscaped { s.Process.Args = escapeArgs(s.Process.Args) }`` with
    ``escapeArgs`` = ``syscall.EscapeArg`` of each element (moby/moby@v1.12.0:daemon/oci_windows.go);
    1.11 escapes the Args only ("TODO (jstarks): escape the entrypoint too",
    moby/moby@v1.11.2:daemon/oci_windows.go). libcontainerd joins them with spaces into the HCS command
    line (moby/moby@v1.12.0:libcontainerd/client_windows.go), which the process splits with the rules
    Go's test pins against CommandLineToArgvW (golang/go@023668638298:src/os/os_windows_test.go).
    From 19.03 ``if c.Config.ArgsEscaped { s.Process.CommandLine = c.Path; if len(c.Args) > 0 {
    s.Process.CommandLine += " " + system.EscapeArgs(c.Args) } } else { s.Process.Args =
    append([]string{c.Path}, c.Args...) }`` (moby/moby@v19.03.0:daemon/oci_windows.go): the Args of the
    command line parse back, the Path is kept raw, and unescaped args are the original list.
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-args")
    c = inp["container"]
    original = [c["Path"], *c.get("Args", [])]
    if rules.command_line:
        _command_line_args(spec, c, original)
        return
    args = spec.get("process", {}).get("args")
    _expect(isinstance(args, list) and len(args) >= 1, f"process.args is {_show(args)}")
    if c.get("Config", {}).get("ArgsEscaped", False):
        _expect_equal("ArgsEscaped: process.args", args, original)
        return
    escaped = args if rules.escape_path else args[1:]
    want = original if rules.escape_path else original[1:]
    if not rules.escape_path:
        _expect(
            args[0] == c["Path"], f"args[0] is {_show(args[0])}, expected the raw Path {_show(c['Path'])}"
        )
    # Parse after a program name so that every element follows the argument rules.
    parsed = command_line_to_argv("prog " + " ".join(escaped))[1:] if escaped else []
    _expect(
        parsed == want, f"process.args {_show(args)} parse back to {_show(parsed)}, expected {_show(want)}"
    )


def _command_line_args(spec: Json, c: Json, original: list[str]) -> None:
    """19.03+: raw ``args``, or ``commandLine`` = Path [+ " " + escaped Args] for ArgsEscaped."""
    process = spec.get("process", {})
    if not c.get("Config", {}).get("ArgsEscaped", False):
        _expect_equal("process.args", process.get("args"), original)
        _expect(
            "commandLine" not in process,
            f"commandLine {_show(process.get('commandLine'))} without ArgsEscaped",
        )
        return
    _expect(
        "args" not in process, f"ArgsEscaped: process.args is {_show(process.get('args'))}, expected none"
    )
    line = process.get("commandLine", "")  # omitempty: an empty Path without Args leaves it out
    path = c["Path"]
    _expect(
        isinstance(line, str) and line.startswith(path), f"commandLine {_show(line)} does not start with Path"
    )
    rest = line[len(path) :]
    if len(original) == 1:
        _expect_equal("commandLine", line, path)
        return
    _expect(rest.startswith(" "), f"commandLine {_show(line)}: no space after Path")
    parsed = command_line_to_argv("prog" + rest)[1:]
    _expect(
        parsed == original[1:],
        f"commandLine {_show(line)} parses back to {_show(parsed)}, expected {_show(original[1:])}",
    )


@rule("windows-hostname", "windows", applies=_windows, inputs=lambda p: _windows_input(p, config=_NAMES))
def windows_hostname(subject: Subject, profile: Profile, inp: Json) -> None:
    """The Windows spec hostname is ``Hostname`` or ``Hostname.Domainname`` (absent when empty).

    moby: ``s.Hostname = c.FullHostname()`` at every version (moby/moby@v1.12.0:daemon/oci_windows.go,
    moby/moby@v17.06.0-ce:daemon/oci_windows.go), from 19.03 inside createSpecWindowsFields
    (moby/moby@v19.03.0:daemon/oci_windows.go, moby/moby@docker-v29.7.2:daemon/oci_windows.go);
    ``hostname`` is omitempty in every Windows spec type.
    """
    _check_hostname(subject, profile, inp, "windows")


# ---------------------------------------------------------------------------------------------------
# Windows resources


def _trunc(a: int, b: int) -> int:
    """Go integer division: toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _wrap64(value: int) -> int:
    value &= _U64
    return value - (1 << 64) if value >> 63 else value


_RESOURCE_FIELDS = {
    "CPUShares": st.one_of(
        st.sampled_from([0, -1, 2, 10000, 65536, 70000]), st.integers(ms.INT64_MIN, ms.INT64_MAX)
    ),
    "CPUPercent": st.one_of(st.sampled_from([0, 50, 100, 300, -1]), st.integers(ms.INT64_MIN, ms.INT64_MAX)),
    "CPUCount": st.one_of(st.sampled_from([0, 2, -1]), st.integers(ms.INT64_MIN, ms.INT64_MAX)),
    "NanoCPUs": st.one_of(
        st.sampled_from([5_000_000, 10_000_000, 1_500_000_000, 2_000_000_000, 3_000_000_000, 10**17, -5]),
        st.integers(0, ms.INT64_MAX),
    ),
    "Memory": st.one_of(st.sampled_from([0, -1, 536870912]), st.integers(ms.INT64_MIN, ms.INT64_MAX)),
    "IOMaximumBandwidth": st.integers(0, ms.UINT64_MAX),
    "IOMaximumIOps": st.integers(0, ms.UINT64_MAX),
}


@rule(
    "windows-resources",
    "windows",
    applies=_windows,
    inputs=lambda p: _windows_input(p, host_config=_RESOURCE_FIELDS, num_cpu=True),
)
def windows_resources(subject: Subject, profile: Profile, inp: Json) -> None:
    """Windows resources are HostConfig's integers converted as Go does: wraps, truncation, the 17.06 clamp.

    moby 1.13.0+: ``cpuShares := uint16(c.HostConfig.CPUShares)``, ``cpuPercent :=
    uint8(c.HostConfig.CPUPercent)``, ``cpuCount := uint64(c.HostConfig.CPUCount)``, with NanoCPUs
    ``cpuPercent = uint8(c.HostConfig.NanoCPUs * 100 / int64(sysinfo.NumCPU()) / 1e9)``, ``Limit:
    &memoryLimit`` with ``memoryLimit := uint64(c.HostConfig.Memory)`` (moby/moby@v1.13.0:daemon/
    oci_windows.go); 17.06 counts whole CPUs for Hyper-V (``cpuCount = uint64(NanoCPUs / 1e9)``, plus one
    and a percent of those when there is a remainder) and clamps process isolation to ``if cpuPercent <
    1 { cpuPercent = 1 }`` (moby/moby@v17.06.0-ce:daemon/oci_windows.go). The windowsoci era keeps
    ``Shares: &uint64(CPUShares)`` and the raw int64 percent and limit
    (moby/moby@v1.12.0:daemon/oci_windows.go, moby/moby@410a8612f4:daemon/oci_windows.go). From 17.07
    ``cpuMaximum := uint16(c.HostConfig.CPUPercent) * 100`` replaces the percent, NanoCPUs give
    ``uint16(NanoCPUs / int64(cpuCount) / (1e9 / 10000))`` (Hyper-V with a remainder) or ``/
    int64(sysinfo.NumCPU()) / (1e9 / 10000)``, both clamped with ``if cpuMaximum < 1 { cpuMaximum = 1 }``
    (moby/moby@v17.07.0-ce:daemon/oci_windows.go). From 19.03 ``setResourcesInSpec`` writes the CPU block
    only ``if cpuMaximum != 0 || cpuShares != 0 || cpuCount != 0``, memory only ``if memoryLimit != 0``
    and storage only if bandwidth or IOps is (moby/moby@v19.03.0:daemon/oci_windows.go). Every leaf
    createSpec sets is a non-nil pointer, so it is written even when 0.
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-resources")
    hc = inp["container"].get("HostConfig", {})
    shares, percent, count = hc.get("CPUShares", 0), hc.get("CPUPercent", 0), hc.get("CPUCount", 0)
    memory, nano = hc.get("Memory", 0), hc.get("NanoCPUs", 0)
    if rules.resources == "windowsoci":
        want = {"cpu.shares": shares & _U64, "cpu.percent": percent, "memory.limit": memory}
    else:
        want = {
            "cpu.shares": shares & _U16,
            "cpu.percent": percent & _U8,
            "cpu.count": count & _U64,
            "memory.limit": memory & _U64,
        }
        want["cpu.maximum"] = ((percent & _U16) * 100) & _U16
        cpus = inp.get("host", {}).get("NumCPU", 1)
        if nano > 0 and rules.nano_cpus == "count-or-maximum":
            whole = nano // _NANO
            if not _is_hyperv(inp):
                want["cpu.maximum"] = max(_trunc(_trunc(nano, cpus), _NANO // 10000) & _U16, 1)
            elif nano % _NANO:
                whole += 1
                want["cpu.maximum"] = max(_trunc(_trunc(nano, whole), _NANO // 10000) & _U16, 1)
            if _is_hyperv(inp):
                want["cpu.count"] = whole
        elif nano > 0 and rules.nano_cpus == "count-or-percent" and _is_hyperv(inp):
            whole = nano // _NANO
            if nano % _NANO:
                whole += 1
                want["cpu.percent"] = _trunc(_trunc(_wrap64(nano * 100), whole), _NANO) & _U8
            want["cpu.count"] = whole
        elif nano > 0 and rules.nano_cpus != "none":
            want["cpu.percent"] = _trunc(_trunc(_wrap64(nano * 100), cpus), _NANO) & _U8
            if rules.nano_cpus == "count-or-percent":
                want["cpu.percent"] = max(want["cpu.percent"], 1)
    want["storage.iops"] = hc.get("IOMaximumIOps", 0)
    want["storage.bps"] = hc.get("IOMaximumBandwidth", 0)
    resources = spec.get("windows", {}).get("resources", {})
    got = {
        f"{block}.{leaf}": value
        for block, leaves in resources.items()
        if isinstance(leaves, dict)
        for leaf, value in leaves.items()
    }
    expected = {leaf: want[leaf] for leaf in rules.resource_leaves}
    if rules.sparse_resources:
        # setResourcesInSpec: a block only when one of its converted values is non-zero
        blocks = {name.split(".")[0] for name, value in expected.items() if value}
        expected = {name: value for name, value in expected.items() if name.split(".")[0] in blocks}
    _expect_equal("windows.resources leaves", got, expected)


@rule("windows-determinism", "windows", applies=_windows, inputs=lambda p: _any_input(p, "windows"))
def windows_determinism(subject: Subject, profile: Profile, inp: Json) -> None:
    """The same Windows input built twice gives the same bytes (or the same error).

    moby's createSpec reads the container record and the daemon's lookups only
    (moby/moby@v1.12.0:daemon/oci_windows.go); the map orders (endpoints, mounts of one depth) come in
    input order.
    """
    _check_determinism(subject, profile, inp, "windows")

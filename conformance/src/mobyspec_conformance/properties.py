"""The rules of moby's spec building as properties that any builder can be checked against.

Each property is a :class:`Property`: call it with a builder (any transport of
:mod:`mobyspec_conformance.adapters`, started once and reused for every example) and a profile, and it
draws inputs with :mod:`mobyspec_conformance.strategies`, sends them to the builder and checks the rule
on what comes back; hypothesis shrinks a violation to a minimal input. A property holds only at the
profiles where moby has the rule: :meth:`Property.applies` reads the profile's behaviour switches
(``profile.linux.init``, ``profile.windows.hyperv_root``, ...), never its version.

Each check function's docstring quotes the moby behaviour it checks, with its source. The checks state
the rule independently of the reference builder's code, so the reference is checked by them too.
"""

from __future__ import annotations

import fnmatch
import importlib
import json
import re
import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import hypothesis
from attrs import evolve, frozen
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from mobyspec_conformance import runtime_schema
from mobyspec_conformance import strategies as ms
from mobyspec_conformance.adapters.base import (
    BuildRequest,
    Built,
    Crashed,
    Errored,
    ProtocolViolation,
    Rejected,
    Skipped,
    TimedOut,
)
from mobyspec_conformance.vocabulary import MobyspecError, output_json
from mobyspec_reference.gosemantics import clean_unix, clean_windows, go_upper
from mobyspec_reference.links import split_proto_port
from mobyspec_reference.profiles import Profile, get_profile
from mobyspec_reference.windows_cmdline import command_line_to_argv

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from hypothesis.strategies import SearchStrategy

    from mobyspec_conformance.adapters.base import Builder, Hello

Json = Any
Status = Literal["passed", "failed", "errored", "skipped"]

_U8, _U16, _U64 = (1 << 8) - 1, (1 << 16) - 1, (1 << 64) - 1
_NANO = 1_000_000_000
#: ``system.DefaultPathEnv`` on Unix (moby/moby@v1.12.0:pkg/system/path_unix.go).
_DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class PropertyViolation(MobyspecError, AssertionError):  # noqa: N818 - "the property is violated", not an error of ours
    """The builder broke the rule on the drawn input."""


class BuilderFailed(MobyspecError):  # noqa: N818 - "the builder failed", distinct from a violated rule
    """The builder gave no usable answer (errored, crashed, timed out or broke the protocol)."""


class BuilderSkipped(MobyspecError):  # noqa: N818 - "the builder skipped"
    """The builder declined the input (a declared limitation): the property is skipped, not failed."""


# ---------------------------------------------------------------------------------------------------
# The builder under test


class Subject:
    """A started builder, reused for every example; sends one request per :meth:`respond`."""

    def __init__(self, builder: Builder, name: str = "builder", *, schema_root: Path | None = None) -> None:
        self.builder = builder
        self.name = name
        #: The runtime-spec schema folder of the schema properties (None: they are skipped).
        self.schema_root = schema_root if schema_root is not None else runtime_schema.configured_root()
        self.hello: Hello = builder.start()
        self._seq = 0
        #: Requests sent so far (a measure of the examples run).
        self.requests = 0

    def claims(self, platform: str, operation: str, profile: str) -> str | None:
        """Why the builder's ``hello`` excludes (platform, operation, profile); None when it claims them."""
        if platform not in self.hello.platforms:
            return f"the builder does not declare the platform {platform}"
        if operation not in self.hello.operations:
            return f"the builder does not declare the operation {operation}"
        if self.hello.profiles and profile not in self.hello.profiles:
            return f"the builder does not claim the profile {profile}"
        return None

    def respond(self, platform: str, operation: str, inp: Json, profile: str, tag: str) -> Built | Rejected:
        """The builder's answer to one input: a built output or a rejection; anything else raises."""
        self._seq += 1
        self.requests += 1
        request = BuildRequest(
            seq=self._seq,
            case_id=f"props/{tag}",
            profile=profile,
            platform=platform,
            operation=operation,
            input=inp,
        )
        (response,) = list(self.builder.run([request]))
        if isinstance(response, Built | Rejected):
            return response
        if isinstance(response, Skipped):
            raise BuilderSkipped(response.reason)
        if isinstance(response, Errored | Crashed | ProtocolViolation):
            raise BuilderFailed(f"{type(response).__name__.lower()}: {response.message}")
        assert isinstance(response, TimedOut)
        raise BuilderFailed(f"timed out after {response.seconds:g} s")

    def output(self, platform: str, operation: str, inp: Json, profile: str, tag: str = "state") -> Json:
        """The answer in the case format's output form: the output, or ``{"error": {code, message}}``."""
        return output_json(self.respond(platform, operation, inp, profile, tag))


def _spec(subject: Subject, platform: str, inp: Json, profile: Profile, tag: str) -> Json:
    """The spec the builder builds; a rejection of an input moby builds violates the property."""
    response = subject.respond(platform, "spec", inp, profile.id, tag)
    if isinstance(response, Rejected):
        msg = f"rejected an input moby builds: {response.code}: {response.message}"
        raise PropertyViolation(msg)
    if not isinstance(response.output, dict):
        msg = f"built {type(response.output).__name__}, not a spec object"
        raise PropertyViolation(msg)
    return response.output


def _expect(condition: bool, message: str) -> None:  # noqa: FBT001 - an assertion helper
    if not condition:
        raise PropertyViolation(message)


def _expect_equal(what: str, got: Json, want: Json, why: str = "") -> None:
    """``got == want``, else a violation saying ``<what> is <got>, expected <want><why>``."""
    _expect(got == want, f"{what} is {_show(got)}, expected {_show(want)}{why}")


def _expect_cwd(spec: Json, want: str, workdir: str) -> None:
    """The process.cwd both platforms' cwd properties check, reported with the WorkingDir it came from."""
    got = spec.get("process", {}).get("cwd")
    _expect_equal("process.cwd", got, want, f" for WorkingDir {_show(workdir)}")


def _show(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False)


def _outcome(response: Built | Rejected) -> str:
    if isinstance(response, Built):
        return "a spec"
    return f"the error {response.code}: {response.message}"


# ---------------------------------------------------------------------------------------------------
# Properties


@frozen
class Result:
    """How one property fared at one profile."""

    property: str
    profile: str
    platform: str
    status: Status
    message: str = ""
    #: The minimal failing input (after shrinking), for failed and errored results.
    example: Json = None
    requests: int = 0
    seconds: float = 0.0


Check = Callable[["Subject", Profile, Json], None]


@frozen
class Property:
    """One rule: where it exists (``applies``), what inputs exercise it, and the check of one answer."""

    name: str
    platform: str
    applies: Callable[[Profile], bool]
    inputs: Callable[[Profile], SearchStrategy[Json]]
    check: Check
    operation: str = "spec"
    #: A further reason to skip at a profile, given the subject (for example no schema folder).
    precondition: Callable[[Subject, Profile], str | None] | None = None

    @property
    def doc(self) -> str:
        """The check's docstring: the rule, quoting moby, with its source."""
        return (self.check.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.splitlines()[0] if self.doc else self.name

    def skip_reason(self, subject: Subject, profile: Profile) -> str | None:
        """Why this property does not run against ``subject`` at ``profile``, or None."""
        if not self.applies(profile):
            return f"profile {profile.id} has no such rule"
        claim = subject.claims(self.platform, self.operation, profile.id)
        if claim is None and self.precondition is not None:
            return self.precondition(subject, profile)
        return claim

    def __call__(
        self, subject: Subject, profile: Profile | str, *, settings: hsettings | None = None
    ) -> None:
        """Check the rule on generated inputs; raises the (shrunk) violation, as a test would."""
        prof = get_profile(profile) if isinstance(profile, str) else profile
        self._test(subject, prof, settings, [])()

    def _test(
        self,
        subject: Subject,
        profile: Profile,
        settings: hsettings | None,
        failing: list[Json],
        seed: int | None = None,
    ) -> Callable[[], None]:
        def test(inp: Json) -> None:
            try:
                self.check(subject, profile, inp)
            except (PropertyViolation, BuilderFailed, BuilderSkipped):
                failing.append(inp)  # the last one recorded is hypothesis's final, shrunk replay
                raise

        # hypothesis names the test by its function (an identifier): property and profile, sanitized
        test.__name__ = re.sub(r"\W", "_", f"{self.name}_at_{profile.id}")
        wrapped = given(self.inputs(profile))(test)
        if seed is not None:
            wrapped = hypothesis.seed(seed)(wrapped)
        return settings(wrapped) if settings is not None else wrapped

    def run(
        self,
        subject: Subject,
        profile: Profile,
        settings: hsettings | None = None,
        *,
        seed: int | None = None,
    ) -> Result:
        """Run at one profile and report (never raises for the builder's behaviour).

        ``settings`` default to hypothesis' current profile; ``seed`` fixes the exploration.
        """
        reason = self.skip_reason(subject, profile)
        base = Result(property=self.name, profile=profile.id, platform=self.platform, status="skipped")
        if reason is not None:
            return evolve(base, message=reason)
        failing: list[Json] = []
        before, start = subject.requests, time.monotonic()
        status: Status = "passed"
        message = ""
        try:
            self._test(subject, profile, settings, failing, seed)()
        except PropertyViolation as err:
            status, message = "failed", str(err)
        except BuilderSkipped as err:
            status, message = "skipped", f"the builder skipped an input: {err}"
        except BuilderFailed as err:
            status, message = "errored", str(err)
        except HypothesisException as err:
            status, message = "errored", f"{type(err).__name__}: {err}"
        return evolve(
            base,
            status=status,
            message=message,
            example=failing[-1] if failing and status != "skipped" else None,
            requests=subject.requests - before,
            seconds=time.monotonic() - start,
        )


#: Every property, in report order.
PROPERTIES: list[Property] = []


def rule(
    name: str,
    platform: str,
    *,
    applies: Callable[[Profile], bool],
    inputs: Callable[[Profile], SearchStrategy[Json]],
    precondition: Callable[[Subject, Profile], str | None] | None = None,
) -> Callable[[Check], Property]:
    """Register a check function as a :class:`Property` (its docstring is the rule)."""

    def register(check: Check) -> Property:
        prop = Property(
            name=name,
            platform=platform,
            applies=applies,
            inputs=inputs,
            check=check,
            precondition=precondition,
        )
        PROPERTIES.append(prop)
        return prop

    return register


def _linux(profile: Profile) -> bool:
    return profile.linux is not None


def _windows(profile: Profile) -> bool:
    return profile.windows is not None


# ---------------------------------------------------------------------------------------------------
# Lean inputs: only what a rule reads, so that examples are quick and failures shrink far


def _linux_input(
    config: Mapping[str, SearchStrategy[Json]] | None = None,
    host_config: Mapping[str, SearchStrategy[Json]] | None = None,
    daemon: Mapping[str, SearchStrategy[Json]] | None = None,
    *,
    lookpath: SearchStrategy[bool] | None = None,
) -> SearchStrategy[Json]:
    """A Linux input with the optional keys given; ``docker-init`` is on ``$PATH`` unless ``lookpath``."""

    def assemble(path: str, args: list[str], cfg: Json, hc: Json, dmn: Json, found: bool) -> Json:  # noqa: FBT001
        container: dict[str, Json] = {
            "Path": path,
            "Args": args,
            "BaseFS": "/var/lib/docker/overlay/x/merged",
        }
        if cfg:
            container["Config"] = cfg
        if hc:
            container["HostConfig"] = hc
        inp: dict[str, Json] = {"container": container}
        if dmn:
            inp["daemon"] = dmn
        if found:
            inp["host"] = {"LookPath": {"docker-init": "/usr/bin/docker-init"}}
        return inp

    return st.builds(
        assemble,
        st.sampled_from(ms.COMMON_UNIX_EXES),
        st.lists(st.sampled_from(["-c", "echo hi", "--", "80"]), max_size=2),
        st.fixed_dictionaries({}, optional=dict(config or {})),
        st.fixed_dictionaries({}, optional=dict(host_config or {})),
        st.fixed_dictionaries({}, optional=dict(daemon or {})),
        lookpath if lookpath is not None else st.just(True),  # noqa: FBT003 - a value, not a flag
    )


_ISOLATIONS = st.sampled_from(["", "default", "process", "hyperv", "HyperV", "Default"])
_WIN_BASE_FS = "C:\\ProgramData\\docker\\windowsfilter\\4f2a9c1b7d3e"


def _windows_input(
    container: Mapping[str, SearchStrategy[Json]] | None = None,
    config: Mapping[str, SearchStrategy[Json]] | None = None,
    host_config: Mapping[str, SearchStrategy[Json]] | None = None,
    *,
    num_cpu: bool = False,
) -> SearchStrategy[Json]:
    """A Windows input: the optional keys given, an isolation and a daemon default isolation."""

    def assemble(extra: Json, cfg: Json, hc: Json, default: str, cpus: int | None) -> Json:
        c: dict[str, Json] = {"Path": "cmd", "BaseFS": _WIN_BASE_FS, **extra}
        if cfg:
            c["Config"] = cfg
        if hc:
            c["HostConfig"] = hc
        inp: dict[str, Json] = {"container": c, "daemon": {"DefaultIsolation": default}}
        if cpus is not None:
            inp["host"] = {"NumCPU": cpus}
        return inp

    return st.builds(
        assemble,
        st.fixed_dictionaries({}, optional=dict(container or {})),
        st.fixed_dictionaries({}, optional=dict(config or {})),
        st.fixed_dictionaries({}, optional={"Isolation": _ISOLATIONS, **(host_config or {})}),
        st.sampled_from(["process", "hyperv"]),
        st.sampled_from([1, 2, 3, 4, 16]) if num_cpu else st.none(),
    )


def _is_hyperv(inp: Json) -> bool:
    """createSpec's isolation: the container's own value, or the daemon default when it IsDefault."""
    own = str(inp["container"].get("HostConfig", {}).get("Isolation", ""))
    if own == "" or own.lower() == "default":
        return str(inp.get("daemon", {}).get("DefaultIsolation", "")).lower() == "hyperv"
    return own.lower() == "hyperv"


# ---------------------------------------------------------------------------------------------------
# cwd


@rule(
    "linux-cwd-default",
    "linux",
    applies=_linux,
    inputs=lambda _p: _linux_input({"WorkingDir": ms.unix_workdirs()}),
)
def linux_cwd_default(subject: Subject, profile: Profile, inp: Json) -> None:
    """The Linux cwd is the cleaned stored Config.WorkingDir (relative ones too), or ``/`` when it is empty.

    moby: "cwd = Config.WorkingDir (now Clean-ed by SetupWorkingDirectory), "/" if empty" —
    ``if cwd == "" { cwd = "/" }`` after ``c.SetupWorkingDirectory`` rewrote ``Config.WorkingDir`` with
    ``filepath.Clean`` (moby/moby@v1.12.0:daemon/oci_linux.go populateCommonSpec,
    moby/moby@v1.12.0:container/container.go SetupWorkingDirectory). Nothing checks that the stored value
    is absolute: ContainerStart verifies with a nil Config (moby/moby@v1.12.0:daemon/start.go), so
    ``./rel/dir/`` gives ``rel/dir`` and ``./`` gives ``.``.
    """
    spec = _spec(subject, "linux", inp, profile, "linux-cwd-default")
    workdir = inp["container"].get("Config", {}).get("WorkingDir", "")
    want = clean_unix(workdir) if workdir else "/"
    _expect_cwd(spec, want, workdir)


@rule(
    "windows-cwd-default",
    "windows",
    applies=_windows,
    inputs=lambda _p: _windows_input(config={"WorkingDir": ms.windows_workdirs()}),
)
def windows_cwd_default(subject: Subject, profile: Profile, inp: Json) -> None:
    r"""The Windows cwd is Config.WorkingDir; when it is empty, ``C:\`` where the profile has it, else ``""``.

    moby 1.12+: ``s.Process.Cwd = c.Config.WorkingDir; if len(s.Process.Cwd) == 0 { s.Process.Cwd =
    `C:\` }`` (moby/moby@v1.12.0:daemon/oci_windows.go, commit c2d183426b); 1.11 and c70f153f52 copy the
    raw value (moby/moby@v1.11.2:daemon/oci_windows.go). Where SetupWorkingDirectory still runs it
    Windows-cleans a non-empty value (skipped for a container of its own Hyper-V isolation in 1.11 and
    c70f153f52, moby/moby@v1.11.2:container/container.go); 1.13.1+ pass it through raw
    (moby/moby@v17.03.2-ce:daemon/oci_windows.go). The value is the stored one (create's ``FromSlash`` and
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
    inputs=lambda _p: _windows_input(host_config={"ReadonlyRootfs": st.booleans()}),
)
def windows_hyperv_root(subject: Subject, profile: Profile, inp: Json) -> None:
    """From 1.13.0 Hyper-V leaves root.path unset and root.readonly is always false; before, root is BaseFS.

    moby 1.13.0+: ``if !isHyperV { s.Root.Path = c.BaseFS }`` and ``s.Root.Readonly = false // Windows
    does not support a read-only root filesystem`` (moby/moby@v1.13.0:daemon/oci_windows.go, commit
    8f76a1d08b); up to 410a8612f4 ``s.Root.Path = c.BaseFS; s.Root.Readonly =
    c.HostConfig.ReadonlyRootfs`` for every isolation (moby/moby@v1.12.0:daemon/oci_windows.go).
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-hyperv-root")
    root = spec.get("root", {})
    path, readonly = root.get("path", ""), root.get("readonly", False)
    container = inp["container"]
    if rules.hyperv_root:
        want_path = "" if _is_hyperv(inp) else container["BaseFS"]
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
    inputs=lambda _p: _windows_input(container={"Mounts": ms.windows_mounts()}),
)
def windows_mount_readonly(subject: Subject, profile: Profile, inp: Json) -> None:
    """A mount that is not writable is read-only in the spec (``ro`` option, or ``readonly`` in windowsoci).

    moby 1.13.0+: ``if !mount.Writable { m.Options = append(m.Options, "ro") }``
    (moby/moby@v1.13.0:daemon/oci_windows.go, also 410a8612f4); 1.11-1.12:
    ``Readonly: !mount.Writable`` in the windowsoci Mount (moby/moby@v1.12.0:daemon/oci_windows.go).
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
# --init


_PID_MODES = st.sampled_from(["", "host", "container:db", "container:", "HOST"])


@rule(
    "linux-init",
    "linux",
    applies=_linux,
    inputs=lambda _p: _linux_input(
        host_config={
            "Init": st.one_of(st.none(), st.booleans()),
            "InitPath": st.just("/hc/init"),
            "PidMode": _PID_MODES,
        },
        daemon={"Init": st.booleans(), "InitPath": st.just("/daemon/init")},
        lookpath=st.booleans(),
    ),
)
def linux_init(subject: Subject, profile: Profile, inp: Json) -> None:
    """``--init``: where it exists, a private pid mode and Init (else the daemon's) put /dev/init first.

    moby 1.13.0: ``if c.HostConfig.PidMode.IsPrivate() { if (c.HostConfig.Init != nil &&
    *c.HostConfig.Init) || (c.HostConfig.Init == nil && daemon.configStore.Init) {`` ... ``s.Process.Args =
    append([]string{"/dev/init", c.Path}, c.Args...)``; the init path is ``exec.LookPath("docker-init")``
    only when both the daemon's InitPath and HostConfig.InitPath are empty (its error returned as is),
    then the daemon's, then HostConfig's wins; a bind mount ``/dev/init`` (``bind``, ``ro``) carries it
    (moby/moby@v1.13.0:daemon/oci_linux.go). 410a8612f4 has LookPath only
    (moby/moby@410a8612f4:daemon/oci_linux.go); 1.13.1/17.03 add ``"--"`` (commit 2dd2ac2c14,
    moby/moby@v17.03.2-ce:daemon/oci_linux.go); 17.05+ drop HostConfig.InitPath (commit de8fbb4812,
    moby/moby@v17.06.0-ce:daemon/oci_linux.go). Before 410a8612f4 there is no --init at all.
    """
    rules = profile.linux
    assert rules is not None
    c = inp["container"]
    hc = c.get("HostConfig", {})
    plain = [c["Path"], *c.get("Args", [])]
    init = rules.init
    wanted = hc["Init"] if hc.get("Init") is not None else inp.get("daemon", {}).get("Init", False)
    mode = hc.get("PidMode", "")
    private = mode != "host" and not (rules.pid_container_mode and mode.startswith("container:"))
    source = None
    if init is not None and wanted and private:
        configured = {
            "hostconfig": hc.get("InitPath", ""),
            "daemon": inp.get("daemon", {}).get("InitPath", ""),
        }
        source = next((configured[s] for s in init.path_sources if configured[s]), None)
        if source is None:
            source = inp.get("host", {}).get("LookPath", {}).get("docker-init")
            if source is None:
                response = subject.respond("linux", "spec", inp, profile.id, "linux-init")
                _expect(
                    isinstance(response, Rejected) and response.code == "init.lookpath",
                    "docker-init is not on $PATH and no init path is configured: expected the error "
                    f"init.lookpath, got {_outcome(response)}",
                )
                return
    spec = _spec(subject, "linux", inp, profile, "linux-init")
    args = spec.get("process", {}).get("args")
    init_mounts = [
        m for m in spec.get("mounts") or [] if isinstance(m, dict) and m.get("destination") == "/dev/init"
    ]
    if source is None:
        _expect_equal("process.args", args, plain, " (no init)")
        _expect(not init_mounts, f"a /dev/init mount without init: {_show(init_mounts)}")
        return
    assert init is not None
    want = ["/dev/init", *(["--"] if init.separator else []), *plain]
    _expect_equal("process.args", args, want)
    mount = {"destination": "/dev/init", "type": "bind", "source": source, "options": ["bind", "ro"]}
    _expect(init_mounts == [mount], f"/dev/init mounts are {_show(init_mounts)}, expected [{_show(mount)}]")


# ---------------------------------------------------------------------------------------------------
# Linux environment


_DEFAULT_KEYS = ("PATH", "HOSTNAME", "TERM")


@rule(
    "linux-env",
    "linux",
    applies=_linux,
    inputs=lambda _p: _linux_input(
        {
            "Env": st.lists(
                ms.env_entries(st.sampled_from(["PATH", "HOSTNAME", "TERM", "A", "B", "LANG"])), max_size=6
            ),
            "Tty": st.booleans(),
            "Hostname": ms.hostnames(),
        }
    ),
)
def linux_env(subject: Subject, profile: Profile, inp: Json) -> None:
    """Env: a key's last user ``K=V`` is in it, a bare ``K`` removes a default, defaults keep their order.

    moby: ``env := []string{"PATH=" + system.DefaultPathEnv, "HOSTNAME=" + c.Config.Hostname}``, then
    ``TERM=xterm`` when Tty, then ``utils.ReplaceOrAppendEnvValues(env, c.Config.Env)``, which replaces a
    default in place, appends a new key, and for a value without ``=`` blanks the default of that key
    before dropping every empty entry (moby/moby@v1.12.0:container/container_unix.go
    CreateDaemonEnvironment, moby/moby@v1.12.0:utils/utils.go ReplaceOrAppendEnvValues).
    """
    spec = _spec(subject, "linux", inp, profile, "linux-env")
    config = inp["container"].get("Config", {})
    env = spec.get("process", {}).get("env") or []
    user = config.get("Env") or []
    defaults = [_DEFAULT_PATH, "HOSTNAME=" + config.get("Hostname", "")]
    if config.get("Tty", False):
        defaults.append("TERM=xterm")
    default_keys = [d.split("=", 1)[0] for d in defaults]
    last: dict[str, str] = {}
    for entry in user:
        key = entry.split("=", 1)[0]
        if "=" in entry or key in default_keys:
            last[key] = entry
    keys = [e.split("=", 1)[0] for e in env]
    for key, entry in last.items():
        if "=" in entry:
            _expect(entry in env, f"{_show(entry)} from Config.Env is missing from the env {_show(env)}")
        else:
            _expect(key not in keys, f"bare {_show(key)} in Config.Env should remove it: env {_show(env)}")
    for default in defaults:
        key = default.split("=", 1)[0]
        if key not in last:
            _expect(default in env, f"the default {_show(default)} is missing from the env {_show(env)}")
    positions = [keys.index(k) for k in default_keys if k in keys]
    _expect(
        positions == sorted(positions), f"the defaults PATH, HOSTNAME, TERM lost their order: {_show(env)}"
    )
    _expect(
        all(p < len(positions) for p in positions),
        f"a user variable comes before a default in {_show(env)}",
    )


# ---------------------------------------------------------------------------------------------------
# Windows args


@rule(
    "windows-args",
    "windows",
    applies=_windows,
    inputs=lambda _p: _windows_input(
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
    """
    rules = profile.windows
    assert rules is not None
    spec = _spec(subject, "windows", inp, profile, "windows-args")
    c = inp["container"]
    original = [c["Path"], *c.get("Args", [])]
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


# ---------------------------------------------------------------------------------------------------
# Links


def _linked_input() -> SearchStrategy[Json]:
    def assemble(links: list[Json]) -> Json:
        parent = {
            "Path": "/bin/sh",
            "Name": "/web",
            "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.9"}}},
        }
        return {"container": parent, "links": links}

    return st.builds(assemble, ms.linked_containers("/web", min_size=1))


@rule("linux-links", "linux", applies=_linux, inputs=lambda _p: _linked_input())
def linux_links(subject: Subject, profile: Profile, inp: Json) -> None:
    """Each exposed port of a linked child yields its four variables; ``NAME`` is set; HOME and PATH are not.

    moby: for each port ``env = append(env, fmt.Sprintf("%s_PORT_%s_%s=%s://%s:%s", alias, p.Port(),
    strings.ToUpper(p.Proto()), ...))`` plus ``_ADDR``, ``_PORT`` and ``_PROTO``; then
    ``alias_NAME=<name>``; child env entries become ``alias_ENV_<key>`` except that "Do not export
    HOME and PATH" (``if parts[0] == "HOME" || parts[0] == "PATH" { continue }``)
    (moby/moby@v1.12.0:daemon/links/links.go ToEnv, the same blob from v1.10.3 to v17.06.0-ce).
    """
    spec = _spec(subject, "linux", inp, profile, "linux-links")
    env = spec.get("process", {}).get("env") or []
    for link in inp["links"]:
        child = link["Container"]
        alias = go_upper(link["Alias"].rsplit("/", 1)[-1]).replace("-", "_")
        ip = child["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]
        wanted = [f"{alias}_NAME={link['Alias']}"]
        for port in child.get("Config", {}).get("ExposedPorts") or {}:
            proto, num = split_proto_port(port)
            stem = f"{alias}_PORT_{num}_{go_upper(proto)}"
            wanted += [
                f"{stem}={proto}://{ip}:{num}",
                f"{stem}_ADDR={ip}",
                f"{stem}_PORT={num}",
                f"{stem}_PROTO={proto}",
            ]
        for entry in child.get("Config", {}).get("Env") or []:
            key = entry.split("=", 1)[0]
            if "=" in entry and key not in {"HOME", "PATH"}:
                wanted.append(f"{alias}_ENV_{entry}")
        missing = [w for w in wanted if w not in env]
        _expect(not missing, f"link {link['Alias']}: missing {_show(missing)} in the env {_show(env)}")
        leaked = [e for e in env if e.startswith((f"{alias}_ENV_HOME=", f"{alias}_ENV_PATH="))]
        _expect(not leaked, f"link {link['Alias']}: HOME/PATH forwarded: {_show(leaked)}")


# ---------------------------------------------------------------------------------------------------
# Hostname


def _full_hostname(inp: Json) -> str:
    config = inp["container"].get("Config", {})
    host, domain = config.get("Hostname", ""), config.get("Domainname", "")
    return f"{host}.{domain}" if domain else host


def _check_hostname(subject: Subject, profile: Profile, inp: Json, platform: str) -> None:
    spec = _spec(subject, platform, inp, profile, f"{platform}-hostname")
    want = _full_hostname(inp)
    _expect_equal("hostname", spec.get("hostname", ""), want, " (hostname is omitempty)")


_NAMES = {"Hostname": ms.hostnames(), "Domainname": ms.domainnames()}


@rule("linux-hostname", "linux", applies=_linux, inputs=lambda _p: _linux_input(_NAMES))
def linux_hostname(subject: Subject, profile: Profile, inp: Json) -> None:
    """The Linux spec hostname is ``Hostname`` or ``Hostname.Domainname`` (absent when empty).

    moby: ``s.Hostname = c.FullHostname()``, which is ``Hostname + "." + Domainname`` when the domain
    name is set (moby/moby@v1.12.0:daemon/oci_linux.go populateCommonSpec,
    moby/moby@v1.12.0:container/container.go FullHostname); ``hostname`` is omitempty.
    """
    _check_hostname(subject, profile, inp, "linux")


@rule("windows-hostname", "windows", applies=_windows, inputs=lambda _p: _windows_input(config=_NAMES))
def windows_hostname(subject: Subject, profile: Profile, inp: Json) -> None:
    """The Windows spec hostname is ``Hostname`` or ``Hostname.Domainname`` (absent when empty).

    moby: ``s.Hostname = c.FullHostname()`` at every version (moby/moby@v1.12.0:daemon/oci_windows.go,
    moby/moby@v17.06.0-ce:daemon/oci_windows.go); ``hostname`` is omitempty in every Windows spec type.
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
    inputs=lambda _p: _windows_input(host_config=_RESOURCE_FIELDS, num_cpu=True),
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
    (moby/moby@v1.12.0:daemon/oci_windows.go, moby/moby@410a8612f4:daemon/oci_windows.go). Every leaf
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
        cpus = inp.get("host", {}).get("NumCPU", 1)
        if nano > 0 and rules.nano_cpus == "count-or-percent" and _is_hyperv(inp):
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
    _expect_equal("windows.resources leaves", got, expected)


# ---------------------------------------------------------------------------------------------------
# Determinism and the runtime-spec schema


def _any_input(profile: Profile, platform: str) -> SearchStrategy[Json]:  # noqa: ARG001 - the inputs signature
    return ms.spec_inputs(platform, errors=True)


def _check_determinism(subject: Subject, profile: Profile, inp: Json, platform: str) -> None:
    first = subject.respond(platform, "spec", inp, profile.id, f"{platform}-determinism")
    second = subject.respond(platform, "spec", inp, profile.id, f"{platform}-determinism")
    if isinstance(first, Built) and isinstance(second, Built):
        one = json.dumps(first.output, ensure_ascii=False)
        two = json.dumps(second.output, ensure_ascii=False)
        _expect(one == two, f"the same input built twice gave different bytes:\n{one}\n{two}")
        return
    _expect(first == second, f"the same input gave {first!r}, then {second!r}")


@rule("linux-determinism", "linux", applies=_linux, inputs=lambda p: _any_input(p, "linux"))
def linux_determinism(subject: Subject, profile: Profile, inp: Json) -> None:
    """The same Linux input built twice gives the same bytes (or the same error).

    moby's createSpec is a function of the container record and the host facts; what Go leaves to map
    order (link blocks) is given in input order by a case (moby/moby@v1.12.0:daemon/oci_linux.go,
    moby-behavior §17), so a builder has no reason to vary.
    """
    _check_determinism(subject, profile, inp, "linux")


@rule("windows-determinism", "windows", applies=_windows, inputs=lambda p: _any_input(p, "windows"))
def windows_determinism(subject: Subject, profile: Profile, inp: Json) -> None:
    """The same Windows input built twice gives the same bytes (or the same error).

    moby's createSpec reads the container record and the daemon's lookups only
    (moby/moby@v1.12.0:daemon/oci_windows.go); the map orders of moby-behavior §17 come in input order.
    """
    _check_determinism(subject, profile, inp, "windows")


def _has_schema(platform: str) -> Callable[[Profile], bool]:
    def applies(profile: Profile) -> bool:
        return runtime_schema.schema_folder_name(platform, profile.id) is not None

    return applies


def _schema_configured(platform: str) -> Callable[[Subject, Profile], str | None]:
    def precondition(subject: Subject, profile: Profile) -> str | None:
        return runtime_schema.skip_reason(platform, profile.id, subject.schema_root)

    return precondition


@cache
def _moby_schema_violations() -> tuple[Any, ...]:
    """The corpus' schema exceptions: violations of the runtime-spec schema that moby's own output has."""
    from mobyspec_conformance.corpus import default_corpus  # noqa: PLC0415 - only the schema check needs them
    from mobyspec_conformance.lint import default_exceptions, load_exceptions  # noqa: PLC0415

    entries, _problems = load_exceptions(default_exceptions(default_corpus()))
    return tuple(entries)


def _excepted(platform: str, profile: str, violation: str) -> bool:
    """Whether moby itself writes this violation at ``profile`` (an exception for the platform's cases)."""
    return any(
        fnmatch.fnmatchcase(platform, e.case.split("/", 1)[0])
        and fnmatch.fnmatchcase(profile, e.profile)
        and fnmatch.fnmatchcase(violation, e.violation)
        for e in _moby_schema_violations()
    )


def _check_schema(subject: Subject, profile: Profile, inp: Json, platform: str) -> None:
    root = subject.schema_root
    assert root is not None
    name = runtime_schema.schema_folder_name(platform, profile.id)
    assert name is not None
    response = subject.respond(platform, "spec", inp, profile.id, f"{platform}-schema")
    if isinstance(response, Built):
        found = [
            v
            for v in runtime_schema.violations(response.output, root / name)
            if not _excepted(platform, profile.id, str(v))
        ]
        _expect(
            not found, f"the spec breaks the runtime-spec schema {name}: " + "; ".join(map(str, found[:5]))
        )


@rule(
    "linux-schema",
    "linux",
    applies=_has_schema("linux"),
    inputs=lambda _p: ms.linux_spec_inputs(),
    precondition=_schema_configured("linux"),
)
def linux_schema(subject: Subject, profile: Profile, inp: Json) -> None:
    """Every built Linux spec validates against the OCI runtime-spec schema of its ``ociVersion``.

    moby writes the spec for runc as ``config.json`` (moby/moby@v1.12.0:libcontainerd/client_linux.go);
    the schema is opencontainers/runtime-spec ``schema/`` of the vendored version
    (moby/moby@v17.03.2-ce:vendor.conf). Skipped when no schema folder is configured
    (``MOBYSPEC_RUNTIME_SPEC_SCHEMA``).
    """
    _check_schema(subject, profile, inp, "linux")


@rule(
    "windows-schema",
    "windows",
    applies=_has_schema("windows"),
    inputs=lambda _p: ms.windows_spec_inputs(),
    precondition=_schema_configured("windows"),
)
def windows_schema(subject: Subject, profile: Profile, inp: Json) -> None:
    """Every built Windows spec validates against the OCI runtime-spec schema of its ``ociVersion``.

    From 1.13.0 moby builds upstream runtime-spec types (moby/moby@v1.13.0:daemon/oci_windows.go,
    vendor.conf). Violations moby's own output has (listed with their reasons in
    ``conformance/schema-exceptions.toml``: omitempty ``mounts``, an always-set ``cpu.shares``, wrapped
    CPU values) are allowed. Skipped when no schema folder is configured (``MOBYSPEC_RUNTIME_SPEC_SCHEMA``).
    """
    _check_schema(subject, profile, inp, "windows")


# ---------------------------------------------------------------------------------------------------
# The start state machine


#: Module that provides the start-lifecycle state machine (see :class:`StartMachine`).
START_MACHINE_MODULE = "mobyspec_conformance.start_machine"


@frozen
class StartMachine:
    """The start operation's state machine, run against a builder that declares ``start``.

    The machine comes from :data:`START_MACHINE_MODULE`, which provides ``machine(build, profile,
    platform)`` returning a ``hypothesis.stateful.RuleBasedStateMachine`` class; ``build(input)`` sends
    one ``start`` input to the builder and returns its answer in the case format's output form (the
    result object, or ``{"error": {...}}``). Skipped while that module does not exist.
    """

    platform: str
    name: str = ""
    operation: str = "start"

    @property
    def doc(self) -> str:
        """What the machine checks (the provider's docstring when it has one)."""
        return (StartMachine.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        """One line."""
        return "the start lifecycle: successive starts of one container agree with moby's containerStart"

    def applies(self, profile: Profile) -> bool:
        """Where the profile has a start operation on this platform."""
        return profile.start is not None and self.platform in profile.start.platforms

    def skip_reason(self, subject: Subject, profile: Profile) -> str | None:
        """As :meth:`Property.skip_reason`, plus the machine's module being absent."""
        if not self.applies(profile):
            return f"profile {profile.id} has no {self.platform} start"
        claim = subject.claims(self.platform, self.operation, profile.id)
        if claim is not None:
            return claim
        if _start_machine() is None:
            return f"no start state machine installed ({START_MACHINE_MODULE})"
        return None

    def run(
        self,
        subject: Subject,
        profile: Profile,
        settings: hsettings | None = None,
        *,
        seed: int | None = None,  # noqa: ARG002 - run_state_machine_as_test takes no seed; settings decide
    ) -> Result:
        """Run the state machine; a failing step sequence is reported with hypothesis' message."""
        from hypothesis.stateful import run_state_machine_as_test  # noqa: PLC0415 - only when it runs

        base = Result(property=self.name, profile=profile.id, platform=self.platform, status="skipped")
        reason = self.skip_reason(subject, profile)
        if reason is not None:
            return evolve(base, message=reason)
        provider = _start_machine()
        assert provider is not None

        def build(inp: Json) -> Json:
            return subject.output(self.platform, "start", inp, profile.id, self.name)

        machine = provider.machine(build, profile.id, self.platform)
        before, start = subject.requests, time.monotonic()
        status: Status = "passed"
        message = ""
        try:
            run_state_machine_as_test(machine, settings=settings)
        except BuilderFailed as err:
            status, message = "errored", str(err)
        except BuilderSkipped as err:
            status, message = "skipped", f"the builder skipped an input: {err}"
        except AssertionError as err:
            status, message = "failed", "\n".join([str(err), *getattr(err, "__notes__", [])])
        except HypothesisException as err:
            status, message = "errored", f"{type(err).__name__}: {err}"
        return evolve(
            base,
            status=status,
            message=message,
            requests=subject.requests - before,
            seconds=time.monotonic() - start,
        )


def _start_machine() -> Any:  # noqa: ANN401 - a module
    try:
        return importlib.import_module(START_MACHINE_MODULE)
    except ModuleNotFoundError as err:
        if err.name != START_MACHINE_MODULE:
            raise
        return None


#: The start state machines, one per platform.
MACHINES = (
    StartMachine("linux", "linux-start-lifecycle"),
    StartMachine("windows", "windows-start-lifecycle"),
)


def all_properties() -> tuple[Property | StartMachine, ...]:
    """Every property and state machine, in report order."""
    return (*PROPERTIES, *MACHINES)


def find(name: str) -> Property | StartMachine:
    """The property called ``name``; ``KeyError`` lists the names."""
    for prop in all_properties():
        if prop.name == name:
            return prop
    known = ", ".join(p.name for p in all_properties())
    msg = f"unknown property {name!r} (known: {known})"
    raise KeyError(msg)

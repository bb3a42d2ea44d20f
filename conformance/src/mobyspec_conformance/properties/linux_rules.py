"""The rules of moby's Linux spec building (cwd, --init, environment, links, hostname, determinism)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from mobyspec_conformance import strategies as ms
from mobyspec_conformance.adapters.base import Rejected
from mobyspec_conformance.properties.common import _NAMES, _any_input, _check_determinism, _check_hostname
from mobyspec_conformance.properties.framework import _linux, rule
from mobyspec_conformance.properties.inputs import _linux_input
from mobyspec_conformance.properties.subject import (
    _DEFAULT_PATH,
    Subject,
    _expect,
    _expect_cwd,
    _expect_equal,
    _outcome,
    _show,
    _spec,
)
from mobyspec_reference.gosemantics import clean_unix, go_upper
from mobyspec_reference.links import split_proto_port
from mobyspec_reference.links_modern import parse_port
from mobyspec_reference.linux import KEEP_LEGACY_LINKS_ENV

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from mobyspec_reference.profiles import Profile


Json = Any


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
    ``./rel/dir/`` gives ``rel/dir`` and ``./`` gives ``.``. From 26.1 SetupWorkingDirectory Cleans a
    local copy (``workdir := filepath.Clean(container.Config.WorkingDir)``) and the cwd is the stored
    value as is (moby/moby@v26.1.0:container/container.go); create Cleans it instead.
    """
    spec = _spec(subject, "linux", inp, profile, "linux-cwd-default")
    workdir = inp["container"].get("Config", {}).get("WorkingDir", "")
    rules = profile.linux
    assert rules is not None
    kept = clean_unix(workdir) if rules.workdir_clean_stored else workdir
    want = kept if workdir else "/"
    _expect_cwd(spec, want, workdir)


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
    moby/moby@v17.06.0-ce:daemon/oci_linux.go); 19.03+ put the init at ``inContainerInitPath``
    ``/sbin/docker-init`` (moby/moby@v19.03.0:daemon/oci_linux.go, the same at v20.10.24). Before
    410a8612f4 there is no --init at all.
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
    at = init.in_container_path if init is not None else "/dev/init"
    init_mounts = [m for m in spec.get("mounts") or [] if isinstance(m, dict) and m.get("destination") == at]
    if source is None:
        _expect_equal("process.args", args, plain, " (no init)")
        _expect(not init_mounts, f"a {at} mount without init: {_show(init_mounts)}")
        return
    assert init is not None
    want = [at, *(["--"] if init.separator else []), *plain]
    _expect_equal("process.args", args, want)
    mount = {"destination": at, "type": "bind", "source": source, "options": ["bind", "ro"]}
    _expect(init_mounts == [mount], f"{at} mounts are {_show(init_mounts)}, expected [{_show(mount)}]")


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
# Links


#: dockerd's environment as 29.0+ reads it: unset, the one value that asks for link variables, another.
_KEEP_LINKS_ENV = st.sampled_from([None, {KEEP_LEGACY_LINKS_ENV: "1"}, {KEEP_LEGACY_LINKS_ENV: "true"}])


def _linked_input(profile: Profile) -> SearchStrategy[Json]:
    def assemble(links: list[Json], daemon_env: dict[str, str] | None) -> Json:
        parent = {
            "Path": "/bin/sh",
            "Name": "/web",
            # a mounted container: an empty BaseFS is a nil ContainerFS from 17.10 (panic, then an error)
            "BaseFS": "/var/lib/docker/overlay/x/merged",
            "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.9"}}},
        }
        inp: Json = {"container": parent, "links": links}
        if daemon_env is not None:
            inp["daemon"] = {"Env": daemon_env}
        return inp

    typed = profile.linux is not None and profile.linux.link_env == "typed"
    return st.builds(
        assemble, ms.linked_containers("/web", min_size=1), _KEEP_LINKS_ENV if typed else st.none()
    )


def _port_names(port: str, *, typed: bool) -> tuple[str, str]:
    """(protocol, number) as ToEnv prints them: as written, or as a 29.0+ ``network.Port``."""
    if not typed:
        return split_proto_port(port)
    parsed = parse_port(port)
    return parsed.proto or "", str(parsed.num)


@rule("linux-links", "linux", applies=_linux, inputs=_linked_input)
def linux_links(subject: Subject, profile: Profile, inp: Json) -> None:
    """Each exposed port of a linked child yields its four variables; ``NAME`` is set; HOME and PATH are not.

    moby: for each port ``env = append(env, fmt.Sprintf("%s_PORT_%s_%s=%s://%s:%s", alias, p.Port(),
    strings.ToUpper(p.Proto()), ...))`` plus ``_ADDR``, ``_PORT`` and ``_PROTO``; then
    ``alias_NAME=<name>``; child env entries become ``alias_ENV_<key>`` except that "Do not export
    HOME and PATH" (``if parts[0] == "HOME" || parts[0] == "PATH" { continue }``)
    (moby/moby@v1.12.0:daemon/links/links.go ToEnv, the same blob from v1.10.3 to v17.06.0-ce; the 28.0
    rewrite keeps the four per port, moby/moby@v28.0.0:daemon/links/links.go). From 29.0 a port prints
    as a ``network.Port`` (``%d`` and the lower-case protocol), and only when dockerd's environment has
    ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1``; otherwise no link variable is set at all
    (moby/moby@docker-v29.0.0:daemon/container_operations_unix.go, daemon/links/links.go).
    """
    spec = _spec(subject, "linux", inp, profile, "linux-links")
    env = spec.get("process", {}).get("env") or []
    rules = profile.linux
    assert rules is not None
    typed = rules.link_env == "typed"
    asked = (inp.get("daemon") or {}).get("Env", {}).get(KEEP_LEGACY_LINKS_ENV) == "1"
    for link in inp["links"]:
        child = link["Container"]
        alias = go_upper(link["Alias"].rsplit("/", 1)[-1]).replace("-", "_")
        if typed and not asked:
            unasked = [e for e in env if e.startswith(f"{alias}_")]
            _expect(not unasked, f"link {link['Alias']}: variables without the request: {_show(unasked)}")
            continue
        ip = child["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]
        wanted = [f"{alias}_NAME={link['Alias']}"]
        for port in child.get("Config", {}).get("ExposedPorts") or {}:
            proto, num = _port_names(port, typed=typed)
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


@rule("linux-hostname", "linux", applies=_linux, inputs=lambda _p: _linux_input(_NAMES))
def linux_hostname(subject: Subject, profile: Profile, inp: Json) -> None:
    """The Linux spec hostname is ``Hostname`` or ``Hostname.Domainname`` (absent when empty).

    From 19.03 it is ``Hostname`` alone and a Domainname goes to ``linux.sysctl["kernel.domainname"]``
    (``s.Hostname = c.Config.Hostname; setLinuxDomainname(c, s)``, moby/moby@v19.03.0:daemon/oci_linux.go
    and daemon/oci_utils.go).

    moby: ``s.Hostname = c.FullHostname()``, which is ``Hostname + "." + Domainname`` when the domain
    name is set (moby/moby@v1.12.0:daemon/oci_linux.go populateCommonSpec,
    moby/moby@v1.12.0:container/container.go FullHostname); ``hostname`` is omitempty.
    """
    rules = profile.linux
    assert rules is not None
    if rules.domainname == "fqdn":
        _check_hostname(subject, profile, inp, "linux")
        return
    spec = _spec(subject, "linux", inp, profile, "linux-hostname")
    config = inp["container"].get("Config") or {}
    _expect_equal(
        "hostname", spec.get("hostname", ""), config.get("Hostname", ""), " (hostname is omitempty)"
    )
    domain = (spec.get("linux") or {}).get("sysctl", {}).get("kernel.domainname", "")
    _expect_equal("linux.sysctl.kernel.domainname", domain, config.get("Domainname", ""), " (only when set)")


@rule("linux-determinism", "linux", applies=_linux, inputs=lambda p: _any_input(p, "linux"))
def linux_determinism(subject: Subject, profile: Profile, inp: Json) -> None:
    """The same Linux input built twice gives the same bytes (or the same error).

    moby's createSpec is a function of the container record and the host facts; what Go leaves to map
    order (the link blocks: ``range children`` in moby/moby@v1.12.0:daemon/container_operations_unix.go) is
    given in input order by a case (moby/moby@v1.12.0:daemon/oci_linux.go), so a builder has no reason to
    vary.
    """
    _check_determinism(subject, profile, inp, "linux")

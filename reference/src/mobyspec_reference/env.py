"""``CreateDaemonEnvironment`` and ``ReplaceOrAppendEnvValues``.

Sources: moby/moby@v1.12.0:container/container_unix.go, moby/moby@v1.12.0:utils/utils.go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mobyspec_reference.inputs import Config

#: ``system.DefaultPathEnv`` on Unix, the same at every version (moby/moby@v1.12.0:pkg/system/path_unix.go).
DEFAULT_PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def replace_or_append_env_values(defaults: Sequence[str], overrides: Sequence[str] | None) -> list[str]:
    """Moby's ``ReplaceOrAppendEnvValues`` (moby/moby@v1.12.0:utils/utils.go, @v17.06.0-ce:container/env.go).

    Quirks kept: only the LAST duplicate key of ``defaults`` is indexed; appended overrides are not
    indexed (a repeated key appends again and a later bare key cannot remove it); a bare key that is
    not a default is dropped; every empty string is removed at the end; keys are case-sensitive.
    """
    out = list(defaults)
    cache: dict[str, int] = {}
    for i, entry in enumerate(out):
        cache[entry.split("=", 1)[0]] = i
    for value in overrides or ():
        if "=" not in value:
            if value in cache:
                out[cache[value]] = ""  # marked for removal
            continue
        key = value.split("=", 1)[0]
        if key in cache:
            out[cache[key]] = value
        else:
            out.append(value)
    return [e for e in out if e != ""]


def create_daemon_environment_unix(
    config: Config, linked_env: Sequence[str], *, fqdn_hostname: bool
) -> list[str]:
    """Unix ``Container.CreateDaemonEnvironment`` (moby/moby@v1.12.0:container/container_unix.go).

    Base list: PATH, HOSTNAME (the FQDN only in 1.10), TERM=xterm when Tty; then the link variables;
    then ``Config.Env`` merged by :func:`replace_or_append_env_values`. HOSTNAME is written even when empty.
    """
    hostname = config.Hostname
    if fqdn_hostname and config.Domainname:
        # moby/moby@v1.10.3:container/container_unix.go: "HOSTNAME=" + fullHostname
        hostname = f"{hostname}.{config.Domainname}"
    env = [f"PATH={DEFAULT_PATH_ENV}", f"HOSTNAME={hostname}"]
    if config.Tty:
        env.append("TERM=xterm")
    env.extend(linked_env)
    return replace_or_append_env_values(env, config.Env)


def full_hostname(config: Config) -> str:
    """``Container.FullHostname()``: ``Hostname.Domainname``, or Hostname when Domainname is empty."""
    if config.Domainname:
        return f"{config.Hostname}.{config.Domainname}"
    return config.Hostname

"""ReplaceOrAppendEnvValues and the Unix CreateDaemonEnvironment (moby-behavior §5, §6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobyspec_reference.env import (
    DEFAULT_PATH_ENV,
    create_daemon_environment_unix,
    full_hostname,
    replace_or_append_env_values,
)
from mobyspec_reference.inputs import Config


@pytest.mark.parametrize(
    ("defaults", "overrides", "want"),
    [
        # The worked examples of moby-behavior §6 (moby/moby@v1.12.0:utils/utils.go).
        (["A=1", "B=2"], ["B=3", "C=4", "C=5", "A", "D"], ["B=3", "C=4", "C=5"]),
        (["A=1", "A=2"], ["A=9"], ["A=1", "A=9"]),
        (["A=1", "A=2"], ["A"], ["A=1"]),
        (["A=1"], ["A="], ["A="]),
        (["=C:=C:\\", "A=1"], [""], ["A=1"]),
        (["A=1"], ["a=2"], ["A=1", "a=2"]),
        (["A=1", ""], None, ["A=1"]),
        (["A=1"], ["B=1", "B"], ["A=1", "B=1"]),
    ],
)
def test_replace_or_append_examples(
    defaults: list[str], overrides: list[str] | None, want: list[str]
) -> None:
    assert replace_or_append_env_values(defaults, overrides) == want


def test_replace_or_append_does_not_mutate_its_inputs() -> None:
    defaults = ["A=1"]
    replace_or_append_env_values(defaults, ["A"])
    assert defaults == ["A=1"]


keys = st.sampled_from(["A", "B", "PATH", "HOSTNAME", "a", ""])
entries = st.one_of(keys, st.tuples(keys, st.sampled_from(["", "1", "x=y"])).map("=".join))


@given(st.lists(entries, max_size=6), st.lists(entries, max_size=6))
def test_no_empty_entry_survives(defaults: list[str], overrides: list[str]) -> None:
    assert "" not in replace_or_append_env_values(defaults, overrides)


@given(st.lists(entries, max_size=6), st.lists(entries, max_size=6))
def test_new_keys_are_appended_in_order_and_never_removed(defaults: list[str], overrides: list[str]) -> None:
    default_keys = {d.split("=", 1)[0] for d in defaults}
    appended = [o for o in overrides if "=" in o and o.split("=", 1)[0] not in default_keys]
    out = replace_or_append_env_values(defaults, overrides)
    assert out[len(out) - len(appended) :] == appended


@given(st.lists(entries, max_size=6), st.lists(entries, max_size=6))
def test_untouched_defaults_keep_their_order(defaults: list[str], overrides: list[str]) -> None:
    touched = {o.split("=", 1)[0] for o in overrides}
    untouched = [d for d in defaults if d and d.split("=", 1)[0] not in touched]
    out = replace_or_append_env_values(defaults, overrides)
    assert [e for e in out if e in untouched] == untouched


def test_daemon_environment_base_list_and_order() -> None:
    config = Config(Hostname="web", Domainname="example.com", Tty=True, Env=("X=1",))
    assert create_daemon_environment_unix(config, ["L=1"], fqdn_hostname=False) == [
        f"PATH={DEFAULT_PATH_ENV}",
        "HOSTNAME=web",  # 1.11+: the short name (moby/moby@v1.11.2:container/container_unix.go)
        "TERM=xterm",
        "L=1",
        "X=1",
    ]


def test_daemon_environment_fqdn_hostname_of_1_10() -> None:
    config = Config(Hostname="web", Domainname="example.com")
    env = create_daemon_environment_unix(config, [], fqdn_hostname=True)
    assert env[1] == "HOSTNAME=web.example.com"  # moby/moby@v1.10.3:container/container_unix.go


@pytest.mark.parametrize(
    ("hostname", "domainname", "want"),
    [("web", "", "web"), ("web", "d", "web.d"), ("", "d", ".d"), ("", "", "")],
)
def test_full_hostname(hostname: str, domainname: str, want: str) -> None:
    assert full_hostname(Config(Hostname=hostname, Domainname=domainname)) == want

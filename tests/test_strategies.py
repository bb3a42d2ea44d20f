"""The public strategies: schema-valid inputs, handled by the reference, reaching what they promise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from mobyspec_conformance import strategies as ms
from mobyspec_conformance.corpus import parse_case, validate_case
from mobyspec_reference import BuildError, build
from mobyspec_reference.profiles import profiles_for
from mobyspec_reference.winargs import escape_arg
from mobyspec_reference.windows_cmdline import command_line_to_argv

pytestmark = pytest.mark.property

PLATFORMS = ("linux", "windows")
#: Reachability: does the strategy produce such an input at all? Any example will do, so no shrinking
#: (shrinking was nine tenths of these tests' time).
FIND = settings(
    database=None,
    max_examples=2000,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
#: For the test of what shrinking itself gives.
SHRINK = settings(FIND, phases=tuple(Phase))


def _document(platform: str, inp: dict) -> dict:
    return {
        "id": "strategies/sample",
        "description": "a drawn input",
        "platform": platform,
        "operation": "spec",
        "features": [],
        "input": inp,
    }


@pytest.mark.parametrize("errors", [False, True], ids=["valid", "with-errors"])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_inputs_validate_and_reference_raises_only_build_errors(platform, errors):
    @given(ms.spec_inputs(platform, errors=errors))
    def check(inp):
        validate_case(_document(platform, inp), "drawn")
        for profile in profiles_for(platform, "spec"):
            try:
                build(platform, "spec", inp, profile)
            except BuildError as err:
                # without errors=True every input is one moby builds
                failure = f"{profile.id}: {err}"
                assert errors, failure

    check()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_case_documents_parse(platform):
    @given(ms.case_documents(platform, case_id="draft/x"))
    def check(doc):
        import json

        assert parse_case(json.dumps(doc), "drawn", "draft/x").input == doc["input"]

    check()


def test_spec_inputs_rejects_unknown_platform():
    with pytest.raises(ValueError, match="unknown platform"):
        ms.spec_inputs("solaris")


@given(st.lists(ms.command_line_args(), max_size=5))
def test_command_line_args_survive_escaping(args):
    line = " ".join(escape_arg(a) for a in ["prog", *args])
    assert command_line_to_argv(line)[1:] == args


# Distribution: each strategy reaches the realistic corners it promises (found, not sampled).


def test_env_reaches_bare_keys_empty_values_and_duplicates():
    find(ms.env_lists(), lambda env: env is not None and any("=" not in e for e in env), settings=FIND)
    find(ms.env_lists(), lambda env: env is not None and any(e.endswith("=") for e in env), settings=FIND)
    keys = lambda env: [e.split("=", 1)[0] for e in env or []]  # noqa: E731
    find(ms.env_lists(), lambda env: len(set(keys(env))) < len(keys(env)), settings=FIND)
    assert find(ms.env_lists(), lambda env: env is None, settings=FIND) is None


def test_paths_reach_unclean_forms():
    assert find(ms.unix_paths(), lambda p: "/../" in p or p.endswith("/.."), settings=FIND)
    assert find(ms.unix_paths(), lambda p: "//" in p, settings=FIND)
    assert find(ms.windows_paths(drive=False), lambda p: p.startswith("\\\\"), settings=FIND)
    assert find(ms.windows_paths(), lambda p: " " in p, settings=FIND)


def test_ports_reach_protocols_and_runs():
    assert find(ms.port_specs(), lambda p: p.endswith("/udp"), settings=FIND)
    assert find(ms.port_specs(), lambda p: "/" not in p, settings=FIND)
    ints = lambda ports: sorted(int(p.split("/")[0]) for p in ports)  # noqa: E731
    run = find(
        ms.exposed_ports(),
        lambda ports: any(ints(ports)[i + 2] == ints(ports)[i] + 2 for i in range(len(ports) - 2)),
        settings=FIND,
    )
    assert len(run) >= 3


def test_linux_inputs_reach_links_init_and_errors():
    two_links = find(ms.linux_spec_inputs(), lambda i: len(i.get("links", [])) == 2, settings=FIND)
    assert two_links["container"]["NetworkSettings"]["Networks"]["bridge"]
    find(
        ms.linux_spec_inputs(),
        lambda i: i["container"].get("HostConfig", {}).get("Init") is False,
        settings=FIND,
    )
    no_init = find(
        ms.linux_spec_inputs(errors=True), lambda i: "LookPath" not in i.get("host", {}), settings=FIND
    )
    assert "docker-init" not in no_init.get("host", {}).get("LookPath", {})


def test_windows_inputs_reach_hyperv_readonly_mounts_and_layers():
    find(
        ms.windows_spec_inputs(),
        lambda i: i["container"].get("HostConfig", {}).get("Isolation") == "HyperV",
        settings=FIND,
    )
    find(
        ms.windows_spec_inputs(),
        lambda i: any(m.get("Writable") is False for m in i["container"].get("Mounts", [])),
        settings=FIND,
    )
    # layers+base only with errors: 17.09+ cannot find its layers (RootFS.ChainID() is "" on Windows)
    layered = find(
        ms.windows_spec_inputs(errors=True),
        lambda i: (i.get("image") or {}).get("RootFS", {}).get("Type") == "layers+base",
        settings=FIND,
    )
    assert len(layered["layers"]) == len(layered["image"]["RootFS"]["DiffIDs"]) + 1
    find(
        ms.windows_spec_inputs(),
        lambda i: i["container"].get("HostConfig", {}).get("CPUShares", 0) > 0xFFFF,
        settings=FIND,
    )


def test_shrinking_drops_optional_keys():
    # "absent is Go's zero value": a minimal example keeps only what the condition needs
    minimal = find(
        ms.linux_spec_inputs(), lambda i: i["container"].get("Config", {}).get("Tty") is True, settings=SHRINK
    )
    assert minimal == {
        # the BaseFS a valid input always has (an empty one is a nil ContainerFS from 17.10)
        "container": {
            "Path": minimal["container"]["Path"],
            "BaseFS": "/var/lib/docker/overlay/x/merged",
            "Config": {"Tty": True},
        },
        "host": minimal["host"],
    }

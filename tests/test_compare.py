"""compare.py: canonical fast path, the order-free policy groups, hierarchical error codes, explanations."""

from __future__ import annotations

import copy
import json

import pytest

from mobyspec_conformance.adapters.base import Built, Rejected
from mobyspec_conformance.compare import (
    code_matches,
    compare,
    default_policy,
    explain,
    link_aliases,
    parse_policy,
)

SPEC = {
    "ociVersion": "1.0.0-rc5",
    "process": {"args": ["/dev/init", "--", "sh"], "cwd": "/", "env": ["PATH=/bin", "HOSTNAME=x"]},
    "root": {"path": "/rootfs"},
}


def _linux(golden, response, *, inp=None, profile="17.06", operation="spec", platform="linux"):
    return compare(
        golden,
        response,
        platform=platform,
        operation=operation,
        profile=profile,
        case_input=inp or {},
    )


def test_equal_specs_pass_both_scores_without_a_diff():
    verdict = _linux(SPEC, Built(copy.deepcopy(SPEC)))
    assert (verdict.exact, verdict.semantic, verdict.mismatch, verdict.diff) == (True, True, None, ())


def test_true_is_not_one():
    """Python says True == 1; JSON (and Go) do not: the canonical form keeps them apart."""
    golden = {"root": {"readonly": True}}
    verdict = _linux(golden, Built({"root": {"readonly": 1}}))
    assert not verdict.exact
    assert not verdict.semantic
    assert verdict.mismatch == "spec-differs"
    assert verdict.diff == ("/root/readonly: expected true, got 1",)


def test_key_order_does_not_matter():
    reordered = json.loads(json.dumps(SPEC, sort_keys=True))
    reordered = dict(reversed(list(reordered.items())))
    assert _linux(SPEC, Built(reordered)).exact


def test_missing_init_separator_is_one_line_naming_the_field():
    actual = copy.deepcopy(SPEC)
    actual["process"]["args"] = ["/dev/init", "sh"]
    verdict = _linux(SPEC, Built(actual))
    assert verdict.diff == ('/process/args/1: missing (expected "--")',)


def test_explain_added_removed_changed():
    lines = explain({"a": 1, "b": {"c": "x"}}, {"b": {"c": "y"}, "d": [1]})
    assert lines == ("/a: missing (expected 1)", '/b/c: expected "x", got "y"', "/d: unexpected [1]")


def test_explain_escapes_pointer_segments():
    assert explain({"a/b": {"~": 1}}, {"a/b": {"~": 2}}) == ("/a~1b/~0: expected 1, got 2",)


def test_explain_cuts_long_values():
    (line,) = explain({"x": "a" * 500}, {"x": "b"})
    assert line.startswith('/x: expected "aaaa')
    assert '..., got "b"' in line
    assert len(line) < 220


# --- error codes ----------------------------------------------------------------------------------

GOLDEN_ERROR = {
    "error": {"code": "links.child-not-running", "message": "Cannot link to a non running container"}
}


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ("links.child-not-running", "links.child-not-running", True),
        ("links.child-not-running", "links.child-not-running.stopped", True),
        ("links.child-not-running", "links", False),  # an ancestor is less precise
        ("links.child-not-running", "links.child-not-runningX", False),  # not a dotted extension
        ("links.child-not-running", "links.child-not-on-bridge", False),
    ],
)
def test_codes_match_hierarchically(expected, actual, ok):
    assert code_matches(expected, actual) is ok


def test_error_matches_by_code_never_by_message():
    verdict = _linux(GOLDEN_ERROR, Rejected("links.child-not-running.stopped", "a different text"))
    assert verdict.exact
    assert verdict.semantic


def test_wrong_code_names_both_codes():
    verdict = _linux(GOLDEN_ERROR, Rejected("links.child-not-on-bridge", "x"))
    assert verdict.mismatch == "error-code-differs"
    assert "expected links.child-not-running" in verdict.diff[0]
    assert "got links.child-not-on-bridge" in verdict.diff[0]


def test_rejection_without_code_is_counted_apart():
    verdict = _linux(GOLDEN_ERROR, Rejected(None, "Cannot link to a non running container"))
    assert verdict.mismatch == "rejected-unmapped"
    assert not verdict.semantic


def test_built_where_moby_fails():
    assert _linux(GOLDEN_ERROR, Built(SPEC)).mismatch == "accepted-invalid"


def test_rejected_where_moby_builds():
    verdict = _linux(SPEC, Rejected("links.child-not-running", "no"))
    assert verdict.mismatch == "rejected-valid"
    assert "links.child-not-running" in verdict.diff[0]


# --- policy: link env blocks ------------------------------------------------------------------------

LINKS_INPUT = {"links": [{"Alias": "/web/db"}, {"Alias": "/web/my-cache"}, {"Alias": "/web/queue"}]}
HEAD = ["PATH=/bin", "HOSTNAME=web"]
DB = ["DB_PORT=tcp://172.17.0.2:5432", "DB_PORT_5432_TCP=tcp://172.17.0.2:5432", "DB_NAME=/web/db"]
CACHE = ["MY_CACHE_PORT=tcp://172.17.0.4:6379", "MY_CACHE_NAME=/web/my-cache", "MY_CACHE_ENV_A=1"]
QUEUE = ["QUEUE_NAME=/web/queue", "QUEUE_ENV_Q=1"]
TAIL = ["FOO=bar"]


def _env_spec(env):
    return {"process": {"env": env}}


def test_link_aliases_follow_tostring_rules():
    """ToEnv: upper-case the last path element of the alias, '-' becomes '_' (links.go)."""
    assert link_aliases(LINKS_INPUT) == ("MY_CACHE", "QUEUE", "DB")


def test_link_blocks_in_another_order_pass_semantic_only():
    golden = _env_spec(HEAD + DB + CACHE + QUEUE + TAIL)
    actual = _env_spec(HEAD + QUEUE + DB + CACHE + TAIL)
    verdict = _linux(golden, Built(actual), inp=LINKS_INPUT)
    assert (verdict.exact, verdict.semantic, verdict.mismatch) == (False, True, None)
    assert verdict.passed("semantic")
    assert not verdict.passed("exact")
    assert verdict.diff  # the exact difference is still explained
    assert all(line.startswith("/process/env/") for line in verdict.diff)


def test_entries_inside_a_block_stay_ordered():
    golden = _env_spec(HEAD + DB + CACHE + TAIL)
    actual = _env_spec([*HEAD, DB[1], DB[0], DB[2], *CACHE, *TAIL])
    assert not _linux(golden, Built(actual), inp=LINKS_INPUT).semantic


def test_blocks_may_not_move_past_other_entries():
    golden = _env_spec(HEAD + DB + CACHE + TAIL)
    actual = _env_spec(HEAD + DB + TAIL + CACHE)
    assert not _linux(golden, Built(actual), inp=LINKS_INPUT).semantic


def test_interleaved_blocks_fail():
    golden = _env_spec(HEAD + DB + CACHE)
    actual = _env_spec([*HEAD, DB[0], CACHE[0], DB[1], DB[2], CACHE[1], CACHE[2]])
    assert not _linux(golden, Built(actual), inp=LINKS_INPUT).semantic


def test_env_order_without_links_is_exact():
    golden = _env_spec(["A=1", "B=2"])
    assert not _linux(golden, Built(_env_spec(["B=2", "A=1"]))).semantic


def test_two_aliases_with_one_prefix_split_at_each_port_default():
    """``db-1`` and ``db_1`` both become ``DB_1``: the second block starts at its ``DB_1_PORT=``."""
    inp = {"links": [{"Alias": "/web/db-1"}, {"Alias": "/web/db_1"}]}
    one = ["DB_1_PORT=tcp://a:1", "DB_1_NAME=/web/db-1"]
    two = ["DB_1_PORT=tcp://b:2", "DB_1_NAME=/web/db_1", "DB_1_ENV_X=1"]
    verdict = _linux(_env_spec(HEAD + one + two), Built(_env_spec(HEAD + two + one)), inp=inp)
    assert verdict.semantic


def test_link_policy_is_linux_spec_only():
    golden = _env_spec(HEAD + DB + CACHE)
    actual = _env_spec(HEAD + CACHE + DB)
    assert not _linux(golden, Built(actual), inp=LINKS_INPUT, platform="windows").semantic


# --- policy: Windows endpoints and 1.10 tmpfs mounts -----------------------------------------------


def test_windows_endpoints_are_a_set():
    golden = {"windows": {"networking": {"endpoints": ["a", "b", "c"]}}}
    actual = {"windows": {"networking": {"endpoints": ["c", "a", "b"]}}}
    verdict = _linux(golden, Built(actual), platform="windows", profile="1.12")
    assert (verdict.exact, verdict.semantic) == (False, True)


def test_windows_endpoints_still_count_duplicates():
    golden = {"windows": {"networking": {"endpoints": ["a", "b"]}}}
    actual = {"windows": {"networking": {"endpoints": ["a", "a"]}}}
    assert not _linux(golden, Built(actual), platform="windows", profile="1.12").semantic


def test_tmpfs_mounts_are_order_free_among_themselves_only():
    group = default_policy().group("start.tmpfs-mounts")
    assert group.pointer == "/result/mounts"
    shm = {"destination": "/data", "source": "/var/lib/docker/volumes/data"}
    t1 = {"destination": "/run", "source": "tmpfs", "data": "size=1m"}
    t2 = {"destination": "/cache", "source": "tmpfs", "data": ""}

    def check(mounts, profile="1.10", operation="start"):
        golden = {"result": {"mounts": [shm, t1, t2]}}
        return _linux(golden, Built({"result": {"mounts": mounts}}), operation=operation, profile=profile)

    assert check([shm, t2, t1]).semantic
    assert check([shm, t2, t1], profile="1.11").semantic
    assert not check([t1, shm, t2]).semantic  # the IPC mount keeps its slot
    assert not check([shm, t2, t1], operation="spec").semantic


def test_policy_file_lists_the_groups_with_sources():
    policy = default_policy()
    assert {g.name for g in policy.groups} == {
        "linux.spec.link-env-blocks",
        "windows.spec.endpoints",
        "windows.spec.endpoint-list",
        "start.tmpfs-mounts",
        "start.1.10.link-env-blocks",
        "start.1.11.link-env-blocks",
        "start.windows.endpoints",
    }
    assert policy.group("windows.spec.endpoints").pointer == "/windows/networking/endpoints"
    with pytest.raises(KeyError):
        policy.group("nope")


def test_policy_is_data():
    policy = parse_policy(
        {
            "version": 7,
            "groups": [
                {
                    "name": "x",
                    "platform": "linux",
                    "operation": "spec",
                    "pointer": "/process/args",
                    "mode": "set",
                }
            ],
        }
    )
    golden = {"process": {"args": ["a", "b"]}}
    verdict = compare(
        golden,
        Built({"process": {"args": ["b", "a"]}}),
        platform="linux",
        operation="spec",
        profile="17.06",
        case_input={},
        policy=policy,
    )
    assert verdict.semantic
    assert not verdict.exact


def test_policy_pointer_to_a_missing_path_is_ignored():
    golden = {"windows": {}}
    verdict = _linux(golden, Built({"windows": {"x": 1}}), platform="windows", profile="1.12")
    assert verdict.diff == ("/windows/x: unexpected 1",)


@pytest.mark.parametrize(
    ("operation", "profile", "pointer"),
    [
        ("spec", "17.06", ["process", "env"]),
        ("start", "1.10", ["result", "command", "ProcessConfig", "Env"]),
        ("start", "1.11", ["result", "spec", "process", "env"]),
    ],
)
def test_link_blocks_are_order_free_wherever_the_env_lands(operation, profile, pointer):
    def nest(env):
        doc = env
        for key in reversed(pointer):
            doc = {key: doc}
        return doc

    verdict = _linux(
        nest(HEAD + DB + CACHE),
        Built(nest(HEAD + CACHE + DB)),
        inp=LINKS_INPUT,
        operation=operation,
        profile=profile,
    )
    assert (verdict.exact, verdict.semantic) == (False, True)


def test_policy_rejects_an_unknown_mode():
    group = {"name": "x", "platform": "linux", "operation": "spec", "pointer": "/a", "mode": "bag"}
    with pytest.raises(ValueError, match="unknown mode 'bag'"):
        parse_policy({"version": 1, "groups": [group]})

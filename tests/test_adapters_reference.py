"""The reference through every transport reproduces the in-process reference; the shipped examples run.

``cmd:mobyspec serve``, ``oneshot:`` with the example adapter, its manifest and ``py:`` all give the same
responses as :class:`ReferenceBuilder` on a sample of the corpus (plus an error and an unsupported pair).
"""

from __future__ import annotations

import copy
import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mobyspec_conformance.adapters.base import BuildRequest, Built, Rejected, Skipped
from mobyspec_conformance.adapters.factory import make_builder
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.corpus import default_corpus
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_reference import PROFILES, build_output

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "conformance" / "adapters"
ONESHOT_EXAMPLE = EXAMPLES / "python-oneshot" / "oneshot_reference.py"


def mobyspec_command() -> str:
    """The ``mobyspec`` script of the running environment (the venv or the tox env)."""
    beside = Path(sys.executable).with_name("mobyspec")
    found = str(beside) if beside.exists() else shutil.which("mobyspec")
    if found is None:
        pytest.fail("the mobyspec script is not installed next to the interpreter nor on PATH")
    return found


@functools.cache
def corpus_pairs() -> list:
    cases = load_corpus(default_corpus()).cases
    return [(case, pid) for case in cases for pid in case.applicable_profiles()]


def sample(limit: int) -> list[BuildRequest]:
    """Up to ``limit`` (case, profile) pairs spread over the corpus, then two that are not built."""
    pairs = corpus_pairs()
    assert pairs, "the corpus is empty"
    step = max(1, len(pairs) // limit)
    chosen = pairs[::step][:limit]
    requests = [
        BuildRequest(seq, case.id, pid, case.platform, case.operation, case.input)
        for seq, (case, pid) in enumerate(chosen)
    ]
    # a Linux spec input: among the sample, else the corpus's first (the sample can be all Windows)
    linux_inputs = [r.input for r in requests if (r.platform, r.operation) == ("linux", "spec")]
    linux_inputs += [c.input for c, _pid in pairs if (c.platform, c.operation) == ("linux", "spec")][:1]
    first_input = linux_inputs[0]
    # --init with no docker-init on $PATH: moby's init.lookpath error at 17.06
    no_init = copy.deepcopy(first_input)
    no_init.setdefault("container", {})["HostConfig"] = {"Init": True}
    no_init.pop("daemon", None)
    no_init.setdefault("host", {})["LookPath"] = {}
    no_linux = next(p.id for p in PROFILES if not p.supports("linux", "spec"))
    return [
        *requests,
        BuildRequest(len(requests), "extra/init-not-found", "17.06", "linux", "spec", no_init),
        BuildRequest(len(requests) + 1, "extra/unsupported", no_linux, "linux", "spec", first_input),
    ]


def through(spec: str, requests: list[BuildRequest]) -> list:
    builder = make_builder(spec)
    builder.start()
    try:
        return list(builder.run(requests))
    finally:
        builder.close()


def expected(requests: list[BuildRequest]) -> list:
    out = list(ReferenceBuilder().run(requests))
    assert isinstance(out[-2], Rejected)
    assert isinstance(out[-1], Skipped)
    assert any(isinstance(r, Built) for r in out)
    return out


def test_py_serve_handle_reproduces_the_reference():
    requests = sample(300)
    assert through("py:mobyspec_conformance.serve:handle", requests) == expected(requests)


@pytest.mark.subprocess
def test_cmd_mobyspec_serve_reproduces_the_reference():
    requests = sample(400)
    assert through(f"cmd:{mobyspec_command()} serve", requests) == expected(requests)


@pytest.mark.subprocess
def test_oneshot_example_reproduces_the_reference():
    requests = sample(6)
    assert through(f"oneshot:{sys.executable} {ONESHOT_EXAMPLE}", requests) == expected(requests)


@pytest.mark.subprocess
def test_oneshot_example_manifest_runs(tmp_path):
    # The shipped manifest says python3; point it at this interpreter, keep everything else.
    text = (EXAMPLES / "python-oneshot" / "adapter.toml").read_text()
    text = text.replace('command = ["python3", ', f"command = [{json.dumps(sys.executable)}, ")
    manifest = tmp_path / "adapter.toml"
    cwd = f"cwd = {json.dumps(str(ONESHOT_EXAMPLE.parent))}\n"
    manifest.write_text(text.replace("[hello]", cwd + "[hello]"))
    requests = sample(2)
    builder = make_builder(str(manifest))
    hello = builder.start()
    try:
        out = list(builder.run(requests))
    finally:
        builder.close()
    assert hello.name == "mobyspec-reference-oneshot"
    assert hello.language == "python"
    assert out == expected(requests)


@pytest.mark.subprocess
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_session_template_answers_hello_and_skips_everything():
    requests = sample(20)
    builder = make_builder(str(EXAMPLES / "node-session" / "adapter.toml"))
    hello = builder.start()
    try:
        out = list(builder.run(requests))
    finally:
        builder.close()
    assert (hello.name, hello.language) == ("my-engine", "javascript")
    assert out == [Skipped(f"not implemented yet: {r.platform} {r.operation}") for r in requests]


def serve_raw(*lines: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [mobyspec_command(), "serve"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.subprocess
def test_serve_refuses_a_protocol_range_without_1():
    done = serve_raw('{"cmd":"hello","protocol":{"min":2,"max":3}}')
    assert done.returncode == 2
    assert json.loads(done.stdout) == {"error": {"message": "mobyspec speaks protocol 1", "supported": [1]}}


@pytest.mark.subprocess
def test_serve_answers_a_malformed_build_with_errored_and_stops_at_garbage():
    done = serve_raw(
        '{"cmd":"hello","protocol":{"min":1,"max":1}}',
        '{"cmd":"build","seq":7,"profile":"17.06"}',
        "this is not json",
        '{"cmd":"build","seq":8}',
    )
    assert done.returncode == 2
    hello, errored = map(json.loads, done.stdout.splitlines())
    assert hello["implementation"]["name"] == "mobyspec-reference"
    assert errored["seq"] == 7
    assert "'case' is a required property" in errored["errored"]["message"]
    assert "not JSON" in done.stderr


@pytest.mark.subprocess
def test_serve_exits_0_at_shutdown_and_at_eof():
    assert serve_raw('{"cmd":"shutdown"}', "ignored after shutdown").returncode == 0
    assert serve_raw().returncode == 0


@pytest.mark.subprocess
def test_serve_echoes_a_lone_surrogate_as_its_json_escape():
    """An env value ``"\\ud800"`` decodes to a code point UTF-8 cannot hold; the answer escapes it back."""
    # a sampled Linux spec request that builds (the sample's stride moves with the corpus and profile table)
    first = next(
        r
        for r in sample(50)
        if (r.platform, r.operation) == ("linux", "spec")
        and "error" not in build_output("linux", "spec", r.input, r.profile)
    )
    request = copy.deepcopy(first.input)
    request.setdefault("container", {}).setdefault("Config", {})["Env"] = ["LONE=\ud800"]
    build = {"cmd": "build", "seq": 0, "case": first.case_id, "platform": "linux", "operation": "spec"}
    done = serve_raw(json.dumps(build | {"profile": first.profile, "input": request}))
    assert done.returncode == 0, done.stderr
    assert '"LONE=\\ud800"' in done.stdout
    assert "LONE=\ud800" in json.loads(done.stdout)["built"]["process"]["env"]

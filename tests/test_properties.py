"""The properties: the reference passes each wherever moby has the rule; each fake is caught by its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import props_fakes as fakes
import pytest
from click.testing import CliRunner
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from mobyspec_conformance import exitcodes, properties
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.cli import main
from mobyspec_conformance.corpus import load_corpus
from mobyspec_reference.profiles import PROFILES, get_profile

pytestmark = pytest.mark.property

CHECKOUT = Path(__file__).resolve().parents[1]
PAIRS = [(p, prof) for p in properties.all_properties() for prof in PROFILES if p.applies(prof)]


@pytest.fixture(scope="module")
def reference():
    return properties.Subject(ReferenceBuilder(), "reference")


def _hyperv(inp):
    own = inp["container"].get("HostConfig", {}).get("Isolation", "")
    if own.lower() in {"", "default"}:
        return inp.get("daemon", {}).get("DefaultIsolation", "").lower() == "hyperv"
    return own.lower() == "hyperv"


def _bounded(limit: int) -> settings:
    """The loaded hypothesis profile, at most ``limit`` examples, reproducible."""
    return settings(
        settings.default, max_examples=min(settings.default.max_examples, limit), derandomize=True
    )


@pytest.mark.parametrize(("prop", "profile"), PAIRS, ids=[f"{p.name}[{prof.id}]" for p, prof in PAIRS])
def test_reference_passes(reference, prop, profile):
    result = prop.run(reference, profile)
    if result.status == "skipped":
        # only for want of a schema folder or of the start state machine, never for the rule
        assert "schema" in result.message or properties.START_MACHINE_MODULE in result.message, result
        pytest.skip(result.message)
    assert result.status == "passed", (result.message, result.example)
    assert result.requests > 0


def test_rules_exist_only_where_the_profile_has_them():
    applies = {p.name: {prof.id for prof in PROFILES if p.applies(prof)} for p in properties.all_properties()}
    assert applies["linux-init"] == {
        "1.11",
        "1.12-dev+c70f153",
        "1.12",
        "1.13-dev+410a861",
        "1.13.0",
        "17.03",
        "17.06",
    }
    assert "1.10" not in applies["linux-cwd-default"]  # 1.10 builds no OCI spec
    assert applies["linux-schema"] == {"1.12", "1.13-dev+410a861", "1.13.0", "17.03", "17.06"}
    assert applies["windows-schema"] == {"1.13.0", "17.03", "17.06"}
    assert applies["linux-start-lifecycle"] == {"1.10", "1.11"}
    assert applies["windows-start-lifecycle"] == {"1.11"}


def test_every_property_quotes_moby_with_a_source():
    for prop in properties.PROPERTIES:
        assert "moby" in prop.doc
        assert "moby/moby@" in prop.doc, prop.name


@pytest.mark.parametrize("fake", list(fakes.CAUGHT_BY), ids=lambda f: f.name)
def test_fake_is_caught_by_its_property_only(fake):
    profile_id, expected = fakes.CAUGHT_BY[fake]
    subject = properties.Subject(fake(), fake.name)
    platform = properties.find(expected).platform  # each fake breaks a rule of one platform only
    results = [
        p.run(subject, get_profile(profile_id), _bounded(50))
        for p in properties.all_properties()
        if p.platform == platform
    ]
    failed = {r.property for r in results if r.status not in {"passed", "skipped"}}
    assert failed == {expected}, [(r.property, r.status, r.message) for r in results if r.status == "failed"]
    (caught,) = [r for r in results if r.property == expected]
    assert caught.status == "failed"
    assert caught.example is not None


def test_violation_is_shrunk_to_a_minimal_input():
    subject = properties.Subject(fakes.HypervRootPath(), "hyperv-root-path")
    result = properties.find("windows-hyperv-root").run(subject, get_profile("17.06"), _bounded(100))
    assert result.status == "failed"
    assert "root.path" in result.message
    container = result.example["container"]
    assert set(container) == {"Path", "BaseFS"} | ({"HostConfig"} if "HostConfig" in container else set())
    assert _hyperv(result.example)


def test_property_called_directly_raises_the_violation():
    subject = properties.Subject(fakes.ShortHostname(), "short-hostname")
    with pytest.raises(properties.PropertyViolation, match="hostname is"):
        properties.find("linux-hostname")(subject, "1.12", settings=_bounded(50))


def test_builder_that_does_not_claim_a_platform_is_skipped():
    class LinuxOnly(fakes.Fake):
        def start(self):
            return (
                super()
                .start()
                .__class__(name="linux-only", version="1", language="python", platforms=("linux",))
            )

    subject = properties.Subject(LinuxOnly(), "linux-only")
    result = properties.find("windows-hostname").run(subject, get_profile("17.06"))
    assert result.status == "skipped"
    assert "does not declare the platform windows" in result.message


# --- the start state machine hook ---------------------------------------------------------------


def _machine_module(check):
    """A stand-in ``start_machine`` module whose machine starts a fresh container each step."""

    def machine(build, profile, platform):
        class Start(RuleBasedStateMachine):
            @rule(name=st.sampled_from(["/web", "/db"]))
            def start(self, name):
                check(build({"container": {"ID": "abc", "Name": name, "Path": "sh"}}), profile, platform)

        return Start

    return types.SimpleNamespace(machine=machine)


def test_start_machine_runs_against_a_builder_that_declares_start(reference, monkeypatch):
    seen = []

    def check(output, profile, platform):
        seen.append((profile, platform))
        assert output["result"]["container"]["State"]["Running"] is True

    monkeypatch.setitem(sys.modules, properties.START_MACHINE_MODULE, _machine_module(check))
    machine = properties.find("linux-start-lifecycle")
    result = machine.run(reference, get_profile("1.11"), settings(_bounded(5), stateful_step_count=3))
    assert result.status == "passed", result.message
    assert seen
    assert set(seen) == {("1.11", "linux")}
    # a builder without ``start`` (the fakes declare spec only) is skipped
    skipped = machine.run(properties.Subject(fakes.Fake(), "fake"), get_profile("1.11"))
    assert skipped.status == "skipped"
    assert "operation start" in skipped.message


def test_failing_start_machine_is_reported(reference, monkeypatch):
    def check(output, profile, platform):  # noqa: ARG001
        assert "error" in output, "expected an error"

    monkeypatch.setitem(sys.modules, properties.START_MACHINE_MODULE, _machine_module(check))
    result = properties.find("linux-start-lifecycle").run(reference, get_profile("1.10"), _bounded(5))
    assert result.status == "failed"
    assert "expected an error" in result.message


# --- mobyspec props ----------------------------------------------------------------------------


def test_props_cli_passes_the_reference_and_writes_junit(tmp_path):
    junit = tmp_path / "props.xml"
    got = CliRunner().invoke(
        main,
        [
            "props",
            "-b",
            "reference",
            "-p",
            "17.06",
            "--property",
            "linux-init",
            "-n",
            "10",
            "--junit",
            str(junit),
        ],
    )
    assert got.exit_code == exitcodes.OK, got.output
    assert "PASS  linux-init [17.06]" in got.output
    assert "1 passed, 0 failed, 0 errored, 0 skipped" in got.output
    assert 'tests="1" failures="0"' in junit.read_text()


def test_props_cli_fails_a_fake_with_its_minimal_input(tmp_path):
    junit = tmp_path / "props.xml"
    got = CliRunner().invoke(
        main, ["props", "-b", "py:props_fakes:EnvUserFirst", "-p", "1.12", "-n", "30", "--junit", str(junit)]
    )
    assert got.exit_code == exitcodes.FAILED, got.output
    assert "FAIL  linux-env [1.12]" in got.output
    assert "minimal input:" in got.output
    assert '<failure message="property violated"' in junit.read_text()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--property", "no-such-rule"], exitcodes.USAGE),
        (["-p", "0.9"], exitcodes.USAGE),
        (["-p", "1.10", "--property", "linux-env"], exitcodes.NOTHING_RAN),
    ],
)
def test_props_cli_exit_codes(args, code):
    got = CliRunner().invoke(main, ["props", "-b", "reference", "-n", "3", *args])
    assert got.exit_code == code, got.output


def test_props_cli_lists_the_properties():
    got = CliRunner().invoke(main, ["props", "-b", "reference", "--list"])
    assert got.exit_code == exitcodes.OK
    assert "windows-args (windows spec): Escaped Windows args parse back" in got.output


@pytest.mark.subprocess
def test_props_cli_unusable_builder():
    got = CliRunner().invoke(main, ["props", "-b", "cmd:false", "-n", "3"])
    assert got.exit_code == exitcodes.BUILDER_UNUSABLE, got.output


@pytest.mark.subprocess
@pytest.mark.slow
def test_reference_passes_through_the_session_transport():
    from mobyspec_conformance.run_cli import builder_factory

    mobyspec = Path(sys.executable).with_name("mobyspec")
    builder = builder_factory(f"cmd:{mobyspec} serve", None)()
    subject = properties.Subject(builder, "session")
    try:
        for prop in properties.PROPERTIES:
            profile = [prof for prof in PROFILES if prop.applies(prof)][-1]
            result = prop.run(subject, profile, _bounded(10))
            assert result.status in {"passed", "skipped"}, (prop.name, result.message, result.example)
    finally:
        builder.close()
    assert subject.requests > 100


# --- mobyspec fuzz -----------------------------------------------------------------------------


def test_fuzz_writes_a_minimal_draft_case_the_corpus_loader_accepts(tmp_path):
    out = tmp_path / "drafts"
    got = CliRunner().invoke(
        main,
        ["fuzz", "-b", "py:props_fakes:HypervRootPath", "-p", "17.06", "--out", str(out), "-n", "300"],
    )
    assert got.exit_code == exitcodes.FAILED, got.output
    cases, problems = load_corpus(out / "cases")
    assert not problems
    (case,) = cases
    assert case.id.startswith("fuzz/windows/17.06/")
    assert case.profiles == ("17.06",)
    assert "/root/path" in case.description
    # minimal: a Hyper-V container and nothing else it does not need
    assert set(case.input["container"]) <= {"Path", "BaseFS", "HostConfig"}
    assert _hyperv(case.input)
    assert set(case.input) <= {"container", "daemon", "rwLayer"}
    golden = json.loads((out / "goldens" / "17.06" / f"{case.id}.json").read_text())
    built = json.loads((out / "builder" / "17.06" / f"{case.id}.json").read_text())
    assert golden["root"] == {"path": ""}
    assert built["root"] == {"path": case.input["container"]["BaseFS"]}
    try:
        from mobyspec_conformance.lint import lint
    except ImportError:  # lint lands with the corpus tooling
        return
    report = lint(out / "cases", out / "goldens")
    assert not report.problems, report.problems


def test_fuzz_finds_nothing_for_the_reference(tmp_path):
    got = CliRunner().invoke(
        main, ["fuzz", "-b", "reference", "-p", "1.13.0", "--out", str(tmp_path), "-n", "30"]
    )
    assert got.exit_code == exitcodes.OK, got.output
    assert not (tmp_path / "cases").exists()


def test_fuzz_never_writes_into_the_corpus():
    got = CliRunner().invoke(
        main,
        ["fuzz", "-b", "reference", "-p", "17.06", "--out", str(CHECKOUT / "conformance" / "cases" / "fuzz")],
    )
    assert got.exit_code == exitcodes.USAGE
    assert "never go into" in got.output


# --- hypothesis settings profiles ---------------------------------------------------------------


@pytest.mark.subprocess
def test_hypothesis_profile_option_beats_the_environment():
    env = dict(os.environ, HYPOTHESIS_PROFILE="dev")
    got = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--co",
            "-v",
            "-p",
            "no:cacheprovider",
            "--hypothesis-profile",
            "ci",
            __file__,
        ],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
        env=env,
        check=False,
    )
    assert "hypothesis profile 'ci'" in got.stdout, got.stdout + got.stderr

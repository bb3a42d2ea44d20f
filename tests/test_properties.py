"""The properties: the reference passes each wherever moby has the rule (fakes: test_properties_fakes.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import budget
import props_fakes as fakes
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from mobyspec_conformance import properties
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_reference.profiles import PROFILES, get_profile, profiles_for

pytestmark = pytest.mark.property

CHECKOUT = Path(__file__).resolve().parents[1]
PAIRS = [(p, prof) for p in properties.all_properties() for prof in PROFILES if p.applies(prof)]


@pytest.fixture(scope="module")
def reference():
    return properties.Subject(ReferenceBuilder(), "reference")


@pytest.mark.parametrize(("prop", "profile"), PAIRS, ids=[f"{p.name}[{prof.id}]" for p, prof in PAIRS])
def test_reference_passes(reference, prop, profile):
    spread = budget.per_profile(sum(1 for p, _ in PAIRS if p is prop))
    result = prop.run(reference, profile, settings(settings.default, max_examples=spread))
    if result.status == "skipped":
        # only for want of a schema folder or of the start state machine, never for the rule
        assert "schema" in result.message or properties.START_MACHINE_MODULE in result.message, result
        pytest.skip(result.message)
    assert result.status == "passed", (result.message, result.example)
    assert result.requests > 0


def test_rules_exist_only_where_the_profile_has_them():
    applies = {p.name: {prof.id for prof in PROFILES if p.applies(prof)} for p in properties.all_properties()}
    linux = {p.id for p in profiles_for("linux", "spec")}
    assert applies["linux-init"] == linux
    assert "1.10" not in applies["linux-cwd-default"]  # 1.10 builds no OCI spec
    # every Linux spec profile but the two before the schema folder (0.5.0-dev, 0.6.0-dev) and the
    # 1.1.0-rc.2 and 1.1.0 ones (24.0-26.0 on Linux: no schema folder of those versions is provided)
    assert applies["linux-schema"] == linux - {
        "1.11.0",
        "1.11",
        "1.12-dev+c70f153",
        "24.0",
        "24.0.3",
        "24.0.7",
        "25.0",
        "26.0",
    }
    # Windows: from 1.13.0, but for the versions with no schema folder (1.0.0-rc5-dev of 17.07;
    # 1.1.0-rc.2 and 1.1.0 of 24.0-26.0)
    windows = {p.id for p in profiles_for("windows", "spec")}
    assert applies["windows-schema"] == windows - {
        "1.11.0",
        "1.11",
        "1.12-dev+c70f153",
        "1.12",
        "1.12.1",
        "1.12.2",
        "1.13-dev+410a861",
        "17.07",
        "24.0",
        "24.0.3",
        "24.0.7",
        "25.0",
        "26.0",
    }
    assert applies["linux-start-lifecycle"] == {"1.10.0", "1.10", "1.11.0", "1.11"}
    assert applies["windows-start-lifecycle"] == {"1.11.0", "1.11"}


def test_every_property_quotes_moby_with_a_source():
    for prop in properties.PROPERTIES:
        assert "moby" in prop.doc
        assert "moby/moby@" in prop.doc, prop.name


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
    result = machine.run(reference, get_profile("1.11"), settings(fakes.bounded(5), stateful_step_count=3))
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
    result = properties.find("linux-start-lifecycle").run(reference, get_profile("1.10"), fakes.bounded(5))
    assert result.status == "failed"
    assert "expected an error" in result.message


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
            result = prop.run(subject, profile, fakes.bounded(10))
            assert result.status in {"passed", "skipped"}, (prop.name, result.message, result.example)
    finally:
        builder.close()
    assert subject.requests > 100


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

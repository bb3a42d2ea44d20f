"""Each fake of props_fakes is caught by its own property and no other; ``mobyspec props`` and ``fuzz``.

Split from test_properties.py so that pytest-xdist (``--dist loadfile``) can run the two halves at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import props_fakes as fakes
import pytest
from click.testing import CliRunner

from mobyspec_conformance import exitcodes, properties
from mobyspec_conformance.cli import main
from mobyspec_conformance.corpus import load as load_corpus
from mobyspec_reference.profiles import get_profile

pytestmark = pytest.mark.property

CHECKOUT = Path(__file__).resolve().parents[1]


def _hyperv(inp):
    own = inp["container"].get("HostConfig", {}).get("Isolation", "")
    if own.lower() in {"", "default"}:
        return inp.get("daemon", {}).get("DefaultIsolation", "").lower() == "hyperv"
    return own.lower() == "hyperv"


@pytest.mark.parametrize("fake", list(fakes.CAUGHT_BY), ids=lambda f: f.name)
def test_fake_is_caught_by_its_property_only(fake):
    profile_id, expected = fakes.CAUGHT_BY[fake]
    subject = properties.Subject(fake(), fake.name)
    platform = properties.find(expected).platform  # each fake breaks a rule of one platform only
    # The catching property gets its 50 examples at every hypothesis profile (a fake must be caught);
    # the others, which must pass, run at the loaded profile's budget.
    profile = get_profile(profile_id)
    results = [
        p.run(subject, profile, fakes.exactly(50) if p.name == expected else fakes.bounded(50))
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
    result = properties.find("windows-hyperv-root").run(subject, get_profile("17.06"), fakes.bounded(100))
    assert result.status == "failed"
    assert "root.path" in result.message
    container = result.example["container"]
    assert set(container) == {"Path", "BaseFS"} | ({"HostConfig"} if "HostConfig" in container else set())
    assert _hyperv(result.example)


def test_property_called_directly_raises_the_violation():
    subject = properties.Subject(fakes.ShortHostname(), "short-hostname")
    with pytest.raises(properties.PropertyViolation, match="hostname is"):
        properties.find("linux-hostname")(subject, "1.12", settings=fakes.bounded(50))


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


# --- mobyspec fuzz -----------------------------------------------------------------------------


@pytest.mark.full
def test_fuzz_writes_a_minimal_draft_case_the_corpus_loader_accepts(tmp_path):
    out = tmp_path / "drafts"
    got = CliRunner().invoke(
        main,
        ["fuzz", "-b", "py:props_fakes:HypervRootPath", "-p", "17.06", "--out", str(out), "-n", "300"],
    )
    assert got.exit_code == exitcodes.FAILED, got.output
    loaded = load_corpus(out / "cases", collect=True)
    cases, problems = loaded.cases, loaded.problems
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

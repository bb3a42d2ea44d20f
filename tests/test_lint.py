"""``mobyspec lint`` on small corpora in a temporary folder: each kind of problem, the lock, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mobyspec_conformance import compare, runtime_schema
from mobyspec_conformance.canonical import dumps
from mobyspec_conformance.cli import main
from mobyspec_conformance.lint import load_exceptions, write_lock
from mobyspec_reference import build_output

PROFILE = "17.06"


def _case(case_id: str, **extra) -> dict:
    doc = {
        "id": case_id,
        "description": "a plain container",
        "platform": "linux",
        "operation": "spec",
        "features": ["default-spec"],
        "profiles": [PROFILE],
        "input": {"container": {"ID": "c0ffee", "Path": "sh", "BaseFS": "/rootfs"}},
    }
    doc.update(extra)
    return doc


class Tree:
    """A corpus, goldens, lock and exceptions file below ``tmp_path``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.corpus = root / "conformance" / "cases"
        self.goldens = root / "goldens"
        self.lock = root / "cases.lock"
        self.exceptions = root / "conformance" / "schema-exceptions.toml"
        self.corpus.mkdir(parents=True)
        self.goldens.mkdir()

    def add(self, doc: dict, *, path: str | None = None, golden: bool = True) -> None:
        file = self.corpus / f"{path or doc['id']}.json"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        if golden:
            out = build_output(doc["platform"], doc["operation"], doc["input"], PROFILE)
            self.golden(doc["id"], out)

    def golden(self, case_id: str, value, profile: str = PROFILE) -> Path:
        file = self.goldens / profile / f"{case_id}.json"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(dumps(value), encoding="utf-8")
        return file

    def run(self, *args: str, env: dict | None = None):
        argv = ["lint", "--corpus", str(self.corpus), "--goldens", str(self.goldens)]
        argv += ["--lock", str(self.lock), "--exceptions", str(self.exceptions), *args]
        return CliRunner().invoke(main, argv, env=env)


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Tree:
    monkeypatch.delenv(runtime_schema.SCHEMA_ENV, raising=False)
    t = Tree(tmp_path)
    t.add(_case("linux/good"))
    write_lock(t.corpus, t.goldens, t.lock)
    return t


def test_clean_tree_passes_and_says_the_schema_check_was_skipped(tree):
    result = tree.run()
    assert result.exit_code == 0, result.output
    assert "runtime-spec schema check skipped: no schema folder configured" in result.output
    assert "lint: ok (1 cases, 1 goldens)" in result.output


@pytest.mark.parametrize(
    ("doc", "path", "pointer", "message"),
    [
        # Where the loader points for a missing property (the object or the property) is its choice.
        pytest.param({"id": "linux/bad"}, None, None, "'description' is a required property", id="schema"),
        pytest.param(_case("linux/other"), "linux/moved", "#/id", "must equal the file's path", id="id-path"),
        pytest.param(
            _case("linux/feat", features=["no-such-feature"]),
            None,
            "#/features/0",
            "unknown feature",
            id="feature",
        ),
        pytest.param(
            _case("linux/desc", description="first\u2028second"),
            None,
            "#/description",
            "one line",
            id="lines",
        ),
        pytest.param(
            _case("linux/prof", profiles=["9.99"]), None, "#/profiles/0", "unknown profile", id="profile"
        ),
    ],
)
def test_bad_case_is_reported_with_file_pointer_and_exit_2(tree, doc, path, pointer, message):
    tree.add(doc, path=path, golden=False)
    write_lock(tree.corpus, tree.goldens, tree.lock)
    result = tree.run()
    assert result.exit_code == 2
    file = tree.corpus / f"{path or doc['id']}.json"
    prefixes = (f"{file}:", f"{file}#") if pointer is None else (f"{file}{pointer}:",)
    lines = [line for line in result.output.splitlines() if line.startswith(prefixes)]
    assert lines, result.output
    assert message in lines[0]


def test_golden_problems(tree):
    tree.add(_case("linux/no-golden"), golden=False)
    tree.golden("linux/orphan", {"ociVersion": "1.0.0-rc5"})
    tree.golden("linux/good", {"error": {"code": "no.such.code", "message": "x"}}, profile="17.03")
    tree.add(_case("linux/unregistered"), golden=False)
    tree.golden("linux/unregistered", {"error": {"code": "no.such.code", "message": "boom"}})
    tree.add(_case("linux/ugly"), golden=False)
    (tree.goldens / PROFILE / "linux" / "ugly.json").write_text('{"b": 1, "a": 2}', encoding="utf-8")
    write_lock(tree.corpus, tree.goldens, tree.lock)
    result = tree.run()
    assert result.exit_code == 2
    out = result.output
    assert f"{tree.goldens / PROFILE / 'linux/no-golden.json'}: missing golden of linux/no-golden" in out
    assert f"{tree.goldens / PROFILE / 'linux/orphan.json'}: golden without a case: no case" in out
    assert (
        f"{tree.goldens / '17.03/linux/good.json'}: golden without a case: linux/good does not apply" in out
    )
    assert (
        f"{tree.goldens / PROFILE / 'linux/unregistered.json'}#/error/code: error code 'no.such.code'" in out
    )
    assert f"{tree.goldens / PROFILE / 'linux/ugly.json'}: not canonical JSON" in out


def test_lock_catches_a_changed_golden(tree):
    assert tree.run().exit_code == 0
    golden = tree.goldens / PROFILE / "linux" / "good.json"
    spec = json.loads(golden.read_text(encoding="utf-8"))
    spec["hostname"] = "changed"
    golden.write_text(dumps(spec), encoding="utf-8")
    result = tree.run()
    assert result.exit_code == 2
    assert f"{tree.lock}#/cases/linux~1good/goldens/{PROFILE}: golden changed" in result.output
    assert tree.run("--write-lock").exit_code == 0


def test_lock_catches_new_case_missing_lock_and_reference_version(tree):
    tree.add(_case("linux/new"))
    result = tree.run()
    assert result.exit_code == 2
    assert f"{tree.lock}#/cases/linux~1new: does not list this case" in result.output
    lock = json.loads(tree.lock.read_text(encoding="utf-8"))
    lock["reference_version"] = "0.0.0-old"
    tree.lock.write_text(json.dumps(lock), encoding="utf-8")
    assert "#/reference_version: '0.0.0-old' but the reference is" in tree.run().output
    tree.lock.unlink()
    assert f"{tree.lock}: missing" in tree.run().output


@pytest.fixture
def schema_root(tmp_path) -> Path:
    """A tiny draft-04 schema in the runtime-spec layout: a nested ``id`` and a cross-file ``$ref``."""
    folder = tmp_path / "schemas" / "v1.0.0-rc5"
    folder.mkdir(parents=True)
    top = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "https://example.invalid/schema/bundle",
        "type": "object",
        "required": ["ociVersion", "process"],
        "properties": {
            "process": {
                "id": "https://example.invalid/schema/bundle/process",
                "type": "object",
                "properties": {"user": {"$ref": "defs.json#/definitions/User"}},
            }
        },
    }
    defs = {
        "definitions": {"User": {"type": "object", "properties": {"uid": {"type": "integer", "minimum": 0}}}}
    }
    (folder / "config-schema.json").write_text(json.dumps(top), encoding="utf-8")
    (folder / "defs.json").write_text(json.dumps(defs), encoding="utf-8")
    return folder.parent


def _break_uid(tree: Tree) -> Path:
    golden = tree.goldens / PROFILE / "linux" / "good.json"
    spec = json.loads(golden.read_text(encoding="utf-8"))
    spec["process"]["user"]["uid"] = -1
    golden.write_text(dumps(spec), encoding="utf-8")
    write_lock(tree.corpus, tree.goldens, tree.lock)
    return golden


def test_schema_check_passes_a_good_golden(tree, schema_root):
    result = tree.run("--runtime-spec-schema", str(schema_root))
    assert result.exit_code == 0, result.output
    assert "1 spec goldens checked" in result.output
    assert "skipped: no schema folder" not in result.output


def test_schema_check_catches_a_bad_golden_via_the_environment(tree, schema_root):
    golden = _break_uid(tree)
    result = tree.run(env={runtime_schema.SCHEMA_ENV: str(schema_root)})
    assert result.exit_code == 2
    assert (
        f"{golden}#/process/user/uid: breaks runtime-spec schema v1.0.0-rc5: -1 is less than" in result.output
    )


def test_schema_exceptions_are_honoured_and_unused_ones_reported(tree, schema_root):
    _break_uid(tree)
    tree.exceptions.write_text(
        "[[exception]]\n"
        'case = "linux/*"\nprofile = "17.06"\nviolation = "/process/user/uid: *"\nreason = "test"\n\n'
        "[[exception]]\n"
        'case = "windows/*"\nprofile = "17.06"\nreason = "matches nothing"\n',
        encoding="utf-8",
    )
    result = tree.run("--runtime-spec-schema", str(schema_root))
    assert result.exit_code == 2
    assert "breaks runtime-spec schema" not in result.output
    assert "(1 excepted)" in result.output
    assert f"{tree.exceptions}#/exception/1: matches no violation (windows/* under 17.06)" in result.output
    # An exception for another kind of violation does not excuse this one.
    tree.exceptions.write_text(
        '[[exception]]\ncase = "linux/*"\nprofile = "17.06"\nviolation = "/mounts: *"\nreason = "other"\n',
        encoding="utf-8",
    )
    assert (
        "#/process/user/uid: breaks runtime-spec schema"
        in tree.run("--runtime-spec-schema", str(schema_root)).output
    )


def test_goldens_with_the_same_bytes_each_get_their_own_verdict(tree, schema_root):
    # the schema check validates equal bytes once per schema folder; each golden is still reported
    broken = _break_uid(tree)
    tree.add(_case("linux/twin"), golden=False)
    twin = tree.golden("linux/twin", json.loads(broken.read_text(encoding="utf-8")))
    assert twin.read_bytes() == broken.read_bytes()
    write_lock(tree.corpus, tree.goldens, tree.lock)
    result = tree.run("--runtime-spec-schema", str(schema_root))
    assert result.exit_code == 2
    assert "2 spec goldens checked" in result.output
    for golden in (broken, twin):
        assert f"{golden}#/process/user/uid: breaks runtime-spec schema v1.0.0-rc5" in result.output
    # an exception for one of them excuses that one only
    tree.exceptions.write_text(
        '[[exception]]\ncase = "linux/twin"\nprofile = "17.06"\nviolation = "/process/user/uid: *"\n'
        'reason = "test"\n',
        encoding="utf-8",
    )
    result = tree.run("--runtime-spec-schema", str(schema_root))
    assert result.exit_code == 2
    assert "(1 excepted)" in result.output
    assert f"{broken}#/process/user/uid: breaks runtime-spec schema" in result.output
    assert f"{twin}#" not in result.output


def test_schema_check_skips_profiles_without_a_schema(tree, schema_root):
    tree.add(_case("linux/old", profiles=["1.11"]), golden=False)
    doc = _case("linux/old", profiles=["1.11"])
    tree.golden("linux/old", build_output("linux", "spec", doc["input"], "1.11"), profile="1.11")
    write_lock(tree.corpus, tree.goldens, tree.lock)
    result = tree.run("--runtime-spec-schema", str(schema_root))
    assert result.exit_code == 0, result.output
    assert "skipped for 1 goldens of linux 1.11: no runtime-spec schema for linux ociVersion '0.6.0-dev'" in (
        result.output
    )


def test_bad_exceptions_file(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[[exception]]\ncase = "a"\nprofile = ""\nextra = 1\n\n[other]\n', encoding="utf-8")
    entries, problems = load_exceptions(path)
    assert entries == []
    assert sorted(p.pointer for p in problems) == [
        "/exception/0/extra",
        "/exception/0/profile",
        "/exception/0/reason",
        "/other",
    ]
    path.write_text("not = [toml", encoding="utf-8")
    assert load_exceptions(path)[1][0].message.startswith("not TOML")


def test_stats(tree):
    # --init without docker-init on $PATH: init.lookpath at 17.06
    tree.add(_case("linux/err", input={"container": {"Path": "sh", "HostConfig": {"Init": True}}}))
    write_lock(tree.corpus, tree.goldens, tree.lock)
    result = tree.run("--stats")
    assert result.exit_code == 0, result.output
    assert "linux spec: 1 / 2  (target >= 400: NOT met)" in result.output
    assert "goldens: 2 (1 errors)" in result.output


@pytest.mark.skipif(
    not (Path(__file__).parents[2] / "shared" / "oci-runtime-spec-schema" / "v1.0.0-rc5").is_dir(),
    reason="the shared runtime-spec schema folder is not beside the checkout",
)
def test_real_schemas_accept_moby_linux_output_and_reject_a_negative_uid():
    root = Path(__file__).parents[2] / "shared" / "oci-runtime-spec-schema"
    for profile in ("1.12", "1.13.0", "17.06"):
        spec = build_output("linux", "spec", _case("x")["input"], profile)
        folder = root / str(runtime_schema.schema_folder_name("linux", profile))
        assert runtime_schema.violations(spec, folder) == []
        spec["process"]["user"]["uid"] = -1
        assert [str(v) for v in runtime_schema.violations(spec, folder)] == [
            "/process/user/uid: -1 is less than the minimum of 0"
        ]


def test_a_spec_nested_past_the_depth_limit_is_one_violation_not_a_recursion_error(schema_root):
    # jsonschema validates recursively; 5,000 levels would exhaust Python's stack inside it
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    spec = {"ociVersion": "1.0.0-rc5", "process": {"args": deep}}
    found = runtime_schema.violations(spec, schema_root / "v1.0.0-rc5")
    assert [str(v) for v in found] == [
        f"/: nested deeper than {compare.DEPTH_LIMIT} levels; not checked against the schema"
    ]

"""Case -> Docker API mapping, the live scope and the tiny image: pure, no engine needed."""

from __future__ import annotations

import io
import json
import tarfile
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from mobyspec_conformance.adapters.base import BuilderConfigError, BuildRequest, Built
from mobyspec_conformance.adapters.factory import make_builder
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.corpus import default_corpus
from mobyspec_conformance.live.builder import error_code
from mobyspec_conformance.live.image import build_image, layer_tar
from mobyspec_conformance.live.mapping import (
    Inexpressible,
    Plan,
    Settings,
    case_machine_values,
    plan_case,
    stored_changes,
)
from mobyspec_conformance.live.scope import live_scopes, scope_for

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from mobyspec_conformance.adapters.base import Response

Json = Any


def case_input(case_id: str) -> Json:
    return json.loads((default_corpus() / f"{case_id}.json").read_text())["input"]


def test_a_plain_case_becomes_a_create_body() -> None:
    plan = plan_case(case_input("linux/init/hostconfig-true"))
    assert isinstance(plan, Plan)
    assert plan.create["Entrypoint"] == ["sh"]
    assert plan.create["Cmd"] == []
    assert plan.create["Hostname"] == "4f2a9c1b7d3e"
    # networking is outside the scope and must not create anything: always none
    assert plan.create["HostConfig"] == {"NetworkMode": "none", "ReadonlyRootfs": False, "Init": True}
    assert plan.settings == Settings(init=False, init_path="", init_on_path=True)


@pytest.mark.parametrize(
    ("case_id", "reason"),
    [
        ("linux/links/alias-hyphen", "links need a running child"),
        ("linux/workdir/lstat-permission", "fails lstat"),
        ("linux/workdir/relative-basefs", "BaseFS"),
    ],
)
def test_inexpressible_cases_say_why(case_id: str, reason: str) -> None:
    plan = plan_case(case_input(case_id))
    assert isinstance(plan, Inexpressible)
    assert reason in plan.reason


def test_each_inexpressible_form() -> None:
    base = case_input("linux/init/hostconfig-true")

    def with_(path: list[str], value: Json) -> Plan | Inexpressible:
        doc = json.loads(json.dumps(base))
        node = doc
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
        return plan_case(doc)

    cases = {
        "GOARCH arm64": with_(["host", "GOARCH"], "arm64"),
        "empty Hostname": with_(["container", "Config", "Hostname"], ""),
        "needs another container": with_(["container", "HostConfig", "PidMode"], "container:db"),
        "network the run must not create": with_(["container", "HostConfig", "NetworkMode"], "host"),
        "daemon setting RemappedRoot": with_(["daemon", "RemappedRoot"], "1000:1000"),
        "set by the engine": with_(["container", "MountLabel"], "label"),
        "Windows-only": with_(["container", "Config", "ArgsEscaped"], value=True),
        "empty path cannot be produced": with_(["host", "LookPath"], {"docker-init": ""}),
        "outside BaseFS": with_(["host", "Files"], {"/elsewhere/x": "dir"}),
    }
    for needle, plan in cases.items():
        assert isinstance(plan, Inexpressible), needle
        assert needle in plan.reason, (needle, plan.reason)


def test_files_and_settings() -> None:
    doc = case_input("linux/init/hostconfig-true")
    doc["host"]["Files"] = {doc["container"]["BaseFS"] + "/app/x": "file"}
    doc["daemon"] = {"InitPath": "/opt/tini"}
    plan = plan_case(doc)
    assert isinstance(plan, Plan)
    assert plan.files == {"app/x": "file"}
    assert plan.settings == Settings(init=False, init_path="/opt/tini", init_on_path=True)
    # without an init, daemon settings do not matter: no restart
    doc["container"]["HostConfig"]["Init"] = False
    plan = plan_case(doc)
    assert isinstance(plan, Plan)
    assert plan.settings == Settings()


def test_stored_changes() -> None:
    plan = plan_case(case_input("linux/init/hostconfig-true"))
    assert isinstance(plan, Plan)
    create = dict(plan.create, WorkingDir="/a//b/", Entrypoint=[""], Cmd=["x"])
    config = {"Hostname": "4f2a9c1b7d3e", "Domainname": "", "User": "", "Tty": False, "Env": None}
    same = {"Path": "", "Args": ["x"], "Config": dict(config, WorkingDir="/a/b")}
    assert stored_changes(create, same) == []
    reset = dict(same, Path="x", Args=[])
    assert stored_changes(create, reset) == ["Path/Args ['', 'x'] -> ['x']"]


def test_live_scope_projects_both_sides_alike() -> None:
    scope = scope_for(live_scopes(), "linux", "spec")
    assert scope is not None
    golden = json.loads(
        (default_corpus().parent.parent / "goldens/17.06/linux/init/hostconfig-true.json").read_text()
    )
    projected = scope.project(golden)
    assert set(projected) == {"ociVersion", "hostname", "root", "process", "mounts"}
    assert set(projected["process"]) == {"args", "cwd", "env"}  # terminal false is omitted at rc5
    assert projected["root"]["path"] == "<absolute-path>"
    assert projected["mounts"] == [
        {
            "destination": "/dev/init",
            "options": ["bind", "ro"],
            "source": "/usr/bin/docker-init",
            "type": "bind",
        }
    ]
    # a value that breaks its shape stays as it is, so the diff shows it
    assert scope.project({"root": {"path": "relative"}}) == {"root": {"path": "relative"}}
    error = {"error": {"code": "init.lookpath", "message": "m"}}
    assert scope.project(error) == error
    assert scope_for(live_scopes(), "windows", "spec") is None


def test_error_codes_from_engine_messages() -> None:
    assert error_code('exec: "docker-init": executable file not found in $PATH') == "init.lookpath"
    assert (
        error_code("the working directory 'rel' is invalid, it needs to be an absolute path")
        == "create.workdir.not-absolute"
    )
    assert error_code("lstat /var/lib/docker/vfs/dir/x/f/y: not a directory") == "workdir.lstat"
    assert error_code("something else") is None


def test_the_image_is_deterministic_and_holds_the_files() -> None:
    a = build_image({"app/work": "dir", "f": "file"})
    assert a == build_image({"f": "file", "app/work": "dir"})
    assert a.tag != build_image({"f": "dir"}).tag
    with tarfile.open(fileobj=io.BytesIO(layer_tar({"app/work": "dir", "f": "file"}))) as tar:
        kinds = {m.name: ("dir" if m.isdir() else "file") for m in tar.getmembers()}
    assert kinds["app"] == "dir"
    assert kinds["app/work"] == "dir"
    assert kinds["f"] == "file"
    with pytest.raises(ValueError, match="not a relative path"):
        layer_tar({"../x": "dir"})


@pytest.mark.parametrize(
    "spec", ["docker:tcp://127.0.0.1:2375", "docker:unix://relative.sock", "managed:crio"]
)
def test_bad_live_builder_strings(spec: str) -> None:
    with pytest.raises(BuilderConfigError):
        make_builder(spec)


class _EngineLike(ReferenceBuilder):
    """The reference dressed as a live engine: other machine paths, later createSpec fields, one cwd bug."""

    comparison_scopes = live_scopes()

    def run(self, requests: Iterable[BuildRequest]) -> Iterator[Response]:
        batch = list(requests)
        for request, response in zip(batch, super().run(batch), strict=True):
            if isinstance(response, Built) and "error" not in response.output:
                spec = json.loads(json.dumps(response.output))
                spec["root"]["path"] = "/srv/engine/vfs/dir/0123"
                spec["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO"}  # a later step: not compared
                if request.case_id == "linux/cwd/default":
                    spec["process"]["cwd"] = "/wrong"
                yield Built(spec)
            else:
                yield response


def test_the_runner_compares_within_a_declared_scope() -> None:
    """Machine paths and later createSpec fields do not count; a modelled field still fails with its diff."""
    from mobyspec_conformance.corpus import Selection, default_goldens
    from mobyspec_conformance.runner import RunOptions, run

    class Sink:
        records: ClassVar[list[Json]] = []

        def header(self, obj: Json) -> None: ...
        def footer(self, obj: Json) -> None: ...
        def record(self, obj: Json) -> None:
            self.records.append(obj)

    opts = RunOptions(
        corpus=default_corpus(),
        goldens=default_goldens(),
        selection=Selection(ids=("linux/cwd/*", "linux/init/*"), profiles=("17.06",)),
    )
    sink = Sink()
    run(opts, _EngineLike, sink)
    outcomes = {r["id"]: r for r in sink.records}
    assert outcomes["linux/cwd/default"]["outcome"] == "fail"
    assert outcomes["linux/cwd/default"]["diff"] == ['/process/cwd: expected "/", got "/wrong"']
    others = [r for i, r in outcomes.items() if i != "linux/cwd/default"]
    assert others
    assert all(r["outcome"] == "pass" for r in others), [r for r in others if r["outcome"] != "pass"][:2]


def test_the_engines_lookpath_answer_becomes_the_cases() -> None:
    """The init source compares exactly: LookPath's machine answer is put back, --init-path stays."""
    plan = plan_case(case_input("linux/init/hostconfig-true"))
    assert isinstance(plan, Plan)
    init = {
        "destination": "/sbin/docker-init",
        "type": "bind",
        "options": ["bind", "ro"],
        "source": "/p/bin/docker-init",
    }
    spec = case_machine_values({"mounts": [dict(init)]}, plan, "/p/bin/docker-init")
    assert spec["mounts"][0]["source"] == "/usr/bin/docker-init"
    other = case_machine_values({"mounts": [dict(init, source="/opt/tini")]}, plan, "/p/bin/docker-init")
    assert other["mounts"][0]["source"] == "/opt/tini"
    unknown = case_machine_values({"mounts": [dict(init, source="/usr/local/bin/docker-init")]}, plan, None)
    assert unknown["mounts"][0]["source"] == "/usr/bin/docker-init"

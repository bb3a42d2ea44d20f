"""Builder strings, adapter manifests and ``py:`` builders: what each names, and the errors of bad ones."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from mobyspec_conformance.adapters.base import (
    BuilderConfigError,
    BuilderUnusable,
    BuildRequest,
    Built,
    Errored,
    ProtocolViolation,
)
from mobyspec_conformance.adapters.factory import make_builder
from mobyspec_conformance.adapters.inprocess import ReferenceBuilder
from mobyspec_conformance.adapters.manifest import ManifestError, SetupFirst, load_manifest
from mobyspec_conformance.adapters.oneshot import OneshotBuilder
from mobyspec_conformance.adapters.pycall import CallableBuilder
from mobyspec_conformance.adapters.session import SessionBuilder

FAKES = Path(__file__).parent / "fakes"
REQUEST = BuildRequest(0, "a", "17.06", "linux", "spec", {})


def test_builder_strings_name_their_transports():
    assert isinstance(make_builder("reference"), ReferenceBuilder)
    session = make_builder("cmd:my-builder --serve 'two words'", timeout=1.5, window=4)
    assert isinstance(session, SessionBuilder)
    assert (session.argv, session.timeout, session.window) == (("my-builder", "--serve", "two words"), 1.5, 4)
    oneshot = make_builder("oneshot:my-builder --once", window=1)
    assert isinstance(oneshot, OneshotBuilder)
    assert (oneshot.argv, oneshot.concurrency) == (("my-builder", "--once"), 1)
    assert isinstance(make_builder("py:mobyspec_conformance.serve:handle"), CallableBuilder)
    assert isinstance(
        make_builder("py:mobyspec_conformance.adapters.inprocess:ReferenceBuilder"), ReferenceBuilder
    )


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("", "unknown builder ''"),
        ("docker", "unknown builder 'docker': expected reference, py:MODULE:ATTR"),
        ("cmd:", "cmd: the command is empty"),
        ("oneshot:   ", "oneshot: the command is empty"),
        ("cmd:run 'unbalanced", "cannot split the command: No closing quotation"),
        ("py:justmodule", "expected py:MODULE:ATTR"),
        ("py:no_such_module_here:build", "cannot import no_such_module_here: ModuleNotFoundError"),
        ("py:json:no_such_function", "json has no attribute no_such_function"),
        ("py:mobyspec_conformance.adapters.session:DEFAULT_TIMEOUT", "is a float, neither a function nor"),
        ("missing/adapter.toml", "missing/adapter.toml: no such manifest file"),
    ],
)
def test_bad_builder_strings_are_config_errors(spec, error):
    with pytest.raises(BuilderConfigError) as err:
        make_builder(spec)
    assert error in str(err.value)


def test_bad_overrides_are_config_errors():
    with pytest.raises(BuilderConfigError, match="timeout must be positive"):
        make_builder("reference", timeout=0)
    with pytest.raises(BuilderConfigError, match="window must be at least 1"):
        make_builder("reference", window=0)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "adapter.toml"
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def fake_command(name: str) -> str:
    return json.dumps([sys.executable, str(FAKES / f"{name}.py")])


def test_a_manifest_loads_with_its_defaults_and_relative_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    manifest = load_manifest(
        write(
            tmp_path,
            """
            name = "acme"
            mode = "session"
            command = "acme-oci conformance --serve"
            cwd = "sub"
            timeout_ms = 1500
            """,
        )
    )
    assert manifest.command == ("acme-oci", "conformance", "--serve")
    assert manifest.cwd == (tmp_path / "sub").resolve()
    assert manifest.timeout == 1.5
    assert (manifest.window, manifest.setup, manifest.env, manifest.hello) == (None, (), (), None)


SESSION = 'name = "a"\nmode = "session"\ncommand = ["x"]\n'
ONESHOT = 'name = "a"\nmode = "oneshot"\ncommand = ["x"]\n'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('name = "a"\nmode = = "session"\ncommand = ["x"]\n', "adapter.toml:2: not TOML: Invalid value"),
        ('name = "a"\ncommand = [\n', "adapter.toml: not TOML: Invalid value (at end of document)"),
        (SESSION + "timeout = 5\n", "adapter.toml:4: timeout: unknown key"),
        ('name = "a"\n\nmode = "sesion"\ncommand = ["x"]\n', 'adapter.toml:3: mode: must be "session" or'),
        ('name = "a"\nmode = "session"\n', "adapter.toml: missing required key 'command'"),
        ('name = "a"\nmode = "session"\ncommand = []\n', "adapter.toml:3: command: is empty"),
        ('name = "a"\nmode = "session"\ncommand = [1]\n', "command: must be a non-empty array of strings"),
        (SESSION + "timeout_ms = 0\n", "timeout_ms: must be a positive"),
        (SESSION + "protocol = 2\n", "adapter.toml:4: protocol: must be"),
        (SESSION + "env = { A = 1 }\n", "env: must be a table of strings"),
        (SESSION + 'cwd = "nope"\n', "adapter.toml:4: cwd: "),
        (SESSION + 'setup = [["ok"], []]\n', "setup: [1] is empty"),
        (ONESHOT + "max_restarts = 1\n", "max_restarts: applies to session"),
        (SESSION + '\n[hello]\nversion = "1"\n', "adapter.toml:5: hello: applies"),
        (ONESHOT + '[hello]\nplatforms = ["mac"]\n', "hello: at /platforms/0"),
        (ONESHOT + '[hello]\nname = "b"\n', "hello: unknown key 'name'"),
    ],
)
def test_manifest_errors_name_the_file_line_and_key(tmp_path, text, error):
    path = write(tmp_path, text)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value).startswith(str(path))
    assert error in str(err.value)


def test_a_oneshot_manifest_declares_its_hello(tmp_path):
    path = write(
        tmp_path,
        """
        name = "acme"
        mode = "oneshot"
        command = ["true"]

        [hello]
        version = "0.9"
        language = "go"
        platforms = ["linux"]
        unsupported_features = ["tmpfs"]
        """,
    )
    hello = make_builder(str(path)).start()
    assert (hello.name, hello.version, hello.language) == ("acme", "0.9", "go")
    assert hello.platforms == ("linux",)
    assert hello.unsupported_features == ("tmpfs",)


@pytest.mark.subprocess
def test_a_session_manifest_passes_env_and_runs_setup_first(tmp_path):
    path = write(
        tmp_path,
        f"""
        name = "fake"
        mode = "session"
        command = {fake_command("good")}
        setup = [[{json.dumps(sys.executable)}, "-c", "open('ready', 'w').close()"]]
        env = {{ FAKE_NAME = "named-by-env" }}
        """,
    )
    builder = make_builder(str(path))
    assert isinstance(builder, SetupFirst)
    assert not (tmp_path / "ready").exists()
    hello = builder.start()
    try:
        out = list(builder.run([REQUEST]))
    finally:
        builder.close()
    assert (tmp_path / "ready").exists()
    assert hello.name == "named-by-env"
    assert out == [Built({"case": "a", "profile": "17.06"})]


@pytest.mark.subprocess
def test_a_failing_setup_makes_the_builder_unusable(tmp_path):
    script = "import sys; print('make: *** [all] Error 1'); sys.exit(2)"
    path = write(
        tmp_path,
        f"""
        name = "fake"
        mode = "session"
        command = {fake_command("good")}
        setup = [[{json.dumps(sys.executable)}, "-c", {json.dumps(script)}]]
        """,
    )
    with pytest.raises(BuilderUnusable) as err:
        make_builder(str(path)).start()
    assert "exited with status 2" in err.value.message
    assert "make: *** [all] Error 1" in err.value.stderr_tail


def raising_builder(message):
    if message["cmd"] == "hello":
        return {"protocol": 1, "implementation": {"name": "raiser", "version": "1", "language": "python"}}
    msg = "no spec for you"
    raise RuntimeError(msg)


def sloppy_builder(message):
    if message["cmd"] == "hello":
        return {"protocol": 1, "implementation": {"name": "sloppy", "version": "1", "language": "python"}}
    return {"built": "a string, not a spec"}


def broken_hello(_message):
    return {"implementation": "nope"}


def test_py_functions_errors_become_outcomes():
    builder = make_builder(f"py:{__name__}:raising_builder")
    assert builder.start().name == "raiser"
    (out,) = builder.run([REQUEST])
    assert isinstance(out, Errored)
    assert out.message == "RuntimeError: no spec for you"
    assert "Traceback" in out.details["traceback"]
    (out,) = make_builder(f"py:{__name__}:sloppy_builder").run([REQUEST])
    assert isinstance(out, ProtocolViolation)
    assert "at /built: 'a string, not a spec' is not of type 'object'" in out.message
    with pytest.raises(BuilderUnusable, match="bad answer to hello"):
        make_builder(f"py:{__name__}:broken_hello").start()

"""Malformed expectations files and adapter manifests: a clear error naming the file and line, exit 2.

Hypothesis breaks a valid file at the byte level (a character deleted or inserted, a line doubled or
dropped, bytes that are not UTF-8, nesting thousands deep, a huge integer): loading either succeeds or
raises the module's own error, whose every line starts with ``FILE:`` and names a line of the file when
it gives one; nothing else escapes. A few of them go through ``mobyspec run`` as subprocesses.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from procs import MOBYSPEC

from mobyspec_conformance import exitcodes
from mobyspec_conformance.adapters.manifest import ManifestError, load_manifest
from mobyspec_conformance.expectations import ExpectationsError, parse

pytestmark = [pytest.mark.property, pytest.mark.robust]

FAST = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}

EXPECTATIONS = b"""\
# known failures of acme
version = 1
max_glob_matches = 20

[[expect]]
case = "linux/links/*"
profile = "1.1[01]"
expect = "fail"
reason = "legacy link env not implemented"
issue = "https://example.invalid/acme/12"

[[expect]]
case = "windows/root/hyperv"
expect = "skip"
reason = "no Hyper-V"
"""

MANIFEST = b"""\
name = "acme"
mode = "oneshot"
command = ["python3", "adapter.py", "--one"]
setup = [["true"], "make adapter"]
timeout_ms = 5000
env = { ACME_LOG = "warn" }
cwd = "."

[hello]
version = "1.2"
platforms = ["linux"]
profiles = ["17.06"]
"""

INSERTS = [b'"', b"'", b"[", b"]", b"{", b"}", b"=", b"\n", b"#", b"\\", b",", b".", b" ", b"\x00", b"\t"]
VALUES = [b"1", b"-1", b"0", b"true", b"1.5", b"1979-05-27", b"[]", b"{}", b'""', b'"x"', b"[1, 2]"]
VALUES += [b'"\\u0000"']
INSERTS += [b"\xff", b"\xc3", b"\xed\xa0\x80", b"[" * 3000, b"9" * 5000, b"\\u0000", b'"\\ud800"']


@st.composite
def broken(draw, original: bytes) -> bytes:
    lines = original.splitlines(keepends=True)
    kind = draw(st.sampled_from(["delete", "insert", "double", "drop", "value"]))
    if kind == "delete":
        at = draw(st.integers(0, len(original) - 1))
        return original[:at] + original[at + 1 :]
    if kind == "insert":
        at = draw(st.integers(0, len(original)))
        return original[:at] + draw(st.sampled_from(INSERTS)) + original[at:]
    if kind == "double":
        at = draw(st.integers(0, len(lines) - 1))
        return b"".join(lines[: at + 1] + lines[at:])
    if kind == "drop":
        at = draw(st.integers(0, len(lines) - 1))
        return b"".join(lines[:at] + lines[at + 1 :])
    # a value replaced by another TOML value of any type
    at = draw(st.sampled_from([i for i, line in enumerate(lines) if b" = " in line]))
    key = lines[at].split(b" = ")[0]
    value = draw(
        st.sampled_from(
            [
                b"1",
                b"-1",
                b"0",
                b"true",
                b"1.5",
                b"1979-05-27",
                b"[]",
                b"{}",
                b'""',
                b'"x"',
                b"[1, 2]",
                b'"\\u0000"',
            ]
        )
    )
    return b"".join([*lines[:at], key + b" = " + value + b"\n", *lines[at + 1 :]])


def check_message(message: str, name: str, data: bytes) -> None:
    """Every line of an error names the file; a line number, when given, is a line of the file."""
    last = data.count(b"\n") + 1
    for line in message.splitlines():
        assert line.startswith(f"{name}:"), message
        found = re.match(rf"{re.escape(name)}:(\d+): ", line)
        if found:
            assert 1 <= int(found.group(1)) <= last, message


@settings(max_examples=2000, **FAST)
@given(broken(EXPECTATIONS))
def test_a_broken_expectations_file_is_loaded_or_refused_with_file_and_line(data):
    try:
        parse(data, Path("acme.toml"))
    except ExpectationsError as err:
        check_message(str(err), "acme.toml", data)


@settings(max_examples=600, **FAST)
@given(broken(MANIFEST))
def test_a_broken_manifest_is_loaded_or_refused_with_file_and_line(tmp_path, data):
    path = tmp_path / "acme.toml"
    path.write_bytes(data)
    try:
        load_manifest(path)
    except ManifestError as err:
        check_message(str(err), str(path), data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'version = 1\n[[expect]]\ncase = "a\n', "acme.toml:3: not TOML: "),
        (b"version = 1\nmax_glob_matches = 0\n", "acme.toml:2: max_glob_matches: 0 is less than the minimum"),
        (b"version = 1\nowner = 'me'\n", "acme.toml:2: (top level): Additional properties are not allowed"),
        (
            b'version = 1\n\n[[expect]]\ncase = "a"\nexpect = "x"\nreason = "r"\n',
            "acme.toml:5: expect/0/expect:",
        ),
        (b"version = 1\n\xff\n", "acme.toml:2: not UTF-8 (byte 12)"),
        (b"version = " + b"[" * 5000, "acme.toml: not TOML: nested too deeply"),
    ],
)
def test_expectation_errors_name_the_line_of_the_problem(text, message):
    with pytest.raises(ExpectationsError) as err:
        parse(text, Path("acme.toml"))
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'name = "a"\nmode = "session"\ncommand = "x"\n\xfe\n', ":4: not UTF-8 (byte 42)"),
        (b'name = "a"\nmode = "session"\ncommand = [' + b"[" * 5000, ": not TOML: nested too deeply"),
        (b'name = "a"\nmode = "session"\ncommand = "x"\ntimeout_ms = ' + b"9" * 5000, ": not TOML: "),
        (b'name = "a"\nmode = "session"\ncommand = "x"\ncwd = "a\\u0000b"\n', ":4: cwd: "),
    ],
)
def test_manifest_errors_name_the_line_of_the_problem(tmp_path, text, message):
    path = tmp_path / "m.toml"
    path.write_bytes(text)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value).startswith(f"{path}{message}"), str(err.value)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MOBYSPEC, "run", *args], capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.subprocess
def test_mobyspec_run_exits_2_on_a_broken_expectations_file_or_manifest(tmp_path):
    exp = tmp_path / "exp.toml"
    exp.write_bytes(b'version = 1\n\n[[expect]]\ncase = "linux/cwd/default"\nexpect = "fial"\nreason = "r"\n')
    done = _run("--builder", "reference", "--id", "linux/cwd/default", "--expectations", str(exp))
    assert done.returncode == exitcodes.USAGE
    assert f"{exp}:5: expect/0/expect: 'fial' is not one of ['fail', 'skip']" in done.stderr
    assert "Traceback" not in done.stderr
    manifest = tmp_path / "adapter.toml"
    manifest.write_bytes(b'name = "a"\nmode = "session"\ncommand = ["x"]\nwindow = -3\n')
    done = _run("--builder", str(manifest), "--id", "linux/cwd/default")
    assert done.returncode == exitcodes.USAGE
    assert f"{manifest}:4: window: must be a positive integer, not -3" in done.stderr
    assert "Traceback" not in done.stderr

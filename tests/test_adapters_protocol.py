"""Protocol v1 schemas and the checked parse of messages (no subprocesses)."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from mobyspec_conformance.adapters import protocol
from mobyspec_conformance.adapters.base import (
    BuildRequest,
    Built,
    Crashed,
    Errored,
    Hello,
    ProtocolViolation,
    Rejected,
    Skipped,
)
from mobyspec_conformance.adapters.inprocess import reference_hello
from mobyspec_conformance.vocabulary import request_json, response_message

IMPL = {"name": "a", "version": "1", "language": "c"}
REQUEST = BuildRequest(3, "linux/x", "17.06", "linux", "spec", {"container": {}})


@pytest.mark.parametrize("name", protocol.SCHEMAS)
def test_every_schema_is_a_valid_2020_12_schema(name):
    Draft202012Validator.check_schema(protocol.schema(name))


def test_runner_requests_validate_against_their_schemas():
    assert protocol.problem("hello.request", protocol.hello_request()) is None
    assert protocol.problem("build.request", request_json(REQUEST)) is None
    assert protocol.problem("build.request", request_json(REQUEST, oneshot=True)) is None
    assert protocol.problem("shutdown.request", protocol.SHUTDOWN) is None


@pytest.mark.parametrize(
    "hello",
    [
        reference_hello(),
        Hello(name="x", version="1", language="go", platforms=("linux",), homepage="https://example.org"),
    ],
)
def test_hello_to_json_is_a_valid_hello_response_and_round_trips(hello):
    message = hello.to_json()
    assert protocol.problem("hello.response", message) is None
    assert protocol.parse_hello(message) == hello


def test_a_minimal_hello_claims_everything():
    hello = protocol.parse_hello(
        {"protocol": 1, "implementation": {"name": "a", "version": "", "language": "c"}}
    )
    assert hello.platforms == ("linux", "windows")
    assert hello.operations == ("spec", "start")
    assert hello.profiles == ()
    assert hello.unsupported_features == ()


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"protocol": 1}, "not a hello response"),
        (
            {"protocol": 1, "implementation": {"name": "a", "version": "1", "language": "c"}, "x": 1},
            "not a hello",
        ),
        (
            {"protocol": 2, "implementation": {"name": "a", "version": "1", "language": "c"}},
            "chose protocol 2",
        ),
        ({"error": {"message": "too new", "supported": [2]}}, "refused protocol 1 (it speaks 2): too new"),
        ("hello", "not a hello response"),
    ],
)
def test_bad_hellos_are_protocol_errors(message, error):
    with pytest.raises(protocol.ProtocolError, match=error.replace("(", r"\(").replace(")", r"\)")):
        protocol.parse_hello(message)


@pytest.mark.parametrize(
    "response",
    [
        Built({"ociVersion": "1.0.0"}),
        Rejected("create.workdir.not-absolute", "bad"),
        Rejected(None, "no code"),
        Skipped("not mine"),
        Errored("boom"),
        Errored("boom", {"traceback": "..."}),
    ],
)
def test_builder_responses_round_trip_through_their_messages(response):
    message = response_message(9, response)
    assert protocol.problem("build.response", message) is None
    assert protocol.parse_response(protocol.decode(protocol.encode(message)), 9) == response


def test_observed_outcomes_have_no_message():
    with pytest.raises(ValueError, match="observed by the runner"):
        response_message(1, Crashed("gone"))


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"seq": 1}, "needs exactly one of built, rejected, skipped, errored (found: none)"),
        ({"seq": 1, "built": {}, "skipped": {"reason": ""}}, "(found: built, skipped)"),
        ({"seq": 1, "built": []}, "at /built: [] is not of type 'object'"),
        ({"seq": True, "built": {}}, "at /seq: True is not of type 'integer'"),
        ({"seq": -1, "built": {}}, "at /seq"),
        ({"seq": 1, "rejected": {"code": "Not A Code", "message": ""}}, "at /rejected/code"),
        ({"seq": 1, "rejected": {"code": "a.b"}}, "'message' is a required property"),
        ({"seq": 1, "built": {}, "extra": 1}, "('extra' was unexpected)"),
        ([1, 2], "at /: [1, 2] is not of type 'object'"),
        ({"seq": 2, "built": {}}, "answered seq 2 while seq 1 was due"),
    ],
)
def test_bad_build_responses_are_violations_naming_the_problem(message, error):
    response = protocol.parse_response(message, 1)
    assert isinstance(response, ProtocolViolation)
    assert error in response.message


FAST_PATH_SAMPLES = [
    {"seq": 0, "built": {}},
    {"seq": 5, "built": {"a": [1]}},
    {"seq": 5.0, "built": {}},
    {"seq": True, "built": {}},
    {"seq": -1, "built": {}},
    {"seq": 5, "built": None},
    {"seq": 5, "built": {}, "x": 1},
    {"seq": 5, "rejected": {"message": "m"}},
    {"built": {}, "x": 1},
    [("seq", 1), ("built", {})],
]


@pytest.mark.parametrize("message", FAST_PATH_SAMPLES)
def test_the_built_fast_path_never_accepts_what_the_schema_rejects(message):
    if protocol.fast_valid("build.response", message):
        assert protocol.problem("build.response", message) is None


def test_the_built_fast_path_takes_the_common_answer():
    assert protocol.fast_valid("build.response", {"seq": 5, "built": {"a": 1}})


REQUEST_SAMPLES = [
    request_json(REQUEST),
    {**request_json(REQUEST), "seq": True},
    {**request_json(REQUEST), "seq": -3},
    {**request_json(REQUEST), "platform": "darwin"},
    {**request_json(REQUEST), "operation": "exec"},
    {**request_json(REQUEST), "cmd": "hello"},
    {**request_json(REQUEST), "input": []},
    {**request_json(REQUEST), "case": 1},
    {**request_json(REQUEST), "extra": 1},
]


@pytest.mark.parametrize("message", REQUEST_SAMPLES)
def test_the_request_fast_path_agrees_with_the_schema(message):
    if protocol.fast_valid("build.request", message):
        assert protocol.problem("build.request", message) is None
    else:
        assert protocol.problem("build.request", message) is not None


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b"{", "not JSON"),
        (b"NaN", "NaN is not JSON"),
        (b'{"a": Infinity}', "Infinity is not JSON"),
        (b'"\xff"', "not UTF-8"),
        (b"", "not JSON"),
    ],
)
def test_decode_accepts_strict_json_only(line, error):
    with pytest.raises(protocol.ProtocolError, match=error):
        protocol.decode(line)


def test_encode_is_one_ascii_line():
    line = protocol.encode({"env": "é\nx"})
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert line.isascii()
    assert protocol.decode(line) == {"env": "é\nx"}

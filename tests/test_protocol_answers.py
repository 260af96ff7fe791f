"""Every request gets exactly one response, whatever the client sends (raw bytes, real server)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.raw_session import INITIALIZE, frame, notification, raw_server, request

DOC = "file:///tmp/answers.c"
TEXT = "int main(void) {\n  int s = 0;\n  for (int i = 0; i < 9; i++) s += i;\n  return s;\n}\n"
OPEN = notification(
    "textDocument/didOpen",
    {"textDocument": {"uri": DOC, "languageId": "c", "version": 1, "text": TEXT}},
)
POSITION_METHODS = [
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/completion",
    "textDocument/signatureHelp",
    "textDocument/references",
    "textDocument/inlineCompletion",
]
DOCUMENT_METHODS = ["textDocument/documentSymbol", "textDocument/foldingRange"]


def _position_params(method: str, position: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"textDocument": {"uri": DOC}, "position": position}
    if method == "textDocument/references":
        params["context"] = {"includeDeclaration": True}
    if method == "textDocument/inlineCompletion":
        params["context"] = {"triggerKind": 1}
    return params


# (params, a word the error message must contain: the field at fault)
BAD_POSITIONS: list[tuple[Any, str]] = [
    ({"line": 0, "character": -1}, "character"),
    ({"line": 2**31, "character": 0}, "line"),
    ({"line": 1e300, "character": 0}, "line"),
    ({"line": 1.5, "character": 0}, "line"),
    ({"line": "2", "character": 0}, "line"),
    (None, "position"),
]


def _bad_requests() -> list[tuple[str, Any, str]]:
    cases: list[tuple[str, Any, str]] = []
    for method in POSITION_METHODS:
        for position, field in BAD_POSITIONS:
            cases.append((method, _position_params(method, position), field))
        params = _position_params(method, {"line": 0, "character": 0})
        del params["position"]
        cases.append((method, params, "position"))
        cases.append(
            (
                method,
                {**params, "position": {"line": 0, "character": 0}, "textDocument": DOC},
                "textDocument",
            )
        )
    for method in [*POSITION_METHODS, *DOCUMENT_METHODS, "textDocument/codeAction"]:
        cases += [(method, None, "params"), (method, {}, "textDocument"), (method, [], "params")]
        cases.append((method, "a string", "params"))
    return cases


def test_invalid_params_get_one_invalid_params_answer_each() -> None:
    cases = _bad_requests()
    with raw_server() as session:
        session.send(OPEN)
        for number, (method, params, _) in enumerate(cases, start=1):
            session.send(request(number, method, params))
        session.send(request("last", "textDocument/documentSymbol", {"textDocument": {"uri": DOC}}))
        assert "result" in session.wait_response("last")
        for number, (method, _, field) in enumerate(cases, start=1):
            answers = session.responses(number)
            assert len(answers) == 1, (method, number)
            error = answers[0].get("error")
            assert error is not None and error["code"] == -32602, (method, answers)
            assert field in error["message"], (method, field, error["message"])
        # Protocol errors are answers, never a popup per request.
        assert session.notifications("window/showMessage") == []


@pytest.mark.parametrize(
    ("message", "answer_id"),
    [
        ({"id": 5, "method": "textDocument/hover", "params": {}}, 5),  # no "jsonrpc"
        ({"jsonrpc": "1.0", "id": 6, "method": "shutdown"}, 6),
        ({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}, None),
        ({"jsonrpc": "2.0", "id": [1], "method": "shutdown"}, None),
        ({"jsonrpc": "2.0", "id": True, "method": "shutdown"}, None),
        ({"jsonrpc": "2.0", "id": 7, "method": 42}, 7),
        ([{"jsonrpc": "2.0", "id": 8, "method": "shutdown"}], None),  # a batch
        ("just a string", None),
    ],
)
def test_bad_envelopes_are_invalid_request(message: Any, answer_id: Any) -> None:
    with raw_server() as session:
        session.send(frame(json.dumps(message).encode()))
        answer = session.wait_response(answer_id)
        assert answer["error"]["code"] == -32600
        session.send(request(9, "hpcls/aiStatus"))
        assert "result" in session.wait_response(9)  # and the server goes on


def test_not_json_is_a_parse_error_with_a_null_id() -> None:
    with raw_server() as session:
        session.send(frame(b"{this is not json"))
        assert session.wait_response(None)["error"]["code"] == -32700


def test_lifecycle_errors() -> None:
    with raw_server(initialize=False) as session:
        session.send(
            request(1, "textDocument/hover", _position_params("x", {"line": 0, "character": 0}))
        )
        assert session.wait_response(1)["error"]["code"] == -32002
        session.send(request(10, "initialize", {"processId": None, "capabilities": 5}))
        assert "capabilities" in session.wait_response(10)["error"]["message"]
        session.send(INITIALIZE)
        assert "result" in session.wait_response(0)
        session.send(
            request(2, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        )
        assert session.wait_response(2)["error"]["code"] == -32600
        session.send(request(3, "shutdown"))
        assert session.wait_response(3).get("error") is None
        session.send(request(4, "textDocument/documentSymbol", {"textDocument": {"uri": DOC}}))
        after = session.wait_response(4)
        assert after["error"]["code"] == -32600 and "shutting down" in after["error"]["message"]
        session.send(request(5, "shutdown"))
        assert session.wait_response(5)["error"]["code"] == -32600


BROKEN_FRAMES = {
    "too small": b"Content-Length: 10\r\n\r\n"
    + json.dumps({"jsonrpc": "2.0", "method": "x"}).encode(),
    "too large": b"Content-Length: 400\r\n\r\n"
    + json.dumps({"jsonrpc": "2.0", "method": "x"}).encode(),
    "header without body": b"Content-Length: 60\r\n\r\n",
    "length abc": b"Content-Length: abc\r\n\r\n",
    "length -5": b"Content-Length: -5\r\n\r\n{}",
    "garbage": b"\x00\xffGET / HTTP/1.1\r\nHost: x\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN_FRAMES))
def test_broken_framing_never_leaves_the_server_deaf(case: str) -> None:
    with raw_server() as session:
        session.send(BROKEN_FRAMES[case])
        session.send(request(1, "hpcls/aiStatus"))
        assert "result" in session.wait_response(1)
        session.send(request(2, "hpcls/aiStatus"))
        assert "result" in session.wait_response(2)


@pytest.mark.parametrize(
    "header",
    [b"content-length: %d\r\n\r\n", b"Content-Length: %d\n\n", b"CONTENT-LENGTH:%d\r\n\r\n"],
)
def test_header_spellings_are_accepted(header: bytes) -> None:
    with raw_server() as session:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "hpcls/aiStatus"}).encode()
        session.send(header % len(body) + body)
        assert "result" in session.wait_response(1)


def test_a_body_shorter_than_announced_is_answered_after_a_pause() -> None:
    with raw_server() as session:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "hpcls/aiStatus"}).encode()
        session.send(b"Content-Length: %d\r\n\r\n" % (len(body) + 100) + body)
        assert "result" in session.wait_response(1)


def test_enum_fields_still_structure_under_strict_integers() -> None:
    # Integer enums (a diagnostic's severity, a trigger kind) are ints too: the strict integer
    # hook must hand them back as enums, or the answer cannot be serialized.
    diagnostic = {
        "range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 5}},
        "message": "m",
        "severity": 1,
        "tags": [1],
    }
    where = {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 2}}
    params = {
        "textDocument": {"uri": DOC},
        "range": where,
        "context": {"diagnostics": [diagnostic], "triggerKind": 1},
    }
    with raw_server() as session:
        session.send(OPEN + request(1, "textDocument/codeAction", params))
        assert "result" in session.wait_response(1)
        severity = dict(diagnostic, severity=9)
        bad = {**params, "context": {"diagnostics": [severity]}}
        session.send(request(2, "textDocument/codeAction", bad))
        assert session.wait_response(2)["error"]["code"] == -32602


def test_an_answer_that_cannot_be_serialized_is_still_an_answer() -> None:
    from hpcls.protocol.server import create_server

    written: list[bytes] = []

    class Writer:
        def write(self, data: bytes) -> None:
            written.append(data)

        def close(self) -> None:
            pass

    server = create_server()
    server.protocol.set_writer(Writer())
    server.protocol._send_response(7, result=object())  # a handler's bug, not the client's
    assert len(written) == 1
    answer = json.loads(written[0].split(b"\r\n\r\n", 1)[1])
    assert answer["id"] == 7 and answer["error"]["code"] == -32603

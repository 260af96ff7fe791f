"""Bad input gets a clear answer, and the server lives on."""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

from tests.conftest import SERVER_CMD, diagnostics_for, open_doc, uri


async def _alive(client: LanguageClient, workspace: Path) -> None:
    """The server still answers a request."""
    doc = open_doc(client, workspace / "alive.c", "c", "int alive(void) { return 1; }\n")
    result = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert result and result[0].name == "alive"


async def test_binary_file(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "blob.c", "c", "\x00\x01\x02ELF\x00" * 100)
    diags = await diagnostics_for(client, doc)
    assert len(diags) == 1
    assert diags[0].code == "syntax/skipped" and "binary" in diags[0].message
    await _alive(client, workspace)


async def test_huge_file_is_not_parsed(client: LanguageClient, workspace: Path) -> None:
    line = "      x(i) = x(i) + 1.0d0  ! a long generated line of code\n"
    text = line * (20 * 1024 * 1024 // len(line) + 1)
    doc = open_doc(client, workspace / "huge.f90", "fortran", text)
    diags = await diagnostics_for(client, doc)
    assert len(diags) == 1 and diags[0].code == "syntax/skipped"
    assert "MiB" in diags[0].message
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert symbols == []
    await _alive(client, workspace)


async def test_lone_surrogates_and_astral_characters(
    client: LanguageClient, workspace: Path
) -> None:
    # Lone surrogates arrive when a client sends invalid UTF-16 text; astral characters take
    # two UTF-16 units. Positions after them must still be right.
    text = "program p\n  ! \udcff 𝛼𝛼\n  x = (\nend program p\n"
    doc = open_doc(client, workspace / "s.f90", "fortran", text)
    diags = await diagnostics_for(client, doc)
    assert diags and all(d.code == "syntax/error" for d in diags)
    assert diags[0].range.start.line == 2


async def test_invalid_utf8_on_disk_keeps_positions(tmp_path: Path) -> None:
    from hpcls.analysis.outline import document_symbols
    from hpcls.workspace.index import load_document

    path = tmp_path / "latin1.f90"
    path.write_bytes(b"! caf\xe9 au lait\nmodule m\n  integer :: x\nend module m\n")
    doc = load_document(path)
    assert doc is not None and doc.tree is not None and doc.language is not None
    assert "\ufffd" in doc.text
    symbols = document_symbols(doc.tree, doc.parse_source, doc.language)
    assert symbols[0].name == "m"
    assert doc.position_of(symbols[0].name_start, doc_encoding()) == (1, 7)


def doc_encoding() -> Any:
    from hpcls.workspace.lines import Encoding

    return Encoding.UTF16


async def test_change_to_unopened_document(client: LanguageClient, workspace: Path) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(
                uri=uri(workspace / "never-opened.c"), version=2
            ),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="int x;")],
        )
    )
    message = await client.wait_for_notification(lsp.WINDOW_LOG_MESSAGE)
    while "not open" not in message.message:
        message = await client.wait_for_notification(lsp.WINDOW_LOG_MESSAGE)
    assert message.type == lsp.MessageType.Error
    await _alive(client, workspace)


async def test_request_on_unopened_document_is_an_error(
    client: LanguageClient, workspace: Path
) -> None:
    with pytest.raises(JsonRpcInvalidParams, match="not open"):
        await client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri(workspace / "nope.f90"))
            )
        )
    await _alive(client, workspace)


async def test_out_of_range_positions(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "r.f90", "fortran", "program p\nend program p\n")
    with pytest.raises(JsonRpcInvalidParams, match="outside the document"):
        await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=doc),
                position=lsp.Position(line=9999, character=0),
            )
        )
    # An edit past the end is clamped (as editors do), reported, and applied.
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=lsp.Position(500, 0), end=lsp.Position(501, 3)),
                    text="! tail\n",
                )
            ],
        )
    )
    assert await diagnostics_for(client, doc, version=2) == []
    await _alive(client, workspace)


async def test_unknown_method(client: LanguageClient, workspace: Path) -> None:
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("hpcls/noSuchMethod", {})
    await _alive(client, workspace)


def _frame(payload: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(payload) + payload


def _read_message(stream: Any) -> dict[str, Any]:
    length = 0
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("server closed the stream")
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        if line in (b"\r\n", b"\n") and length:
            return dict(json.loads(stream.read(length)))


def _request(msg_id: int, method: str, params: Any) -> bytes:
    return _frame(
        json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode()
    )


def _read_response(stream: Any, msg_id: int) -> dict[str, Any]:
    while True:
        message = _read_message(stream)
        if message.get("id") == msg_id and "method" not in message:
            return message


def test_malformed_json_rpc_is_skipped() -> None:
    proc = subprocess.Popen(
        SERVER_CMD, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(
            _request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        )
        proc.stdin.write(_frame(b"{this is not json"))
        proc.stdin.write(_frame(b'{"jsonrpc": "2.0", "id": 7}'))  # neither request nor result
        proc.stdin.write(_frame(b"\xff\xfe\x00garbage"))
        # `params` may be omitted (JSON-RPC 2.0); VS Code's client omits it for hpcls/aiStatus.
        proc.stdin.write(_frame(b'{"jsonrpc": "2.0", "id": 3, "method": "hpcls/aiStatus"}'))
        proc.stdin.write(_request(2, "shutdown", None))
        proc.stdin.flush()
        assert "capabilities" in _read_response(proc.stdout, 1)["result"]
        assert _read_response(proc.stdout, 3)["result"]["enabled"] is True
        assert _read_response(proc.stdout, 2).get("error") is None
        proc.stdin.write(_frame(b'{"jsonrpc": "2.0", "method": "exit"}'))
        proc.stdin.flush()
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
        proc.stdout.close()
        proc.stdin.close()


def test_exit_without_shutdown_is_exit_code_1() -> None:
    proc = subprocess.run(
        SERVER_CMD,
        input=_request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        + _frame(b'{"jsonrpc": "2.0", "method": "exit"}'),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert b"Content-Length" in proc.stdout  # the initialize answer, and nothing but JSON-RPC


def _connect(host: str, port: int) -> socket.socket:
    """Connect once the server accepts: it logs before its listening socket is bound."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return socket.create_connection((host, port), timeout=30)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            select.select([], [], [], 0.05)  # yield briefly before the next attempt


def test_tcp_binds_loopback() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [sys.executable, "-m", "hpcls", "serve", "--tcp", str(port), "--log-level", "info"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        # Wait for the server to say it listens (it logs to stderr, never stdout).
        for line in proc.stderr:
            if b"listening on" in line:
                break
        with _connect("127.0.0.1", port) as conn:
            stream = conn.makefile("rwb")
            stream.write(
                _request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
            )
            stream.flush()
            result = _read_response(stream, 1)["result"]
            assert result["serverInfo"]["name"] == "hpcls"
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
        if listening:
            assert f"127.0.0.1:{port}" in listening
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None and proc.stdout.read() == b""

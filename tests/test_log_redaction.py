"""Credentials never reach a log: the redaction functions, the formatter `hpcls serve`
installs, and a real server at --log-level debug fed secrets every way a client can."""

from __future__ import annotations

import base64
import json
import logging
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp

from hpcls.redact import RedactingFormatter, redact, redact_text, redact_url
from tests.conftest import initialize_params, make_client, open_doc, uri

PASSWORD = "pw-s3cret-4417"
TOKEN = "tok-0a1b2c3d4e5f"


# -- redact_url / redact / redact_text ------------------------------------------------------


def test_redact_url_masks_userinfo_only() -> None:
    assert redact_url(f"http://alice:{PASSWORD}@host:8080/v1") == "http://***@host:8080/v1"
    assert redact_url(f"https://{TOKEN}@host/") == "https://***@host/"
    # urllib splits at the last "@": a password with an unescaped "@" is masked whole.
    assert redact_url("http://u:p@ss@host/x") == "http://***@host/x"
    for plain in ("http://127.0.0.1:8080/v1", "http://[::1]:80/", "file:///a/@types/b.c"):
        assert redact_url(plain) == plain


def test_redact_settings_masks_by_name_at_any_depth() -> None:
    settings = {
        "hpcls": {
            "ai": {
                "engine": "http",
                "endpoint": f"http://alice:{PASSWORD}@10.0.0.5:8080/v1",
                "apiKey": TOKEN,
                "api_key_env": "OPENAI_API_KEY",
                "max_tokens": 64,
                "fake_reply": "",
            },
            "extra": {
                "Auth": {"user": "bob", "pass": PASSWORD},
                "credentials": [PASSWORD, {"x": TOKEN}],
                "session_cookie": TOKEN,
                "ACCESS_TOKEN": TOKEN,
                "nested": [{"client_secret": PASSWORD}],
            },
            "diagnostics": {"debounce_ms": 123},
        }
    }
    before = json.dumps(settings)
    safe = redact(settings)
    assert json.dumps(settings) == before  # the input is not modified
    dumped = json.dumps(safe)
    assert PASSWORD not in dumped and TOKEN not in dumped and "bob" not in dumped
    ai = safe["hpcls"]["ai"]
    assert ai["endpoint"] == "http://***@10.0.0.5:8080/v1"  # where it points stays readable
    assert ai["apiKey"] == "***"
    assert ai["api_key_env"] == "***"  # named like a key: masked too (the safe side)
    assert ai["engine"] == "http" and ai["max_tokens"] == 64  # numbers are not secrets
    assert ai["fake_reply"] == ""
    assert safe["hpcls"]["diagnostics"] == {"debounce_ms": 123}
    assert safe["hpcls"]["extra"]["credentials"] == ["***", {"x": "***"}]


def test_redact_text_json_reprs_headers_and_queries() -> None:
    cases = {
        f'{{"apiKey": "{TOKEN}", "n": 1}}': '{"apiKey": "***", "n": 1}',
        f"{{'password': '{PASSWORD}'}}": "{'password': '***'}",
        f"AiSettings(api_key_env='{TOKEN}', max_tokens=64)": (
            "AiSettings(api_key_env='***', max_tokens=64)"
        ),
        f'{{"secret": "a\\"{TOKEN}"}}': '{"secret": "***"}',
        f"Authorization: Basic {TOKEN}": "Authorization: ***",
        f"'Authorization': 'Bearer {TOKEN}'": "'Authorization': '***'",
        f"sent Bearer {TOKEN}.x/y= to": "sent Bearer *** to",
        f"GET /v1?api_key={TOKEN}&limit=5": "GET /v1?api_key=***&limit=5",
        f"HPCLS_TOKEN={TOKEN} hpcls serve": "HPCLS_TOKEN=*** hpcls serve",
        f"cannot reach http://u:{PASSWORD}@h:1/v1: refused": "cannot reach http://***@h:1/v1: refused",
    }
    for text, expected in cases.items():
        assert redact_text(text) == expected, text
    for harmless in (
        "counting tokens: connection refused",
        "max_tokens=64 time_limit_ms=3000",
        '{"uri": "file:///w/p.f90", "text": "do i = 1, n"}',
        "indexed 12 files in 0.03 s",
    ):
        assert redact_text(harmless) == harmless


def test_redact_text_is_linear_on_large_inputs() -> None:
    """Message bodies can be megabytes (a didOpen): no pattern may backtrack badly."""
    blob = "A" * 1_000_000
    code = 'key = token_of(x)\n  call mpi_send(buf, "http://x", n)\n' * 20_000
    started = time.perf_counter()
    for text in (blob, "http://" + blob, "key" + blob + ":", code, '{"key": "' + blob):
        redact_text(text)
    assert time.perf_counter() - started < 2.0


# -- the formatter ----------------------------------------------------------------------------


def _format(msg: object, *args: object, exc: bool = False) -> str:
    record = logging.LogRecord("pygls", logging.DEBUG, __file__, 1, msg, args, None)
    if exc:
        try:
            raise ValueError(f"bad endpoint http://alice:{PASSWORD}@h/")
        except ValueError:
            record.exc_info = sys.exc_info()
    before = record.args
    text = RedactingFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert record.args is before and record.msg is msg  # other handlers see the original
    return text


def test_formatter_masks_pygls_message_bodies() -> None:
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 3,
            "result": [{"ai": {"endpoint": f"http://u:{PASSWORD}@h:9/v1", "token": [TOKEN]}}],
        }
    )
    text = _format("Sending data: %s", body)
    assert PASSWORD not in text and TOKEN not in text
    assert '"endpoint": "http://***@h:9/v1"' in text and '"id": 3' in text

    result = [{"ai": {"apiKey": TOKEN, "engine": "http"}}]
    text = _format('Received result for message "%s": %s', "7", result)
    assert TOKEN not in text and "'engine': 'http'" in text


def test_formatter_masks_initialize_params_and_tracebacks() -> None:
    params = lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(),
        initialization_options={
            "hpcls": {"ai": {"endpoint": f"http://a:{PASSWORD}@h", "auth": {"k": [TOKEN]}}}
        },
    )
    text = _format("Language server initialized %s", params)
    assert PASSWORD not in text and TOKEN not in text
    assert "http://***@h" in text

    text = _format("Failed to handle notification %r: %s", "x", {"password": PASSWORD}, exc=True)
    assert PASSWORD not in text and "ValueError: bad endpoint http://***@h/" in text


def test_formatter_masks_a_mapping_message() -> None:
    assert PASSWORD not in _format({"password": PASSWORD})


def test_formatter_never_raises_into_handle_error() -> None:
    """logging's handleError would print the raw arguments to stderr."""
    text = _format("two %s %s but one", {"password": PASSWORD})
    assert PASSWORD not in text and "unformattable record" in text


# -- a real server at --log-level debug ----------------------------------------------------

KEY_ENV = "HPCLS_TEST_LOG_KEY"
ENV_KEY = "sk-env-9e8d7c6b5a"  # the API key, in the server's environment only
SOURCE = "program p\n  integer :: i\n  real :: a(10)\n  do i = 1, 10\n    a(i) = \n  end do\nend\n"


@pytest.fixture
def ai_endpoint() -> Iterator[tuple[str, list[str]]]:
    """An OpenAI-compatible completions endpoint that wants ENV_KEY; its URL's host:port and
    the Authorization headers it received."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(self.headers.get("Authorization", ""))
            ok = self.path == "/v1/completions" and seen[-1] == f"Bearer {ENV_KEY}"
            body = json.dumps({"choices": [{"text": "2.0 * i", "finish_reason": "stop"}]})
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _settings(host: str, password: str) -> dict[str, Any]:
    """hpcls settings with a credential in every place a client might put one."""
    return {
        "ai": {
            "engine": "http",
            "endpoint": f"http://alice:{password}@{host}/v1",
            "endpoint_model": "tiny-coder",
            "api_key_env": KEY_ENV,
            "apiKey": f"{TOKEN}-{password}",  # unknown, and named like a key
            "debounce_ms": 0,
        },
        "diagnostics": {"debounce_ms": 123},
        "vendor": {"auth": {"token": [f"{TOKEN}-{password}-vendor"]}},
    }


async def test_a_debug_log_of_a_real_session_holds_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ai_endpoint: tuple[str, list[str]]
) -> None:
    host, seen = ai_endpoint
    passwords = {origin: f"pw-{origin}-{i}x7" for i, origin in enumerate(("init", "conf", "chg"))}
    monkeypatch.setenv(KEY_ENV, ENV_KEY)  # the server inherits it
    log_file = tmp_path / "hpcls.log"
    client = make_client()
    client.set_configuration({"hpcls": _settings(host, passwords["conf"])})
    await client.start_io(
        sys.executable, "-m", "hpcls", "serve", "--log-level", "debug", "--log-file", str(log_file)
    )
    try:
        params = initialize_params(None)
        params.initialization_options = {"hpcls": _settings(host, passwords["init"])}
        await client.initialize_session(params)
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"hpcls": _settings(host, passwords["chg"])})
        )
        doc = open_doc(client, tmp_path / "p.f90", "fortran", SOURCE)
        assert doc == uri(tmp_path / "p.f90")
        result = await client.text_document_inline_completion_async(
            lsp.InlineCompletionParams(
                text_document=lsp.TextDocumentIdentifier(uri=doc),
                position=lsp.Position(line=4, character=11),
                context=lsp.InlineCompletionContext(
                    trigger_kind=lsp.InlineCompletionTriggerKind.Invoked
                ),
            )
        )
        await client.shutdown_session()
    finally:
        await client.stop()

    # The key did its work: the engine read it from the environment and the server accepted it.
    assert isinstance(result, lsp.InlineCompletionList), result
    assert result.items[0].insert_text == "2.0 * i"
    assert seen and set(seen) == {f"Bearer {ENV_KEY}"}

    log = log_file.read_text(encoding="utf-8")
    secrets = [ENV_KEY, TOKEN, *passwords.values()]
    secrets += [base64.b64encode(f"alice:{pw}".encode()).decode() for pw in passwords.values()]
    leaked = [secret for secret in secrets if secret in log]
    assert not leaked, f"in the log: {leaked}"
    # pygls's own dumps are there (so the check above means something), masked...
    assert "Language server initialized" in log and "Sending data" in log
    assert "Received result for message" in log  # the workspace/configuration answer
    # ...and what is not a secret stays readable: where the server is, which engine, numbers.
    assert f"http://***@{host}/v1" in log
    assert '"engine": "http"' in log and '"debounce_ms": 123' in log
    for origin in ("initializationOptions", "workspace/configuration"):
        assert f"settings from {origin}: " in log

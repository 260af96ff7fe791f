"""HttpEngine against llama-cpp-python's own OpenAI-compatible server (a subprocess on the
tiny model), and against small local http.server endpoints for the failure modes."""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hpcls.ai.http_engine import EngineTimeout, HttpEngine
from hpcls.ai.llama_engine import LlamaEngine
from hpcls.ai.types import CancelToken, CompletionRequest, EngineError

SERVER_KEY = "sk-hpcls-test-0123456789"
WRONG_KEY = "sk-wrong-key-9876543210"
KEY_ENV = "HPCLS_TEST_API_KEY"
PROMPT = "program main\n  integer :: i\n  do i = 1, 10\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m llama_cpp.server` on the tiny model, with an API key; its base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(tiny_model),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
                "--api_key",
                SERVER_KEY,
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited ({proc.returncode}):\n{log_path.read_text()}")
            try:
                urllib.request.urlopen(url + "/v1/models", timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # 401 without the key: it answers
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not answer in 60 s:\n{log_path.read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Endpoint:
    """A local HTTP server: `routes[path]` is (status, body, delay before answering)."""

    url: str
    routes: dict[str, tuple[int, bytes, float]]
    seen: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    state = Endpoint(url="", routes={})

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.seen.append((self.path, dict(self.headers.items()), body))
            status, reply, delay = state.routes.get(self.path, (404, b'{"detail":"Not Found"}', 0))
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:
                pass  # the client gave up (timeout tests)

        do_GET = do_POST = answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def completion(text: str, finish: str = "length", **usage: object) -> bytes:
    return json.dumps(
        {"choices": [{"text": text, "index": 0, "finish_reason": finish}], "usage": usage}
    ).encode()


# -- against llama-cpp-python's server ----------------------------------------------------


def test_completes_against_llama_cpp_server(
    llama_server: str, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, SERVER_KEY)
    engine = HttpEngine(llama_server, api_key_env=KEY_ENV)
    result = engine.complete(CompletionRequest(PROMPT, max_tokens=12))
    assert result.finish_reason == "length"
    assert result.tokens == 12
    assert result.prompt_tokens > 10
    assert result.text
    assert engine.model == str(tiny_model)  # from /v1/models
    # Greedy decoding (the server applies its default repeat penalty, so its text may
    # differ from the in-process engine's, but not from itself).
    assert engine.complete(CompletionRequest(PROMPT, max_tokens=12)).text == result.text
    # Stop strings go to the server.
    stop = result.text[4:6]
    stopped = engine.complete(CompletionRequest(PROMPT, max_tokens=12, stop=(stop,)))
    assert stopped.finish_reason == "stop"
    assert stopped.text == result.text[: result.text.index(stop)]
    engine.close()
    with pytest.raises(EngineError, match="closed"):
        engine.complete(CompletionRequest(PROMPT))


def test_base_url_with_v1_and_count_tokens(
    llama_server: str, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, SERVER_KEY)
    engine = HttpEngine(llama_server + "/v1/", model="tiny", api_key_env=KEY_ENV)
    assert engine.complete(CompletionRequest(PROMPT, max_tokens=3)).tokens == 3
    with LlamaEngine(tiny_model) as local:
        expected = len(local.tokenize(PROMPT))  # llama-cpp-python's server counts BOS
    assert engine.count_tokens(PROMPT) == expected
    assert engine._tokenizer == "/extras/tokenize"  # llama-cpp-python has no /tokenize


def test_wrong_key_is_a_clear_error_that_never_shows_the_key(
    llama_server: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv(KEY_ENV, WRONG_KEY)
    engine = HttpEngine(llama_server, api_key_env=KEY_ENV)
    with pytest.raises(EngineError, match="HTTP 401") as info:
        engine.complete(CompletionRequest(PROMPT, max_tokens=3))
    assert "Invalid API key" in str(info.value)
    assert engine.count_tokens("abcdefgh") == 2  # no access: the estimate...
    assert engine._tokenizer is None  # ...and the server is asked again next time
    for text in [str(info.value), caplog.text, *(r.getMessage() for r in caplog.records)]:
        assert WRONG_KEY not in text
        assert SERVER_KEY not in text


def test_missing_key_variable(llama_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(EngineError, match=f"{KEY_ENV}.*not set"):
        HttpEngine(llama_server, api_key_env=KEY_ENV).complete(CompletionRequest(PROMPT))


# -- against local endpoints --------------------------------------------------------------


def test_key_is_sent_as_bearer_header_read_at_request_time(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    endpoint.routes["/v1/completions"] = (
        200,
        completion(
            " = 0",
            "stop",
            completion_tokens=2,
            prompt_tokens=7,
            prompt_tokens_details={"cached_tokens": 5},
        ),
        0,
    )
    engine = HttpEngine(endpoint.url, model="m", api_key_env=KEY_ENV)
    monkeypatch.setenv(KEY_ENV, "first-secret")
    engine.complete(CompletionRequest(PROMPT))
    monkeypatch.setenv(KEY_ENV, "second-secret")
    result = engine.complete(CompletionRequest(PROMPT, max_tokens=9, stop=("\n",), temperature=0.2))
    assert [h.get("Authorization") for _, h, _ in endpoint.seen] == [
        "Bearer first-secret",
        "Bearer second-secret",
    ]
    path, _, body = endpoint.seen[-1]
    assert path == "/v1/completions"
    assert json.loads(body) == {
        "model": "m",
        "prompt": PROMPT,
        "max_tokens": 9,
        "temperature": 0.2,
        "stop": ["\n"],
        "stream": False,
    }
    assert (result.text, result.finish_reason, result.tokens) == (" = 0", "stop", 2)
    assert (result.prompt_tokens, result.reused_prompt_tokens) == (7, 5)
    assert "secret" not in caplog.text


def test_without_model_the_server_lists_one(endpoint: Endpoint) -> None:
    endpoint.routes["/v1/models"] = (200, b'{"data": [{"id": "qwen2.5-coder"}]}', 0)
    endpoint.routes["/v1/completions"] = (200, completion("x", timings={"cache_n": 3}), 0)
    engine = HttpEngine(endpoint.url)
    assert engine.complete(CompletionRequest(PROMPT)).text == "x"
    assert engine.model == "qwen2.5-coder"
    assert json.loads(endpoint.seen[-1][2])["model"] == "qwen2.5-coder"
    assert "Authorization" not in endpoint.seen[-1][1]


def test_stop_string_applied_when_the_server_ignores_it(endpoint: Endpoint) -> None:
    endpoint.routes["/v1/completions"] = (200, completion("a = 1\nb = 2\n"), 0)
    result = HttpEngine(endpoint.url, model="m").complete(CompletionRequest(PROMPT, stop=("\n",)))
    assert (result.text, result.finish_reason) == ("a = 1", "stop")


def test_connection_refused() -> None:
    port = free_port()  # nothing listens there now
    started = time.monotonic()
    with pytest.raises(EngineError, match="is the server running") as info:
        HttpEngine(f"http://127.0.0.1:{port}", model="m").complete(CompletionRequest(PROMPT))
    assert f"127.0.0.1:{port}" in str(info.value)
    assert time.monotonic() - started < 2


def test_credentials_in_the_url_are_never_shown() -> None:
    engine = HttpEngine(f"http://user:hunter2@127.0.0.1:{free_port()}", model="m")
    assert "hunter2" not in engine.name
    with pytest.raises(EngineError) as info:
        engine.complete(CompletionRequest(PROMPT))
    assert "hunter2" not in str(info.value)


def test_slow_endpoint_times_out(endpoint: Endpoint) -> None:
    endpoint.routes["/v1/completions"] = (200, completion("late"), 3.0)
    engine = HttpEngine(endpoint.url, model="m", timeout_s=0.3)
    started = time.monotonic()
    with pytest.raises(EngineTimeout, match=r"did not answer within 0.3 s"):
        engine.complete(CompletionRequest(PROMPT, time_limit_s=5))
    assert time.monotonic() - started < 1.5
    # The request's time limit caps the socket timeout too.
    engine = HttpEngine(endpoint.url, model="m", timeout_s=10)
    started = time.monotonic()
    with pytest.raises(EngineTimeout, match=r"within 0.2 s"):
        engine.complete(CompletionRequest(PROMPT, time_limit_s=0.2))
    assert time.monotonic() - started < 1.5


def test_http_500_quotes_status_and_message(endpoint: Endpoint) -> None:
    message = "CUDA out of memory " + "x" * 1000
    endpoint.routes["/v1/completions"] = (
        500,
        json.dumps({"error": {"message": message}}).encode(),
        0,
    )
    with pytest.raises(
        EngineError, match=r"HTTP 500 Internal Server Error: CUDA out of memory"
    ) as info:
        HttpEngine(endpoint.url, model="m").complete(CompletionRequest(PROMPT))
    assert len(str(info.value)) < 450  # the message is truncated


def test_http_error_with_plain_text_body(endpoint: Endpoint) -> None:
    endpoint.routes["/v1/completions"] = (503, b"model is loading\n please wait", 0)
    with pytest.raises(
        EngineError, match="HTTP 503 Service Unavailable: model is loading please wait"
    ):
        HttpEngine(endpoint.url, model="m").complete(CompletionRequest(PROMPT))


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"<html>not json</html>", "malformed JSON"),
        (b'{"object": "text_completion"}', "without choices"),
        (b'{"choices": [{"message": {"content": "chat"}}]}', "without choices"),
        (b"[1, 2]", "without choices"),
    ],
)
def test_malformed_answers(endpoint: Endpoint, body: bytes, error: str) -> None:
    endpoint.routes["/v1/completions"] = (200, body, 0)
    with pytest.raises(EngineError, match=error):
        HttpEngine(endpoint.url, model="m").complete(CompletionRequest(PROMPT))


def test_cancelled_before_sending(endpoint: Endpoint) -> None:
    cancel = CancelToken()
    cancel.cancel()
    result = HttpEngine(endpoint.url, model="m").complete(CompletionRequest(PROMPT), cancel)
    assert (result.finish_reason, result.text) == ("cancelled", "")
    assert endpoint.seen == []


def test_cancelled_while_waiting_for_the_answer(endpoint: Endpoint) -> None:
    endpoint.routes["/v1/completions"] = (200, completion("x = 1"), 0.3)
    cancel = CancelToken()
    threading.Timer(0.05, cancel.cancel).start()
    result = HttpEngine(endpoint.url, model="m").complete(CompletionRequest(PROMPT), cancel)
    assert result.finish_reason == "cancelled"


def test_count_tokens_endpoints(endpoint: Endpoint) -> None:
    engine = HttpEngine(endpoint.url, model="m")
    assert engine.count_tokens("a" * 40) == 10  # no endpoint: len // 4
    assert engine._tokenizer == ""
    asked = len(endpoint.seen)
    assert engine.count_tokens("a" * 40) == 10
    assert len(endpoint.seen) == asked  # not asked again
    # llama.cpp's server: POST /tokenize {"content": ...} -> {"tokens": [...]}
    endpoint.routes["/tokenize"] = (200, b'{"tokens": [1, 2, 3]}', 0)
    engine = HttpEngine(endpoint.url, model="m")
    assert engine.count_tokens("abc def") == 3
    assert json.loads(endpoint.seen[-1][2])["content"] == "abc def"
    # vLLM: {"count": n, ...}
    endpoint.routes["/tokenize"] = (200, b'{"count": 7, "tokens": [1], "max_model_len": 4096}', 0)
    assert engine.count_tokens("abc def") == 7


def test_count_tokens_when_the_server_is_down() -> None:
    engine = HttpEngine(f"http://127.0.0.1:{free_port()}", model="m")
    assert engine.count_tokens("a" * 8) == 2
    assert engine._tokenizer is None  # asks again once the server is up


@pytest.mark.parametrize("url", ["127.0.0.1:8080", "ftp://host/v1", "http://"])
def test_bad_url(url: str) -> None:
    with pytest.raises(EngineError, match="not an http"):
        HttpEngine(url)


def test_name(endpoint: Endpoint) -> None:
    assert HttpEngine(endpoint.url, model="m").name == f"http: m at {endpoint.url}"

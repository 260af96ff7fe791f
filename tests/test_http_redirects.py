"""HttpEngine and redirects: credentials (an API key, or user:password in the endpoint) never
follow a redirect to another origin; same-origin redirects keep working; a POST is sent
again only on 307/308. Real local HTTP servers: two ports are two origins."""

from __future__ import annotations

import base64
import io
import json
import logging
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hpcls.ai.http_engine import HttpEngine, _RedirectRefused, _SafeRedirects
from hpcls.ai.types import CompletionRequest, EngineError

KEY_ENV = "HPCLS_TEST_REDIRECT_KEY"
KEY = "sk-redirect-test-5f3a9c"
PASSWORD = "pw-hunter2-77"
PROMPT = "program p\n  integer :: i\n"
COMPLETION = json.dumps({"choices": [{"text": " = 1", "finish_reason": "stop"}]}).encode()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Origin:
    """One local server: `routes` maps a path to (status, extra headers, body)."""

    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)

    def redirect(self, path: str, code: int, location: str) -> None:
        self.routes[path] = (code, {"Location": location}, b"")


def _serve(origin: Origin) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            origin.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
            status, extra, payload = origin.routes.get(self.path, (404, {}, b'{"error": "no"}'))
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


@pytest.fixture
def home() -> Iterator[Origin]:
    """The configured endpoint."""
    origin = Origin()
    server = _serve(origin)
    yield origin
    server.shutdown()
    server.server_close()


@pytest.fixture
def other() -> Iterator[Origin]:
    """Another origin (another port), where a redirect may point."""
    origin = Origin()
    origin.routes["/v1/completions"] = (200, {}, COMPLETION)
    server = _serve(origin)
    yield origin
    server.shutdown()
    server.server_close()


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(KEY_ENV, KEY)
    return KEY


def _complete(engine: HttpEngine) -> str:
    return engine.complete(CompletionRequest(PROMPT)).text


# -- credentials stay at their origin -----------------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_api_key_never_follows_a_redirect_to_another_origin(
    home: Origin, other: Origin, key: str, code: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    home.redirect("/v1/completions", code, other.url + "/v1/completions")
    engine = HttpEngine(home.url, model="m", api_key_env=KEY_ENV)
    with pytest.raises(EngineError, match="another origin") as info:
        _complete(engine)
    message = str(info.value)
    assert other.url in message  # names where it pointed...
    assert key not in message and key not in caplog.text  # ...and not the key
    assert other.seen == []  # the other server never even got a request
    assert home.seen[0].headers["Authorization"] == f"Bearer {key}"


def test_a_get_with_the_key_does_not_follow_either(home: Origin, other: Origin, key: str) -> None:
    """The model listing (a GET) is redirected: refused, and the completion that follows
    is refused the same way."""
    home.redirect("/v1/models", 302, other.url + "/v1/models")
    home.redirect("/v1/completions", 307, other.url + "/v1/completions")
    with pytest.raises(EngineError, match="another origin"):
        _complete(HttpEngine(home.url, api_key_env=KEY_ENV))
    assert other.seen == []


def test_userinfo_is_sent_as_basic_auth_and_never_follows_elsewhere(
    home: Origin, other: Origin, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    port = home.url.rpartition(":")[2]
    home.redirect("/v1/completions", 307, other.url + "/v1/completions")
    engine = HttpEngine(f"http://alice:{PASSWORD}@127.0.0.1:{port}/v1", model="m")
    assert PASSWORD not in engine.name and "alice" not in engine.name
    with pytest.raises(EngineError, match="another origin") as info:
        _complete(engine)
    assert PASSWORD not in str(info.value) and "alice" not in str(info.value)
    assert PASSWORD not in caplog.text
    assert other.seen == []
    sent = home.seen[0].headers
    assert sent["Host"] == f"127.0.0.1:{port}"  # the userinfo is not in the Host header
    expected = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert sent["Authorization"] == f"Basic {expected}"


def test_the_api_key_wins_over_userinfo(home: Origin, key: str) -> None:
    home.routes["/v1/completions"] = (200, {}, COMPLETION)
    port = home.url.rpartition(":")[2]
    engine = HttpEngine(f"http://alice:{PASSWORD}@127.0.0.1:{port}", "m", api_key_env=KEY_ENV)
    assert _complete(engine) == " = 1"
    assert home.seen[0].headers["Authorization"] == f"Bearer {key}"


def test_a_redirect_to_https_on_another_port_is_another_origin(
    home: Origin, other: Origin, key: str
) -> None:
    port = other.url.rpartition(":")[2]
    home.redirect("/v1/completions", 308, f"https://127.0.0.1:{port}/v1/completions")
    with pytest.raises(EngineError, match=rf"another origin, https://127\.0\.0\.1:{port}"):
        _complete(HttpEngine(home.url, model="m", api_key_env=KEY_ENV))
    assert other.seen == []


def test_a_location_with_credentials_in_it_is_not_followed(home: Origin, other: Origin) -> None:
    host = other.url.removeprefix("http://")
    home.redirect("/v1/completions", 307, f"http://bob:{PASSWORD}@{host}/v1/completions")
    with pytest.raises(EngineError, match="credentials in it") as info:
        _complete(HttpEngine(home.url, model="m"))  # no key of ours: still refused
    assert PASSWORD not in str(info.value) and "bob" not in str(info.value)
    assert other.seen == []


def test_a_non_http_location_is_not_followed(home: Origin) -> None:
    home.redirect("/v1/models", 302, "ftp://127.0.0.1/models")  # urllib would fetch it
    with pytest.raises(EngineError, match="not http"):
        _complete(HttpEngine(home.url))
    assert [s.path for s in home.seen] == ["/v1/models"]


def _https_request(authorized: bool) -> urllib.request.Request:
    headers = {"Authorization": f"Bearer {KEY}"} if authorized else {}
    return urllib.request.Request("https://ai.example.test/v1/models", headers=headers)


@pytest.mark.parametrize("authorized", [True, False])
def test_https_never_redirects_to_plain_http(authorized: bool) -> None:
    """A downgrade would send the key (or the prompt: the user's code) in clear text."""
    with pytest.raises(_RedirectRefused, match="from https to plain http"):
        _SafeRedirects().redirect_request(
            _https_request(authorized),
            io.BytesIO(),
            301,
            "Moved",
            {},
            "http://ai.example.test/v1/models",
        )


def test_same_host_on_the_default_port_is_the_same_origin() -> None:
    new = _SafeRedirects().redirect_request(
        _https_request(True),
        io.BytesIO(),
        302,
        "Found",
        {},
        "https://AI.example.test:443/v2/models",
    )
    assert new is not None and new.get_header("Authorization") == f"Bearer {KEY}"


# -- what keeps working -----------------------------------------------------------------


@pytest.mark.parametrize("code", [307, 308])
def test_same_origin_post_redirect_is_sent_again_with_body_and_key(
    home: Origin, key: str, code: int
) -> None:
    home.redirect("/v1/completions", code, "/api/v1/completions")  # relative: same origin
    home.routes["/api/v1/completions"] = (200, {}, COMPLETION)
    assert _complete(HttpEngine(home.url, model="m", api_key_env=KEY_ENV)) == " = 1"
    first, second = home.seen
    assert (first.method, second.method) == ("POST", "POST")
    assert second.path == "/api/v1/completions"
    assert second.body == first.body and json.loads(second.body)["prompt"] == PROMPT
    assert second.headers["Authorization"] == f"Bearer {key}"
    assert second.headers["Content-Type"] == "application/json"


def test_same_origin_get_redirect_keeps_the_key(home: Origin, key: str) -> None:
    home.redirect("/v1/models", 301, home.url + "/models")
    home.routes["/models"] = (200, {}, b'{"data": [{"id": "qwen"}]}')
    home.routes["/v1/completions"] = (200, {}, COMPLETION)
    engine = HttpEngine(home.url, api_key_env=KEY_ENV)
    assert _complete(engine) == " = 1"
    assert engine.model == "qwen"
    assert [(s.method, s.path) for s in home.seen] == [
        ("GET", "/v1/models"),
        ("GET", "/models"),
        ("POST", "/v1/completions"),
    ]
    assert all(s.headers["Authorization"] == f"Bearer {key}" for s in home.seen)


@pytest.mark.parametrize("code", [301, 302, 303])
def test_a_post_is_not_turned_into_a_get(home: Origin, code: int) -> None:
    """urllib would follow with a bodiless GET the endpoint cannot answer: say where the
    server points instead."""
    home.redirect("/v1/completions", code, "/new/v1/completions")
    with pytest.raises(EngineError, match="which a POST cannot follow") as info:
        _complete(HttpEngine(home.url, model="m"))
    assert f"{home.url}/new/v1/completions" in str(info.value)
    assert [s.path for s in home.seen] == ["/v1/completions"]


def test_without_credentials_a_redirect_to_another_origin_is_followed(
    home: Origin, other: Origin
) -> None:
    home.redirect("/v1/completions", 307, other.url + "/v1/completions")
    assert _complete(HttpEngine(home.url, model="m")) == " = 1"
    (seen,) = other.seen
    assert seen.method == "POST" and json.loads(seen.body)["prompt"] == PROMPT
    assert "Authorization" not in seen.headers


def test_a_redirect_loop_ends_with_an_error(home: Origin, key: str) -> None:
    home.redirect("/v1/completions", 307, "/v1/completions")
    with pytest.raises(EngineError, match="HTTP 307") as info:
        _complete(HttpEngine(home.url, model="m", api_key_env=KEY_ENV))
    assert key not in str(info.value)
    assert len(home.seen) <= 11

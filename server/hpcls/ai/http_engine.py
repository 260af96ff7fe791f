"""An engine on an OpenAI-compatible `/v1/completions` endpoint: llama.cpp's server,
llama-cpp-python's server, vLLM, Ollama. Standard library only.

The API key is read from the named environment variable at each request and sent as a
Bearer header; it never appears in logs or in error messages (a server that echoes it has
it replaced by "***"). A `user:password@` in the endpoint is taken out of the URL and sent
as Basic authorization instead (unless there is an API key: that wins), so it never reaches
a Host header, a proxy or a message.

Redirects keep credentials home: a request that carries them follows a redirect only within
its origin (same scheme, host and port; the header is kept there, as it is the same server);
one to another origin fails with an error that names that origin. No redirect goes from
https to http or to a URL with credentials in it. A POST follows only 307 and 308 (sent again
with its body, as those codes mean); 301, 302 and 303 would turn it into a GET the
completion endpoint cannot answer, so they fail with the address to configure instead.

A blocking HTTP call cannot be interrupted mid-flight: the cancel token is checked before
sending and after the answer, and the socket timeout is never longer than the request's
time limit.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from hpcls.ai.types import (
    CancelToken,
    CompletionRequest,
    CompletionResult,
    EngineError,
    EngineStats,
    Tally,
    tallied,
)
from hpcls.redact import redact_text, redact_url

log = logging.getLogger(__name__)

_MAX_MESSAGE = 300  # characters of a server's error message quoted in an EngineError
_TOKENIZE_TIMEOUT_S = 2.0
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


class EngineTimeout(EngineError):
    """The endpoint did not answer in time (a slow or overloaded server)."""


class _HttpStatus(EngineError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class HttpEngine:
    """Completions from a server. `base_url` with or without the trailing `/v1`;
    `model=None` asks the server (`/v1/models`) and uses the first model it lists."""

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        api_key_env: str | None = None,
        timeout_s: float = 10,
    ) -> None:
        parts = urllib.parse.urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EngineError(
                f"not an http(s) URL: {redact_url(base_url)!r}; set hpcls.ai.endpoint to "
                "the server's address, e.g. http://127.0.0.1:8080"
            )
        # Userinfo leaves the URL: urllib would put it in the Host header (and a proxy's
        # request line); it goes as a Basic header instead.
        self._basic: str | None = None
        self._password = urllib.parse.unquote(parts.password or "")
        if parts.username is not None or parts.password is not None:
            user = urllib.parse.unquote(parts.username or "")
            pair = f"{user}:{self._password}".encode()
            self._basic = "Basic " + base64.b64encode(pair).decode("ascii")
            host = parts.netloc.rpartition("@")[2]
            parts = parts._replace(netloc=host)
        root = urllib.parse.urlunsplit(parts).rstrip("/")
        if root.endswith("/v1"):
            root = root[: -len("/v1")]
        self.base_url = root
        self.model = model
        self.api_key_env = api_key_env
        self.timeout_s = float(timeout_s)
        self.tally = Tally()
        self._model_asked = model is not None
        # How the server counts tokens: "/tokenize" (llama.cpp, vLLM), "/extras/tokenize"
        # (llama-cpp-python), "" (neither: estimate), None (not probed yet).
        self._tokenizer: str | None = None
        self._closed = False
        handlers: list[urllib.request.BaseHandler] = [_SafeRedirects()]
        if parts.hostname in _LOCAL_HOSTS:
            handlers.append(urllib.request.ProxyHandler({}))  # never proxy a local server
        self._opener = urllib.request.build_opener(*handlers)

    # -- the Engine protocol -------------------------------------------------------------

    @property
    def name(self) -> str:
        return f"http: {self.model or 'default model'} at {self.base_url}"

    @tallied
    def complete(
        self, request: CompletionRequest, cancel: CancelToken | None = None
    ) -> CompletionResult:
        started = time.monotonic()
        if self._closed:
            raise EngineError(f"{self.name}: the engine is closed")
        if cancel is not None and cancel.cancelled:
            return _result("", 0, "cancelled", 0, 0, started)
        timeout = max(0.05, min(self.timeout_s, request.time_limit_s))
        self._ask_model(timeout)
        payload: dict[str, Any] = {
            "prompt": request.prompt,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "stop": list(request.stop),
            "stream": False,
        }
        if self.model:
            payload["model"] = self.model
        url = self.base_url + "/v1/completions"
        log.debug("POST %s (%d prompt chars)", url, len(request.prompt))
        data = self._request(url, payload, timeout)
        text, finish, usage = _parse_completion(data, url)
        # A server that ignores `stop` (or applies it per token) must not leak past it.
        cut = min((i for s in request.stop if s and (i := text.find(s)) >= 0), default=-1)
        if cut >= 0:
            text, finish = text[:cut], "stop"
        if cancel is not None and cancel.cancelled:
            finish = "cancelled"
        return _result(
            text,
            _int(usage.get("completion_tokens")),
            finish,
            _int(usage.get("prompt_tokens")),
            _cached_tokens(data, usage),
            started,
        )

    def stats(self) -> EngineStats:
        return self.tally.stats()

    def count_tokens(self, text: str) -> int:
        """The server's count (`/tokenize`) when it has one, else len(text) // 4."""
        if self._tokenizer is None or self._tokenizer:
            candidates = [self._tokenizer] if self._tokenizer else ["/tokenize", "/extras/tokenize"]
            for path in candidates:
                try:
                    count = self._tokenize(path, text)
                except _HttpStatus as exc:
                    if exc.status in (401, 403):
                        return len(text) // 4  # no access (yet): estimate, ask again next time
                    continue  # the server has no such endpoint (404, 405, 422...)
                except EngineError as exc:
                    log.debug("counting tokens: %s", exc)
                    return len(text) // 4  # down or slow: estimate, and ask again next time
                self._tokenizer = path
                return count
            self._tokenizer = ""
        return len(text) // 4

    def close(self) -> None:
        self._closed = True

    # -- HTTP ----------------------------------------------------------------------------

    def _ask_model(self, timeout: float) -> None:
        if self._model_asked:
            return
        try:
            data = self._request(self.base_url + "/v1/models", None, timeout)
            self._model_asked = True
            models = data.get("data") if isinstance(data, dict) else None
            if isinstance(models, list) and models and isinstance(models[0], dict):
                model = models[0].get("id")
                if isinstance(model, str) and model:
                    self.model = model
                    log.info("%s: using the server's model %s", self.base_url, model)
        except _HttpStatus as exc:
            self._model_asked = exc.status not in (401, 403)  # ask again with the right key
            log.debug("cannot list the server's models: %s", exc)

    def _tokenize(self, path: str, text: str) -> int:
        payload: dict[str, Any] = {"content": text, "prompt": text, "input": text}
        if self.model:
            payload["model"] = self.model
        timeout = min(self.timeout_s, _TOKENIZE_TIMEOUT_S)
        data = self._request(self.base_url + path, payload, timeout)
        if isinstance(data, dict):
            if isinstance(data.get("count"), int):
                return int(data["count"])
            if isinstance(data.get("tokens"), list):
                return len(data["tokens"])
        raise _HttpStatus(f"{path}: no token count in the answer", 200)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key_env:
            key = os.environ.get(self.api_key_env)
            if not key:
                raise EngineError(
                    f"the environment variable {self.api_key_env} (hpcls.ai.apiKeyEnv) is not "
                    "set: export the API key in it before starting the editor"
                )
            headers["Authorization"] = f"Bearer {key}"
        elif self._basic:
            headers["Authorization"] = self._basic
        return headers

    def _scrub(self, text: str) -> str:
        """Text from the server (or about it) without this engine's secrets."""
        key = os.environ.get(self.api_key_env) if self.api_key_env else None
        for secret in (key, self._password, self._basic):
            if secret:
                text = text.replace(secret, "***")
        return redact_text(text)

    def _request(self, url: str, payload: dict[str, Any] | None, timeout: float) -> Any:
        """POST `payload` (GET when None) and return the decoded JSON answer."""
        shown = redact_url(url)
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        req = urllib.request.Request(
            url, data=body, headers=self._headers(), method="GET" if body is None else "POST"
        )
        try:
            with self._opener.open(req, timeout=timeout) as response:
                raw: bytes = response.read()
        except _RedirectRefused as exc:
            raise EngineError(self._scrub(f"{shown} {exc}")) from None
        except urllib.error.HTTPError as exc:
            message = _server_message(_read_body(exc))
            raise _HttpStatus(
                self._scrub(
                    f"{shown} answered HTTP {exc.code} {exc.reason}"
                    + (f": {message}" if message else "")
                ),
                exc.code,
            ) from None
        except urllib.error.URLError as exc:
            raise self._connection_error(shown, exc.reason, timeout) from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._connection_error(shown, exc, timeout) from None
        try:
            return json.loads(raw)
        except ValueError:
            snippet = self._scrub(raw[:120].decode("utf-8", errors="replace"))
            raise EngineError(f"{shown} answered with malformed JSON: {snippet!r}") from None

    def _connection_error(self, shown: str, reason: object, timeout: float) -> EngineError:
        if isinstance(reason, TimeoutError | socket.timeout):
            return EngineTimeout(
                f"{shown} did not answer within {timeout:g} s: the server is busy or slow "
                "(a smaller model, or a longer hpcls.ai.timeout, may help)"
            )
        if isinstance(reason, ConnectionRefusedError):
            return EngineError(f"cannot reach {shown}: is the server running?")
        if isinstance(reason, socket.gaierror):
            return EngineError(f"cannot reach {shown}: unknown host")
        detail = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        return EngineError(f"cannot reach {shown}: {self._scrub(str(detail))}")


def _result(
    text: str, tokens: int, finish: str, prompt: int, reused: int, started: float
) -> CompletionResult:
    return CompletionResult(
        text=text,
        tokens=tokens,
        finish_reason=finish,
        prompt_tokens=prompt,
        reused_prompt_tokens=reused,
        seconds=time.monotonic() - started,
    )


def _parse_completion(data: Any, url: str) -> tuple[str, str, dict[str, Any]]:
    choices = data.get("choices") if isinstance(data, dict) else None
    choice = choices[0] if isinstance(choices, list) and choices else None
    text = choice.get("text") if isinstance(choice, dict) else None
    if not isinstance(choice, dict) or not isinstance(text, str):
        raise EngineError(
            f"{redact_url(url)} answered JSON without choices[0].text: is it an "
            "OpenAI-compatible /v1/completions endpoint?"
        )
    finish = "length" if choice.get("finish_reason") == "length" else "stop"
    usage = data.get("usage")
    return text, finish, usage if isinstance(usage, dict) else {}


def _cached_tokens(data: dict[str, Any], usage: dict[str, Any]) -> int:
    """Prompt tokens the server reused: OpenAI's usage.prompt_tokens_details.cached_tokens
    (vLLM, llama.cpp) or llama.cpp's timings.cache_n."""
    details = usage.get("prompt_tokens_details")
    if isinstance(details, dict) and isinstance(details.get("cached_tokens"), int):
        return int(details["cached_tokens"])
    timings = data.get("timings")
    if isinstance(timings, dict):
        return _int(timings.get("cache_n"))
    return 0


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _read_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, http.client.HTTPException):
        return b""


def _server_message(body: bytes) -> str:
    """The error message in a server's answer: OpenAI's {"error": {"message"}}, FastAPI's
    {"detail"}, or the text itself; on one line, truncated."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and error.get("message"):
            text = str(error["message"])
        elif isinstance(error, str):
            text = error
        elif data.get("detail"):
            text = str(data["detail"])
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


class _RedirectRefused(Exception):
    """A redirect not followed; the message says where it pointed (without credentials)."""


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a malformed port: an origin of its own
        port = -1
    return scheme, parts.hostname or "", port


def _show_origin(url: str) -> str:
    scheme, host, port = _origin(url)
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + ("" if port == _DEFAULT_PORTS.get(scheme) else f":{port}")


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, minus the ones that would take credentials (or the prompt, in
    clear text) somewhere the user did not configure; see the module's docstring."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        refusal = _refusal(req, code, newurl)
        if refusal is not None:
            fp.close()
            raise _RedirectRefused(refusal)
        if req.get_method() == "POST":
            # 307/308 mean "the same request, there": body and headers go along.
            return urllib.request.Request(
                newurl,
                data=req.data,
                headers=dict(req.headers),
                origin_req_host=req.origin_req_host,
                unverifiable=True,
                method="POST",
            )
        new: urllib.request.Request | None = super().redirect_request(
            req, fp, code, msg, headers, newurl
        )
        return new


def _refusal(req: urllib.request.Request, code: int, newurl: str) -> str | None:
    """Why this redirect is not followed, or None to follow it."""
    target = urllib.parse.urlsplit(newurl)
    where = _show_origin(newurl)
    if target.scheme.lower() not in _DEFAULT_PORTS:
        return f"redirected (HTTP {code}) to a URL that is not http(s): not followed"
    if target.username is not None or target.password is not None:
        return f"redirected (HTTP {code}) to a URL with credentials in it, at {where}: not followed"
    here = _origin(req.full_url)
    there = _origin(newurl)
    if here[0] == "https" and there[0] == "http":
        return f"redirected (HTTP {code}) from https to plain http, {where}: not followed"
    if req.has_header("Authorization") and here != there:
        return (
            f"redirected (HTTP {code}) to another origin, {where}: not followed, so the "
            "credentials are not sent there; set hpcls.ai.endpoint to that server if you "
            "trust it"
        )
    if req.get_method() == "POST" and code not in (307, 308):
        shown = redact_text(redact_url(newurl))
        return (
            f"redirected (HTTP {code}) to {shown}, which a POST cannot follow; set "
            "hpcls.ai.endpoint to the address the server points to"
        )
    return None

"""A deterministic engine for protocol tests: no model, configurable replies and speed.

Tokens are whitespace-preserving pieces: each non-blank run with the blanks after it
(`"a = b\n"` is `"a "`, `"= "`, `"b\n"`), plus a leading blank run of its own, so the
tokens of a text join back into it. The fake behaves like the real engines: it "emits"
one token every `token_delay_s`, checks the cancel token, the supersede flag (a newer
request with the same key) and the time limit after every token, honours `stop` strings
and `max_tokens`, and reports prompt tokens and the prefix shared with the last prompt.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from hpcls.ai.types import (
    CancelToken,
    CompletionRequest,
    CompletionResult,
    EngineError,
    EngineStats,
    Tally,
    tallied,
)

_PIECE = re.compile(r"\s+|\S+\s*")
_LEADING_BLANKS = re.compile(r"^\s+")


def pieces(text: str) -> list[str]:
    """The fake's tokens of `text`: ''.join(pieces(text)) == text."""
    out: list[str] = []
    rest = text
    if m := _LEADING_BLANKS.match(rest):
        out.append(m.group())
        rest = rest[m.end() :]
    out.extend(_PIECE.findall(rest))
    return out


class FakeEngine:
    """`reply`: the completion text, or a function of the request that returns it.
    `error`: when set, every `complete()` raises EngineError(error) (error paths)."""

    def __init__(
        self,
        reply: str | Callable[[CompletionRequest], str] = "",
        *,
        token_delay_s: float = 0.0,
        name: str = "fake",
        error: str | None = None,
    ) -> None:
        self.reply = reply
        self.tally = Tally()
        self.token_delay_s = token_delay_s
        self.error = error
        self._name = name
        self.requests: list[CompletionRequest] = []  # every request, in arrival order
        self.results: list[CompletionResult] = []  # every result, in completion order
        self.closed = False
        self._lock = threading.Lock()
        self._last_prompt: list[str] = []
        self._by_key: dict[str, list[threading.Event]] = {}

    @property
    def name(self) -> str:
        return self._name

    @tallied
    def complete(
        self, request: CompletionRequest, cancel: CancelToken | None = None
    ) -> CompletionResult:
        started = time.monotonic()
        if self.closed:
            raise EngineError(f"{self.name}: the engine is closed")
        superseded = threading.Event()
        with self._lock:
            self.requests.append(request)
            if request.key is not None:
                for older in self._by_key.get(request.key, ()):
                    older.set()
                self._by_key.setdefault(request.key, []).append(superseded)
            prompt = pieces(request.prompt)
            reused = _common_prefix(self._last_prompt, prompt)
            self._last_prompt = prompt
        try:
            if self.error is not None:
                raise EngineError(self.error)
            text = self.reply(request) if callable(self.reply) else self.reply
            out, count, finish = self._emit(
                pieces(text), request, cancel, superseded, started + request.time_limit_s
            )
        finally:
            if request.key is not None:
                with self._lock:
                    events = self._by_key.get(request.key, [])
                    events.remove(superseded)
                    if not events:
                        self._by_key.pop(request.key, None)
        result = CompletionResult(
            text=out,
            tokens=count,
            finish_reason=finish,
            prompt_tokens=len(prompt),
            reused_prompt_tokens=reused,
            seconds=time.monotonic() - started,
        )
        with self._lock:
            self.results.append(result)
        return result

    def _emit(
        self,
        tokens: list[str],
        request: CompletionRequest,
        cancel: CancelToken | None,
        superseded: threading.Event,
        deadline: float,
    ) -> tuple[str, int, str]:
        def interrupted() -> str | None:
            if (cancel is not None and cancel.cancelled) or superseded.is_set():
                return "cancelled"
            return "time" if time.monotonic() >= deadline else None

        if reason := interrupted():
            return "", 0, reason
        text = ""
        count = 0
        for token in tokens:
            if count >= request.max_tokens:
                return text, count, "length"
            wake = time.monotonic() + self.token_delay_s
            while (left := wake - time.monotonic()) > 0 and not interrupted():
                superseded.wait(min(left, 0.005))  # the cancel token is polled
            if reason := interrupted():
                return text, count, reason
            before = len(text)
            text += token
            count += 1
            hits = [
                i for s in request.stop if s and (i := text.find(s, max(0, before - len(s)))) >= 0
            ]
            if hits:
                return text[: min(hits)], count, "stop"
        # The reply ended before max_tokens: as a model that emits its end-of-text token.
        return text, count, "length" if tokens and count >= request.max_tokens else "stop"

    def stats(self) -> EngineStats:
        return self.tally.stats()

    def count_tokens(self, text: str) -> int:
        return len(pieces(text))

    def close(self) -> None:
        self.closed = True


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
